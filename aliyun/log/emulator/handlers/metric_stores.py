"""Substores, metric store metering modes, and PromQL (not emulated).

- ``POST /logstores/{ls}/substores`` ``{"name", "ttl", "sortedKeyCount", "timeIndex", "keys": [{"name",
  "type"}]}``; ``GET``/``PUT``/``DELETE .../substores/{name}``; ``GET .../substores`` → ``{"substores": [names]}``;
  ``GET``/``PUT .../substores/storage/ttl`` (``?ttl=``) read / set the ttl of every substore of the logstore.
- Creating the ``prom`` substore of a metric store (what ``create_metric_store`` does) also gives it the index of the
  metric log format when it has none, so metrics are searchable and SQL works on them at once: ``__name__``
  (text), ``__labels__`` (text, ``k#$#v|k2#$#v2``), ``__time_nano__`` (long), ``__value__`` (double).
- ``GET``/``PUT /metricstores/{name}/meteringmode`` ``{"meteringMode": "ChargeByFunction" | "ChargeByDataIngest"}``.
- PromQL (``/prometheus/...``) is not emulated: ``NotImplemented`` (400) naming it.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List

from ..context import Context, not_implemented
from ..core import Request, Response, json_response, parameter_invalid
from ..errors import NotFound
from ..parsing import json_body, parse_int
from ..routes import Router
from ..storage import Logstore
from .index import INDEX_KIND, INDEX_NAME, index_config, validate_index

SUBSTORE_KIND = "substore"
METERING_KIND = "meteringmode"
METERING_MODES = ("ChargeByFunction", "ChargeByDataIngest")
_KEY_TYPES = ("text", "long", "double", "labels", "json")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
PROM_INDEX: Dict[str, Any] = {"keys": {
    "__name__": {"type": "text", "doc_value": True, "token": [], "caseSensitive": True},
    "__labels__": {"type": "text", "doc_value": True, "token": ["#", "$", "|"], "caseSensitive": True},
    "__time_nano__": {"type": "long", "doc_value": True},
    "__value__": {"type": "double", "doc_value": True},
}}


def _substore_body(body: Dict[str, Any], name: str) -> Dict[str, Any]:
    if not isinstance(name, str) or not _NAME.match(name):
        raise parameter_invalid(f"invalid substore name {name!r}")
    keys = body.get("keys")
    if not isinstance(keys, list) or not keys or not all(
            isinstance(k, dict) and isinstance(k.get("name"), str) and k.get("type") in _KEY_TYPES for k in keys):
        raise parameter_invalid(f"keys must be a non-empty list of {{name, type}} with type in {_KEY_TYPES}")
    ttl = parse_int(body.get("ttl"), "ttl", 1, 3650)
    sorted_keys = parse_int(body.get("sortedKeyCount"), "sortedKeyCount", 1, len(keys))
    time_index = parse_int(body.get("timeIndex"), "timeIndex", 0, len(keys) - 1)
    if keys[time_index]["type"] != "long":
        raise parameter_invalid(f"keys[timeIndex] ({keys[time_index]['name']}) must be of type long")
    return {"name": name, "ttl": ttl, "sortedKeyCount": sorted_keys, "timeIndex": time_index,
            "keys": [{"name": k["name"], "type": k["type"]} for k in keys]}


def create_substore(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = json_body(req)
    substore = _substore_body(body, body.get("name"))
    ctx.resources.create(ls.project, SUBSTORE_KIND, substore["name"], substore, ctx.now(), scope=ls.name)
    if substore["name"] == "prom" and _is_metrics(ls) and index_config(ctx, ls.project, ls.name) is None:
        ctx.resources.put(ls.project, INDEX_KIND, INDEX_NAME, validate_index(PROM_INDEX), ctx.now(), scope=ls.name)
    return Response()


def update_substore(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ls = ctx.logstore(req, logstore)
    substore = _substore_body(json_body(req), name)
    ctx.resources.replace(ls.project, SUBSTORE_KIND, name, substore, ctx.now(), scope=ls.name)
    return Response()


def get_substore(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body, _created, _modified = ctx.resources.get(ls.project, SUBSTORE_KIND, name, scope=ls.name)
    return json_response(body)


def delete_substore(ctx: Context, req: Request, logstore: str, name: str) -> Response:
    ls = ctx.logstore(req, logstore)
    ctx.resources.delete(ls.project, SUBSTORE_KIND, name, scope=ls.name)
    return Response()


def _substores(ctx: Context, ls: Logstore) -> List[Dict[str, Any]]:
    return [body for _name, body in ctx.resources.list(ls.project, SUBSTORE_KIND, scope=ls.name)]


def list_substores(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    return json_response({"substores": [body["name"] for body in _substores(ctx, ls)]})


def get_ttl(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    substores = _substores(ctx, ls)
    if not substores:
        raise NotFound(SUBSTORE_KIND, f"of logstore {logstore}")
    return json_response({"ttl": substores[0]["ttl"]})


def update_ttl(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    ttl = parse_int(req.params.get("ttl"), "ttl", 1, 3650)
    substores = _substores(ctx, ls)
    if not substores:
        raise NotFound(SUBSTORE_KIND, f"of logstore {logstore}")
    for body in substores:
        ctx.resources.replace(ls.project, SUBSTORE_KIND, body["name"], dict(body, ttl=ttl), ctx.now(),
                              scope=ls.name)
    return Response()


# -- metering modes ---------------------------------------------------------------------------------------------------
def _is_metrics(ls: Logstore) -> bool:
    return str(ls.config.get("telemetryType", "")).lower() == "metrics"


def _metric_store(ctx: Context, req: Request, name: str) -> Logstore:
    ls = ctx.logstore(req, name)
    if not _is_metrics(ls):
        raise parameter_invalid(f"{name} is not a metric store (telemetryType Metrics)")
    return ls


def get_metering_mode(ctx: Context, req: Request, name: str) -> Response:
    ls = _metric_store(ctx, req, name)
    found = ctx.resources.find(ls.project, METERING_KIND, ls.name)
    body = found[0] if found is not None else {"meteringMode": METERING_MODES[0]}
    return json_response(body)


def update_metering_mode(ctx: Context, req: Request, name: str) -> Response:
    ls = _metric_store(ctx, req, name)
    mode = json_body(req).get("meteringMode")
    if mode not in METERING_MODES:
        raise parameter_invalid(f"meteringMode must be one of {METERING_MODES}, got {mode!r}")
    ctx.resources.put(ls.project, METERING_KIND, ls.name, {"meteringMode": mode}, ctx.now())
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
