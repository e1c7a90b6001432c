"""Substores, metric store metering modes, and PromQL (not emulated).

- ``POST /logstores/{ls}/substores`` ``{"name", "ttl", "sortedKeyCount", "timeIndex", "keys": [{"name",
  "type"}]}``; ``GET``/``PUT``/``DELETE .../substores/{name}``; ``GET .../substores`` → ``{"substores": [names]}``;
  ``GET``/``PUT .../substores/storage/ttl`` (``?ttl=``) read / set the ttl of every substore of the logstore.
- ``GET``/``PUT /metricstores/{name}/meteringmode`` ``{"meteringMode": "ChargeByFunction" | "ChargeByDataIngest"}``.
- PromQL (``/prometheus/...``) is not emulated: ``NotImplemented`` (400) naming it.

The rules (the ``prom`` substore's index for the metric log format, metric stores only for metering modes) are in
``backends/substores.py``.
"""

from __future__ import annotations

from typing import Any, Dict

from ..backends.substores import METERING_MODES
from ..context import Context, not_implemented
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import NameRule, json_body, parse_int
from ..routes import Router

_KEY_TYPES = ("text", "long", "double", "labels", "json")
SUBSTORE_NAME = NameRule("substore", r"[a-z0-9][a-z0-9_-]{0,62}", "1-63 lowercase letters, digits, '_' and '-'")
MAX_TTL = 3650


def _substore(body: Dict[str, Any], name: Any) -> Dict[str, Any]:
    name = SUBSTORE_NAME.check(name)
    keys = body.get("keys")
    if not isinstance(keys, list) or not keys or not all(
            isinstance(k, dict) and isinstance(k.get("name"), str) and k.get("type") in _KEY_TYPES for k in keys):
        raise parameter_invalid(f"keys must be a non-empty list of {{name, type}} with type in {_KEY_TYPES}")
    ttl = parse_int(body.get("ttl"), "ttl", 1, MAX_TTL)
    sorted_keys = parse_int(body.get("sortedKeyCount"), "sortedKeyCount", 1, len(keys))
    time_index = parse_int(body.get("timeIndex"), "timeIndex", 0, len(keys) - 1)
    if keys[time_index]["type"] != "long":
        raise parameter_invalid(f"keys[timeIndex] ({keys[time_index]['name']}) must be of type long")
    return {"name": name, "ttl": ttl, "sortedKeyCount": sorted_keys, "timeIndex": time_index,
            "keys": [{"name": k["name"], "type": k["type"]} for k in keys]}


def create_substore(ctx: Context, req: Request, logstore: str) -> Response:
    body = json_body(req, code="ParameterInvalid")
    ctx.substores.create(ctx.project_name(req), logstore, _substore(body, body.get("name")), ctx.now())
    return Response()


def update_substore(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    substore = _substore(json_body(req, code="ParameterInvalid"), name)
    ctx.substores.replace(ctx.project_name(req), logstore, substore, ctx.now())
    return Response()


def get_substore(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    return json_response(ctx.substores.get(ctx.project_name(req), logstore, name))


def delete_substore(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ctx.substores.delete(ctx.project_name(req), logstore, name)
    return Response()


def list_substores(ctx: Context, req: Request, logstore: str) -> Response:
    return json_response({"substores": [s["name"] for s in ctx.substores.all(ctx.project_name(req), logstore)]})


def get_ttl(ctx: Context, req: Request, logstore: str) -> Response:
    return json_response({"ttl": ctx.substores.ttl(ctx.project_name(req), logstore)})


def update_ttl(ctx: Context, req: Request, logstore: str) -> Response:
    ttl = parse_int(req.params.get("ttl"), "ttl", 1, MAX_TTL)
    ctx.substores.set_ttl(ctx.project_name(req), logstore, ttl, ctx.now())
    return Response()


def get_metering_mode(ctx: Context, req: Request, name: str) -> Response:
    return json_response({"meteringMode": ctx.substores.metering_mode(ctx.project_name(req), name)})


def update_metering_mode(ctx: Context, req: Request, name: str) -> Response:
    mode = json_body(req, code="ParameterInvalid").get("meteringMode")
    if mode not in METERING_MODES:
        raise parameter_invalid(f"meteringMode must be one of {METERING_MODES}, got {mode!r}")
    ctx.substores.set_metering_mode(ctx.project_name(req), name, mode, ctx.now())
    return Response()


def promql(ctx: Context, req: Request, **_parts: str) -> Response:
    raise not_implemented("PromQL (the Prometheus query API of metric stores); query metrics with SQL instead")


def register(router: Router) -> None:
    base = "/logstores/{logstore}/substores"
    router.add("POST", base, create_substore, name="CreateSubStore")
    router.add("GET", base, list_substores, name="ListSubStore")
    router.add("GET", base + "/{name}", get_substore, name="GetSubStore")
    router.add("PUT", base + "/{name}", update_substore, name="UpdateSubStore")
    router.add("DELETE", base + "/{name}", delete_substore, name="DeleteSubStore")
    router.add("GET", base + "/storage/ttl", get_ttl, name="GetSubStoreTTL")
    router.add("PUT", base + "/storage/ttl", update_ttl, name="UpdateSubStoreTTL")
    router.add("GET", "/metricstores/{name}/meteringmode", get_metering_mode, name="GetMetricStoreMeteringMode")
    router.add("PUT", "/metricstores/{name}/meteringmode", update_metering_mode, name="UpdateMetricStoreMeteringMode")
    for depth in range(3, 7):  # /prometheus/{project}/{store}/api/v1/query...
        pattern = "/prometheus/" + "/".join(f"{{p{i}}}" for i in range(depth))
        for method in ("GET", "POST"):
            router.add(method, pattern, promql, project=False, name="PromQL")
