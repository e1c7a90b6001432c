"""QueuedLogHandler: logging that never waits for the network.

``emit()`` copies the record (its attributes, the rendered ``msg % args`` and any exception text) into a bounded
in-memory queue and returns. One daemon sender thread per handler and process takes batches off the queue (by
count, bytes and time), builds the logs (formatting, JSON / KV extraction) and sends them with ``put_logs``.

Delivery rules (also in docs/logging.md):

- The queue holds at most ``queue_size`` records and about ``max_queue_bytes`` bytes. When it is full the default
  policy drops the new record and counts it (``drop_policy="drop_newest"``); ``"drop_oldest"`` evicts the oldest
  queued records instead; ``"block"`` makes the logging call wait up to ``block_timeout`` seconds for room.
- A batch that fails with a retriable error (network down, 5xx, throttling) is retried, with backoff, until it is
  delivered or the handler is closed; meanwhile the queue keeps filling up to its bound. A batch that fails for good
  (bad credentials, missing logstore...) is counted in ``failed`` and reported through the ``aliyun.log.handlers``
  logger, which this package never uploads.
- ``flush(timeout)`` sends everything queued so far and waits for it without stopping the sender. ``close()``
  delivers within ``close_wait`` seconds and writes one line to stderr about what it could not. An exit hook does
  the same for every handler at interpreter exit (all handlers drain in parallel).
- After ``fork()`` the child starts with an empty queue, a new client and its own sender thread.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from typing import Any, Deque, Dict, List, Optional, Tuple

from . import _state
from .simple import Captured, SimpleLogHandler, as_flag, as_number, internal_logger, is_plain_formatter

__all__ = ["DROP_POLICIES", "QueuedLogHandler"]

DROP_POLICIES = ("drop_newest", "drop_oldest", "block")

DEFAULT_QUEUE_SIZE = 40960
DEFAULT_MAX_QUEUE_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024
DEFAULT_PUT_WAIT = 2.0
MAX_BATCH_SIZE = 4096

_FIRST_BACKOFF = 0.25
_MAX_BACKOFF = 4.0
_WARN_INTERVAL = 60.0

_get_ident = threading.get_ident
_getpid = os.getpid
_monotonic = time.monotonic
_Formatter = logging.Formatter


class _Worker:
    """One sender thread and its stop flags (a closed handler's worker can outlive it while a send finishes)."""

    __slots__ = ("abandon", "abort", "stopping", "thread")

    def __init__(self, handler: QueuedLogHandler) -> None:
        self.stopping = False
        self.abandon = False
        self.abort = threading.Event()
        self.thread = threading.Thread(
            target=handler._run, args=(self,), name=f"aliyun-log-handler:{handler.log_store}", daemon=True
        )


class QueuedLogHandler(SimpleLogHandler):
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

    Counters: :attr:`sent`, :attr:`dropped`, :attr:`failed` and :attr:`stats`.
    """

    _DEFAULT_CLOSE_WAIT = 5.0

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
        **kwargs: Any,
    ) -> None:
        super().__init__(
            end_point, access_key_id, access_key, project, log_store, topic, fields,
            buildin_fields_prefix, buildin_fields_suffix,
            extract_json, extract_json_drop_message, extract_json_prefix, extract_json_suffix,
            extract_kv, extract_kv_drop_message, extract_kv_prefix, extract_kv_suffix, extract_kv_sep,
            extra, auth_version, region, **kwargs,
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
        self._init_queue_state()

    def _init_queue_state(self) -> None:
        self._qlock = threading.Lock()
        self._not_full = threading.Condition(self._qlock)
        self._progress = threading.Condition(self._qlock)
        self._start_lock = threading.Lock()
        self._wake = threading.Event()
        self._queue: Deque[Captured] = deque()
        self._queued_bytes = 0
        self._accepted = 0
        self._completed = 0
        self._in_flight = 0
        self._flush_target = 0
        self._blocked = 0
        self._worker: Optional[_Worker] = None
        self._owner_pid = -1
        self._dropped_full = 0
        self._dropped_close = 0
        self._batches = 0
        self._outage_since: Optional[float] = None
        self._last_warning: Dict[str, float] = {}
        self._reported = (0, 0)

    # -- the application side ------------------------------------------------------------------------------------
    def handle(self, record: Any) -> Any:
        """Filter, then :meth:`emit`, which is thread-safe on its own: the handler lock is not taken, so threads
        that log at the same time never wait for each other here (nor behind a call waiting with ``"block"``)."""
        rv = self.filter(record)
        if isinstance(rv, logging.LogRecord):  # Python 3.12+: a filter may return a replacement record
            record = rv
        if rv:
            self.emit(record)
        return rv

    def emit(self, record: Any) -> None:
        """Queue ``record`` (never waits for the network; see ``drop_policy`` for a full queue)."""
        if _get_ident() in _state.busy_threads:
            return
        ignored = self._ignored_cache.get(record.name)
        if ignored is None:
            ignored = self._is_ignored(record.name)
        if ignored:
            return
        try:
            if self._owner_pid != _getpid() and not self._ensure_worker():
                SimpleLogHandler.emit(self, record)  # at interpreter exit: no new threads, send synchronously
                return
            defer = self.defer_format
            if defer is None:
                fmt = self.formatter
                defer = fmt is None or type(fmt) is _Formatter
            self._enqueue(self._capture(record, defer))
        except RecursionError:  # pragma: no cover - as logging.StreamHandler does
            raise
        except Exception:
            self.handleError(record)

    def _enqueue(self, item: Captured) -> None:
        size = item[2]
        with self._qlock:
            queue = self._queue
            if (len(queue) >= self.queue_size or self._queued_bytes + size > self.max_queue_bytes) and not (
                self._make_room(size)
            ):
                self._dropped += 1
                self._dropped_full += 1
                return
            queue.append(item)
            self._queued_bytes += size
            self._accepted += 1
            count = len(queue)
        if count >= self.batch_size and not self._wake.is_set():
            self._wake.set()

    def _make_room(self, size: int) -> bool:
        """With the queue lock held: apply the drop policy; True when the new record may be queued."""
        if size > self.max_queue_bytes:
            return False
        queue = self._queue
        if self.drop_policy == "drop_oldest":
            while queue and (len(queue) >= self.queue_size or self._queued_bytes + size > self.max_queue_bytes):
                self._queued_bytes -= queue.popleft()[2]
                self._dropped += 1
                self._dropped_full += 1
                self._completed += 1
            self._progress.notify_all()
            return True
        if self.drop_policy == "block":
            deadline = _monotonic() + self.block_timeout
            self._blocked += 1
            try:
                while len(queue) >= self.queue_size or self._queued_bytes + size > self.max_queue_bytes:
                    remaining = deadline - _monotonic()
                    if remaining <= 0:
                        return False
                    self._wake.set()
                    self._not_full.wait(remaining)
            finally:
                self._blocked -= 1
            return True
        return False

    # -- the worker ----------------------------------------------------------------------------------------------
    def init_worker(self) -> None:
        """Start the sender thread now (otherwise it starts with the first record)."""
        self._ensure_worker()

    def _ensure_worker(self) -> bool:
        """Make sure this process has a running sender; False at interpreter exit (send synchronously then)."""
        _state.check_fork()
        with self._start_lock:
            if self._owner_pid == _getpid() and self._worker is not None:
                return True
            if _state.flags.exiting:
                return False
            worker = _Worker(self)
            try:
                worker.thread.start()
            except RuntimeError:  # "can't create new thread at interpreter shutdown"
                return False
            self._worker = worker
            self._owner_pid = _getpid()
            return True

    def _run(self, worker: _Worker) -> None:
        ident = _get_ident()
        _state.busy_threads.add(ident)
        try:
            while True:
                batch = self._next_batch(worker)
                if batch is None:
                    return
                self._deliver(batch, worker)
        finally:
            _state.busy_threads.discard(ident)

    def _next_batch(self, worker: _Worker) -> Optional[List[Captured]]:
        wake = self._wake
        while True:
            wake.clear()
            with self._qlock:
                if worker.abandon:
                    return None
                queue = self._queue
                if queue:
                    now = time.time()
                    due = (queue[0][0].get("created") or now) + self.put_wait
                    if (
                        worker.stopping
                        or len(queue) >= self.batch_size
                        or self._queued_bytes >= self.max_batch_bytes
                        or now >= due
                        or self._completed + self._in_flight < self._flush_target  # flush() waits
                        or len(queue) >= self.queue_size  # full: make room now rather than drop
                        or self._blocked  # a logging call waits for room
                    ):
                        return self._pop_batch()
                    timeout = min(due - now, self.put_wait)
                elif worker.stopping:
                    return None
                else:
                    timeout = self.put_wait
            wake.wait(timeout)

    def _pop_batch(self) -> List[Captured]:
        """With the queue lock held: take the next batch (up to ``batch_size`` records, ``max_batch_bytes``)."""
        queue = self._queue
        limit = self.max_batch_bytes
        if self._queued_bytes <= limit:
            count = min(len(queue), self.batch_size)
            popleft = queue.popleft
            batch = [popleft() for _ in range(count)]
            taken = sum(item[2] for item in batch)
        else:
            batch = []
            taken = 0
            while queue and len(batch) < self.batch_size:
                size = queue[0][2]
                if batch and taken + size > limit:
                    break
                batch.append(queue.popleft())
                taken += size
        self._queued_bytes -= taken
        self._in_flight += len(batch)
        if self._blocked:
            self._not_full.notify_all()
        return batch

    def _deliver(self, batch: List[Captured], worker: _Worker) -> None:
        sent = failed = 0
        try:
            items = []
            make_item = self._make_item
            plain = is_plain_formatter(self.formatter)
            for snapshot, formatted, _size in batch:
                try:
                    items.append(make_item(snapshot, formatted, plain))
                except Exception as exc:
                    failed += 1
                    self._warn("build", "could not build a log from a record: %r", exc)
            if items:
                if self._send_with_retry(items, worker):
                    sent = len(items)
                else:
                    failed += len(items)
        except Exception as exc:  # pragma: no cover - defensive: the sender must survive anything
            failed = len(batch) - sent
            self._warn("internal", "log handler sender error: %r", exc)
        finally:
            with self._qlock:
                self._in_flight -= len(batch)
                self._completed += len(batch)
                self._sent += sent
                self._failed += failed
                self._batches += 1
                self._progress.notify_all()

    def _send_with_retry(self, items: List[Any], worker: _Worker) -> bool:
        delay = _FIRST_BACKOFF
        while True:
            try:
                self._put_items(items)
            except Exception as exc:
                if getattr(exc, "retriable", False) and not worker.abandon:
                    if self._outage_since is None:
                        self._outage_since = _monotonic()
                        internal_logger.warning(
                            "delivery to %s/%s paused: %s; retrying (%d records queued)",
                            self.project, self.log_store, exc, len(self._queue) + len(items),
                        )
                    worker.abort.wait(delay)
                    delay = min(delay * 2, _MAX_BACKOFF)
                    continue
                self._warn(getattr(exc, "error_code", type(exc).__name__),
                           "could not deliver %d records to %s/%s: %s", len(items), self.project, self.log_store, exc)
                return False
            if self._outage_since is not None:
                internal_logger.warning("delivery to %s/%s resumed after %.1f s", self.project, self.log_store,
                                        _monotonic() - self._outage_since)
                self._outage_since = None
            return True

    def _warn(self, kind: str, message: str, *args: Any) -> None:
        """A warning through the ``aliyun.log.handlers`` logger, at most once a minute per kind of failure."""
        now = _monotonic()
        last = self._last_warning.get(kind)
        if last is not None and now - last < _WARN_INTERVAL:
            return
        self._last_warning[kind] = now
        try:
            internal_logger.warning(message, *args)
        except Exception:  # pragma: no cover
            pass

    # -- flush, close, counters ------------------------------------------------------------------------------------
    def flush(self, timeout: Optional[float] = None) -> bool:  # type: ignore[override]
        """Send everything queued so far and wait until it is delivered (or failed for good).

        Waits at most ``timeout`` seconds (default ``close_wait``); returns True when nothing is left pending. The
        sender keeps running: the handler stays usable.
        """
        worker = self._worker
        if worker is None or self._owner_pid != _getpid():
            return self._completed >= self._accepted
        if not worker.thread.is_alive():  # pragma: no cover - a sender never dies on its own
            self._owner_pid = -1
            self._ensure_worker()
        wait = self.close_wait if timeout is None else max(0.0, float(timeout))
        deadline = _monotonic() + wait
        with self._qlock:
            target = self._accepted
            if self._completed >= target:
                return True
            if target > self._flush_target:
                self._flush_target = target
        self._wake.set()
        with self._qlock:
            while self._completed < target:
                remaining = deadline - _monotonic()
                if remaining <= 0:
                    return False
                self._progress.wait(remaining)
        return True

    def stop(self) -> None:
        """Stop the sender after delivering what is queued (within ``close_wait``); a later record restarts it."""
        self._finish_stop(self._begin_stop(), report=True)

    def close(self) -> None:
        """Deliver what is queued within ``close_wait``, report on stderr what could not be, release the client.

        A closed handler that still receives records (``dictConfig`` closes the handlers it replaces, even those
        still attached to loggers it does not configure) starts a new sender, so they are not lost.
        """
        try:
            self.stop()
        finally:
            SimpleLogHandler.close(self)

    def _begin_stop(self) -> Optional[Tuple[_Worker, float]]:
        with self._start_lock:
            worker = self._worker
            if worker is None or self._owner_pid != _getpid():
                return None
            self._worker = None
            self._owner_pid = -1
        with self._qlock:
            worker.stopping = True
        self._wake.set()
        return worker, _monotonic() + self.close_wait

    def _finish_stop(self, token: Optional[Tuple[_Worker, float]], report: bool = False) -> None:
        if token is None:
            if report:
                self._report(0, 0)
            return
        worker, deadline = token
        worker.thread.join(max(0.0, deadline - _monotonic()))
        discarded = in_flight = 0
        if worker.thread.is_alive():
            worker.abandon = True
            worker.abort.set()
            with self._qlock:
                in_flight = self._in_flight
                if self._worker is None:  # no new sender took over: what is left will not be sent
                    discarded = len(self._queue)
                    self._queue.clear()
                    self._queued_bytes = 0
                    self._completed += discarded
                    self._dropped += discarded
                    self._dropped_close += discarded
                    self._progress.notify_all()
            self._wake.set()
        if report:
            self._report(discarded, in_flight)

    def _report(self, discarded: int, in_flight: int) -> None:
        """One stderr line (never through logging) when records were lost since the last report."""
        dropped_full, failed = self._dropped_full, self._failed
        new_full = dropped_full - self._reported[0]
        new_failed = failed - self._reported[1]
        self._reported = (dropped_full, failed)
        if not (discarded or in_flight or new_full or new_failed):
            return
        parts = []
        if discarded or in_flight:
            parts.append(f"{discarded + in_flight} records not delivered within close_wait={self.close_wait:g}s "
                         f"({discarded} discarded from the queue, {in_flight} still being sent)")
        if new_full:
            parts.append(f"{new_full} dropped because the queue was full (drop_policy={self.drop_policy})")
        if new_failed:
            parts.append(f"{new_failed} failed to send")
        line = (f"aliyun.log {type(self).__name__} {self.project}/{self.log_store}: " + "; ".join(parts)
                + f" (sent {self._sent} in total)\n")
        try:
            stream = sys.stderr
            if stream is not None:
                stream.write(line)
                stream.flush()
        except Exception:  # pragma: no cover - stderr closed at exit
            pass

    @property
    def pending(self) -> int:
        """Records queued or being sent."""
        return len(self._queue) + self._in_flight

    @property
    def stats(self) -> Dict[str, int]:
        """Counters: ``sent``, ``dropped`` (= ``dropped_queue_full`` + ``dropped_at_close``), ``failed``,
        ``pending``, ``truncated`` (values cut to ``max_value_bytes``) and ``batches``."""
        return {
            "sent": self._sent,
            "dropped": self._dropped,
            "failed": self._failed,
            "pending": self.pending,
            "dropped_queue_full": self._dropped_full,
            "dropped_at_close": self._dropped_close,
            "truncated": self._truncated,
            "batches": self._batches,
        }

    def _reset_after_fork(self) -> None:
        """In a forked child: an empty queue, fresh locks, no sender (one starts with the first record)."""
        SimpleLogHandler._reset_after_fork(self)
        self._init_queue_state()
