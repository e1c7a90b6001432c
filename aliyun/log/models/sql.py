"""Requests and responses of asynchronous SQL (``/asyncsql``) and SQL instances (``/sqlinstance``).

An async SQL answer is an ``AsyncSqlResponsePB`` protobuf message (schema below, as the service sends it): the query
id, its state (``RUNNING``, ``FINISHED``, ``FAILED``, ``CANCELLED``), its meta (rows, progress, column names) and a
page of rows, each a list of text columns.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional

from ..timeparse import parse_timestamp
from .request import LogRequest
from .response import Headers, LogResponse, header_value

__all__ = [
    "AsyncSqlResponse",
    "CreateSqlInstanceResponse",
    "DeleteAsyncSqlRequest",
    "GetAsyncSqlRequest",
    "ListSqlInstanceResponse",
    "SubmitAsyncSqlRequest",
    "UpdateSqlInstanceResponse",
    "async_sql_message_class",
]

_SCHEMA: List[Any] = [
    ("AsyncSqlMetaPB", [
        ("result_rows", 1, "TYPE_INT32", "LABEL_OPTIONAL", None),
        ("processed_rows", 2, "TYPE_INT64", "LABEL_OPTIONAL", None),
        ("processed_bytes", 3, "TYPE_INT64", "LABEL_OPTIONAL", None),
        ("elapsed_milli", 4, "TYPE_INT64", "LABEL_OPTIONAL", None),
        ("cpu_sec", 5, "TYPE_DOUBLE", "LABEL_OPTIONAL", None),
        ("cpu_cores", 6, "TYPE_INT64", "LABEL_OPTIONAL", None),
        ("progress", 7, "TYPE_STRING", "LABEL_OPTIONAL", None),
        ("keys", 8, "TYPE_STRING", "LABEL_REPEATED", None),
    ], []),
    ("AsyncSqlRowPB", [("columns", 1, "TYPE_STRING", "LABEL_REPEATED", None)], []),
    ("AsyncSqlResponsePB", [
        ("id", 1, "TYPE_STRING", "LABEL_REQUIRED", None),
        ("state", 2, "TYPE_STRING", "LABEL_REQUIRED", None),
        ("meta", 3, "TYPE_MESSAGE", "LABEL_OPTIONAL", ".AsyncSqlMetaPB"),
        ("rows", 4, "TYPE_MESSAGE", "LABEL_REPEATED", ".AsyncSqlRowPB"),
        ("error_code", 5, "TYPE_STRING", "LABEL_OPTIONAL", None),
        ("error_message", 6, "TYPE_STRING", "LABEL_OPTIONAL", None),
    ], []),
]
_classes: Dict[str, Any] = {}
_lock = threading.Lock()


def async_sql_message_class() -> Any:
    """The ``AsyncSqlResponsePB`` message class (built on first use)."""
    if not _classes:
        from ..codec.proto import _build

        with _lock:
            if not _classes:
                _classes.update(_build("aliyun/log/models/async_sql.proto", "", _SCHEMA))
    return _classes["AsyncSqlResponsePB"]


class SubmitAsyncSqlRequest(LogRequest):
    """Run ``query`` (``search | SQL``) over ``logstore`` and ``[fromTime, toTime)`` in the background."""

    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None, query: Optional[str] = None,
                 fromTime: Any = None, toTime: Any = None, power_sql: bool = False, allow_incomplete: bool = True,
                 max_run_time: Optional[int] = None) -> None:
        super().__init__(project)
        self.logstore = logstore
        self.query = query
        self.fromTime = None if fromTime is None else parse_timestamp(fromTime)
        self.toTime = None if toTime is None else parse_timestamp(toTime)
        self.power_sql = power_sql
        self.allow_incomplete = allow_incomplete
        self.max_run_time = max_run_time

    def get_logstore(self) -> str:
        return self.logstore or ""

    def set_logstore(self, logstore: str) -> None:
        self.logstore = logstore

    def get_query(self) -> Optional[str]:
        return self.query

    def set_query(self, query: str) -> None:
        self.query = query

    def get_from(self) -> Optional[int]:
        return self.fromTime

    def set_from(self, fromTime: Any) -> None:
        self.fromTime = fromTime

    def get_to(self) -> Optional[int]:
        return self.toTime

    def set_to(self, toTime: Any) -> None:
        self.toTime = toTime

    def get_power_sql(self) -> bool:
        return self.power_sql

    def set_power_sql(self, power_sql: bool) -> None:
        self.power_sql = power_sql

    def get_allow_incomplete(self) -> bool:
        return self.allow_incomplete

    def set_allow_incomplete(self, allow_incomplete: bool) -> None:
        self.allow_incomplete = allow_incomplete

    def get_max_run_time(self) -> Optional[int]:
        return self.max_run_time

    def set_max_run_time(self, max_run_time: Optional[int]) -> None:
        self.max_run_time = max_run_time


class DeleteAsyncSqlRequest(LogRequest):
    def __init__(self, project: Optional[str] = None, query_id: Optional[str] = None) -> None:
        super().__init__(project)
        self.query_id = query_id

    def get_query_id(self) -> str:
        return self.query_id or ""

    def set_query_id(self, query_id: str) -> None:
        self.query_id = query_id


class GetAsyncSqlRequest(DeleteAsyncSqlRequest):
    """A page (``offset``, ``line`` rows) of an async query's result."""

    def __init__(self, project: Optional[str] = None, query_id: Optional[str] = None, offset: int = 0,
                 line: int = 100) -> None:
        super().__init__(project, query_id)
        self.offset = offset
        self.line = line

    def get_offset(self) -> int:
        return self.offset

    def set_offset(self, offset: int) -> None:
        self.offset = offset

    def get_line(self) -> int:
        return self.line

    def set_line(self, line: int) -> None:
        self.line = line


