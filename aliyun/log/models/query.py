"""Requests and responses of the query APIs: GetLogs, GetHistograms, GetProjectLogs and ListTopics.

Query results carry **string values only** (``"__time__": "1700000000"``); :class:`QueriedLog` turns the time back
into an int. A :class:`GetLogsResponse` is built from either form the service answers with: the JSON array of the
``GET`` form (v1, query meta in ``x-log-*`` headers) or the ``{"meta": {...}, "data": [...]}`` object of the
``POST /logs`` form (v2).
"""

from __future__ import annotations

import enum
import json
from typing import Any, Dict, Iterator, List, Mapping, Optional, Union

from ..version import install_hint
from .request import LogRequest
from .response import Headers, LogResponse, header_value
from .validation import int_header, require_dict, require_str

__all__ = [
    "GetHistogramsRequest",
    "GetHistogramsResponse",
    "GetLogsRequest",
    "GetLogsResponse",
    "GetProjectLogsRequest",
    "GetProjectLogsResponse",
    "Histogram",
    "ListTopicsRequest",
    "ListTopicsResponse",
    "QueriedLog",
]

TimeArg = Union[int, float, str]

#: The most logs one GetLogs call returns (``line``); SQL results are not limited by it.
MAX_LINE = 100


# ---------------------------------------------------------------------------------------------------------------------
# Requests


class _TimeRangeRequest(LogRequest):
    """Fields shared by queries over a logstore and a time range, with the original SDK's accessors."""

    def __init__(
        self,
        project: Optional[str],
        logstore: Optional[str],
        fromTime: Optional[TimeArg],
        toTime: Optional[TimeArg],
        topic: Optional[str],
        query: Optional[str],
        accurate_query: bool,
        from_time_nano_part: int,
        to_time_nano_part: int,
    ) -> None:
        super().__init__(project)
        self.logstore = logstore
        self.fromTime = fromTime
        self.toTime = toTime
        self.topic = topic
        self.query = query
        self.accurate_query = accurate_query
        self.from_time_nano_part = from_time_nano_part
        self.to_time_nano_part = to_time_nano_part

    def get_logstore(self) -> Optional[str]:
        return self.logstore

    def set_logstore(self, logstore: str) -> None:
        self.logstore = logstore

    def get_from(self) -> Optional[TimeArg]:
        return self.fromTime

    def set_from(self, fromTime: TimeArg) -> None:
        self.fromTime = fromTime

    def get_to(self) -> Optional[TimeArg]:
        return self.toTime

    def set_to(self, toTime: TimeArg) -> None:
        self.toTime = toTime

    def get_topic(self) -> Optional[str]:
        return self.topic

    def set_topic(self, topic: str) -> None:
        self.topic = topic

    def get_query(self) -> Optional[str]:
        return self.query

    def set_query(self, query: str) -> None:
        self.query = query

    def get_accurate_query(self) -> bool:
        return self.accurate_query

    def set_accurate_query(self, accurate_query: bool) -> None:
        self.accurate_query = accurate_query

    def get_from_time_nano_part(self) -> int:
        return self.from_time_nano_part

    def set_from_time_nano_part(self, from_time_nano_part: int) -> None:
        self.from_time_nano_part = from_time_nano_part

    def get_to_time_nano_part(self) -> int:
        return self.to_time_nano_part

    def set_to_time_nano_part(self, to_time_nano_part: int) -> None:
        self.to_time_nano_part = to_time_nano_part


