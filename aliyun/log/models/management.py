"""Response classes of the management API: index, logtail configs, machine groups, entities (dashboards, saved
searches, alerts, shippers, external stores) and the operations built on them.

Like every response they keep the headers and the parsed body (``get_body()``, ``get_request_id()``,
``log_print()``); the getters are those users of the original SDK call. Config objects are built from the body with
the config classes of :mod:`aliyun.log.models` (``get_index_config()`` gives an :class:`IndexConfig`,
``get_machine_group()`` a :class:`MachineGroupDetail`...).
"""

from __future__ import annotations

import copy
from typing import Any, Dict, Iterator, List, Mapping, Optional

from .external_store import ExternalStoreConfigBase
from .index import IndexConfig
from .logtail import ConfigDetailBase, LogtailConfigGenerator
from .machine_group import MachineGroupDetail
from .response import EmptyResponse, Headers, ListResponse, LogResponse
from .shipper import ShipperTask, shipper_config_from_json
from .validation import int_field

__all__ = [
    "ApplyConfigToMachineGroupResponse",
    "CopyLogstoreResponse",
    "CopyProjectResponse",
    "CreateEntityResponse",
    "CreateExternalStoreResponse",
    "CreateIndexResponse",
    "CreateLogtailConfigResponse",
    "CreateMachineGroupResponse",
    "CreateShipperResponse",
    "DeleteEntityResponse",
    "DeleteExternalStoreResponse",
    "DeleteIndexResponse",
    "DeleteLogtailConfigResponse",
    "DeleteMachineGroupResponse",
    "DeleteShipperResponse",
    "GetConfigAppliedMachineGroupsResponse",
    "GetEntityResponse",
    "GetExternalStoreResponse",
    "GetIndexResponse",
    "GetLogtailConfigResponse",
    "GetMachineGroupAppliedConfigResponse",
    "GetMachineGroupResponse",
    "GetResourceUsageResponse",
    "GetShipperConfigResponse",
    "GetShipperTasksResponse",
    "ListEntityResponse",
    "ListExternalStoreResponse",
    "ListLogtailConfigResponse",
    "ListMachineGroupResponse",
    "ListMachinesResponse",
    "ListShipperResponse",
    "RemoveConfigToMachineGroupResponse",
    "RetryShipperTasksResponse",
    "UpdateEntityResponse",
    "UpdateExternalStoreResponse",
    "UpdateIndexResponse",
    "UpdateLogtailConfigResponse",
    "UpdateMachineGroupResponse",
    "UpdateShipperResponse",
]

_TIME_KEYS = ("createTime", "lastModifyTime")


# -- index -----------------------------------------------------------------------------------------------------------
class CreateIndexResponse(EmptyResponse):
    """Answer of ``create_index``."""


class UpdateIndexResponse(EmptyResponse):
    """Answer of ``update_index``."""


class DeleteIndexResponse(EmptyResponse):
    """Answer of ``delete_index``."""


class GetIndexResponse(LogResponse):
    """The index config of a logstore; ``get_index_config()`` is an :class:`IndexConfig` (its ``modify_time`` is
    the service's ``lastModifyTime``)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.index_config = IndexConfig().from_json(self._dict(resp))

    def get_index_config(self) -> IndexConfig:
        return self.index_config


# -- logtail configs -------------------------------------------------------------------------------------------------
class CreateLogtailConfigResponse(EmptyResponse):
    """Answer of ``create_logtail_config``."""


class UpdateLogtailConfigResponse(EmptyResponse):
    """Answer of ``update_logtail_config``."""


class DeleteLogtailConfigResponse(EmptyResponse):
    """Answer of ``delete_logtail_config``."""


class GetLogtailConfigResponse(LogResponse):
    """One Logtail config. ``logtail_config`` (also ``get_config()``) is the object of the matching detail class
    (:class:`SimpleFileConfigDetail`, :class:`JsonFileConfigDetail`, :class:`PluginConfigDetail`...)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        body = self._dict(resp)
        self.logtail_config: ConfigDetailBase = LogtailConfigGenerator.generate_config(body)
        self.config_name = self.logtail_config.config_name
        self.logstore_name = self.logtail_config.logstore_name
        self.create_time = body.get("createTime")
        self.last_modify_time = body.get("lastModifyTime")

    def get_config(self) -> ConfigDetailBase:
        return self.logtail_config

    def get_config_name(self) -> str:
        return self.config_name

    def get_logstore_name(self) -> str:
        return self.logstore_name

    def get_create_time(self) -> Any:
        return self.create_time

    def get_last_modify_time(self) -> Any:
        return self.last_modify_time


