"""Machine groups (PROTOCOL §3.7): ``/machinegroups`` CRUD, list, machines, and the configs applied to a group.

A group is stored as sent (``groupName``, ``groupType``, ``machineIdentifyType``, ``machineList``,
``groupAttribute``...) and answered with ``createTime`` / ``lastModifyTime``. No Logtail agent ever reports to the
emulator, so a group's machines list is empty unless a test seeds it through the control plane::

    PUT /_emulator/projects/{project}/machinegroups/{group}/machines
        body: [{"ip", "machine-uniqueid", "userdefined-id", "lastHeartbeatTime"}, ...]   (replaces the list)

(unauthenticated from a loopback client), or in process with :func:`set_machines`.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

from ..context import Context
from ..core import Request, Response, contains, json_response, page, paging, parameter_invalid
from ..routes import AUTH_LOOPBACK, Router
from ..storage import NotFound, Storage
from .entities import EntityKind, create_entity, delete_entity, get_entity, list_page, update_entity
from .logtail import APPLIED, CONFIG, applied_configs, config_exists

#: ``resources`` kind holding the machines seeded for a group.
MACHINES = "machines"
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
    "machinegroup",
    "machine group",
    "groupName",
    r"^[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]$",
    "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
    "GroupAlreadyExist",
    "MachineGroupNotExist",
    validate=_validate_group,
)


def _group_exists(storage: Storage, project: str, name: str) -> bool:
    try:
        storage.get_resource(project, GROUP.kind, name)
    except NotFound:
        return False
    return True


def list_groups(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    name_filter = contains(req.params.get("groupName"))
    names = [name for name, _ in ctx.storage.list_resources(project, GROUP.kind) if name_filter(name)]
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
    project = ctx.project(req).name
    with ctx.storage.lock:
        delete_entity(ctx, req, GROUP, group)
        for kind in (APPLIED, MACHINES):
            try:
                ctx.storage.delete_resource(project, kind, group)
            except NotFound:
                pass
    return Response()


def list_machines(ctx: Context, req: Request, group: str) -> Response:
    project = ctx.project(req).name
    try:
        machines, _, _ = ctx.storage.get_resource(project, MACHINES, group)
    except NotFound:
        if not _group_exists(ctx.storage, project, group):
            raise GROUP.missing(group) from None
        machines = []
    offset, size = paging(req)
    items = page(list(machines), offset, size)
    return json_response({"count": len(items), "total": len(machines), "machines": items})


def group_configs(ctx: Context, req: Request, group: str) -> Response:
    project = ctx.project(req).name
    if not _group_exists(ctx.storage, project, group):
        raise GROUP.missing(group)
    configs = applied_configs(ctx.storage, project, group)
    return json_response({"count": len(configs), "configs": configs})


def _relation_checks(ctx: Context, req: Request, group: str, config: str) -> str:
    project = ctx.project(req).name
    if not _group_exists(ctx.storage, project, group):
        raise GROUP.missing(group)
    if not config_exists(ctx.storage, project, config):
        raise CONFIG.missing(config)
    return project


def apply_config(ctx: Context, req: Request, group: str, config: str) -> Response:
    with ctx.storage.lock:
        project = _relation_checks(ctx, req, group, config)
        configs = applied_configs(ctx.storage, project, group)
        if config not in configs:
            ctx.storage.put_resource(project, APPLIED, group, sorted([*configs, config]), ctx.now())
    return Response()


def remove_config(ctx: Context, req: Request, group: str, config: str) -> Response:
    with ctx.storage.lock:
        project = _relation_checks(ctx, req, group, config)
        configs = applied_configs(ctx.storage, project, group)
        if config in configs:
            ctx.storage.put_resource(project, APPLIED, group, [c for c in configs if c != config], ctx.now())
    return Response()


def _check_machine(machine: Any) -> Dict[str, Any]:
    if not isinstance(machine, dict):
        raise parameter_invalid(f"a machine must be a JSON object, got {machine!r}")
    return {
        "ip": str(machine.get("ip", "")),
        "machine-uniqueid": str(machine.get("machine-uniqueid", "")),
        "userdefined-id": str(machine.get("userdefined-id", "")),
        "lastHeartbeatTime": int(machine.get("lastHeartbeatTime", 0)),
    }


def set_machines(storage: Storage, project: str, group: str, machines: List[Any], now: int) -> None:
    """Replace the machines reported for a group (which must exist); ``NotFound`` otherwise."""
    checked = [_check_machine(m) for m in machines]
    with storage.lock:
        storage.get_resource(project, GROUP.kind, group)
        storage.put_resource(project, MACHINES, group, checked, now)


def put_machines(ctx: Context, req: Request, project: str, group: str) -> Response:
    try:
        machines = json.loads(req.payload() or b"null")
    except (UnicodeDecodeError, ValueError) as exc:
        raise parameter_invalid(f"the request body is not valid JSON: {exc}") from None
    if not isinstance(machines, list):
        raise parameter_invalid("the body must be a JSON list of machines")
    try:
        set_machines(ctx.storage, project, group, machines, ctx.now())
    except NotFound as exc:
        if exc.kind == GROUP.kind:
            raise GROUP.missing(group) from None
        raise
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
        auth=AUTH_LOOPBACK,
        name="EmulatorPutMachines",
    )