class GetLogsRequest(_TimeRangeRequest):
    """Search (and analyse) the logs of a logstore whose time is in ``[fromTime, toTime)``.

    Args:
        project, logstore: where to search.
        fromTime, toTime: unix seconds or any form of :func:`~aliyun.log.timeparse.parse_timestamp`
            (``"2018-01-02 12:12:10+8:00"``, ``"1 hour ago"``, ``"now"``...).
        topic: only logs of this topic (None or ``""``: every topic).
        query: a search statement, optionally followed by ``| <SQL>`` (``"status: 500 | select count(1) as c"``).
        line: at most this many logs (0..100); ignored by SQL, which returns all its rows.
        offset: skip this many matching logs first (paging).
        reverse: newest logs first.
        power_sql, scan, forward, accurate_query, from_time_nano_part, to_time_nano_part: passed to the service as
            ``powerSql``, ``session=mode=scan``, ``forward``, ``accurate``, ``fromNs`` and ``toNs``.
    """

    def __init__(
        self,
        project: Optional[str] = None,
        logstore: Optional[str] = None,
        fromTime: Optional[TimeArg] = None,
        toTime: Optional[TimeArg] = None,
        topic: Optional[str] = None,
        query: Optional[str] = None,
        line: int = MAX_LINE,
        offset: int = 0,
        reverse: bool = False,
        power_sql: bool = False,
        scan: bool = False,
        forward: bool = True,
        accurate_query: bool = True,
        from_time_nano_part: int = 0,
        to_time_nano_part: int = 0,
    ) -> None:
        super().__init__(project, logstore, fromTime, toTime, topic, query, accurate_query, from_time_nano_part,
                         to_time_nano_part)
        self.line = line
        self.offset = offset
        self.reverse = reverse
        self.power_sql = power_sql
        self.scan = scan
        self.forward = forward

    def get_line(self) -> int:
        return self.line

    def set_line(self, line: int) -> None:
        self.line = line

    def get_offset(self) -> int:
        return self.offset

    def set_offset(self, offset: int) -> None:
        self.offset = offset

    def get_reverse(self) -> bool:
        return self.reverse

    def set_reverse(self, reverse: bool) -> None:
        self.reverse = reverse

    def get_power_sql(self) -> bool:
        return self.power_sql

    def set_power_sql(self, power_sql: bool) -> None:
        self.power_sql = power_sql

    def get_scan(self) -> bool:
        return self.scan

    def set_scan(self, scan: bool) -> None:
        self.scan = scan

    def get_forward(self) -> bool:
        return self.forward

    def set_forward(self, forward: bool) -> None:
        self.forward = forward

    def __repr__(self) -> str:
        return (
            f"GetLogsRequest(project={self.project!r}, logstore={self.logstore!r}, fromTime={self.fromTime!r}, "
            f"toTime={self.toTime!r}, query={self.query!r}, line={self.line!r}, offset={self.offset!r}, "
            f"reverse={self.reverse!r})"
        )


class GetHistogramsRequest(_TimeRangeRequest):
    """How the logs matching ``query`` are spread over ``[fromTime, toTime)``.

    The service splits the range into equal sub-intervals (the same ones for the same range); ``interval``
    (seconds, keyword only) asks for a given width instead. Times take every form of the time parser.
    """

    def __init__(
        self,
        project: Optional[str] = None,
        logstore: Optional[str] = None,
        fromTime: Optional[TimeArg] = None,
        toTime: Optional[TimeArg] = None,
        topic: Optional[str] = None,
        query: Optional[str] = None,
        accurate_query: bool = True,
        from_time_nano_part: int = 0,
        to_time_nano_part: int = 0,
        shard_id: int = -1,
        *,
        interval: Optional[int] = None,
    ) -> None:
        super().__init__(project, logstore, fromTime, toTime, topic, query, accurate_query, from_time_nano_part,
                         to_time_nano_part)
        self.shard_id = shard_id
        self.interval = interval

    def get_shard_id(self) -> int:
        return self.shard_id

    def set_shard_id(self, shard_id: int) -> None:
        self.shard_id = shard_id

    def get_interval(self) -> Optional[int]:
        return self.interval

    def set_interval(self, interval: Optional[int]) -> None:
        self.interval = interval

    def __repr__(self) -> str:
        return (
            f"GetHistogramsRequest(project={self.project!r}, logstore={self.logstore!r}, "
            f"fromTime={self.fromTime!r}, toTime={self.toTime!r}, query={self.query!r})"
        )


class GetProjectLogsRequest(LogRequest):
    """A SQL statement over one or more logstores of a project: ``select ... from logstore1, logstore2 ...``."""

    def __init__(self, project: Optional[str] = None, query: Optional[str] = None, power_sql: bool = False) -> None:
        super().__init__(project)
        self.query = query
        self.power_sql = power_sql

    def get_query(self) -> Optional[str]:
        return self.query

    def set_query(self, query: str) -> None:
        self.query = query

    def get_power_sql(self) -> bool:
        return self.power_sql

    def set_power_sql(self, power_sql: bool) -> None:
        self.power_sql = power_sql

    def __repr__(self) -> str:
        return f"GetProjectLogsRequest(project={self.project!r}, query={self.query!r})"


