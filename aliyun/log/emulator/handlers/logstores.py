"""Logstores (PROTOCOL §3.2): list, create, get, update, delete.

Every documented field is stored and echoed (numbers for ``createTime`` / ``lastModifyTime``); unknown keys are
ignored, as clients may send fields of newer API versions. ``shardCount`` is set at creation; afterwards shards
change only by split / merge, and GetLogStore reports the number of readwrite shards.
"""

from __future__ import annotations

from typing import Any, Callable, Dict

from ..context import Context, not_implemented
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import NameRule, contains, json_body, page, paging, parse_bool, parse_int
from ..routes import Router
from ..storage import Logstore

LOGSTORE_NAME = NameRule(
    "logstore",
    r"[0-9a-z][0-9a-z_-]{1,61}[0-9a-z]",
    "3-63 characters of lowercase letters, digits, '_' and '-', starting and ending with a letter or digit",
)
MAX_SHARDS = 256
MAX_TTL = 3650


def _string(value: Any, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise parameter_invalid(f"{name} must be a string")
    return value


def _object(value: Any, name: str) -> Any:
    if value is not None and not isinstance(value, dict):
        raise parameter_invalid(f"{name} must be a JSON object")
    return value


def _int_range(minimum: int, maximum: int) -> Callable[[Any, str], int]:
    return lambda value, name: parse_int(value, name, minimum, maximum)


# Known fields and how to normalise them; anything else in a body is ignored.
_FIELDS: Dict[str, Callable[[Any, str], Any]] = {
    "ttl": _int_range(1, MAX_TTL),
    "shardCount": _int_range(1, MAX_SHARDS),
    "enable_tracking": parse_bool,
    "autoSplit": parse_bool,
    "maxSplitShard": _int_range(0, MAX_SHARDS),
    "appendMeta": parse_bool,
    "telemetryType": _string,
    "mode": _string,
    "hot_ttl": _int_range(0, MAX_TTL),
    "infrequentAccessTTL": _int_range(0, MAX_TTL),
    "encrypt_conf": _object,
    "enableModify": parse_bool,
    "productType": _string,
    "resourceQuota": _object,
    "shardingPolicy": _object,
    "processorId": _string,
}

DEFAULTS: Dict[str, Any] = {
    "ttl": 30,
    "shardCount": 2,
    "enable_tracking": False,
    "autoSplit": False,
    "maxSplitShard": 64,
    "appendMeta": False,
    "telemetryType": "",
    "mode": "standard",
}


def normalise(body: Dict[str, Any]) -> Dict[str, Any]:
    config: Dict[str, Any] = {}
    for key, convert in _FIELDS.items():
        if key in body and body[key] is not None:
            config[key] = convert(body[key], key)
    hot = config.get("hot_ttl")
    if hot and "ttl" in config and hot > config["ttl"]:
        raise parameter_invalid(f"hot_ttl {hot} must not exceed ttl {config['ttl']}")
    return config


def logstore_json(ls: Logstore) -> Dict[str, Any]:
    out: Dict[str, Any] = {"logstoreName": ls.name}
    out.update(DEFAULTS)
    out.update(ls.config)
    out["shardCount"] = len(ls.writers)
    out["createTime"] = ls.create_time
    out["lastModifyTime"] = ls.last_modify_time
    return out


def list_logstores(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    offset, size = paging(req)
    name_filter = contains(req.params.get("logstoreName"))
    telemetry = req.params.get("telemetryType") or ""
    mode = req.params.get("mode") or ""
    matches = [
        ls.name
        for ls in ctx.logstores.list(project.name)
        if name_filter(ls.name)
        and (not telemetry or ls.config.get("telemetryType", "") == telemetry)
        and (not mode or ls.config.get("mode", DEFAULTS["mode"]) == mode)
    ]
    items = page(matches, offset, size)
    return json_response({"count": len(items), "total": len(matches), "logstores": items})


def create_logstore(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    body = json_body(req)
    name = LOGSTORE_NAME.check(body.get("logstoreName"))
    config = normalise(body)
    shard_count = config.pop("shardCount", DEFAULTS["shardCount"])
    config.setdefault("ttl", DEFAULTS["ttl"])
    ctx.logstores.create(project.name, name, config, shard_count, ctx.now())
    return Response()


def get_logstore(ctx: Context, req: Request, logstore: str) -> Response:
    return json_response(logstore_json(ctx.logstore(req, logstore)))


def update_logstore(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = json_body(req)
    body_name = body.get("logstoreName")
    if body_name not in (None, "", logstore):
        raise parameter_invalid(f"logstoreName {body_name!r} in the body differs from the path's {logstore!r}")
    config = dict(ls.config)
    config.update(normalise(body))
    config.pop("shardCount", None)
    ctx.logstores.update(ls.project, logstore, config, ctx.now())
    return Response()


def delete_logstore(ctx: Context, req: Request, logstore: str) -> Response:
    ctx.logstores.delete(ctx.project_name(req), logstore)
    return Response()


def _query_api(name: str) -> Callable[..., Response]:
    def handler(ctx: Context, req: Request, logstore: str) -> Response:
        ctx.logstore(req, logstore)
        raise not_implemented(name)

    handler.__name__ = name
    return handler


def register(router: Router) -> None:
    router.add("GET", "/logstores", list_logstores, name="ListLogStores")
    router.add("POST", "/logstores", create_logstore, name="CreateLogStore")
    router.add("GET", "/logstores/{logstore}", get_logstore, name="GetLogStore")
    router.add("PUT", "/logstores/{logstore}", update_logstore, name="UpdateLogStore")
    router.add("DELETE", "/logstores/{logstore}", delete_logstore, name="DeleteLogStore")
    # GetLogs / GetHistograms / ListTopics on GET /logstores/{ls} are served by handlers/query.py.
    for type_value, name in (("context_log", "GetContextLogs"),):
        router.add("GET", "/logstores/{logstore}", _query_api(name), when={"type": type_value}, name=name)
