"""SQL analysis: one-shot SQL on a logstore or a project, asynchronous SQL (``/asyncsql``) and SQL instances."""

from __future__ import annotations

import json
import re
from typing import Any, Dict

from ..errors import invalid_argument
from ..models.query import GetLogsResponse, GetProjectLogsRequest, GetProjectLogsResponse
from ..models.sql import (
    AsyncSqlResponse,
    CreateSqlInstanceResponse,
    DeleteAsyncSqlRequest,
    GetAsyncSqlRequest,
    ListSqlInstanceResponse,
    SubmitAsyncSqlRequest,
    UpdateSqlInstanceResponse,
)
from .base import require_name
from .query import QueryApi

_PROTOBUF_HEADERS = {"Accept": "application/x-protobuf", "Accept-Encoding": "lz4"}


def is_analysis_query(query: Any) -> bool:
    """Whether ``query`` is ``search | select ...`` (quoted text does not count)."""
    if not isinstance(query, str):
        return False
    unquoted = re.sub(r'"[^"]*"', "", query)
    return re.search(r"\|.*\bselect\b", unquoted, re.IGNORECASE | re.DOTALL) is not None


def _check_request(request: Any, cls: type) -> Any:
    if not isinstance(request, cls):
        raise invalid_argument(f"request must be a {cls.__name__}, got {type(request).__name__}")
    return request


class SqlApi(QueryApi):
    def execute_logstore_sql(self, project: str, logstore: str, from_time: Any, to_time: Any, sql: str,
                             power_sql: bool) -> GetLogsResponse:
        """Run ``search | SQL`` on a logstore over ``[from_time, to_time)``; every result row, retried while the
        service reports it incomplete."""
        if not is_analysis_query(sql):
            raise invalid_argument("sql must follow the 'search | analysis' syntax, e.g. '* | select count(1) as c'")
        return self.get_log(project, logstore, from_time, to_time, topic=None, query=sql, reverse=False, offset=0,
                            size=100, power_sql=power_sql)

    def execute_project_sql(self, project: str, sql: str, power_sql: bool) -> GetProjectLogsResponse:
        """Run a SQL statement over the logstores of a project (``select ... from logstore where __time__ > t``)."""
        return self.get_project_logs(GetProjectLogsRequest(project, sql, power_sql))

    # -- async SQL ----------------------------------------------------------------------------------------------------
    def submit_async_sql(self, request: SubmitAsyncSqlRequest) -> AsyncSqlResponse:
        """Start a SQL query in the background; ``get_query_id()`` of the answer pages its result with
        :meth:`get_async_sql`."""
        request = _check_request(request, SubmitAsyncSqlRequest)
        if request.get_from() is None or request.get_to() is None:
            raise invalid_argument("SubmitAsyncSqlRequest needs fromTime and toTime")
        extensions: Dict[str, Any] = {"powerSql": bool(request.get_power_sql()),
                                      "allowIncomplete": bool(request.get_allow_incomplete())}
        if request.get_max_run_time() is not None:
            extensions["maxRunTime"] = request.get_max_run_time()
        body = {"logstore": require_name(request.get_logstore(), "request.logstore"),
                "query": require_name(request.get_query(), "request.query"),
                "from": request.get_from(), "to": request.get_to(), "extensions": extensions}
        raw = json.dumps(body, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "x-log-bodyrawsize": str(len(raw)), **_PROTOBUF_HEADERS}
        resp = self._send("POST", "/asyncsql", require_name(request.get_project(), "request.project"), None,
                          headers, raw)
        return AsyncSqlResponse(resp.headers, resp.decompressed_body())

    def get_async_sql(self, request: GetAsyncSqlRequest) -> AsyncSqlResponse:
        """The state of an async query and ``line`` rows of its result from ``offset``."""
        request = _check_request(request, GetAsyncSqlRequest)
        query_id = require_name(request.get_query_id(), "request.query_id")
        params = {"offset": str(int(request.get_offset())), "line": str(int(request.get_line()))}
        resp = self._send("GET", f"/asyncsql/{query_id}", require_name(request.get_project(), "request.project"),
                          params, dict(_PROTOBUF_HEADERS))
        return AsyncSqlResponse(resp.headers, resp.decompressed_body())

    def delete_async_sql(self, request: DeleteAsyncSqlRequest) -> AsyncSqlResponse:
        """Cancel an async query (if running) and drop its result."""
        request = _check_request(request, DeleteAsyncSqlRequest)
        query_id = require_name(request.get_query_id(), "request.query_id")
        resp = self._send("DELETE", f"/asyncsql/{query_id}", require_name(request.get_project(), "request.project"),
                          None, dict(_PROTOBUF_HEADERS))
        return AsyncSqlResponse(resp.headers, resp.decompressed_body())

    # -- SQL instances (dedicated SQL capacity) -----------------------------------------------------------------------
    def create_sql_instance(self, project_name: str, sql_instance: int, useAsDefault: bool
                            ) -> CreateSqlInstanceResponse:
        """Reserve ``sql_instance`` compute units of dedicated SQL for the project."""
        resp = self._send_json("POST", "/sqlinstance", require_name(project_name, "project_name"),
                               _sql_instance_body(sql_instance, useAsDefault))
        return CreateSqlInstanceResponse(resp.headers, resp.json() or "")

    def update_sql_instance(self, project_name: str, sql_instance: int, useAsDefault: bool
                            ) -> UpdateSqlInstanceResponse:
        resp = self._send_json("PUT", "/sqlinstance", require_name(project_name, "project_name"),
                               _sql_instance_body(sql_instance, useAsDefault))
        return UpdateSqlInstanceResponse(resp.headers, resp.json() or "")

    def list_sql_instance(self, project_name: str) -> ListSqlInstanceResponse:
        resp = self._send("GET", "/sqlinstance", require_name(project_name, "project_name"))
        return ListSqlInstanceResponse(resp.headers, resp.json())


def _sql_instance_body(sql_instance: Any, use_as_default: Any) -> Dict[str, Any]:
    if isinstance(sql_instance, bool) or not isinstance(sql_instance, int) or sql_instance <= 0:
        raise invalid_argument(f"sql_instance must be a positive number of compute units, got {sql_instance!r}")
    return {"cu": sql_instance, "useAsDefault": bool(use_as_default)}
