"""Deleting and updating logs (DeleteLogs tasks, DeleteLogs v2, UpdateLogs).

- ``POST /logstores/{ls}/deletelogtasks`` ``{"from", "to", "query", "topic"}`` starts a task and answers
  ``{"taskId"}``; the task runs in the background (progress 0 → 100).
- ``GET /logstores/{ls}/deletelogtasks/{id}`` → ``{"taskId", "progress", ...}``; ``GET .../deletelogtasks`` →
  ``{"count", "total", "tasks"}``.
- ``POST /logstores/{ls}/deletelogs`` ``{"from", "to", "query"} | {"rowId"}`` and ``POST .../updatelogs`` (plus
  ``"data"``, ``"updateMode"``) run at once and answer ``{"affected_rows"}``.

The logs leave (or change in) the searchable copy only: queries, histograms and SQL no longer see them, pulls by
cursor still do (see :mod:`aliyun.log.emulator.query.rows`). Tasks are kept by ``backends/delete_tasks.py``.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import json_body, parse_int
from ..query.rows import delete_logs, json_object_data, row_id, update_logs
from ..query.search import SearchSyntaxError, parse_search, split_query
from ..routes import Router
from ..storage import Logstore
from .background import indexed_store, run_later

_UPDATE_MODES = ("merge", "replace")
def _range(body: Dict[str, Any]) -> Tuple[int, int]:
    if body.get("from") is None or body.get("to") is None:
        raise parameter_invalid("from and to (unix seconds) are required")
    start, end = parse_int(body["from"], "from", 0), parse_int(body["to"], "to", 0)
    if end <= start:
        raise parameter_invalid(f"to ({end}) must be after from ({start})")
    return start, end


def _query(body: Dict[str, Any]) -> str:
    query = body.get("query") or "*"
    if not isinstance(query, str):
        raise parameter_invalid("query must be a search statement string")
    search, sql = split_query(query)
    if sql is not None:
        raise parameter_invalid("query must be a search statement, without '| SQL'")
    try:
        parse_search(search)
    except SearchSyntaxError as exc:
        raise parameter_invalid(f"query syntax error: {exc}") from None
    return query


# -- tasks ------------------------------------------------------------------------------------------------------------
def create_task(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = json_body(req)
    start, end = _range(body)
    query = _query(body)
    indexed_store(ctx, ls)  # IndexConfigNotExist before anything is stored
    task = ctx.delete_tasks.create(ls.project, ls.name, start, end, query, str(body.get("topic") or ""), ctx.now())
    run_later(ctx, _run_task, ctx, ls, task)
    return json_response({"taskId": task["taskId"]})


def _run_task(ctx: Context, ls: Logstore, task: Dict[str, Any]) -> None:
    if ls.deleted:
        return
    engine, store, spec = indexed_store(ctx, ls)
    removed = delete_logs(engine, store, spec, task["from"], task["to"], task["query"], task["topic"] or None)
    ctx.delete_tasks.finish(ls.project, ls.name, task, removed, ctx.now())


def get_task(ctx: Context, req: Request, logstore: str, task: str) -> Response:
    return json_response(ctx.delete_tasks.get(ctx.project_name(req), logstore, task))


def list_tasks(ctx: Context, req: Request, logstore: str) -> Response:
    tasks = ctx.delete_tasks.all(ctx.project_name(req), logstore)
    return json_response({"count": len(tasks), "total": len(tasks), "tasks": tasks})


# -- synchronous delete / update --------------------------------------------------------------------------------------
def _selection(body: Dict[str, Any]) -> Dict[str, Any]:
    if body.get("rowId") not in (None, ""):
        return {"from_time": None, "to_time": None, "query": None, "rowid": row_id(body["rowId"])}
    start, end = _range(body)
    return {"from_time": start, "to_time": end, "query": _query(body), "rowid": None}


def delete_now(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    selection = _selection(json_body(req))
    engine, store, spec = indexed_store(ctx, ls)
    return json_response({"affected_rows": delete_logs(engine, store, spec, **selection)})


def update_now(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = json_body(req)
    selection = _selection(body)
    mode = body.get("updateMode") or "merge"
    if mode not in _UPDATE_MODES:
        raise parameter_invalid(f"updateMode must be one of {_UPDATE_MODES}, got {mode!r}")
    data = json_object_data(body.get("data"))
    engine, store, spec = indexed_store(ctx, ls)
    return json_response({"affected_rows": update_logs(engine, store, spec, data=data, mode=mode, **selection)})


def register(router: Router) -> None:
    base = "/logstores/{logstore}"
    router.add("POST", base + "/deletelogtasks", create_task, name="CreateDeleteLogsTask")
    router.add("GET", base + "/deletelogtasks", list_tasks, name="ListDeleteLogsTasks")
    router.add("GET", base + "/deletelogtasks/{task}", get_task, name="GetDeleteLogsStatus")
    router.add("POST", base + "/deletelogs", delete_now, name="DeleteLogs")
    router.add("POST", base + "/updatelogs", update_now, name="UpdateLogs")
