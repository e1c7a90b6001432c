"""Deleting and updating logs: asynchronous delete tasks (DeleteLogs), DeleteLogs v2 and UpdateLogs.

Deleted logs disappear from queries, histograms and SQL; a pull by cursor reads the raw stream and still returns
them (the service keeps shards append-only).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Optional

from ..errors import invalid_argument
from ..models.delete_logs import (
    DeleteLogsRequest,
    DeleteLogsResponse,
    DeleteLogsV2Request,
    DeleteLogsV2Response,
    GetDeleteLogsStatusRequest,
    GetDeleteLogsStatusResponse,
    ListDeleteLogsTasksRequest,
    ListDeleteLogsTasksResponse,
    TimeArg,
    UpdateLogsRequest,
    UpdateLogsResponse,
)
from .base import ApiBase, require_name

_UPDATE_MODES = ("merge", "replace")


def _check_request(request: Any, cls: type) -> Any:
    if not isinstance(request, cls):
        raise invalid_argument(f"request must be a {cls.__name__}, got {type(request).__name__}")
    return request


def _range_body(request: DeleteLogsV2Request) -> Dict[str, Any]:
    body: Dict[str, Any] = {}
    for key, value in (("from", request.get_from()), ("to", request.get_to()), ("query", request.get_query()),
                       ("rowId", request.get_row_id())):
        if value is not None:
            body[key] = value
    if "rowId" not in body and ("from" not in body or "to" not in body):
        raise invalid_argument("give from_time and to_time (with an optional query), or a row_id")
    return body


def _update_data(log_item: Any) -> Optional[str]:
    if log_item is None:
        return None
    if hasattr(log_item, "get_contents"):
        return json.dumps(dict(log_item.get_contents()), ensure_ascii=False)
    if isinstance(log_item, dict):
        return json.dumps(log_item, ensure_ascii=False)
    if isinstance(log_item, str):
        return log_item
    raise invalid_argument(f"log_item must be a LogItem, a dict or a JSON string, got {type(log_item).__name__}")


class DeleteLogsApi(ApiBase):
    def delete_logs(self, request: DeleteLogsRequest) -> DeleteLogsResponse:
        """Start a task deleting the logs of ``[from, to)`` that match the request's query; ``get_taskid()`` of the
        answer follows it with :meth:`get_delete_logs_status`."""
        request = _check_request(request, DeleteLogsRequest)
        if request.get_from() is None or request.get_to() is None:
            raise invalid_argument("DeleteLogsRequest needs fromTime and toTime")
        body: Dict[str, Any] = {"from": request.get_from(), "to": request.get_to(), "accurate": True,
                                "type": "logs"}
        if request.get_topic():
            body["topic"] = request.get_topic()
        if request.get_query() is not None:
            body["query"] = request.get_query()
        logstore = require_name(request.get_logstore(), "request.logstore")
        resp = self._send_json("POST", f"/logstores/{logstore}/deletelogtasks",
                               require_name(request.get_project(), "request.project"), body)
        return DeleteLogsResponse(resp.json(), resp.headers)

    def delete_logs_v2(self, request: Optional[DeleteLogsV2Request] = None, project: Optional[str] = None,
                       logstore: Optional[str] = None, from_time: Optional[TimeArg] = None,
                       to_time: Optional[TimeArg] = None, query: Optional[str] = None, rowid: Optional[str] = None,
                       row_id: Optional[str] = None) -> DeleteLogsV2Response:
        """Delete, and wait for it, the logs of a time range matching ``query``, or the one log ``row_id`` names
        (``__tag__:__rowid__`` ... of a query result). ``get_affected_rows()`` counts them."""
        if request is None:
            request = DeleteLogsV2Request(project, logstore, from_time, to_time, query,
                                          rowid if rowid is not None else row_id)
        request = _check_request(request, DeleteLogsV2Request)
        logstore_name = require_name(request.get_logstore(), "logstore")
        resp = self._send_json("POST", f"/logstores/{logstore_name}/deletelogs",
                               require_name(request.get_project(), "project"), _range_body(request))
        return DeleteLogsV2Response(resp.json(), resp.headers)

    def update_logs(self, request: Optional[UpdateLogsRequest] = None, project: Optional[str] = None,
                    logstore: Optional[str] = None, from_time: Optional[TimeArg] = None,
                    to_time: Optional[TimeArg] = None, query: Optional[str] = None, rowid: Optional[str] = None,
                    row_id: Optional[str] = None, log_item: Any = None, update_mode: Optional[str] = None,
                    data: Optional[str] = None) -> UpdateLogsResponse:
        """Set fields of the selected logs: ``log_item`` (a LogItem or dict) or ``data`` (a JSON object string)
        gives them; ``update_mode`` ``"merge"`` (default) keeps the other fields, ``"replace"`` drops them."""
        if request is None:
            request = UpdateLogsRequest(project, logstore, from_time, to_time, query,
                                        rowid if rowid is not None else row_id, update_mode,
                                        data if data is not None else _update_data(log_item))
        request = _check_request(request, UpdateLogsRequest)
        body = _range_body(request)
        mode = request.get_update_mode()
        if mode is not None:
            if mode not in _UPDATE_MODES:
                raise invalid_argument(f"update_mode must be one of {_UPDATE_MODES}, got {mode!r}")
            body["updateMode"] = mode
        if request.get_data() is None:
            raise invalid_argument("update_logs needs log_item or data: the fields to set")
        body["data"] = request.get_data()
        logstore_name = require_name(request.get_logstore(), "logstore")
        resp = self._send_json("POST", f"/logstores/{logstore_name}/updatelogs",
                               require_name(request.get_project(), "project"), body)
        return UpdateLogsResponse(resp.json(), resp.headers)

    def get_delete_logs_status(self, request: GetDeleteLogsStatusRequest) -> GetDeleteLogsStatusResponse:
        """The progress (0..100) of a delete task."""
        request = _check_request(request, GetDeleteLogsStatusRequest)
        task = require_name(request.get_taskid(), "request.taskid")
        logstore = require_name(request.get_logstore(), "request.logstore")
        resp = self._send("GET", f"/logstores/{logstore}/deletelogtasks/{task}",
                          require_name(request.get_project(), "request.project"),
                          {"taskId": task, "type": "deletelogtasks"})
        return GetDeleteLogsStatusResponse(resp.json(), resp.headers)

    def list_delete_logs_tasks(self, request: ListDeleteLogsTasksRequest) -> ListDeleteLogsTasksResponse:
        """Every delete task of a logstore with its progress."""
        request = _check_request(request, ListDeleteLogsTasksRequest)
        logstore = require_name(request.get_logstore(), "request.logstore")
        resp = self._send("GET", f"/logstores/{logstore}/deletelogtasks",
                          require_name(request.get_project(), "request.project"), {"type": "deletelogtasks"})
        return ListDeleteLogsTasksResponse(resp.json(), resp.headers)