def _field(message: Any, name: str, default: Any) -> Any:
    if message is None or not message.HasField(name):
        return default
    return getattr(message, name) or default


class AsyncSqlResponse(LogResponse):
    """State, meta and a page of rows of an async SQL query."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self.async_sql_response_pb = async_sql_message_class()()
        if resp:
            self.async_sql_response_pb.ParseFromString(resp)

    def get_query_id(self) -> str:
        return str(self.async_sql_response_pb.id)

    def get_state(self) -> str:
        return str(self.async_sql_response_pb.state)

    def get_error_code(self) -> Optional[str]:
        return _field(self.async_sql_response_pb, "error_code", None)  # type: ignore[no-any-return]

    def get_error_message(self) -> Optional[str]:
        return _field(self.async_sql_response_pb, "error_message", None)  # type: ignore[no-any-return]

    def get_meta(self) -> Any:
        return _field(self.async_sql_response_pb, "meta", None)

    def get_result_rows(self) -> int:
        return int(_field(self.get_meta(), "result_rows", 0))

    def get_processed_rows(self) -> int:
        return int(_field(self.get_meta(), "processed_rows", 0))

    def get_processed_bytes(self) -> int:
        return int(_field(self.get_meta(), "processed_bytes", 0))

    def get_elapsed_milli(self) -> int:
        return int(_field(self.get_meta(), "elapsed_milli", 0))

    def get_cpu_sec(self) -> float:
        return float(_field(self.get_meta(), "cpu_sec", 0.0))

    def get_cpu_cores(self) -> int:
        return int(_field(self.get_meta(), "cpu_cores", 0))

    def get_progress(self) -> str:
        return str(_field(self.get_meta(), "progress", ""))

    def get_keys(self) -> List[str]:
        meta = self.get_meta()
        return list(meta.keys) if meta is not None else []

    def get_rows(self) -> List[List[str]]:
        return [list(row.columns) for row in self.async_sql_response_pb.rows]

    def get_raw_response_pb(self) -> Any:
        return self.async_sql_response_pb

    def _summary(self) -> Any:
        return {"id": self.get_query_id(), "state": self.get_state(), "keys": self.get_keys(),
                "rows": self.get_rows(), "error_code": self.get_error_code(),
                "error_message": self.get_error_message(), "request_id": header_value(self.headers,
                                                                                      "x-log-requestid")}


class CreateSqlInstanceResponse(LogResponse):
    def __init__(self, header: Optional[Headers], resp: Any = "") -> None:
        super().__init__(header, resp)


class UpdateSqlInstanceResponse(CreateSqlInstanceResponse):
    pass


class ListSqlInstanceResponse(CreateSqlInstanceResponse):
    """The project's SQL instances as the service lists them (``get_body()``)."""
