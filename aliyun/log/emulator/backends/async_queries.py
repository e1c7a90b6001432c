"""Asynchronous SQL queries: their state (``RUNNING`` → ``FINISHED`` / ``FAILED``, or ``CANCELLED``) and results,
kept in memory for the emulator's lifetime. Running them is the handler's (``handlers/sql.py``)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any, Dict, List, Optional, Tuple

from ..errors import NotFound

__all__ = ["KIND", "AsyncQueries", "AsyncQuery"]

KIND = "asyncsql"


class AsyncQuery:
    __slots__ = ("elapsed", "error", "future", "id", "keys", "processed", "project", "rows", "started", "state")

    def __init__(self, project: str) -> None:
        self.id = uuid.uuid4().hex
        self.project = project
        self.state = "RUNNING"
        self.keys: List[str] = []
        self.rows: List[List[str]] = []
        self.processed = 0
        self.elapsed = 0
        self.started = time.perf_counter()
        self.error: Optional[Tuple[str, str]] = None
        self.future: Any = None

    def finish(self, keys: List[str], rows: List[List[str]], processed: int) -> None:
        self.keys, self.rows, self.processed = keys, rows, processed
        self._end("FINISHED")

    def fail(self, code: str, message: str) -> None:
        self.error = (code, message)
        self._end("FAILED")

    def _end(self, state: str) -> None:
        self.elapsed = int((time.perf_counter() - self.started) * 1000)
        if self.state == "RUNNING":
            self.state = state


class AsyncQueries:
    def __init__(self) -> None:
        self._queries: Dict[str, AsyncQuery] = {}
        self._lock = threading.Lock()

    def start(self, project: str) -> AsyncQuery:
        query = AsyncQuery(project)
        with self._lock:
            self._queries[query.id] = query
        return query

    def get(self, project: str, query_id: str) -> AsyncQuery:
        """A query of ``project``; ``QueryNotExist`` otherwise."""
        with self._lock:
            query = self._queries.get(query_id)
        if query is None or query.project != project:
            raise NotFound(KIND, query_id)
        return query

    def cancel(self, project: str, query_id: str) -> AsyncQuery:
        """Stop (if running) and forget a query."""
        query = self.get(project, query_id)
        if query.future is not None:
            query.future.cancel()
        if query.state == "RUNNING":
            query.state = "CANCELLED"
        with self._lock:
            self._queries.pop(query_id, None)
        return query
