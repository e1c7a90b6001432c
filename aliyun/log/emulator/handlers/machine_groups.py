"""Machine groups (PROTOCOL §3.7): ``/machinegroups`` CRUD, list, machines, and the configs applied to a group.

A group is stored as sent (``groupName``, ``groupType``, ``machineIdentifyType``, ``machineList``,
``groupAttribute``...) and answered with ``createTime`` / ``lastModifyTime``. No Logtail agent ever reports to the
emulator, so a group's machines list is empty unless a test seeds it through the control plane::

    PUT /_emulator/projects/{project}/machinegroups/{group}/machines
        body: [{"ip", "machine-uniqueid", "userdefined-id", "lastHeartbeatTime"}, ...]   (replaces the list)

(authenticated like ``/_emulator/reset``).
"""

from __future__ import annotations

from typing import Any, Dict

from ..backends.logtail import GROUP_KIND
from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import contains, json_body, page, paging, parse_int
from ..routes import AUTH_CONTROL, Router
from .entities import EntityKind, create_entity, get_entity, list_page, update_entity

MACHINE_TYPES = ("ip", "userdefined")


def _validate_group(body: Dict[str, Any]) -> None:
    identify = body.setdefault("machineIdentifyType", "ip")
    if identify not in MACHINE_TYPES:
        raise GROUP.invalid(f"machineIdentifyType must be ip or userdefined, got {identify!r}")
    group_type = body.setdefault("groupType", "")
    if not isinstance(group_type, str):
        raise GROUP.invalid("groupType of a machine group must be a string")
    machines = body.setdefault("machineList", [])
    if not isinstance(machines, list) or not all(isinstance(m, str) for m in machines):
        raise GROUP.invalid("machineList of a machine group must be a list of strings")
    attribute = body.get("groupAttribute")
    if attribute is not None and (
        not isinstance(attribute, dict) or not all(isinstance(v, str) for v in attribute.values())
    ):
        raise GROUP.invalid("groupAttribute of a machine group must be a JSON object of strings")


GROUP = EntityKind(
    GROUP_KIND,
    "machine group",
    "groupName",
    r"[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]",
    "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
    validate=_validate_group,
)


def list_groups(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    name_filter = contains(req.params.get("groupName"))
    names = [name for name, _ in ctx.resources.list(project, GROUP.kind) if name_filter(name)]
    return list_page(req, names, "machinegroups")


def create_group(ctx: Context, req: Request) -> Response:
    create_entity(ctx, req, GROUP)
    return Response()


def get_group(ctx: Context, req: Request, group: str) -> Response:
    return get_entity(ctx, req, GROUP, group)


def update_group(ctx: Context, req: Request, group: str) -> Response:
    update_entity(ctx, req, GROUP, group)
    return Response()


def delete_group(ctx: Context, req: Request, group: str) -> Response:
    ctx.logtail.delete_group(ctx.project_name(req), group)
    return Response()


def list_machines(ctx: Context, req: Request, group: str) -> Response:
    machines = ctx.logtail.machines(ctx.project(req).name, group)
    offset, size = paging(req)
    items = page(machines, offset, size)
    return json_response({"count": len(items), "total": len(machines), "machines": items})


def group_configs(ctx: Context, req: Request, group: str) -> Response:
    configs = ctx.logtail.applied_configs(ctx.project(req).name, group)
    return json_response({"count": len(configs), "configs": configs})


def apply_config(ctx: Context, req: Request, group: str, config: str) -> Response:
    ctx.logtail.set_applied(ctx.project(req).name, group, config, True, ctx.now())
    return Response()


def remove_config(ctx: Context, req: Request, group: str, config: str) -> Response:
    ctx.logtail.set_applied(ctx.project(req).name, group, config, False, ctx.now())
    return Response()


def _check_machine(machine: Any) -> Dict[str, Any]:
    if not isinstance(machine, dict):
        raise parameter_invalid(f"a machine must be a JSON object, got {machine!r}")
    return {
        "ip": str(machine.get("ip", "")),
        "machine-uniqueid": str(machine.get("machine-uniqueid", "")),
        "userdefined-id": str(machine.get("userdefined-id", "")),
        "lastHeartbeatTime": parse_int(machine.get("lastHeartbeatTime", 0), "lastHeartbeatTime", 0),
    }


def put_machines(ctx: Context, req: Request, project: str, group: str) -> Response:
    machines = [_check_machine(m) for m in json_body(req, list, code="ParameterInvalid")]
    ctx.logtail.set_machines(project, group, machines, ctx.now())
    return json_response({"count": len(machines)})


def register(router: Router) -> None:
    router.add("GET", "/machinegroups", list_groups, name="ListMachineGroup")
    router.add("POST", "/machinegroups", create_group, name="CreateMachineGroup")
    router.add("GET", "/machinegroups/{group}", get_group, name="GetMachineGroup")
    router.add("PUT", "/machinegroups/{group}", update_group, name="UpdateMachineGroup")
    router.add("DELETE", "/machinegroups/{group}", delete_group, name="DeleteMachineGroup")
    router.add("GET", "/machinegroups/{group}/machines", list_machines, name="ListMachines")
    router.add("GET", "/machinegroups/{group}/configs", group_configs, name="GetAppliedConfigs")
    router.add("PUT", "/machinegroups/{group}/configs/{config}", apply_config, name="ApplyConfigToMachineGroup")
    router.add("DELETE", "/machinegroups/{group}/configs/{config}", remove_config, name="RemoveConfigFromMachineGroup")
    router.add(
        "PUT",
        "/_emulator/projects/{project}/machinegroups/{group}/machines",
        put_machines,
        project=False,
        auth=AUTH_CONTROL,
        name="EmulatorPutMachines",
    )
