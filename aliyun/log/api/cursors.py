"""Cursors: positions inside a shard, and the server receive time at a position."""

from __future__ import annotations

import base64
import binascii
from typing import Union

from ..errors import invalid_argument
from ..models.response import GetCursorResponse, GetCursorTimeResponse
from ..timeparse import parse_timestamp
from .base import ApiBase, require_name

TimeValue = Union[int, float, str]


def cursor_to_int(cursor: str) -> int:
    """The position a cursor stands for (cursors are base64 of a decimal integer)."""
    try:
        return int(base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii"))
    except (binascii.Error, ValueError, UnicodeError, AttributeError):
        raise invalid_argument(f"not a valid cursor: {cursor!r}") from None


def int_to_cursor(position: int) -> str:
    return base64.b64encode(str(position).encode("ascii")).decode("ascii")


def cursor_from_param(start_time: TimeValue) -> str:
    """``begin``, ``end`` or a time in any form of :func:`~aliyun.log.timeparse.parse_timestamp`, as sent."""
    if isinstance(start_time, str) and start_time.strip().lower() in ("begin", "end"):
        return start_time.strip().lower()
    try:
        return str(parse_timestamp(start_time))
    except ValueError as exc:
        raise invalid_argument(str(exc)) from None


class CursorsApi(ApiBase):
    def get_cursor(self, project_name: str, logstore_name: str, shard_id: int, start_time: TimeValue
                   ) -> GetCursorResponse:
        """The cursor of the first log group received at or after ``start_time`` (or ``"begin"`` / ``"end"``)."""
        resp = self._send(
            "GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards/{int(shard_id)}",
            require_name(project_name, "project_name"),
            {"type": "cursor", "from": cursor_from_param(start_time)},
            {"Content-Type": "application/json"},
        )
        return GetCursorResponse(resp.json(), resp.headers)

    def get_begin_cursor(self, project_name: str, logstore_name: str, shard_id: int) -> GetCursorResponse:
        """The cursor of the oldest log group still kept in the shard."""
        return self.get_cursor(project_name, logstore_name, shard_id, "begin")

    def get_end_cursor(self, project_name: str, logstore_name: str, shard_id: int) -> GetCursorResponse:
        """The cursor the next written log group will get."""
        return self.get_cursor(project_name, logstore_name, shard_id, "end")

    def get_cursor_time(self, project_name: str, logstore_name: str, shard_id: int, cursor: str
                        ) -> GetCursorTimeResponse:
        """The server receive time (unix seconds) of the log group at ``cursor``."""
        resp = self._send(
            "GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards/{int(shard_id)}",
            require_name(project_name, "project_name"),
            {"type": "cursor_time", "cursor": require_name(cursor, "cursor")},
            {"Content-Type": "application/json"},
        )
        return GetCursorTimeResponse(resp.json(), resp.headers)

    def get_previous_cursor_time(self, project_name: str, logstore_name: str, shard_id: int, cursor: str,
                                 normalize: bool = True) -> GetCursorTimeResponse:
        """The receive time of the log group just before ``cursor``.

        With ``normalize`` a position before the first kept group is moved to the begin cursor, and one past the
        end to the last group, instead of failing with ``InvalidCursor``.
        """
        previous = cursor_to_int(cursor) - 1
        if normalize:
            begin = cursor_to_int(self.get_begin_cursor(project_name, logstore_name, shard_id).get_cursor())
            end = cursor_to_int(self.get_end_cursor(project_name, logstore_name, shard_id).get_cursor())
            previous = max(begin, min(previous, end - 1)) if end > begin else begin
        return self.get_cursor_time(project_name, logstore_name, shard_id, int_to_cursor(previous))