class ListTopicsRequest(LogRequest):
    """The topics of a logstore, ``line`` at a time; ``token`` continues after a previous page."""

    def __init__(
        self,
        project: Optional[str] = None,
        logstore: Optional[str] = None,
        token: Optional[str] = None,
        line: Optional[int] = None,
    ) -> None:
        super().__init__(project)
        self.logstore = logstore
        self.token = token
        self.line = line

    def get_logstore(self) -> Optional[str]:
        return self.logstore

    def set_logstore(self, logstore: str) -> None:
        self.logstore = logstore

    def get_token(self) -> Optional[str]:
        return self.token

    def set_token(self, token: str) -> None:
        self.token = token

    def get_line(self) -> Optional[int]:
        return self.line

    def set_line(self, line: int) -> None:
        self.line = line

    def __repr__(self) -> str:
        return f"ListTopicsRequest(project={self.project!r}, logstore={self.logstore!r}, token={self.token!r})"


# ---------------------------------------------------------------------------------------------------------------------
# Responses


class QueriedLog:
    """One log of a query result: its time (int seconds), its source and every other field as ``contents``.

    ``contents`` holds the string values the service answered (``__topic__``, ``__tag__:<key>`` and the content
    keys; for a SQL result, the selected columns).
    """

    __slots__ = ("contents", "source", "timestamp")

    def __init__(self, timestamp: Any, source: Optional[str], contents: Dict[str, Any]) -> None:
        self.timestamp = _to_int(timestamp)
        self.source = source or ""
        self.contents = contents

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QueriedLog:
        """A QueriedLog from one result object (``__time__`` and ``__source__`` are taken out of the contents)."""
        contents = {k: v for k, v in data.items() if k != "__time__" and k != "__source__"}
        return cls(data.get("__time__", 0), data.get("__source__", ""), contents)

    def get_time(self) -> int:
        return self.timestamp

    def get_source(self) -> str:
        return self.source

    def get_contents(self) -> Dict[str, Any]:
        return self.contents

    def to_dict(self) -> Dict[str, Any]:
        """The result object again: ``__time__`` (string), ``__source__`` and the contents."""
        out: Dict[str, Any] = {"__time__": str(self.timestamp), "__source__": self.source}
        out.update(self.contents)
        return out

    def log_print(self) -> None:
        print("time:", self.timestamp)
        print("source:", self.source)
        print("contents:", json.dumps(self.contents, ensure_ascii=False))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, QueriedLog):
            return NotImplemented
        return (self.timestamp, self.source, self.contents) == (other.timestamp, other.source, other.contents)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"QueriedLog(timestamp={self.timestamp!r}, source={self.source!r}, contents={self.contents!r})"


def _to_int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def _to_float(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _to_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


class _QueryMode(enum.IntEnum):
    """How the service ran a query (``mode`` of the query meta)."""

    NORMAL = 0
    PHRASE = 1
    SCAN = 2
    SCAN_SQL = 3


class _Term:
    """A (key, term) pair the service searched for; key is ``""`` for a full-text term."""

    __slots__ = ("key", "term")

    def __init__(self, key: str, term: str) -> None:
        self.key = key
        self.term = term

    def get_key(self) -> str:
        return self.key

    def get_term(self) -> str:
        return self.term

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Term):
            return NotImplemented
        return (self.key, self.term) == (other.key, other.term)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Term(key={self.key!r}, term={self.term!r})"


class _PhraseQueryInfo:
    """Progress of a phrase (``#"..."``) query: whether every log was scanned, the offsets and the end time."""

    def __init__(self, pharse_query_info: Optional[Mapping[str, Any]]) -> None:
        info = dict(pharse_query_info or {})
        self.raw = info
        self.scan_all = _to_bool(info.get("scanAll", False))
        self.begin_offset = _to_int(info.get("beginOffset", 0))
        self.end_offset = _to_int(info.get("endOffset", 0))
        self.end_time = _to_int(info.get("endTime", 0))

    def get_scan_all(self) -> bool:
        return self.scan_all

    def get_begin_offset(self) -> int:
        return self.begin_offset

    def get_end_offset(self) -> int:
        return self.end_offset

    def get_end_time(self) -> int:
        return self.end_time

    def __repr__(self) -> str:
        return f"PhraseQueryInfo({self.raw!r})"