class ListLogtailConfigResponse(ListResponse):
    """A page of Logtail config names."""

    items_key = "configs"

    def get_configs(self) -> List[str]:
        return self.items

    def get_configs_count(self) -> int:
        return self.count

    def get_configs_total(self) -> int:
        return self.total


# -- machine groups --------------------------------------------------------------------------------------------------
class CreateMachineGroupResponse(EmptyResponse):
    """Answer of ``create_machine_group``."""


class UpdateMachineGroupResponse(EmptyResponse):
    """Answer of ``update_machine_group``."""


class DeleteMachineGroupResponse(EmptyResponse):
    """Answer of ``delete_machine_group``."""


class GetMachineGroupResponse(LogResponse):
    """One machine group; ``get_machine_group()`` is a :class:`MachineGroupDetail` (with its times)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.machine_group = MachineGroupDetail().from_json(self._dict(resp))

    def get_machine_group(self) -> MachineGroupDetail:
        return self.machine_group


class ListMachineGroupResponse(ListResponse):
    """A page of machine group names."""

    items_key = "machinegroups"

    def get_machine_group(self) -> List[str]:
        return self.items

    def get_machine_groups(self) -> List[str]:
        return self.items

    def get_machine_group_count(self) -> int:
        return self.count

    def get_machine_group_total(self) -> int:
        return self.total


class ListMachinesResponse(ListResponse):
    """A page of the machines of a group: dicts with ``ip``, ``machine-uniqueid``, ``userdefined-id`` and
    ``lastHeartbeatTime``."""

    items_key = "machines"

    def get_machines(self) -> List[Dict[str, Any]]:
        return self.items

    def get_machine_count(self) -> int:
        return self.count

    def get_machine_total(self) -> int:
        return self.total


class ApplyConfigToMachineGroupResponse(EmptyResponse):
    """Answer of ``apply_config_to_machine_group``."""


class RemoveConfigToMachineGroupResponse(EmptyResponse):
    """Answer of ``remove_config_to_machine_group``."""


class GetMachineGroupAppliedConfigResponse(LogResponse):
    """The names of the Logtail configs applied to a machine group."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        body = self._dict(resp)
        self.configs: List[str] = self._list(body.get("configs"), "field 'configs'")
        self.count = int_field(body, "count", self.headers, len(self.configs))

    def get_config_count(self) -> int:
        return self.count

    def get_configs(self) -> List[str]:
        return self.configs


