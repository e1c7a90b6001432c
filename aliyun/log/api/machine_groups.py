"""Machine groups: create, update, delete, read, list, their machines, and applying Logtail configs to them
(PROTOCOL §3.7)."""

from __future__ import annotations

from typing import Any, Dict, Iterator, Mapping, Optional, Union

from ..errors import invalid_argument
from ..models.machine_group import MachineGroupDetail
from ..models.management import (
    ApplyConfigToMachineGroupResponse,
    CreateMachineGroupResponse,
    DeleteMachineGroupResponse,
    GetConfigAppliedMachineGroupsResponse,
    GetMachineGroupAppliedConfigResponse,
    GetMachineGroupResponse,
    ListMachineGroupResponse,
    ListMachinesResponse,
    RemoveConfigToMachineGroupResponse,
    UpdateMachineGroupResponse,
)
from .base import MAX_PAGE_SIZE, ApiBase, iterate_all, list_all, require_name

GroupDetail = Union[MachineGroupDetail, Mapping[str, Any]]


def group_body(group_detail: GroupDetail) -> Dict[str, Any]:
    """The request body of a :class:`MachineGroupDetail` (or of a group given as its JSON dict)."""
    if isinstance(group_detail, Mapping):
        group_detail = MachineGroupDetail().from_json(group_detail)
    if not isinstance(group_detail, MachineGroupDetail):
        raise invalid_argument(
            f"group_detail must be a MachineGroupDetail or a dict, got {type(group_detail).__name__}"
        )
    body = group_detail.to_json()
    body.pop("createTime", None)
    body.pop("lastModifyTime", None)
    require_name(body.get("groupName"), "group_detail.group_name")
    return body


def _relation_path(group_name: str, config_name: str) -> str:
    return f"/machinegroups/{require_name(group_name, 'group_name')}/configs/{require_name(config_name, 'config_name')}"


class MachineGroupsApi(ApiBase):
    def create_machine_group(self, project_name: str, group_detail: GroupDetail) -> CreateMachineGroupResponse:
        """Create a machine group from a :class:`MachineGroupDetail` (``GroupAlreadyExist`` when the name is
        taken)."""
        resp = self._send_json("POST", "/machinegroups", require_name(project_name, "project_name"),
                               group_body(group_detail))
        return CreateMachineGroupResponse(resp.headers)

    def update_machine_group(self, project_name: str, group_detail: GroupDetail) -> UpdateMachineGroupResponse:
        """Replace the machine group named ``group_detail.group_name`` (``MachineGroupNotExist`` when missing)."""
        body = group_body(group_detail)
        resp = self._send_json("PUT", f"/machinegroups/{body['groupName']}",
                               require_name(project_name, "project_name"), body)
        return UpdateMachineGroupResponse(resp.headers)

    def delete_machine_group(self, project_name: str, group_name: str) -> DeleteMachineGroupResponse:
        """Delete a machine group (the configs applied to it are not deleted)."""
        resp = self._send("DELETE", f"/machinegroups/{require_name(group_name, 'group_name')}",
                          require_name(project_name, "project_name"))
        return DeleteMachineGroupResponse(resp.headers)

    def get_machine_group(self, project_name: str, group_name: str) -> GetMachineGroupResponse:
        """Read a machine group; ``get_machine_group()`` of the answer is a :class:`MachineGroupDetail`."""
        resp = self._send("GET", f"/machinegroups/{require_name(group_name, 'group_name')}",
                          require_name(project_name, "project_name"))
        return GetMachineGroupResponse(resp.json(), resp.headers)

    def list_machine_group(self, project_name: str, offset: int = 0, size: int = 100,
                           group_name_pattern: Optional[str] = None) -> ListMachineGroupResponse:
        """List machine group names (``size=-1`` fetches every page), optionally those containing a text."""
        require_name(project_name, "project_name")

        def fetch(page_offset: int, page_size: int) -> ListMachineGroupResponse:
            params = {"offset": str(page_offset), "size": str(page_size)}
            if group_name_pattern:
                params["groupName"] = group_name_pattern
            resp = self._send("GET", "/machinegroups", project_name, params)
            return ListMachineGroupResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_machine_groups(self, project_name: str, group_name_pattern: Optional[str] = None,
                            page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every machine group name lazily, a page at a time."""
        return iterate_all(lambda o, s: self.list_machine_group(project_name, o, s, group_name_pattern), page_size)

    def list_machines(self, project_name: str, group_name: str, offset: int = 0, size: int = 100
                      ) -> ListMachinesResponse:
        """List the machines that report for a group (``size=-1`` fetches every page): dicts with ``ip``,
        ``machine-uniqueid``, ``userdefined-id`` and ``lastHeartbeatTime``."""
        require_name(project_name, "project_name")
        path = f"/machinegroups/{require_name(group_name, 'group_name')}/machines"

        def fetch(page_offset: int, page_size: int) -> ListMachinesResponse:
            resp = self._send("GET", path, project_name, {"offset": str(page_offset), "size": str(page_size)})
            return ListMachinesResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_machines(self, project_name: str, group_name: str, page_size: int = MAX_PAGE_SIZE
                      ) -> Iterator[Dict[str, Any]]:
        """Yield every machine of a group lazily, a page at a time."""
        return iterate_all(lambda o, s: self.list_machines(project_name, group_name, o, s), page_size)

    def apply_config_to_machine_group(self, project_name: str, config_name: str, group_name: str
                                      ) -> ApplyConfigToMachineGroupResponse:
        """Apply a Logtail config to a machine group (both must exist; applying twice is harmless)."""
        resp = self._send("PUT", _relation_path(group_name, config_name), require_name(project_name, "project_name"))
        return ApplyConfigToMachineGroupResponse(resp.headers)

    def remove_config_to_machine_group(self, project_name: str, config_name: str, group_name: str
                                       ) -> RemoveConfigToMachineGroupResponse:
        """Stop applying a Logtail config to a machine group."""
        resp = self._send("DELETE", _relation_path(group_name, config_name), require_name(project_name, "project_name"))
        return RemoveConfigToMachineGroupResponse(resp.headers)

    def get_machine_group_applied_configs(self, project_name: str, group_name: str
                                          ) -> GetMachineGroupAppliedConfigResponse:
        """The names of the Logtail configs applied to a machine group (``get_configs()``)."""
        resp = self._send("GET", f"/machinegroups/{require_name(group_name, 'group_name')}/configs",
                          require_name(project_name, "project_name"))
        return GetMachineGroupAppliedConfigResponse(resp.json(), resp.headers)

    def get_config_applied_machine_groups(self, project_name: str, config_name: str
                                          ) -> GetConfigAppliedMachineGroupsResponse:
        """The names of the machine groups a Logtail config is applied to (``get_machine_groups()``)."""
        resp = self._send("GET", f"/configs/{require_name(config_name, 'config_name')}/machinegroups",
                          require_name(project_name, "project_name"))
        return GetConfigAppliedMachineGroupsResponse(resp.json(), resp.headers)
