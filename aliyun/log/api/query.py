"""Searching and analysing logs: GetLogs, GetHistograms, GetProjectLogs and ListTopics (PROTOCOL §3.5).

``get_logs`` uses the ``POST /logstores/{ls}/logs`` form (JSON body, compressed answer when the service offers it)
and also understands answers of the older ``GET`` form. ``get_log`` repeats a query while the service reports it
incomplete and pages through every result with ``size=-1``; ``get_log_all`` yields the pages one by one so millions
of logs never sit in memory together.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, Iterator, Optional, Union

from ..errors import invalid_argument
from ..models.query import (
    MAX_LINE,
    GetHistogramsRequest,
    GetHistogramsResponse,
    GetLogsRequest,
    GetLogsResponse,
    GetProjectLogsRequest,
    GetProjectLogsResponse,
    ListTopicsRequest,
    ListTopicsResponse,
)
from ..timeparse import parse_timestamp
from .base import ApiBase, require_name

TimeValue = Union[int, float, str]

#: Encodings asked for in ``Accept-Encoding`` of GetLogs, preferred first.
_GETLOGS_ACCEPT_ENCODING = "lz4"


def _time_arg(value: Any, what: str) -> int:
    if value is None:
        raise invalid_argument(f"{what} is required")
    try:
        return parse_timestamp(value)
    except (TypeError, ValueError) as exc:
        raise invalid_argument(f"{what}: {exc}") from None


def _int_arg(value: Any, what: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise invalid_argument(f"{what} must be an int >= {minimum}, got {value!r}")
    return value


class QueryApi(ApiBase):
    #: ``get_log`` / ``get_log_all`` / ``get_histograms`` re-issue a query this many times while the service says
    #: its result is incomplete, waiting ``_incomplete_interval`` seconds in between.
    _incomplete_retries = 5
    _incomplete_interval = 0.5

    # -- GetLogs -----------------------------------------------------------------------------------------------------
    def get_logs(self, request: GetLogsRequest) -> GetLogsResponse:
        """Run the query of ``request``: :meth:`get_log` with its fields (``line`` is the ``size``).

        ``line`` up to 100 is one request (repeated while the service reports an incomplete result); ``line=-1``
        pages through every matching log from ``offset``, and a larger ``line`` pages up to that many. A SQL
        analysis returns all its rows in one call. Times take every form of
        :func:`~aliyun.log.timeparse.parse_timestamp`.
        """
        return self.get_log(
            require_name(request.get_project(), "request.project"),
            require_name(request.get_logstore(), "request.logstore"),
            _time_arg(request.get_from(), "request.fromTime"), _time_arg(request.get_to(), "request.toTime"),
            request.get_topic(), request.get_query(), bool(request.get_reverse()), request.get_offset(),
            request.get_line(),
            bool(request.get_power_sql()), bool(request.get_scan()), bool(request.get_forward()),
            bool(request.get_accurate_query()), int(request.get_from_time_nano_part() or 0),
            int(request.get_to_time_nano_part() or 0),
        )

    def _get_logs_once(
        self, project: str, logstore: str, from_time: int, to_time: int, topic: Optional[str], query: Optional[str],
        line: int, offset: int, reverse: bool, power_sql: bool, scan: bool, forward: bool, accurate: bool,
        from_ns: int, to_ns: int,
    ) -> GetLogsResponse:
        body: Dict[str, Any] = {  # the official client's key order
            "from": from_time,
            "to": to_time,
            "line": line,
            "offset": offset,
            "powerSql": power_sql,
            "accurate": accurate,
            "fromNs": from_ns,
            "toNs": to_ns,
        }
        if topic:
            body["topic"] = topic
        if query:
            body["query"] = query
        if scan:
            body["session"] = "mode=scan"
            body["forward"] = forward
        body["reverse"] = reverse
        body["forward"] = forward
        raw = json.dumps(body).encode("ascii")
        headers = {
            "Content-Type": "application/json",
            "x-log-bodyrawsize": str(len(raw)),
            "Accept-Encoding": _GETLOGS_ACCEPT_ENCODING,
        }
        resp = self._send("POST", f"/logstores/{logstore}/logs", project, None, headers, raw)
        return GetLogsResponse(resp.json(), resp.headers)

    def _get_logs_till_complete(self, *args: Any) -> GetLogsResponse:
        res = self._get_logs_once(*args)
        for _ in range(self._incomplete_retries):
            if res.is_completed():
                break
            time.sleep(self._incomplete_interval)
            res = self._get_logs_once(*args)
        return res

    def get_log(
        self,
        project: str,
        logstore: str,
        from_time: TimeValue,
        to_time: TimeValue,
        topic: Optional[str] = None,
        query: Optional[str] = None,
        reverse: bool = False,
        offset: int = 0,
        size: int = 100,
        power_sql: bool = False,
        scan: bool = False,
        forward: bool = True,
        accurate_query: bool = True,
        from_time_nano_part: int = 0,
        to_time_nano_part: int = 0,
    ) -> GetLogsResponse:
        """Logs of ``[from_time, to_time)`` matching ``query``: ``size`` of them from ``offset`` (``-1``: all).

        Each call is repeated while the service reports an incomplete result; more than 100 logs are fetched page by
        page and merged into one response. A SQL query (``... | select ...``) returns all its rows in one call.
        For millions of logs prefer :meth:`get_log_all`, which does not hold them all in memory.
        """
        project = require_name(project, "project")
        logstore = require_name(logstore, "logstore")
        start, end = _time_arg(from_time, "from_time"), _time_arg(to_time, "to_time")
        offset = _int_arg(offset, "offset", 0)
        if isinstance(size, bool) or not isinstance(size, int) or size < -1:
            raise invalid_argument(f"size must be -1 (all) or an int >= 0, got {size!r}")
        options = (bool(power_sql), bool(scan), bool(forward), bool(accurate_query), int(from_time_nano_part or 0),
                   int(to_time_nano_part or 0))
        wanted = None if size == -1 else size
        first_line = MAX_LINE if wanted is None else min(MAX_LINE, wanted)
        result = self._get_logs_till_complete(project, logstore, start, end, topic, query, first_line, offset,
                                              bool(reverse), *options)
        if result.get_has_sql() or (wanted is not None and wanted <= MAX_LINE):
            return result
        fetched = last = result.get_count()
        # Page on while pages are full and complete (an incomplete page ends the merge, flagged incomplete).
        while last == MAX_LINE and result.is_completed() and (wanted is None or fetched < wanted):
            line = MAX_LINE if wanted is None else min(MAX_LINE, wanted - fetched)
            page = self._get_logs_till_complete(project, logstore, start, end, topic, query, line, offset + fetched,
                                                bool(reverse), *options)
            result.merge(page)
            last = page.get_count()
            fetched += last
            if last < line:
                break
        return result

    def get_log_all(
        self,
        project: str,
        logstore: str,
        from_time: TimeValue,
        to_time: TimeValue,
        topic: Optional[str] = None,
        query: Optional[str] = None,
        reverse: bool = False,
        offset: int = 0,
        power_sql: bool = False,
        accurate_query: bool = True,
        *,
        page_size: int = MAX_LINE,
    ) -> Iterator[GetLogsResponse]:
        """Yield every page (a :class:`GetLogsResponse` of up to ``page_size`` ≤ 100 logs) of a query's results.

        Times are resolved once, so ``"1 hour ago"`` means the same instant for every page. A SQL query yields
        one response with all its rows.
        """
        return self._iterate_logs(project, logstore, from_time, to_time, topic, query, reverse, offset, power_sql,
                                  accurate_query, False, True, page_size)

    def get_log_all_v2(
        self,
        project: str,
        logstore: str,
        from_time: TimeValue,
        to_time: TimeValue,
        topic: Optional[str] = None,
        query: Optional[str] = None,
        reverse: bool = False,
        offset: int = 0,
        power_sql: bool = False,
        scan: bool = False,
        forward: bool = True,
    ) -> Iterator[GetLogsResponse]:
        """:meth:`get_log_all` with the ``scan`` / ``forward`` options of the scan mode."""
        return self._iterate_logs(project, logstore, from_time, to_time, topic, query, reverse, offset, power_sql,
                                  True, scan, forward, MAX_LINE)

    def _iterate_logs(
        self, project: str, logstore: str, from_time: TimeValue, to_time: TimeValue, topic: Optional[str],
        query: Optional[str], reverse: bool, offset: int, power_sql: bool, accurate: bool, scan: bool, forward: bool,
        page_size: int,
    ) -> Iterator[GetLogsResponse]:
        # Validate eagerly so a bad argument fails at the call, not at the first next().
        project = require_name(project, "project")
        logstore = require_name(logstore, "logstore")
        start, end = _time_arg(from_time, "from_time"), _time_arg(to_time, "to_time")
        offset = _int_arg(offset, "offset", 0)
        if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= MAX_LINE:
            raise invalid_argument(f"page_size must be 1..{MAX_LINE}, got {page_size!r}")

        def pages() -> Iterator[GetLogsResponse]:
            position = offset
            while True:
                page = self._get_logs_till_complete(project, logstore, start, end, topic, query, page_size, position,
                                                    bool(reverse), bool(power_sql), bool(scan), bool(forward),
                                                    bool(accurate), 0, 0)
                count = page.get_count()
                if count or position == offset:
                    yield page
                if page.get_has_sql() or count < page_size:
                    return
                position += count

        return pages()

    # -- GetHistograms -----------------------------------------------------------------------------------------------
    def get_histograms(self, request: GetHistogramsRequest) -> GetHistogramsResponse:
        """Counts of the logs matching the request's query over equal sub-intervals of ``[fromTime, toTime)``."""
        project = require_name(request.get_project(), "request.project")
        logstore = require_name(request.get_logstore(), "request.logstore")
        params = {  # the official client's parameters: "True"/"False", and the nanosecond parts always
            "type": "histogram",
            "from": str(_time_arg(request.get_from(), "request.fromTime")),
            "to": str(_time_arg(request.get_to(), "request.toTime")),
            "accurate": str(bool(request.get_accurate_query())),
            "fromNs": str(int(request.get_from_time_nano_part() or 0)),
            "toNs": str(int(request.get_to_time_nano_part() or 0)),
            "topic": str(request.get_topic() or ""),  # "" (every topic) when not given
        }
        if request.get_query() is not None:
            params["query"] = str(request.get_query())
        shard_id = request.get_shard_id()
        if shard_id is not None and int(shard_id) >= 0:
            params["shard"] = str(int(shard_id))
        interval = getattr(request, "interval", None)
        if interval:
            params["interval"] = str(_int_arg(interval, "request.interval", 1))
        res = self._histograms_once(project, logstore, params)
        for _ in range(self._incomplete_retries):
            if res.is_completed():
                break
            time.sleep(self._incomplete_interval)
            res = self._histograms_once(project, logstore, params)
        return res

    def _histograms_once(self, project: str, logstore: str, params: Dict[str, str]) -> GetHistogramsResponse:
        resp = self._send("GET", f"/logstores/{logstore}", project, params)
        return GetHistogramsResponse(resp.json(), resp.headers)

    # -- GetProjectLogs ----------------------------------------------------------------------------------------------
    def get_project_logs(self, request: GetProjectLogsRequest) -> GetProjectLogsResponse:
        """Run a SQL statement over logstores of a project (``select ... from logstore1, logstore2 where ...``).

        The SQL restricts time itself, e.g. ``where __time__ > 1700000000`` or ``__date__ > '2024-01-01 00:00:00'``.
        """
        project = require_name(request.get_project(), "request.project")
        query = require_name(request.get_query(), "request.query")
        params = {"query": query, "powerSql": str(bool(request.get_power_sql()))}  # "True" / "False" as official
        resp = self._send("GET", "/logs", project, params)
        return GetProjectLogsResponse(resp.json(), resp.headers)

    # -- ListTopics --------------------------------------------------------------------------------------------------
    def list_topics(self, request: ListTopicsRequest) -> ListTopicsResponse:
        """A page of the topics of a logstore (``request.line`` of them after ``request.token``)."""
        project = require_name(request.get_project(), "request.project")
        logstore = require_name(request.get_logstore(), "request.logstore")
        params: Dict[str, str] = {"type": "topic"}
        token = request.get_token()
        if token is not None:
            params["token"] = str(token)
        line = request.get_line()
        if line is not None:
            params["line"] = str(_int_arg(line, "request.line", 0))
        resp = self._send("GET", f"/logstores/{logstore}", project, params)
        return ListTopicsResponse(resp.json(), resp.headers)

    def list_all_topics(self, project: str, logstore: str, *, page_size: int = 100) -> Iterator[str]:
        """Every topic of a logstore, following ``next_token`` page after page."""
        token: Optional[str] = None
        while True:
            res = self.list_topics(ListTopicsRequest(project, logstore, token, page_size))
            yield from res.get_topics()
            token = res.get_next_token()
            if not token or not res.get_topics():
                return