class _GetLogsResponseMeta:
    """The query meta of a GetLogs answer (v2 ``meta`` object, or the v1 ``x-log-*`` headers turned into one)."""

    def __init__(self, meta: Optional[Mapping[str, Any]]) -> None:
        raw = dict(meta or {})
        self.raw = raw
        self.progress = str(raw.get("progress", "Complete") or "Complete")
        self.count = _to_int(raw.get("count", 0))
        self.processed_rows = _to_int(raw.get("processedRows", 0))
        self.elapsed_millisecond = _to_int(raw.get("elapsedMillisecond", 0))
        self.has_sql = _to_bool(raw.get("hasSQL", False))
        self.where_query = str(raw.get("whereQuery", "") or "")
        self.agg_query = str(raw.get("aggQuery", "") or "")
        self.cpu_sec = _to_float(raw.get("cpuSec", 0.0))
        self.cpu_cores = _to_int(raw.get("cpuCores", 0))
        self.limited = _to_int(raw.get("limited", 0))
        self.processed_bytes = _to_int(raw.get("processedBytes", 0))
        self.scan_bytes = _to_int(raw.get("scanBytes", 0))
        self.keys: List[str] = [str(k) for k in (raw.get("keys") or [])]
        self.terms: List[_Term] = [_parse_term(t) for t in (raw.get("terms") or [])]
        self.column_types: List[str] = [str(t) for t in (raw.get("columnTypes") or [])]
        self.mode = _to_int(raw.get("mode", 0))
        self.is_accurate = _to_bool(raw.get("isAccurate", True))
        self.phrase_query_info = _PhraseQueryInfo(raw.get("phraseQueryInfo"))
        self.marker = str(raw.get("marker", "") or "")
        self.power_sql = _to_bool(raw.get("powerSql", False))

    def get_progress(self) -> str:
        return self.progress

    def is_completed(self) -> bool:
        return self.progress == "Complete"

    def get_count(self) -> int:
        return self.count

    def get_processed_rows(self) -> int:
        return self.processed_rows

    def get_elapsed_millisecond(self) -> int:
        return self.elapsed_millisecond

    def get_has_sql(self) -> bool:
        return self.has_sql

    def get_where_query(self) -> str:
        return self.where_query

    def get_agg_query(self) -> str:
        return self.agg_query

    def get_cpu_sec(self) -> float:
        return self.cpu_sec

    def get_cpu_cores(self) -> int:
        return self.cpu_cores

    def get_keys(self) -> List[str]:
        return self.keys

    def get_terms(self) -> List[_Term]:
        return self.terms

    def get_column_types(self) -> List[str]:
        return self.column_types

    def get_mode(self) -> int:
        return self.mode

    def get_scan_bytes(self) -> int:
        return self.scan_bytes

    def get_phrase_query_info(self) -> _PhraseQueryInfo:
        return self.phrase_query_info

    def to_json(self) -> Dict[str, Any]:
        return dict(self.raw)

    def __repr__(self) -> str:
        return f"GetLogsResponseMeta({self.raw!r})"


def _parse_term(value: Any) -> _Term:
    if isinstance(value, Mapping):
        return _Term(str(value.get("key", "")), str(value.get("term", "")))
    if isinstance(value, (list, tuple)) and len(value) >= 2:  # v1 x-log-query-info: [term, key]
        return _Term(str(value[1]), str(value[0]))
    return _Term("", str(value))


