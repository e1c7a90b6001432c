"""Deleting and updating logs (DeleteLogs tasks, DeleteLogs v2, UpdateLogs).

- ``POST /logstores/{ls}/deletelogtasks`` ``{"from", "to", "query", "topic"}`` starts a task and answers
  ``{"taskId"}``; the task runs in the background (progress 0 → 100).
- ``GET /logstores/{ls}/deletelogtasks/{id}`` → ``{"taskId", "progress", ...}``; ``GET .../deletelogtasks`` →
  ``{"count", "total", "tasks"}``.
- ``POST /logstores/{ls}/deletelogs`` ``{"from", "to", "query"} | {"rowId"}`` and ``POST .../updatelogs`` (plus
  ``"data"``, ``"updateMode"``) run at once and answer ``{"affected_rows"}``.

The logs leave (or change in) the searchable copy only: queries, histograms and SQL no longer see them, pulls by
cursor still do (see :mod:`aliyun.log.emulator.query.rows`). Tasks are kept as resources of the logstore.
"""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, Optional, Tuple

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..errors import NotFound
from ..parsing import json_body, parse_int
from ..query.compiler import no_index_error
from ..query.engine import QueryEngine, StoreHandle
from ..query.index import IndexSpec
from ..query.rows import delete_logs, json_object_data, row_id, update_logs
from ..query.search import SearchSyntaxError, parse_search, split_query
from ..routes import Router
from ..storage import Logstore
from .index import index_config
from .query import engine_for

TASK_KIND = "deletelogtask"
_UPDATE_MODES = ("merge", "replace")
_executor_lock = threading.Lock()


def task_executor(ctx: Context) -> ThreadPoolExecutor:
    """One background thread per emulator runs delete tasks and index rebuilds, in order."""
    pool: Optional[ThreadPoolExecutor] = getattr(ctx, "delete_log_tasks", None)
    if pool is None:
        with _executor_lock:
            pool = getattr(ctx, "delete_log_tasks", None)
            if pool is None:
                pool = ThreadPoolExecutor(1, thread_name_prefix="sls-emulator-delete")
                ctx.delete_log_tasks = pool  # type: ignore[attr-defined]
                ctx.on_close(lambda: pool.shutdown(wait=True) if pool else None)
    return pool


def indexed_store(ctx: Context, ls: Logstore) -> Tuple[QueryEngine, StoreHandle, IndexSpec]:
    """The query engine, the up-to-date searchable copy of ``ls`` and its index; IndexConfigNotExist without one."""
    spec = IndexSpec.from_config(index_config(ctx, ls.project, ls.name))
    if not spec.exists:
        raise no_index_error()
    engine = engine_for(ctx)
    return engine, engine.sync(ctx.storage, ls), spec


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
    topic = body.get("topic") or None
    indexed_store(ctx, ls)  # IndexConfigNotExist before anything is stored
    task_id = uuid.uuid4().hex
    task: Dict[str, Any] = {"taskId": task_id, "from": start, "to": end, "query": query, "topic": topic or "",
                            "progress": 0, "createTime": ctx.now(), "affectedRows": 0}
    ctx.resources.create(ls.project, TASK_KIND, task_id, task, ctx.now(), scope=ls.name)
    task_executor(ctx).submit(_run_task, ctx, ls, dict(task))
    return json_response({"taskId": task_id})


def _run_task(ctx: Context, ls: Logstore, task: Dict[str, Any]) -> None:
    if ls.deleted:
        return
    engine, store, spec = indexed_store(ctx, ls)
    task["affectedRows"] = delete_logs(engine, store, spec, task["from"], task["to"], task["query"],
                                       task["topic"] or None)
    task["progress"] = 100
    try:
        ctx.resources.replace(ls.project, TASK_KIND, task["taskId"], task, ctx.now(), scope=ls.name)
    except NotFound:  # the logstore went away meanwhile
        pass


def get_task(ctx: Context, req: Request, logstore: str, task: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body, _created, _modified = ctx.resources.get(ls.project, TASK_KIND, task, scope=ls.name)
    return json_response(body)


def list_tasks(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    tasks = [body for _name, body in ctx.resources.list(ls.project, TASK_KIND, scope=ls.name)]
    tasks.sort(key=lambda t: (t.get("createTime", 0), t.get("taskId", "")))
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