class GetConfigAppliedMachineGroupsResponse(LogResponse):
    """The names of the machine groups a Logtail config is applied to."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        body = self._dict(resp)
        self.machine_groups: List[str] = self._list(body.get("machinegroups"), "field 'machinegroups'")
        self.count = int_field(body, "count", self.headers, len(self.machine_groups))

    def get_machine_group_count(self) -> int:
        return self.count

    def get_machine_groups(self) -> List[str]:
        return self.machine_groups


# -- generic entities ------------------------------------------------------------------------------------------------
class CreateEntityResponse(EmptyResponse):
    """Answer of ``create_dashboard`` / ``create_savedsearch`` / ``create_alert`` / ``create_shipper``."""


class UpdateEntityResponse(EmptyResponse):
    """Answer of the ``update_*`` entity methods (and ``enable_alert`` / ``disable_alert``)."""


class DeleteEntityResponse(EmptyResponse):
    """Answer of the ``delete_*`` entity methods."""


class GetEntityResponse(LogResponse):
    """One entity (dashboard, saved search, alert, shipper) as the JSON object the service keeps."""

    def get_entity(self) -> Any:
        return self.body

    def get_create_time(self) -> Any:
        return (self.body or {}).get("createTime") if isinstance(self.body, dict) else None

    def get_last_modify_time(self) -> Any:
        return (self.body or {}).get("lastModifyTime") if isinstance(self.body, dict) else None


class ListEntityResponse(ListResponse):
    """A page of entities; ``get_entities()`` gives the list under ``entities_key`` (names for dashboards, saved
    searches and shippers, full objects for alerts). ``resource_name`` names the entity kind (``dashboard``...)."""

    def __init__(
        self, header: Optional[Headers], resp: Any, resource_name: Optional[str] = None,
        entities_key: Optional[str] = None,
    ) -> None:
        self.resource_name = resource_name or ""
        self.items_key = entities_key or (f"{resource_name}s" if resource_name else "items")
        super().__init__(resp, header)

    def get_entities(self) -> List[Any]:
        return self.items

    def merge(self, other: ListResponse) -> ListEntityResponse:
        """Append the items of another page; other list-valued keys of the body (e.g. ``dashboardItems``) too."""
        extra: Dict[str, List[Any]] = {}
        for body in (self.body, other.body):
            if isinstance(body, dict):
                for key, value in body.items():
                    if key != self.items_key and isinstance(value, list):
                        extra.setdefault(key, []).extend(value)
        super().merge(other)  # type: ignore[arg-type]
        self.body.update(extra)
        return self


# -- shippers --------------------------------------------------------------------------------------------------------
class CreateShipperResponse(CreateEntityResponse):
    """Answer of ``create_shipper``."""


class UpdateShipperResponse(UpdateEntityResponse):
    """Answer of ``update_shipper``."""


class DeleteShipperResponse(DeleteEntityResponse):
    """Answer of ``delete_shipper``."""


class GetShipperConfigResponse(GetEntityResponse):
    """One shipper: ``get_entity()`` is the JSON object, ``get_config()`` the :class:`OssShipperConfig` /
    :class:`OdpsShipperConfig` of its ``targetConfiguration``."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        resp = self._dict(resp)
        self.shipper_name: str = resp.get("shipperName", "")
        self.target_type: str = resp.get("targetType", "")
        self.create_time = resp.get("createTime")
        self.last_modify_time = resp.get("lastModifyTime")
        self.config: Any = None
        if self.target_type in ("oss", "odps") and isinstance(resp.get("targetConfiguration"), Mapping):
            self.config = shipper_config_from_json(self.target_type, resp["targetConfiguration"])

    def get_config(self) -> Any:
        return self.config

    def get_shipper_name(self) -> str:
        return self.shipper_name

    def get_target_type(self) -> str:
        return self.target_type

    def get_create_time(self) -> Any:
        return self.create_time

    def get_last_modify_time(self) -> Any:
        return self.last_modify_time