def _meta_from_headers(headers: Headers, count: int) -> Dict[str, Any]:
    """The v1 answer's ``x-log-*`` headers as a v2-style meta object."""
    meta: Dict[str, Any] = {
        "progress": header_value(headers, "x-log-progress", "Complete") or "Complete",
        "count": int_header(headers, "x-log-count", count),
        "processedRows": _to_int(header_value(headers, "x-log-processed-rows", "0")),
        "elapsedMillisecond": _to_int(header_value(headers, "x-log-elapsed-millisecond", "0")),
        "hasSQL": _to_bool(header_value(headers, "x-log-has-sql", "false")),
        "whereQuery": header_value(headers, "x-log-where-query"),
        "aggQuery": header_value(headers, "x-log-agg-query"),
        "cpuSec": _to_float(header_value(headers, "x-log-cpu-sec", "0")),
        "cpuCores": _to_int(header_value(headers, "x-log-cpu-cores", "0")),
    }
    info_text = header_value(headers, "x-log-query-info")
    if info_text:
        try:
            info = json.loads(info_text)
        except ValueError:
            info = None
        if isinstance(info, dict):
            for key in ("mode", "keys", "terms", "limited", "phraseQueryInfo", "scanBytes", "columnTypes"):
                if key in info:
                    meta[key] = info[key]
    return meta


