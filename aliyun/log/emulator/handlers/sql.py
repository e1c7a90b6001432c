"""Asynchronous SQL (``/asyncsql``) and SQL instances (``/sqlinstance``).

- ``POST /asyncsql`` ``{"logstore", "query", "from", "to", "extensions"}`` starts the query in the background
  and answers an ``AsyncSqlResponsePB`` (protobuf) with its id and state ``RUNNING``.
- ``GET /asyncsql/{id}?offset=&line=`` answers the state (``RUNNING``, ``FINISHED``, ``FAILED``), the meta
  (``result_rows``, ``processed_rows``, ``elapsed_milli``, ``keys``, ``progress``) and ``line`` rows from
  ``offset``, each a list of text columns in ``keys`` order; a failed query carries ``error_code`` /
  ``error_message``.
- ``DELETE /asyncsql/{id}`` cancels and forgets it (later calls: ``QueryNotExist``).

Unlike GetLogs, a statement without LIMIT returns every row (no default LIMIT 100). Results live in memory for the
emulator's lifetime. Protobuf answers are compressed as ``Accept-Encoding`` asks.
SQL instances are stored per project as ``{"cu", "useAsDefault"}``; ``GET /sqlinstance`` lists them.
"""

from __future__ import annotations

from typing import Any, Dict

from aliyun.log.models.sql import async_sql_message_class

from ..backends.async_queries import AsyncQuery
from ..context import Context
from ..core import PROTOBUF_TYPE, ApiError, Request, Response, json_response, parameter_invalid
from ..parsing import int_param, json_body, parse_int
from ..query.search import split_query
from ..routes import Router
from .background import indexed_store, run_later
from .logs import _pull_encoding

SQL_INSTANCE_KIND = "sqlinstance"
MAX_ASYNC_LINE = 10000


def _run(ctx: Context, query: AsyncQuery, ls: Any, start: int, end: int, statement: str) -> None:
    try:
        engine, store, spec = indexed_store(ctx, ls)
        result = engine.get_logs(store, spec, start, end, statement, sql_limit=0)
        keys = list(result.meta.get("keys") or (list(result.logs[0]) if result.logs else []))
        query.finish(keys, [[log.get(key, "null") for key in keys] for log in result.logs],
                     int(result.meta.get("processedRows", 0)))
    except ApiError as exc:
        query.fail(exc.code, exc.message)
    except Exception as exc:  # an engine failure: reported on the query, never a 5xx later
        query.fail("InternalServerError", str(exc))


def _answer(req: Request, job: AsyncQuery, offset: int = 0, line: int = 0) -> Response:
    message = async_sql_message_class()()
    message.id = job.id
    message.state = job.state
    if job.state != "RUNNING":
        meta = message.meta
        meta.result_rows = len(job.rows)
        meta.processed_rows = job.processed
        meta.processed_bytes = 0
        meta.elapsed_milli = job.elapsed
        meta.cpu_sec = job.elapsed / 1000.0
        meta.cpu_cores = 1
        meta.progress = "Complete"
        meta.keys.extend(job.keys)
        for row in job.rows[offset:offset + line]:
            message.rows.add().columns.extend(row)
    if job.error is not None:
        message.error_code, message.error_message = job.error
    raw = message.SerializeToString()
    encoding = _pull_encoding(req.headers.get("accept-encoding"))
    headers = [("x-log-bodyrawsize", str(len(raw)))]
    body = raw
    if encoding and raw:
        from aliyun.log.codec import compression

        body = compression.compress(raw, encoding)
        headers.append(("x-log-compresstype", encoding))
    return Response(body, content_type=PROTOBUF_TYPE, headers=headers)


def submit(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    body = json_body(req)
    name = body.get("logstore")
    if not isinstance(name, str) or not name:
        raise parameter_invalid("logstore is required")
    ls = project.logstores.get(name)
    if ls is None:
        raise ApiError(404, "LogStoreNotExist", f"logstore {name} does not exist")
    query = body.get("query")
    if not isinstance(query, str) or split_query(query)[1] is None:
        raise parameter_invalid("query must be 'search | SQL', e.g. '* | select count(1)'")
    if body.get("from") is None or body.get("to") is None:
        raise parameter_invalid("from and to (unix seconds) are required")
    start, end = parse_int(body["from"], "from", 0), parse_int(body["to"], "to", 0)
    if end < start:
        raise parameter_invalid(f"to ({end}) must not be before from ({start})")
    indexed_store(ctx, ls)  # IndexConfigNotExist at once
    job = ctx.async_queries.start(project.name)
    job.future = run_later(ctx, _run, ctx, job, ls, start, end, query)
    return _answer(req, job)


def get_result(ctx: Context, req: Request, query_id: str) -> Response:
    job = ctx.async_queries.get(ctx.project_name(req), query_id)
    offset = int_param(req, "offset", 0, 0)
    line = int_param(req, "line", 100, 0, MAX_ASYNC_LINE)
    return _answer(req, job, offset, line)


def delete(ctx: Context, req: Request, query_id: str) -> Response:
    return _answer(req, ctx.async_queries.cancel(ctx.project_name(req), query_id))


# -- SQL instances ----------------------------------------------------------------------------------------------------
def _instance_body(req: Request) -> Dict[str, Any]:
    body = json_body(req)
    cu = body.get("cu")
    if isinstance(cu, bool) or not isinstance(cu, int) or not 1 <= cu <= 1000:
        raise parameter_invalid("cu must be an integer in 1..1000")
    return {"cu": cu, "useAsDefault": bool(body.get("useAsDefault", False))}


def create_instance(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    body = _instance_body(req)
    ctx.resources.create(project.name, SQL_INSTANCE_KIND, project.name, body, ctx.now())
    return Response()


def update_instance(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    body = _instance_body(req)
    ctx.resources.replace(project.name, SQL_INSTANCE_KIND, project.name, body, ctx.now())
    return Response()


def list_instances(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    items = []
    for name, _body in ctx.resources.list(project.name, SQL_INSTANCE_KIND):
        body, created, modified = ctx.resources.get(project.name, SQL_INSTANCE_KIND, name)
        items.append({"name": name, "cu": body["cu"], "useAsDefault": body["useAsDefault"], "createTime": created,
                      "updateTime": modified})
    return json_response(items)


def register(router: Router) -> None:
    router.add("POST", "/asyncsql", submit, name="SubmitAsyncSql")
    router.add("GET", "/asyncsql/{query_id}", get_result, name="GetAsyncSql")
    router.add("DELETE", "/asyncsql/{query_id}", delete, name="DeleteAsyncSql")
    router.add("POST", "/sqlinstance", create_instance, name="CreateSqlInstance")
    router.add("PUT", "/sqlinstance", update_instance, name="UpdateSqlInstance")
    router.add("GET", "/sqlinstance", list_instances, name="ListSqlInstance")