class ListShipperResponse(ListEntityResponse):
    """A page of shipper names of a logstore."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp, "shipper", "shipper")

    def get_shipper_names(self) -> List[str]:
        return self.items

    def get_shipper_count(self) -> int:
        return self.count

    def get_shipper_total(self) -> int:
        return self.total


class GetShipperTasksResponse(ListResponse):
    """A page of the tasks (runs) of a shipper; ``get_tasks()`` gives :class:`ShipperTask` objects. The
    ``*_task_count`` getters count every matching task (the service's ``statistics``), the ``*_task_ids`` getters
    the tasks of this answer."""

    items_key = "tasks"

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(resp, header)
        statistics = self._dict(self._dict(resp).get("statistics"), "field 'statistics'")
        self.running_count = int_field(statistics, "running", self.headers, 0)
        self.success_count = int_field(statistics, "success", self.headers, 0)
        self.fail_count = int_field(statistics, "fail", self.headers, 0)
        self.tasks: List[ShipperTask] = [ShipperTask.from_json(t) for t in self.items]

    def get_tasks(self) -> List[ShipperTask]:
        return self.tasks

    def get_task_count(self) -> int:
        return self.count

    def get_task_total(self) -> int:
        return self.total

    def get_running_task_count(self) -> int:
        return self.running_count

    def get_success_task_count(self) -> int:
        return self.success_count

    def get_fail_task_count(self) -> int:
        return self.fail_count

    def _ids(self, status: str) -> List[str]:
        return [t.task_id for t in self.tasks if t.task_status == status]

    def get_running_task_ids(self) -> List[str]:
        return self._ids("running")

    def get_success_task_ids(self) -> List[str]:
        return self._ids("success")

    def get_fail_task_ids(self) -> List[str]:
        return self._ids("fail")

    def merge(self, other: ListResponse) -> GetShipperTasksResponse:
        """Append the tasks of another page of the same listing (the statistics cover the whole listing)."""
        super().merge(other)  # type: ignore[arg-type]
        if isinstance(other, GetShipperTasksResponse):
            self.tasks.extend(other.tasks)
        self.body["statistics"] = {
            "running": self.running_count, "success": self.success_count, "fail": self.fail_count,
        }
        return self


class RetryShipperTasksResponse(EmptyResponse):
    """Answer of ``retry_shipper_tasks``."""


# -- external stores -------------------------------------------------------------------------------------------------
class CreateExternalStoreResponse(EmptyResponse):
    """Answer of ``create_external_store``."""


class UpdateExternalStoreResponse(EmptyResponse):
    """Answer of ``update_external_store``."""


class DeleteExternalStoreResponse(EmptyResponse):
    """Answer of ``delete_external_store``."""


class GetExternalStoreResponse(LogResponse):
    """One external store; ``get_external_store_config()`` is the config object of its ``storeType``
    (:class:`ExternalStoreConfig` for ``rds-vpc``, :class:`ExternalStoreOssConfig`...)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        resp = dict(self._dict(resp))
        self.create_time = resp.pop("createTime", None)
        self.last_modify_time = resp.pop("lastModifyTime", None)
        self.external_store_config = ExternalStoreConfigBase.from_json(resp)

    def get_external_store_config(self) -> ExternalStoreConfigBase:
        return self.external_store_config

    def get_create_time(self) -> Any:
        return self.create_time

    def get_last_modify_time(self) -> Any:
        return self.last_modify_time

    def _summary(self) -> Any:
        body = dict(self.body or {})
        body["parameter"] = self.external_store_config._safe_parameter()
        return body


class ListExternalStoreResponse(ListResponse):
    """A page of external store names (``get_logstores()`` keeps the original SDK's getter name)."""

    items_key = "externalstores"

    def get_external_stores(self) -> List[str]:
        return self.items

    def get_logstores(self) -> List[str]:
        return self.items

    def get_logstores_count(self) -> int:
        return self.count

    def get_logstores_total(self) -> int:
        return self.total


# -- operations ------------------------------------------------------------------------------------------------------
class CopyProjectResponse(LogResponse):
    """What ``copy_project`` copied: ``{"project", "logstores": [...], "indexes": [...], "logtail_configs": [...],
    "machine_groups": [...], "dashboards": [...], "alerts": [...]}`` (``get_body()``)."""

    def __init__(self, body: Dict[str, Any]) -> None:
        super().__init__({}, body)


class CopyLogstoreResponse(LogResponse):
    """What ``copy_logstore`` did: ``{"project", "logstore", "created", "index", "logtail_configs": [...]}``."""

    def __init__(self, body: Dict[str, Any]) -> None:
        super().__init__({}, body)


class GetResourceUsageResponse(LogResponse, Mapping[str, Any]):
    """The resource usage of a project, computed from the list APIs; also usable as the ``dict`` it holds
    (``usage["logstores"]["count"]["status"]``)."""

    def __init__(self, body: Dict[str, Any]) -> None:
        super().__init__({}, body)

    def __getitem__(self, key: str) -> Any:
        return self.body[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.body)

    def __len__(self) -> int:
        return len(self.body)

    def to_dict(self) -> Dict[str, Any]:
        return copy.deepcopy(self.body)

    __hash__ = None  # type: ignore[assignment]


def strip_times(body: Mapping[str, Any]) -> Dict[str, Any]:
    """A copy of an entity body without the service-maintained times (for copying entities)."""
    return {k: copy.deepcopy(v) for k, v in body.items() if k not in _TIME_KEYS}