class GetLogsResponse(LogResponse):
    """The answer of ``get_logs`` / ``get_log`` / ``get_project_logs``: the logs (or SQL rows) and the query meta.

    ``resp`` is the parsed body of either form: a JSON array of result objects (v1, meta in ``header``) or
    ``{"meta": {...}, "data": [...]}`` (v2). Iterating a response yields its :class:`QueriedLog` objects.
    """

    GetLogsResponseMeta = _GetLogsResponseMeta
    PhraseQueryInfo = _PhraseQueryInfo
    QueryMode = _QueryMode
    Term = _Term

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        if isinstance(resp, Mapping) and ("data" in resp or "meta" in resp):
            data = self._list(resp.get("data"), "field 'data'")
            meta = self._dict(resp.get("meta"), "field 'meta'")
        else:
            data = self._list(resp)
            meta = _meta_from_headers(self.headers, len(data))
        self.body = data
        self.meta = _GetLogsResponseMeta(meta)
        self.logs: List[QueriedLog] = [QueriedLog.from_dict(require_dict(item, "a log", self.headers))
                                       for item in data]
        self.progress = self.meta.progress

    # -- the original getters ------------------------------------------------------------------------------------
    def get_count(self) -> int:
        """How many logs (or SQL rows) this response holds."""
        return len(self.logs)

    def get_logs(self) -> List[QueriedLog]:
        return self.logs

    def get_log_list(self) -> List[QueriedLog]:
        return self.logs

    def get_body(self) -> List[Dict[str, Any]]:
        """The result objects as answered: dicts of string values (``__time__``, ``__source__``, fields...)."""
        return self.body  # type: ignore[no-any-return]

    def is_completed(self) -> bool:
        """False when the service had not read everything yet; ``get_log`` asks again in that case."""
        return self.progress == "Complete"

    def get_meta(self) -> _GetLogsResponseMeta:
        return self.meta

    def get_processed_rows(self) -> int:
        return self.meta.processed_rows

    def get_elapsed_mills(self) -> int:
        return self.meta.elapsed_millisecond

    def get_elapsed_millisecond(self) -> int:
        return self.meta.elapsed_millisecond

    def get_has_sql(self) -> bool:
        return self.meta.has_sql

    def get_where_query(self) -> str:
        return self.meta.where_query

    def get_agg_query(self) -> str:
        return self.meta.agg_query

    def get_cpu_sec(self) -> float:
        return self.meta.cpu_sec

    def get_cpu_cores(self) -> int:
        return self.meta.cpu_cores

    def get_keys(self) -> List[str]:
        """The columns of a SQL result, in order (the service's ``keys`` meta)."""
        return self.meta.keys

    def get_terms(self) -> List[_Term]:
        return self.meta.terms

    def get_query_mode(self) -> _QueryMode:
        try:
            return _QueryMode(self.meta.mode)
        except ValueError:
            return _QueryMode.NORMAL

    def get_scan_all(self) -> bool:
        return self.meta.phrase_query_info.scan_all

    def get_begin_offset(self) -> int:
        return self.meta.phrase_query_info.begin_offset

    def get_end_offset(self) -> int:
        return self.meta.phrase_query_info.end_offset

    def get_scan_bytes(self) -> int:
        return self.meta.scan_bytes

    # -- combining and printing ------------------------------------------------------------------------------------
    def merge(self, other: GetLogsResponse) -> GetLogsResponse:
        """Append the logs of another page of the same query; progress is complete only when both are."""
        self.logs.extend(other.logs)
        self.body.extend(other.body)
        if not other.is_completed():
            self.progress = other.progress
        self.meta.count = len(self.logs)
        self.meta.processed_rows += other.meta.processed_rows
        self.meta.elapsed_millisecond += other.meta.elapsed_millisecond
        return self

    def _summary(self) -> Any:
        return {"progress": self.progress, "count": self.get_count(), "meta": self.meta.raw, "logs": self.body}

    def to_pandas(self) -> Any:
        """The results as a ``pandas.DataFrame`` (one row per log, string values; needs the ``pandas`` extra)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "GetLogsResponse.to_pandas() needs pandas; install it with " + install_hint("pandas")
            ) from None
        columns: Optional[List[str]] = None
        if self.meta.has_sql and self.meta.keys:
            columns = list(self.meta.keys)
        return pandas.DataFrame(self.body, columns=columns)

    def __iter__(self) -> Iterator[QueriedLog]:
        return iter(self.logs)

    def __len__(self) -> int:
        return len(self.logs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} count={self.get_count()} progress={self.progress!r}>"


class GetProjectLogsResponse(GetLogsResponse):
    """The answer of ``get_project_logs`` (a project-level SQL statement): rows as :class:`QueriedLog` objects."""


class Histogram:
    """The number of matching logs in ``[from, to)`` and whether that count is complete."""

    __slots__ = ("count", "fromTime", "progress", "toTime")

    def __init__(self, fromTime: int, toTime: int, count: int, progress: str) -> None:
        self.fromTime = fromTime
        self.toTime = toTime
        self.count = count
        self.progress = progress

    def get_from(self) -> int:
        return self.fromTime

    def get_to(self) -> int:
        return self.toTime

    def get_count(self) -> int:
        return self.count

    def is_completed(self) -> bool:
        return self.progress == "Complete"

    def log_print(self) -> None:
        print(f"from: {self.fromTime} to: {self.toTime} count: {self.count} progress: {self.progress}")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Histogram):
            return NotImplemented
        return (self.fromTime, self.toTime, self.count, self.progress) == (
            other.fromTime, other.toTime, other.count, other.progress
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Histogram(fromTime={self.fromTime}, toTime={self.toTime}, count={self.count}, {self.progress})"


class GetHistogramsResponse(LogResponse):
    """The answer of ``get_histograms``: one :class:`Histogram` per sub-interval, oldest first."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.histograms: List[Histogram] = [
            Histogram(
                _to_int(item.get("from", 0)),
                _to_int(item.get("to", 0)),
                _to_int(item.get("count", 0)),
                str(item.get("progress", "Complete")),
            )
            for item in self._list(resp)
            if isinstance(item, Mapping)
        ]
        self.progress = header_value(self.headers, "x-log-progress", "Complete") or "Complete"
        total = header_value(self.headers, "x-log-count")
        self.count = int_header(self.headers, "x-log-count") if total else sum(h.count for h in self.histograms)

    def get_histograms(self) -> List[Histogram]:
        return self.histograms

    def get_total_count(self) -> int:
        """Matching logs over the whole range."""
        return self.count

    def is_completed(self) -> bool:
        return self.progress == "Complete"

    def __iter__(self) -> Iterator[Histogram]:
        return iter(self.histograms)

    def __len__(self) -> int:
        return len(self.histograms)


class ListTopicsResponse(LogResponse):
    """A page of a logstore's topics; ``get_next_token()`` continues the listing (empty when it is done)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.topics: List[str] = [require_str(t, "a topic", self.headers) for t in self._list(resp)]
        self.count = int_header(self.headers, "x-log-count", len(self.topics))
        self.next_token = header_value(self.headers, "x-log-nexttoken")

    def get_topics(self) -> List[str]:
        return self.topics

    def get_count(self) -> int:
        return self.count

    def get_next_token(self) -> str:
        return self.next_token

    def __iter__(self) -> Iterator[str]:
        return iter(self.topics)

    def __len__(self) -> int:
        return len(self.topics)
