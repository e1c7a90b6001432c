"""LogItem: one log, a time and a list of (key, value) contents."""

from __future__ import annotations

import time
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

__all__ = ["LogItem"]

Value = Union[str, bytes]
Contents = Union[Iterable[Tuple[Value, Value]], Mapping[Value, Value]]


class LogItem:
    """A log: ``timestamp`` (unix seconds), ``contents`` (a list of ``(key, value)`` tuples, values ``str`` or
    ``bytes``) and an optional ``time_nano_part`` (nanoseconds within the second, written as ``Time_ns``).

    ``timestamp`` None means now (a value above 9999999999 is taken as milliseconds, as in the original SDK).
    ``contents`` may also be a mapping; it is copied into a list either way.
    """

    __slots__ = ("contents", "time_nano_part", "timestamp")

    def __init__(
        self, timestamp: Optional[int] = None, contents: Optional[Contents] = None, time_nano_part: Optional[int] = None
    ) -> None:
        if timestamp is None:
            seconds = int(time.time())
        else:
            seconds = int(timestamp)
            if seconds > 9_999_999_999:  # milliseconds, as the original SDK accepts
                seconds //= 1000
        self.timestamp: int = seconds
        cls = contents.__class__
        if cls is list or cls is tuple:
            self.contents: List[Tuple[Value, Value]] = list(contents)  # type: ignore[arg-type]
        elif cls is dict:
            self.contents = list(contents.items())  # type: ignore[union-attr]
        elif contents is None:
            self.contents = []
        elif isinstance(contents, Mapping):
            self.contents = list(contents.items())
        else:
            self.contents = list(contents)
        self.time_nano_part: Optional[int] = None if time_nano_part is None else int(time_nano_part)

    # The original SDK's accessors.
    def push_back(self, key: Value, value: Value) -> None:
        """Append a ``(key, value)`` content."""
        self.contents.append((key, value))

    def get_contents(self) -> List[Tuple[Value, Value]]:
        return self.contents

    def set_contents(self, contents: Contents) -> None:
        self.contents = list(contents.items()) if isinstance(contents, Mapping) else list(contents)

    def get_time(self) -> int:
        return self.timestamp

    def set_time(self, timestamp: int) -> None:
        self.timestamp = int(timestamp)

    def get_time_nano_part(self) -> Optional[int]:
        return self.time_nano_part

    def set_time_nano_part(self, time_nano_part: Optional[int]) -> None:
        self.time_nano_part = None if time_nano_part is None else int(time_nano_part)

    @property
    def timestamp_seconds(self) -> int:
        """Alias of ``timestamp`` (the attribute name of newer original SDK releases)."""
        return self.timestamp

    @timestamp_seconds.setter
    def timestamp_seconds(self, value: int) -> None:
        self.timestamp = int(value)

    def log_print(self) -> None:
        """Print the time and contents to stdout (an explicit request to print, as in the original SDK)."""
        print("time", self.timestamp)
        if self.time_nano_part is not None:
            print("time_nano_part", self.time_nano_part)
        print("contents", self.contents)

    def __repr__(self) -> str:
        ns = f", time_nano_part={self.time_nano_part!r}" if self.time_nano_part is not None else ""
        return f"LogItem(timestamp={self.timestamp!r}, contents={self.contents!r}{ns})"

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, LogItem):
            return NotImplemented
        return (
            self.timestamp == other.timestamp
            and self.time_nano_part == other.time_nano_part
            and list(self.contents) == list(other.contents)
        )

    __hash__ = None  # type: ignore[assignment]  # mutable
