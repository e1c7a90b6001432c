"""QueuedLogHandler: logging that never waits for the network.

``emit()`` copies the record (its attributes, the rendered ``msg % args`` and any exception text) into a bounded
in-memory queue and returns; a daemon sender thread builds and sends the logs in batches. The delivery rules (queue
bound and drop policies, flush and close deadlines, exit and fork) are those of
:class:`~aliyun.log.handlers.delivery.BackgroundSender`.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, Iterable, Optional

from ._base import LogHandlerBase, Tags, as_flag, as_number
from .delivery import DROP_POLICIES, BackgroundSender

if TYPE_CHECKING:  # pragma: no cover
    from ..auth import CredentialsProvider
    from ..client import LogClient
    from ..transport import RetryPolicy, Timeout

__all__ = ["DROP_POLICIES", "QueuedLogHandler"]

DEFAULT_QUEUE_SIZE = 40960
DEFAULT_MAX_QUEUE_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_PUT_WAIT = 2.0
MAX_BATCH_SIZE = 4096


class QueuedLogHandler(LogHandlerBase):
    """An asynchronous logging handler: records are queued in memory and sent in batches by a daemon thread.

    The positional parameters are those of the original SDK (``fileConfig`` passes them in this order); see
    :class:`SimpleLogHandler` for the ones not listed here.

    Args:
        queue_size: the most records the queue holds (default 40960).
        put_wait: the longest a record waits in the queue before its batch is sent, in seconds (default 2).
        close_wait: how long ``close()`` and the exit hook try to deliver what is queued, in seconds (default 5).
        batch_size: records per PutLogs request (default ``min(1024, queue_size)``, at most 4096).

    Keyword-only options, besides those of :class:`SimpleLogHandler`:
        max_queue_bytes: the queue's approximate byte bound (default 32 MiB; a record counts as its message,
            exception text and 256 bytes of fields).
        drop_policy: what a full queue does to a new record: ``"drop_newest"`` (default: drop it and count it),
            ``"drop_oldest"`` (evict the oldest queued records) or ``"block"`` (wait up to ``block_timeout``).
        block_timeout: seconds a logging call may wait for room with ``drop_policy="block"`` (default
            ``2 * put_wait``); the record is dropped and counted after that.
        max_batch_bytes: approximate bytes per PutLogs request (default 4 MiB).
        defer_format: run the formatter in the sender thread. Default: yes for no formatter or a plain
            ``logging.Formatter``, no for any other formatter class (it may read thread-local state).

    Delivery (queue, batching, drop policies, close deadline): :class:`~.delivery.BackgroundSender`.
    Retries are the client's: ``retry_policy`` (default :data:`~aliyun.log.handlers.delivery.BACKGROUND_RETRY_POLICY`,
    about 30 s of attempts); a batch the policy gives up on is counted in ``failed``.

    Counters: :attr:`sent`, :attr:`dropped`, :attr:`failed`, :attr:`pending` and :attr:`stats`.
    """

    _DEFAULT_CLOSE_WAIT = 5.0

    _sender: BackgroundSender

    def __init__(
        self,
        end_point: str,
        access_key_id: Optional[str],
        access_key: Optional[str],
        project: str,
        log_store: str,
        topic: Optional[str] = None,
        fields: Any = None,
        queue_size: Optional[int] = None,
        put_wait: Optional[float] = None,
        close_wait: Optional[float] = None,
        batch_size: Optional[int] = None,
        buildin_fields_prefix: Optional[str] = None,
        buildin_fields_suffix: Optional[str] = None,
        extract_json: Any = None,
        extract_json_drop_message: Any = None,
        extract_json_prefix: Optional[str] = None,
        extract_json_suffix: Optional[str] = None,
        extract_kv: Any = None,
        extract_kv_drop_message: Any = None,
        extract_kv_prefix: Optional[str] = None,
        extract_kv_suffix: Optional[str] = None,
        extract_kv_sep: Optional[str] = None,
        extra: Any = None,
        auth_version: str = "v1",
        region: str = "",
        *,
        max_queue_bytes: Optional[int] = None,
        drop_policy: str = "drop_newest",
        block_timeout: Optional[float] = None,
        max_batch_bytes: Optional[int] = None,
        defer_format: Optional[bool] = None,
        security_token: Optional[str] = None,
        credentials_provider: Optional[CredentialsProvider] = None,
        source: Optional[str] = None,
        log_tags: Tags = None,
        client: Optional[LogClient] = None,
        retry_policy: Optional[RetryPolicy] = None,
        timeout: Optional[Timeout] = None,
        ignore_loggers: Iterable[str] = (),
        max_value_bytes: Optional[int] = None,
        compress_type: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            end_point, access_key_id, access_key, project, log_store, topic=topic, fields=fields,
            buildin_fields_prefix=buildin_fields_prefix, buildin_fields_suffix=buildin_fields_suffix,
            extract_json=extract_json, extract_json_drop_message=extract_json_drop_message,
            extract_json_prefix=extract_json_prefix, extract_json_suffix=extract_json_suffix,
            extract_kv=extract_kv, extract_kv_drop_message=extract_kv_drop_message,
            extract_kv_prefix=extract_kv_prefix, extract_kv_suffix=extract_kv_suffix, extract_kv_sep=extract_kv_sep,
            extra=extra, auth_version=auth_version, region=region, security_token=security_token,
            credentials_provider=credentials_provider, source=source, log_tags=log_tags, client=client,
            retry_policy=retry_policy, timeout=timeout, ignore_loggers=ignore_loggers,
            max_value_bytes=max_value_bytes, compress_type=compress_type, **kwargs,
        )
        self.queue_size = int(as_number(queue_size, DEFAULT_QUEUE_SIZE, "queue_size", 1))
        self.put_wait = as_number(put_wait, DEFAULT_PUT_WAIT, "put_wait") or 0.001
        self.close_wait = as_number(close_wait, self._DEFAULT_CLOSE_WAIT, "close_wait")
        default_batch = min(1024, self.queue_size)
        self.batch_size = min(int(as_number(batch_size, default_batch, "batch_size", 1)), MAX_BATCH_SIZE)
        self.max_queue_bytes = int(as_number(max_queue_bytes, DEFAULT_MAX_QUEUE_BYTES, "max_queue_bytes", 1024))
        self.max_batch_bytes = int(as_number(max_batch_bytes, DEFAULT_MAX_BATCH_BYTES, "max_batch_bytes", 1024))
        policy = str(drop_policy or "drop_newest").strip().lower().replace("-", "_")
        if policy not in DROP_POLICIES:
            raise ValueError(f"drop_policy must be one of {DROP_POLICIES}, got {drop_policy!r}")
        self.drop_policy = policy
        self.block_timeout = as_number(block_timeout, 2 * self.put_wait, "block_timeout")
        self.defer_format: Optional[bool] = None if defer_format is None else as_flag(defer_format, True)
        self._sender = BackgroundSender(self)

    def handle(self, record: Any) -> Any:
        """Filter, then :meth:`emit`, which is thread-safe on its own: the handler lock is not taken, so threads
        that log at the same time never wait for each other here (nor behind a call waiting with ``"block"``)."""
        if not self.filters:  # the common case, without a call
            self.emit(record)
            return True
        rv = self.filter(record)
        if isinstance(rv, logging.LogRecord):  # Python 3.12+: a filter may return a replacement record
            record = rv
        if rv:
            self.emit(record)
        return rv

    def init_worker(self) -> None:
        """Start the sender thread now (otherwise it starts with the first record)."""
        self._sender.start()

    def stop(self) -> None:
        """Stop the sender after delivering what is queued (within ``close_wait``); a later record restarts it."""
        self._finish_stop(self._begin_stop(), report=True)
