"""Query APIs (PROTOCOL §3.5): GetLogs (v1 GET and v2 POST), GetHistograms, ListTopics, GetProjectLogs.

- ``GET /logstores/{ls}?type=log`` (and ``GET /logstores/{ls}/index?type=log``, as Java and old SDKs send it):
  a JSON array of logs; the query meta goes into ``x-log-*`` headers.
- ``POST /logstores/{ls}/logs``: ``{"meta": {...}, "data": [...]}``; compressed with lz4 / zstd when
  ``Accept-Encoding`` asks for it (``x-log-compresstype`` + ``x-log-bodyrawsize``), plain otherwise.
- ``GET /logstores/{ls}?type=histogram`` (also under ``/index``): ``[{"from", "to", "count", "progress"}]``.
- ``GET /logstores/{ls}?type=topic``: the topics, ``x-log-count`` and ``x-log-nexttoken``.
- ``GET /logs?query=<sql>``: project-level SQL (``select ... from ls1, ls2 ...``), answered as GetLogs v1.

Every value in a result is a string. The work is done by :mod:`aliyun.log.emulator.query`, whose engine is created
per emulator on first use (its SQLite copy lives next to the data dir's database, or in memory).
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import quote

from ..context import Context
from ..core import Request, Response, parameter_invalid
from ..parsing import bool_param, int_param, json_body, parse_bool, parse_int
from ..query.engine import INDEX_DB_NAME, MAX_LINE, LogsResult, QueryEngine, StoreHandle
from ..query.index import IndexSpec
from ..routes import Router
from ..storage import Logstore
from .index import index_config

_engine_lock = threading.Lock()
_ENCODINGS = ("lz4", "zstd")


def engine_for(ctx: Context) -> QueryEngine:
    """The query engine of this emulator (created on first use)."""
    engine = ctx.query_engine
    if engine is None:
        with _engine_lock:
            engine = ctx.query_engine
            if engine is None:
                path = ctx.storage.path
                engine = ctx.query_engine = QueryEngine(os.path.join(path, INDEX_DB_NAME) if path else None)
                ctx.on_close(engine.close)
    return engine


def schedule_indexing(ctx: Context, ls: Logstore) -> None:
    """Copy a logstore's new logs into the query engine soon, in the background, if it has an index.

    Called after PutLogs and after an index is created: the service also makes written logs searchable within a
    few seconds, and a query then finds them ready. Queries never depend on it (they catch up themselves).
    """
    project, name = ls.project, ls.name
    if index_config(ctx, project, name) is None:
        return  # not searchable: nothing to prepare (a query fails with IndexConfigNotExist)
    engine_for(ctx).schedule(ctx.storage, ls, lambda: index_config(ctx, project, name) is not None)


def _ascii_header(value: str) -> str:
    """Header values must be latin-1: percent-encode anything else (a query may hold any text)."""
    return value if value.isascii() else quote(value, safe=" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _prepare(ctx: Context, req: Request, logstore: str) -> Tuple[QueryEngine, StoreHandle, IndexSpec]:
    ls = ctx.logstore(req, logstore)
    config = index_config(ctx, ls.project, logstore)
    engine = engine_for(ctx)
    spec = IndexSpec.from_config(config)
    store = engine.sync(ctx.storage, ls)
    return engine, store, spec


def _time_range(value_from: Any, value_to: Any) -> Tuple[int, int]:
    if value_from is None or value_from == "" or value_to is None or value_to == "":
        raise parameter_invalid("from and to (unix seconds) are required")
    start = parse_int(value_from, "from", 0)
    end = parse_int(value_to, "to", 0)
    if end < start:
        raise parameter_invalid(f"to ({end}) must not be before from ({start})")
    return start, end


def _v1_headers(result: LogsResult) -> List[Tuple[str, str]]:
    meta = result.meta
    info = {
        "mode": meta.get("mode", 0),
        "keys": meta.get("keys", []),
        "terms": [[t.get("term", ""), t.get("key", "")] for t in meta.get("terms", [])],
        "limited": meta.get("limited", 0),
        "phraseQueryInfo": meta.get("phraseQueryInfo", {}),
        "scanBytes": meta.get("scanBytes", 0),
    }
    return [
        ("x-log-progress", meta["progress"]),
        ("x-log-count", str(meta["count"])),
        ("x-log-processed-rows", str(meta["processedRows"])),
        ("x-log-elapsed-millisecond", str(meta["elapsedMillisecond"])),
        ("x-log-has-sql", "true" if meta["hasSQL"] else "false"),
        ("x-log-where-query", _ascii_header(meta.get("whereQuery", ""))),
        ("x-log-agg-query", _ascii_header(meta.get("aggQuery", ""))),
        ("x-log-cpu-sec", str(meta.get("cpuSec", 0))),
        ("x-log-cpu-cores", str(meta.get("cpuCores", 1))),
        ("x-log-query-info", _ascii_header(json.dumps(info, ensure_ascii=False, separators=(",", ":")))),
    ]


def _json_body(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------------------------------------------------------------
# GetLogs


def get_logs_v1(ctx: Context, req: Request, logstore: str) -> Response:
    engine, store, spec = _prepare(ctx, req, logstore)
    start, end = _time_range(req.params.get("from"), req.params.get("to"))
    result = engine.get_logs(
        store,
        spec,
        start,
        end,
        req.params.get("query"),
        topic=req.params.get("topic") or None,
        line=int_param(req, "line", MAX_LINE, 0),
        offset=int_param(req, "offset", 0, 0),
        reverse=bool_param(req, "reverse", False),
    )
    return Response(_json_body(result.logs), headers=_v1_headers(result))


def _accepted_encoding(header: Optional[str]) -> str:
    for token in (header or "").split(","):
        name = token.split(";", 1)[0].strip().lower()
        if name in _ENCODINGS:
            return name
    return ""


def get_logs_v2(ctx: Context, req: Request, logstore: str) -> Response:
    body = json_body(req)
    engine, store, spec = _prepare(ctx, req, logstore)
    start, end = _time_range(body.get("from"), body.get("to"))
    line = parse_int(body.get("line", MAX_LINE), "line", 0)
    offset = parse_int(body.get("offset", 0), "offset", 0)
    reverse = parse_bool(body.get("reverse", False), "reverse")
    query = body.get("query")
    if query is not None and not isinstance(query, str):
        raise parameter_invalid("query must be a string")
    topic = body.get("topic")
    result = engine.get_logs(store, spec, start, end, query, topic=topic or None, line=line, offset=offset,
                             reverse=reverse)
    raw = _json_body({"meta": result.meta, "data": result.logs})
    encoding = _accepted_encoding(req.headers.get("accept-encoding"))
    if not encoding:
        return Response(raw)
    from aliyun.log.codec import compression

    try:
        compressed = compression.compress(raw, encoding)
    except Exception:  # zstandard missing: answer plain
        return Response(raw)
    return Response(compressed, headers=[("x-log-compresstype", encoding), ("x-log-bodyrawsize", str(len(raw)))])


# ---------------------------------------------------------------------------------------------------------------------
# GetHistograms, ListTopics


def get_histograms(ctx: Context, req: Request, logstore: str) -> Response:
    engine, store, spec = _prepare(ctx, req, logstore)
    start, end = _time_range(req.params.get("from"), req.params.get("to"))
    interval_text = req.params.get("interval")
    interval = parse_int(interval_text, "interval", 1) if interval_text else None
    histograms, total = engine.histograms(store, spec, start, end, req.params.get("query"),
                                          topic=req.params.get("topic") or None, interval=interval)
    headers = [("x-log-progress", "Complete"), ("x-log-count", str(total))]
    return Response(_json_body([h.to_json() for h in histograms]), headers=headers)


def list_topics(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    engine = engine_for(ctx)
    store = engine.sync(ctx.storage, ls)
    line = int_param(req, "line", 100, 0)
    topics, next_token = engine.topics(store, req.params.get("token") or None, line)
    headers = [("x-log-count", str(len(topics))), ("x-log-nexttoken", _ascii_header(next_token))]
    return Response(_json_body(topics), headers=headers)


# ---------------------------------------------------------------------------------------------------------------------
# GetProjectLogs


def get_project_logs(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    query = req.params.get("query") or ""
    if not query.strip():
        raise parameter_invalid("query (a SQL statement) is required")
    engine = engine_for(ctx)
    stores: Dict[str, Tuple[StoreHandle, IndexSpec]] = {}

    def resolve(name: str) -> Tuple[StoreHandle, IndexSpec]:
        found = stores.get(name)
        if found is None:
            ls = ctx.logstores.get(project.name, name)
            spec = IndexSpec.from_config(index_config(ctx, project.name, name))
            found = stores[name] = (engine.sync(ctx.storage, ls), spec)
        return found

    result = engine.project_sql(sorted(project.logstores), resolve, query)
    return Response(_json_body(result.logs), headers=_v1_headers(result))


def register(router: Router) -> None:
    base = "/logstores/{logstore}"
    router.add("GET", base, get_logs_v1, when={"type": "log"}, name="GetLogs")
    router.add("GET", base, get_histograms, when={"type": "histogram"}, name="GetHistograms")
    router.add("GET", base, list_topics, when={"type": "topic"}, name="ListTopics")
    router.add("GET", base + "/index", get_logs_v1, when={"type": "log"}, name="GetLogs(index)")
    router.add("GET", base + "/index", get_histograms, when={"type": "histogram"}, name="GetHistograms(index)")
    router.add("POST", base + "/logs", get_logs_v2, name="GetLogsV2")
    router.add("GET", "/logs", get_project_logs, name="GetProjectLogs")
