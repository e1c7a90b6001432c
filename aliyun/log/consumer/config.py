"""Configuration of a consumer: :class:`LogHubConfig` and :class:`CursorPosition`."""

from __future__ import annotations

import math
from enum import Enum
from typing import Any, Callable, Optional, Union

__all__ = ["CursorPosition", "LogHubConfig"]

TimeValue = Union[int, float, str]


class CursorPosition(Enum):
    """Where a consumer starts in a shard that has no checkpoint yet."""

    BEGIN_CURSOR = "BEGIN_CURSOR"
    END_CURSOR = "END_CURSOR"
    SPECIAL_TIMER_CURSOR = "SPECIAL_TIMER_CURSOR"


def _positive(value: Any, name: str, default: float) -> float:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0 or math.isinf(value):
        raise ValueError(f"{name} must be a positive number of seconds, got {value!r}")
    return float(value)


def _int_in(value: Any, name: str, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be an int in [{low}, {high}], got {value!r}")
    return value


def _cursor_position(value: Any) -> CursorPosition:
    if value is None:
        return CursorPosition.BEGIN_CURSOR
    if isinstance(value, CursorPosition):
        return value
    if isinstance(value, str):
        text = value.strip().upper()
        for position in CursorPosition:
            if text in (position.value, position.name, position.name.replace("_CURSOR", "")):
                return position
    raise ValueError(f"cursor_position must be a CursorPosition, got {value!r}")


def _check_time(value: Any, name: str) -> None:
    if value is None:
        return
    if isinstance(value, str) and value.strip().lower() in ("begin", "end"):
        return
    from ..timeparse import parse_timestamp

    try:
        parse_timestamp(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name}: {exc}") from None


class LogHubConfig:
    """Everything a :class:`~aliyun.log.consumer.ConsumerWorker` needs.

    :param endpoint, access_key_id, access_key: the service and the credentials (``security_token`` for STS;
        ``credentials_refresher`` a callable returning fresh ``(id, secret[, token])`` or Credentials).
    :param project, logstore: what to consume.
    :param consumer_group_name: the group (created when missing, its timeout / order updated otherwise).
    :param consumer_name: this consumer, unique in the group (e.g. ``"<group>-<pid>"``).
    :param cursor_position: where to start in a shard that has no checkpoint yet: ``BEGIN_CURSOR`` (default),
        ``END_CURSOR`` or ``SPECIAL_TIMER_CURSOR`` with ``cursor_start_time`` (unix seconds, ``"begin"``,
        ``"end"``, ``"2018-12-26 0:0:0"``, ``"1 hour ago"``...).
    :param heartbeat_interval: seconds between heartbeats (default 20; fractions allowed). The group's consumer
        timeout is ``consumer_group_timeout`` (default twice the interval, rounded up to whole seconds).
    :param data_fetch_interval: the longest pause between two pulls of a shard that has no new data (default 2 s;
        the pause grows from a few milliseconds up to it while a shard stays idle).
    :param in_order: consume the children of a split / merged shard only after their parents are consumed.
    :param max_fetch_log_group_size: log groups per pull (1-1000, default 1000); also the most log groups a shard
        holds in memory at once.
    :param worker_pool_size: threads running the processors and checkpoint saves (default 2); pulls run on a few
        threads of the worker's own.
    :param shared_executor: a ``concurrent.futures.Executor`` to run them on instead (used, never shut down).
    :param cursor_end_time: batch mode: consume up to this receive time, then the worker stops by itself once
        every shard is consumed to it.
    :param auth_version, region: ``"v1"`` (default) or ``"v4"`` signing with the region.
    :param accept_compress_type: the compression asked for pulls: ``"lz4"`` (default) or ``"zstd"``.
    :param query: an SPL statement (``* | where level = 'ERROR' | project msg``) the service runs on every pulled
        log: the processor receives only what it keeps, as it shaped it.
    :param processor: the name of a consume processor (an SPL statement stored on the service) instead of ``query``.

    Keyword-only extras: ``credentials_provider`` (any :mod:`aliyun.log.auth` provider), ``consumer_group_timeout``
    (seconds), ``checkpoint_interval`` (seconds between checkpoint saves of ``save_checkpoint`` without ``force``,
    default 3), ``shutdown_timeout`` (the longest ``shutdown()`` waits for shards to finish, default 30 s).
    """

    def __init__(
        self,
        endpoint: str,
        access_key_id: Optional[str],
        access_key: Optional[str],
        project: str,
        logstore: str,
        consumer_group_name: str,
        consumer_name: str,
        cursor_position: Optional[Union[CursorPosition, str]] = None,
        heartbeat_interval: Optional[float] = None,
        data_fetch_interval: Optional[float] = None,
        in_order: bool = False,
        cursor_start_time: Optional[TimeValue] = None,
        security_token: Optional[str] = None,
        max_fetch_log_group_size: Optional[int] = None,
        worker_pool_size: Optional[int] = None,
        shared_executor: Any = None,
        cursor_end_time: Optional[TimeValue] = None,
        credentials_refresher: Optional[Callable[[], Any]] = None,
        auth_version: str = "v1",
        region: str = "",
        query: Optional[str] = None,
        accept_compress_type: Optional[str] = None,
        processor: Optional[str] = None,
        *,
        credentials_provider: Any = None,
        consumer_group_timeout: Optional[int] = None,
        checkpoint_interval: Optional[float] = None,
        shutdown_timeout: Optional[float] = None,
    ) -> None:
        for name, value in (("endpoint", endpoint), ("project", project), ("logstore", logstore),
                            ("consumer_group_name", consumer_group_name), ("consumer_name", consumer_name)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty string, got {value!r}")
        if query is not None and not isinstance(query, str):
            raise ValueError(f"query must be an SPL statement string, got {query!r}")
        self.endpoint = endpoint
        self.accessKeyId = access_key_id
        self.accessKey = access_key
        self.securityToken = security_token
        self.project = project
        self.logstore = logstore
        self.consumer_group_name = consumer_group_name
        self.consumer_name = consumer_name
        self.cursor_position = _cursor_position(cursor_position)
        if self.cursor_position is CursorPosition.SPECIAL_TIMER_CURSOR and cursor_start_time is None:
            raise ValueError("cursor_position SPECIAL_TIMER_CURSOR needs cursor_start_time")
        _check_time(cursor_start_time, "cursor_start_time")
        _check_time(cursor_end_time, "cursor_end_time")
        self.cursor_start_time = cursor_start_time
        self.cursor_end_time = cursor_end_time
        self.heartbeat_interval = _positive(heartbeat_interval, "heartbeat_interval", 20.0)
        self.data_fetch_interval = _positive(data_fetch_interval, "data_fetch_interval", 2.0)
        self.in_order = bool(in_order)
        self.max_fetch_log_group_size = _int_in(max_fetch_log_group_size, "max_fetch_log_group_size", 1000, 1, 1000)
        self.worker_pool_size = _int_in(worker_pool_size, "worker_pool_size", 2, 1, 1024)
        if shared_executor is not None and not callable(getattr(shared_executor, "submit", None)):
            raise ValueError("shared_executor must be a concurrent.futures.Executor (something with submit())")
        self.shared_executor = shared_executor
        self.credentials_refresher = credentials_refresher
        self.credentials_provider = credentials_provider
        self.auth_version = auth_version or "v1"
        self.region = region or ""
        self.query = query
        self.processor = processor
        if accept_compress_type not in (None, "", "lz4", "zstd", "deflate"):
            raise ValueError(f"accept_compress_type must be 'lz4' or 'zstd', got {accept_compress_type!r}")
        self.accept_compress_type = accept_compress_type or None
        if consumer_group_timeout is None:
            consumer_group_timeout = max(1, math.ceil(self.heartbeat_interval * 2))
        self.consumer_group_timeout = int(_int_in(consumer_group_timeout, "consumer_group_timeout", 0, 1, 86400))
        self.checkpoint_interval = _positive(checkpoint_interval, "checkpoint_interval", 3.0)
        self.shutdown_timeout = _positive(shutdown_timeout, "shutdown_timeout", 30.0)

    # snake_case views of the original attribute names
    @property
    def access_key_id(self) -> Optional[str]:
        return self.accessKeyId

    @property
    def access_key(self) -> Optional[str]:
        return self.accessKey

    @property
    def security_token(self) -> Optional[str]:
        return self.securityToken

    @property
    def consumer_group_time_out(self) -> int:
        """The original SDK's name of :attr:`consumer_group_timeout` (settable after construction, as there)."""
        return self.consumer_group_timeout

    @consumer_group_time_out.setter
    def consumer_group_time_out(self, seconds: int) -> None:
        self.consumer_group_timeout = int(_int_in(seconds, "consumer_group_time_out", 0, 1, 86400))

    def __repr__(self) -> str:  # never shows the secret or the token
        return (
            f"LogHubConfig(endpoint={self.endpoint!r}, project={self.project!r}, logstore={self.logstore!r}, "
            f"consumer_group_name={self.consumer_group_name!r}, consumer_name={self.consumer_name!r}, "
            f"cursor_position={self.cursor_position.name}, heartbeat_interval={self.heartbeat_interval}, "
            f"in_order={self.in_order})"
        )
