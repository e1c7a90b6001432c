"""Logtail configs (PROTOCOL §3.7): ``/configs`` CRUD, list, and the machine groups a config is applied to.

A config is stored as sent (``configName``, ``inputType``, ``inputDetail``, ``outputType``, ``outputDetail``,
``logSample``... and any newer field) and answered with ``createTime`` / ``lastModifyTime`` added. Its
``outputDetail.logstoreName`` must name a logstore of the project. Which configs are applied to which machine group
is kept per group (``machinegroup_configs`` resources, see :func:`applied_configs`); deleting a config removes it from
every group.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List

from ..context import Context
from ..core import Request, Response, contains, json_response, logstore_not_exist
from ..routes import Router
from ..storage import NotFound, Storage
from .entities import (
    EntityKind,
    create_entity,
    delete_entity,
    get_entity,
    list_page,
    update_entity,
)

#: ``resources`` kind holding, per machine group, the list of config names applied to it.
APPLIED = "machinegroup_configs"


def _validate_config(body: Dict[str, Any]) -> None:
    input_type = body.get("inputType")
    if not isinstance(input_type, str) or not input_type:
        raise CONFIG.invalid("inputType is required in a logtail config")
    if not isinstance(body.get("inputDetail"), dict):
        raise CONFIG.invalid("inputDetail of a logtail config must be a JSON object")
    output_type = body.setdefault("outputType", "LogService")
    if not isinstance(output_type, str):
        raise CONFIG.invalid("outputType of a logtail config must be a string")
    output = body.get("outputDetail")
    if not isinstance(output, dict) or not isinstance(output.get("logstoreName"), str) or not output["logstoreName"]:
        raise CONFIG.invalid("outputDetail.logstoreName is required in a logtail config")
    sample = body.get("logSample")
    if sample is not None and not isinstance(sample, str):
        raise CONFIG.invalid("logSample of a logtail config must be a string")


CONFIG = EntityKind(
    "logtail_config",
    "logtail config",
    "configName",
    r"^[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]$",
    "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
    "ConfigAlreadyExist",
    "ConfigNotExist",
    validate=_validate_config,
)


def _check_logstore(ctx: Context) -> Callable[[str, Dict[str, Any]], None]:
    """A check that the config's target logstore exists."""

    def check(project: str, body: Dict[str, Any]) -> None:
        name = body["outputDetail"]["logstoreName"]
        if name not in ctx.storage.get_project(project).logstores:
            raise logstore_not_exist(name)

    return check


def applied_configs(storage: Storage, project: str, group: str) -> List[str]:
    try:
        body, _, _ = storage.get_resource(project, APPLIED, group)
    except NotFound:
        return []
    return list(body)


def config_exists(storage: Storage, project: str, name: str) -> bool:
    try:
        storage.get_resource(project, CONFIG.kind, name)
    except NotFound:
        return False
    return True


def list_configs(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    name_filter = contains(req.params.get("configName"))
    logstore = req.params.get("logstoreName") or ""
    names = [
        name
        for name, body in ctx.storage.list_resources(project, CONFIG.kind)
        if name_filter(name) and (not logstore or (body.get("outputDetail") or {}).get("logstoreName") == logstore)
    ]
    return list_page(req, names, "configs")


def create_config(ctx: Context, req: Request) -> Response:
    create_entity(ctx, req, CONFIG, check=_check_logstore(ctx))
    return Response()


def get_config(ctx: Context, req: Request, name: str) -> Response:
    return get_entity(ctx, req, CONFIG, name)


def update_config(ctx: Context, req: Request, name: str) -> Response:
    update_entity(ctx, req, CONFIG, name, check=_check_logstore(ctx))
    return Response()


def delete_config(ctx: Context, req: Request, name: str) -> Response:
    project = ctx.project(req).name
    with ctx.storage.lock:
        delete_entity(ctx, req, CONFIG, name)
        for group, configs in ctx.storage.list_resources(project, APPLIED):
            if name in configs:
                kept = [c for c in configs if c != name]
                ctx.storage.put_resource(project, APPLIED, group, kept, ctx.now())
    return Response()


def config_machine_groups(ctx: Context, req: Request, name: str) -> Response:
    project = ctx.project(req).name
    if not config_exists(ctx.storage, project, name):
        raise CONFIG.missing(name)
    groups = [group for group, configs in ctx.storage.list_resources(project, APPLIED) if name in configs]
    return json_response({"count": len(groups), "machinegroups": groups})


def register(router: Router) -> None:
    router.add("GET", "/configs", list_configs, name="ListConfig")
    router.add("POST", "/configs", create_config, name="CreateConfig")
    router.add("GET", "/configs/{name}", get_config, name="GetConfig")
    router.add("PUT", "/configs/{name}", update_config, name="UpdateConfig")
    router.add("DELETE", "/configs/{name}", delete_config, name="DeleteConfig")
    router.add("GET", "/configs/{name}/machinegroups", config_machine_groups, name="GetAppliedMachineGroups")

