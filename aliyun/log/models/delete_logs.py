"""Requests and responses of deleting and updating logs (DeleteLogs tasks, DeleteLogs v2, UpdateLogs)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Union

from ..timeparse import parse_timestamp
from .request import LogRequest
from .response import Headers, LogResponse

TimeArg = Union[int, float, str]

__all__ = [
    "DeleteLogsRequest",
    "DeleteLogsResponse",
    "DeleteLogsV2Request",
    "DeleteLogsV2Response",
    "GetDeleteLogsStatusRequest",
    "GetDeleteLogsStatusResponse",
    "ListDeleteLogsTasksRequest",
    "ListDeleteLogsTasksResponse",
    "UpdateLogsRequest",
    "UpdateLogsResponse",
]


def _time(value: Optional[TimeArg], name: str) -> Optional[int]:
    if value is None:
        return None
    try:
        return parse_timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: {exc}") from None


class _LogstoreRequest(LogRequest):
    def __init__(self, project: Optional[str], logstore: Optional[str]) -> None:
        super().__init__(project)
        self.logstore = logstore

    def get_logstore(self) -> str:
        return self.logstore or ""

    def set_logstore(self, logstore: str) -> None:
        self.logstore = logstore


class _RangeRequest(_LogstoreRequest):
    """A logstore, a time range (unix seconds or any :func:`~aliyun.log.timeparse.parse_timestamp` form) and a
    search query selecting logs."""

    def __init__(self, project: Optional[str], logstore: Optional[str], fromTime: Optional[TimeArg],
                 toTime: Optional[TimeArg], query: Optional[str]) -> None:
        super().__init__(project, logstore)
        self.fromTime = _time(fromTime, "fromTime")
        self.toTime = _time(toTime, "toTime")
        self.query = query

    def get_from(self) -> Optional[int]:
        return self.fromTime

    def set_from(self, fromTime: Optional[TimeArg]) -> None:
        self.fromTime = _time(fromTime, "fromTime")

    def get_to(self) -> Optional[int]:
        return self.toTime

    def set_to(self, toTime: Optional[TimeArg]) -> None:
        self.toTime = _time(toTime, "toTime")

    def get_query(self) -> Optional[str]:
        return self.query

    def set_query(self, query: Optional[str]) -> None:
        self.query = query


class DeleteLogsRequest(_RangeRequest):
    """Start an asynchronous task deleting the logs of ``[fromTime, toTime)`` matching ``query`` (and ``topic``)."""

    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None,
                 fromTime: Optional[TimeArg] = None, toTime: Optional[TimeArg] = None, topic: Optional[str] = None,
                 query: Optional[str] = None) -> None:
        super().__init__(project, logstore, fromTime, toTime, query)
        self.topic = topic

    def get_topic(self) -> str:
        return self.topic or ""

    def set_topic(self, topic: Optional[str]) -> None:
        self.topic = topic


class DeleteLogsV2Request(_RangeRequest):
    """Delete logs synchronously: those of a time range matching ``query``, or one log by ``rowId``."""

    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None,
                 fromTime: Optional[TimeArg] = None, toTime: Optional[TimeArg] = None, query: Optional[str] = None,
                 rowId: Optional[str] = None) -> None:
        super().__init__(project, logstore, fromTime, toTime, query)
        self.rowId = rowId

    def get_row_id(self) -> Optional[str]:
        return self.rowId

    def set_row_id(self, rowId: Optional[str]) -> None:
        self.rowId = rowId


class UpdateLogsRequest(DeleteLogsV2Request):
    """Change the contents of the selected logs: ``data`` is a JSON object of fields; ``updateMode`` is
    ``"merge"`` (default: set these fields) or ``"replace"`` (the log's contents become ``data``)."""

    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None,
                 fromTime: Optional[TimeArg] = None, toTime: Optional[TimeArg] = None, query: Optional[str] = None,
                 rowId: Optional[str] = None, updateMode: Optional[str] = None, data: Optional[str] = None) -> None:
        super().__init__(project, logstore, fromTime, toTime, query, rowId)
        self.updateMode = updateMode
        self.data = data

    def get_update_mode(self) -> Optional[str]:
        return self.updateMode

    def set_update_mode(self, updateMode: Optional[str]) -> None:
        self.updateMode = updateMode

    def get_data(self) -> Optional[str]:
        return self.data

    def set_data(self, data: Optional[str]) -> None:
        self.data = data


class GetDeleteLogsStatusRequest(_LogstoreRequest):
    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None,
                 taskid: Optional[str] = None) -> None:
        super().__init__(project, logstore)
        self.taskid = taskid

    def get_taskid(self) -> str:
        return self.taskid or ""

    def set_taskid(self, taskid: str) -> None:
        self.taskid = taskid


class ListDeleteLogsTasksRequest(_LogstoreRequest):
    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None) -> None:
        super().__init__(project, logstore)


class DeleteLogsResponse(LogResponse):
    """The id of the started delete task (``get_taskid()``)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.taskid: Optional[str] = (resp or {}).get("taskId")

    def get_taskid(self) -> Optional[str]:
        return self.taskid


class DeleteLogsV2Response(LogResponse):
    """How many logs a synchronous delete removed."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.affected_rows = int((resp or {}).get("affected_rows", 0))

    def get_affected_rows(self) -> int:
        return self.affected_rows


class UpdateLogsResponse(DeleteLogsV2Response):
    """How many logs an update changed."""


class GetDeleteLogsStatusResponse(LogResponse):
    """The progress of a delete task, 0..100 (``is_completed()`` at 100)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.process = (resp or {}).get("progress", 0)

    def is_completed(self) -> bool:
        return bool(self.process == 100)

    def get_process(self) -> Any:
        return self.process


class ListDeleteLogsTasksResponse(LogResponse):
    """The delete tasks of a logstore: ``{"taskId", "progress", "from", "to", "query", ...}`` each."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        body = resp or {}
        self.task_list: List[Dict[str, Any]] = list(body.get("tasks") or [])
        self.count = int(body.get("count", len(self.task_list)))
        self.total = int(body.get("total", self.count))

    def is_completed(self) -> bool:
        """Whether there are tasks and every one of them finished."""
        return bool(self.task_list) and all(task.get("progress", 0) == 100 for task in self.task_list)

    def get_task_list(self) -> List[Dict[str, Any]]:
        return self.task_list

    def get_count(self) -> int:
        return self.count

    def get_total(self) -> int:
        return self.total
