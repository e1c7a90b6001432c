"""Collecting rows for the magics: every page of a query (``%log``) or every shard of a pull (``%fetch``).

Both stop cleanly on Ctrl-C (``KeyboardInterrupt``) and keep the rows collected so far.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Union

from ...models.query import MAX_LINE
from .output import error_line
from .progress import Advance

Row = Dict[str, Any]
TimePoint = Union[int, str]

#: How often the main thread looks at the pull workers (and can be interrupted).
_POLL_SECONDS = 0.2


@dataclass
class QueryRows:
    """The rows of a query and how they were obtained."""

    rows: List[Row] = field(default_factory=list)
    keys: List[str] = field(default_factory=list)  # the SQL result's columns, in order
    analytic: bool = False  # the service ran a SQL part
    complete: bool = True  # every page was complete (the service had read everything)
    limited: bool = False  # stopped at the row limit while more rows may exist
    interrupted: bool = False  # Ctrl-C


def query_rows(client: Any, project: str, logstore: str, start: int, end: int, query: str, limit: Optional[int],
               advance: Advance) -> QueryRows:
    """Every row of ``query`` (page by page, up to ``limit``) between unix seconds ``start`` and ``end``."""
    page_size = min(MAX_LINE, limit) if limit else MAX_LINE
    result = QueryRows()
    pages = client.get_log_all(project, logstore, start, end, query=query, page_size=page_size)
    try:
        for page in pages:
            result.complete = result.complete and page.is_completed()
            if page.get_has_sql():
                result.analytic = True
                result.keys = list(page.get_keys())
            rows = page.get_body()
            room = None if limit is None else limit - len(result.rows)
            if room is not None and len(rows) >= room:
                result.rows.extend(rows[:room])
                advance(room)
                result.limited = len(rows) > room or len(rows) == page_size
                break
            result.rows.extend(rows)
            advance(len(rows))
    except KeyboardInterrupt:
        result.interrupted = True
    return result


@dataclass
class PulledRows:
    rows: List[Row]
    cancelled: bool


def pull_rows(client: Any, project: str, logstore: str, start: TimePoint, end: TimePoint, advance: Advance,
              report: Callable[[str], None]) -> PulledRows:
    """Every log received in ``[start, end)`` on every shard, pulled in parallel, flattened to dicts.

    A failing shard is reported (with its last cursor) and keeps the rows it pulled; Ctrl-C stops all shards.
    """
    shards = [int(shard["shardID"]) for shard in client.list_shards(project, logstore).get_shards_info()]
    collected: Dict[int, List[Row]] = {shard: [] for shard in shards}
    if not shards:
        return PulledRows([], False)
    stop = threading.Event()
    pool = ThreadPoolExecutor(min(2 * (os.cpu_count() or 1), len(shards)), thread_name_prefix="aliyun-log-fetch")
    cancelled = False
    counted = 0
    try:
        pending = {pool.submit(_pull_shard, client, project, logstore, shard, start, end, collected[shard], stop)
                   for shard in shards}
        while pending:
            done, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            total = sum(len(rows) for rows in collected.values())
            advance(total - counted)
            counted = total
            for future in done:
                _report_failure(future, report)
    except KeyboardInterrupt:
        cancelled = True
        stop.set()
    finally:
        # After Ctrl-C the running pulls end at their next batch; the rows collected until now are the result.
        pool.shutdown(wait=not cancelled, cancel_futures=True)
    return PulledRows([row for shard in shards for row in list(collected[shard])], cancelled)


def _report_failure(future: Future[Optional[str]], report: Callable[[str], None]) -> None:
    failure = future.result()
    if failure:
        report(failure)


def _pull_shard(client: Any, project: str, logstore: str, shard: int, start: TimePoint, end: TimePoint,
                out: List[Row], stop: threading.Event) -> Optional[str]:
    """Pull one shard into ``out``; a description of the failure, or None."""
    cursor = "none yet"
    try:
        for batch in client.pull_log(project, logstore, shard, start, end):
            out.extend(batch.get_flatten_logs_json(decode_bytes=True))
            cursor = batch.get_next_cursor()
            if stop.is_set():
                return None
    except Exception as exc:
        return f"shard {shard} failed (last cursor: {cursor}; {len(out)} rows kept): {error_line(exc)}"
    return None
