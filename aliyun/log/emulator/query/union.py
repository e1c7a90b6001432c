"""Queries over a store view: the union of several logstores' searchable copies.

A search returns the matching logs of every member, merged by time (then member order), each with
``__tag__:__project__`` and ``__tag__:__logstore__`` naming where it came from; ``offset`` / ``line`` page the
merged list. A SQL statement reads ``log`` as the ``UNION ALL`` of the members' rows (each narrowed by the member's
own query and the request's search and time range), with the columns of all their indexes.
"""

from __future__ import annotations

import time
from typing import Any, Dict, List, NamedTuple, Optional, Tuple

from .compiler import QueryError, SearchCompiler
from .engine import QueryEngine
from .index import IndexSpec
from .results import MAX_LINE, Histogram, LogsResult, query_meta
from .search import split_query
from .sql import SqlError, analyse, leading_with
from .tables import StoreHandle

__all__ = ["Member", "union_histograms", "union_logs"]

PROJECT_TAG = "__tag__:__project__"
LOGSTORE_TAG = "__tag__:__logstore__"


class Member(NamedTuple):
    project: str
    logstore: str
    store: StoreHandle
    spec: IndexSpec
    query: Optional[str]  # the member's own search filter


def _search_of(member: Member, search: str) -> str:
    own = (member.query or "").strip()
    if not own or own == "*":
        return search
    if not search or search.strip() == "*":
        return own
    return f"({own}) and ({search})"


def union_logs(engine: QueryEngine, members: List[Member], from_time: int, to_time: int, query: Optional[str],
               topic: Optional[str] = None, line: int = MAX_LINE, offset: int = 0,
               reverse: bool = False) -> LogsResult:
    """Run a GetLogs query over the members of a store view."""
    search, sql = split_query(query)
    if sql is not None:
        return _union_sql(engine, members, from_time, to_time, search, sql, topic)
    line = max(0, min(int(line), MAX_LINE))
    merged: List[Tuple[int, int, Dict[str, str]]] = []
    processed = 0
    meta: Dict[str, Any] = {}
    wanted = offset + line  # the merged page needs at most this many logs of each member
    for position, member in enumerate(members):
        fetched = 0
        while fetched < wanted:
            result = engine.get_logs(member.store, member.spec, from_time, to_time, _search_of(member, search),
                                     topic=topic, line=min(MAX_LINE, wanted - fetched), offset=fetched,
                                     reverse=reverse)
            if not fetched:
                processed += int(result.meta.get("processedRows", 0))
                meta = meta or result.meta
            for log in result.logs:
                log[PROJECT_TAG] = member.project
                log[LOGSTORE_TAG] = member.logstore
                merged.append((int(log.get("__time__", 0)), position, log))
            fetched += len(result.logs)
            if len(result.logs) < MAX_LINE:
                break
    merged.sort(key=lambda entry: (-entry[0] if reverse else entry[0], entry[1]))
    logs = [log for _time, _position, log in merged[offset:offset + line]]
    meta = dict(meta, count=len(logs), processedRows=processed)
    return LogsResult(logs, meta)


def _union_sql(engine: QueryEngine, members: List[Member], from_time: int, to_time: int, search: str, sql: str,
               topic: Optional[str]) -> LogsResult:
    started = time.perf_counter()
    try:
        plan = analyse(sql, "log")
    except SqlError as exc:
        raise QueryError(str(exc)) from None
    with engine.lock:
        selects: List[Tuple[StoreHandle, Dict[str, str], str]] = []
        params: List[Any] = []
        names: List[str] = []
        processed = 0
        compiler: Optional[SearchCompiler] = None
        for position, member in enumerate(members):
            where, member_params, compiler = engine._condition(member.store, member.spec, _search_of(member, search),
                                                               from_time, to_time, topic, first=position == 0)
            exprs = engine._column_exprs(member.store, member.spec)
            names.extend(name for name in exprs if name not in names)
            selects.append((member.store, exprs, where))
            params.extend(member_params)
            processed += engine._range_count(member.store, from_time, to_time)
        relation = " UNION ALL ".join(engine._relation(store, exprs, names, where) for store, exprs, where in selects)
        body, had_with = leading_with(plan.sql)
        statement = f'WITH "log" AS ({relation})' + (", " if had_with else " ") + body
        columns, rows = engine._fetch(statement, params, plan, from_time, to_time, sql)
        assert compiler is not None
        meta = query_meta(len(rows), processed, started, True, search, sql, compiler, columns,
                          engine._column_types)
    return LogsResult(rows, meta)


def union_histograms(engine: QueryEngine, members: List[Member], from_time: int, to_time: int,
                     query: Optional[str], topic: Optional[str] = None,
                     interval: Optional[int] = None) -> Tuple[List[Histogram], int]:
    """GetHistograms over the members of a store view: the members' counts added per sub-interval."""
    search, _sql = split_query(query)
    merged: List[Histogram] = []
    total = 0
    for member in members:
        histograms, count = engine.histograms(member.store, member.spec, from_time, to_time,
                                              _search_of(member, search), topic, interval)
        total += count
        if not merged:
            merged = histograms
        else:
            for into, more in zip(merged, histograms):
                into.count += more.count
    return merged, total
