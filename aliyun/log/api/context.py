"""Context logs: the logs written just before and after one log, in its shard (GetContextLogs)."""

from __future__ import annotations

import time

from ..errors import invalid_argument
from ..models.context import GetContextLogsResponse
from .base import require_name
from .query import QueryApi

#: The most logs the service returns on either side of the chosen log.
MAX_CONTEXT_LINES = 100


def _lines(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_CONTEXT_LINES:
        raise invalid_argument(f"{name} must be an int in 0..{MAX_CONTEXT_LINES}, got {value!r}")
    return value


class ContextApi(QueryApi):
    def get_context_logs(self, project: str, logstore: str, pack_id: str, pack_meta: str, back_lines: int,
                         forward_lines: int) -> GetContextLogsResponse:
        """Up to ``back_lines`` logs before and ``forward_lines`` logs after one log, in write order.

        ``pack_id`` and ``pack_meta`` identify the log: they are the ``__tag__:__pack_id__`` and
        ``__pack_meta__`` fields of a query result whose query ends with ``| with_pack_meta``.
        """
        params = {"type": "context_log", "pack_id": require_name(pack_id, "pack_id"),
                  "pack_meta": require_name(pack_meta, "pack_meta"),
                  "back_lines": str(_lines(back_lines, "back_lines")),
                  "forward_lines": str(_lines(forward_lines, "forward_lines"))}
        path = f"/logstores/{require_name(logstore, 'logstore')}"
        project = require_name(project, "project")
        for attempt in range(self._incomplete_retries + 1):
            resp = self._send("GET", path, project, params)
            result = GetContextLogsResponse(resp.json(), resp.headers)
            if result.is_completed() or attempt == self._incomplete_retries:
                return result
            time.sleep(self._incomplete_interval)
        raise AssertionError("unreachable")  # pragma: no cover
