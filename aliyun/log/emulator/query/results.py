"""Result shaping: GetLogs answers (logs and meta), histograms and their sub-intervals."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Optional, Sequence

from .compiler import SearchCompiler
from .tables import FIXED_COLUMNS, StoreHandle

__all__ = ["MAX_LINE", "Histogram", "LogsResult", "choose_interval", "query_meta", "row_to_log"]

#: Logs one GetLogs call returns at most.
MAX_LINE = 100
#: Histogram sub-interval widths, smallest first; the smallest giving at most ``_MAX_BUCKETS`` buckets is used.
_INTERVALS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
              172800, 604800, 2592000, 31536000)
_MAX_BUCKETS = 60


class Histogram:
    __slots__ = ("count", "start", "stop")

    def __init__(self, start: int, stop: int, count: int) -> None:
        self.start = start
        self.stop = stop
        self.count = count

    def to_json(self) -> Dict[str, Any]:
        return {"from": self.start, "to": self.stop, "count": self.count, "progress": "Complete"}


class LogsResult:
    """The answer of a GetLogs query: result objects (string values only) and the query meta."""

    def __init__(self, logs: List[Dict[str, str]], meta: Dict[str, Any]) -> None:
        self.logs = logs
        self.meta = meta


def choose_interval(start: int, stop: int) -> int:
    span = max(1, stop - start)
    for width in _INTERVALS:
        if span / width <= _MAX_BUCKETS:
            return width
    return _INTERVALS[-1]


def row_to_log(store: StoreHandle, row: Sequence[Any]) -> Dict[str, str]:
    """A log (string values) from a row of a copy's table (its fixed columns, then the key columns)."""
    log: Dict[str, str] = {"__time__": str(row[1])}
    if row[2] is not None:
        log["__time_ns_part__"] = str(row[2])
    log["__topic__"] = row[3] if row[3] is not None else ""
    log["__source__"] = row[4] if row[4] is not None else ""
    for key, value in zip(store.keys, row[len(FIXED_COLUMNS):]):
        if value is not None:
            log[key] = value
    if row[5]:
        log.update(json.loads(row[5]))
    return log


def query_meta(count: int, processed: int, started: float, has_sql: bool, search: str, agg: str,
               compiler: SearchCompiler, keys: List[str], column_types: Optional[List[str]] = None) -> Dict[str, Any]:
    """The ``meta`` of a GetLogs answer (the fields the service sends, with this query's values)."""
    elapsed = int((time.perf_counter() - started) * 1000)
    meta: Dict[str, Any] = {
        "progress": "Complete",
        "count": count,
        "processedRows": processed,
        "elapsedMillisecond": elapsed,
        "hasSQL": has_sql,
        "whereQuery": search,
        "aggQuery": agg,
        "cpuSec": round(elapsed / 1000.0, 3),
        "cpuCores": 1,
        "limited": 0,
        "processedBytes": 0,
        "telementryType": "logging",
        "powerSql": False,
        "insertedSQL": "",
        "keys": keys if has_sql else compiler.keys,
        "terms": compiler.terms,
        "marker": "",
        "mode": 0,
        "phraseQueryInfo": {"scanAll": False, "beginOffset": 0, "endOffset": 0, "endTime": 0},
        "scanBytes": 0,
        "isAccurate": True,
        "columnTypes": column_types or [],
        "highlights": [],
    }
    return meta
