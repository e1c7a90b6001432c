"""Logtail configs (PROTOCOL §3.7): ``/configs`` CRUD, list, and the machine groups a config is applied to.

A config is stored as sent (``configName``, ``inputType``, ``inputDetail``, ``outputType``, ``outputDetail``,
``logSample``... and any newer field) and answered with ``createTime`` / ``lastModifyTime`` added. The rules
(the target logstore must exist, deleting a config removes it from every group) are in ``backends/logtail.py``.
"""

from __future__ import annotations

from typing import Any, Dict

from ..backends.logtail import CONFIG_KIND
from ..context import Context
from ..core import Request, Response, json_response
from ..parsing import contains
from ..routes import Router
from .entities import EntityKind, get_entity, list_page, read_body


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
    CONFIG_KIND,
    "logtail config",
    "configName",
    r"[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]",
    "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
    validate=_validate_config,
)


def list_configs(ctx: Context, req: Request) -> Response:
    project = ctx.project(req).name
    name_filter = contains(req.params.get("configName"))
    logstore = req.params.get("logstoreName") or ""
    names = [
        name
        for name, body in ctx.resources.list(project, CONFIG.kind)
        if name_filter(name) and (not logstore or (body.get("outputDetail") or {}).get("logstoreName") == logstore)
    ]
    return list_page(req, names, "configs")


def create_config(ctx: Context, req: Request) -> Response:
    name, body = read_body(req, CONFIG)
    ctx.logtail.create_config(ctx.project_name(req), name, body, ctx.now())
    return Response()


def get_config(ctx: Context, req: Request, name: str) -> Response:
    return get_entity(ctx, req, CONFIG, name)


def update_config(ctx: Context, req: Request, name: str) -> Response:
    name, body = read_body(req, CONFIG, name)
    ctx.logtail.update_config(ctx.project_name(req), name, body, ctx.now())
    return Response()


def delete_config(ctx: Context, req: Request, name: str) -> Response:
    ctx.logtail.delete_config(ctx.project_name(req), name, ctx.now())
    return Response()


def config_machine_groups(ctx: Context, req: Request, name: str) -> Response:
    groups = ctx.logtail.config_groups(ctx.project(req).name, name)
    return json_response({"count": len(groups), "machinegroups": groups})


def register(router: Router) -> None:
    router.add("GET", "/configs", list_configs, name="ListConfig")
    router.add("POST", "/configs", create_config, name="CreateConfig")
    router.add("GET", "/configs/{name}", get_config, name="GetConfig")
    router.add("PUT", "/configs/{name}", update_config, name="UpdateConfig")
    router.add("DELETE", "/configs/{name}", delete_config, name="DeleteConfig")
    router.add("GET", "/configs/{name}/machinegroups", config_machine_groups, name="GetAppliedMachineGroups")
