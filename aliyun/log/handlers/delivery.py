"""Delivery: how a handler's records reach the service, separate from how they are formatted (``._base``).

- :class:`SyncSender` sends each record in the logging thread, one PutLogs per record.
- :class:`BackgroundSender` copies the record into a bounded in-memory queue and returns; one daemon thread per
  handler and process takes batches off the queue (by count, bytes and time), builds the logs and sends them.

Both send through the handler's client, whose retry policy is the only one applied: a request the policy gives up
on fails for good (counted in ``failed``, reported through the ``aliyun.log.handlers`` logger, which this package
never uploads). The background sender's default policy (:data:`BACKGROUND_RETRY_POLICY`) rides out outages of
about half a minute; the queue keeps filling up to its bound meanwhile.

Background delivery rules (also in docs/logging.md):

- The queue holds at most ``queue_size`` records and about ``max_queue_bytes`` bytes. When it is full the default
  policy drops the new record and counts it (``drop_policy="drop_newest"``); ``"drop_oldest"`` evicts the oldest
  queued records instead; ``"block"`` makes the logging call wait up to ``block_timeout`` seconds for room.
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
from typing import TYPE_CHECKING, Any, Deque, Dict, List, Optional, Tuple, Union

from ..transport import RetryPolicy
from . import _state
from ._base import Captured, internal_logger, is_plain_formatter

if TYPE_CHECKING:  # pragma: no cover
    from ._base import LogHandlerBase
    from .queued import QueuedLogHandler

__all__ = ["BACKGROUND_RETRY_POLICY", "DROP_POLICIES", "BackgroundSender", "Sender", "SyncSender"]

DROP_POLICIES = ("drop_newest", "drop_oldest", "block")

#: The retry policy of a queued handler's own client: about 30 s of attempts (full-jitter backoff up to 8 s)
#: before a batch counts as failed. Nobody waits for these retries but the sender thread.
BACKGROUND_RETRY_POLICY = RetryPolicy(max_attempts=10, base_delay=0.5, max_delay=8.0)

_WARN_INTERVAL = 60.0

_get_ident = threading.get_ident
_getpid = os.getpid
_monotonic = time.monotonic
_Formatter = logging.Formatter


class SyncSender:
    """Sends every record in the logging thread with one PutLogs (the caller waits for the network)."""

    #: None: the client's default retry policy (the caller waits through it).
    default_retry_policy: Optional[RetryPolicy] = None
    pending = 0

    def __init__(self, handler: LogHandlerBase) -> None:
        self.handler = handler

    def submit(self, record: logging.LogRecord) -> None:
        """Send ``record`` now; a failure is counted and raised."""
        handler = self.handler
        ident = _get_ident()
        _state.busy_threads.add(ident)
        try:
            snapshot, formatted, _size = handler._capture(record)
            handler._put_items([handler._make_item(snapshot, formatted)])
            handler._counters.sent += 1
        except Exception:
            handler._counters.failed += 1
            raise
        finally:
            _state.busy_threads.discard(ident)

    def flush(self, timeout: Optional[float] = None) -> bool:
        return True

    def begin_stop(self) -> None:
        return None

    def finish_stop(self, token: Any, report: bool = False) -> None:
        return None

    def reset_after_fork(self) -> None:
        return None

    def stats(self) -> Dict[str, int]:
        counters = self.handler._counters
        return {"sent": counters.sent, "dropped": counters.dropped, "failed": counters.failed, "pending": 0,
                "truncated": counters.truncated}


class _Worker:
    """One sender thread and its stop flags (a closed handler's worker can outlive it while a send finishes)."""

    __slots__ = ("abandon", "stopping", "thread")

    def __init__(self, sender: BackgroundSender) -> None:
        self.stopping = False
        self.abandon = False
        self.thread = threading.Thread(
            target=sender._run, args=(self,), name=f"aliyun-log-handler:{sender.handler.log_store}", daemon=True
        )


class BackgroundSender:
    """Queues records and sends them in batches from a daemon thread (the settings are the handler's attributes:
    ``queue_size``, ``max_queue_bytes``, ``put_wait``, ``close_wait``, ``batch_size``, ``max_batch_bytes``,
    ``drop_policy``, ``block_timeout``, ``defer_format``)."""

    default_retry_policy: Optional[RetryPolicy] = BACKGROUND_RETRY_POLICY

    def __init__(self, handler: QueuedLogHandler) -> None:
        self.handler = handler
        self._fallback = SyncSender(handler)  # at interpreter exit, when no thread can start
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
        self._last_warning: Dict[str, float] = {}
        self._reported = (0, 0)

    def reset_after_fork(self) -> None:
        """In a forked child: an empty queue, fresh locks, no sender (one starts with the first record)."""
        self._init_queue_state()

    # -- the application side ------------------------------------------------------------------------------------
    def submit(self, record: logging.LogRecord) -> None:
        """Queue ``record`` (never waits for the network; see ``drop_policy`` for a full queue)."""
        if self._owner_pid != _getpid() and not self._ensure_worker():
            self._fallback.submit(record)  # at interpreter exit: no new threads, send synchronously
            return
        handler = self.handler
        defer = handler.defer_format
        if defer is None:
            fmt = handler.formatter
            defer = fmt is None or type(fmt) is _Formatter
        self._enqueue(handler._capture(record, defer))

    def _enqueue(self, item: Captured) -> None:
        size = item[2]
        handler = self.handler
        with self._qlock:
            queue = self._queue
            if (len(queue) >= handler.queue_size or self._queued_bytes + size > handler.max_queue_bytes) and not (
                self._make_room(size)
            ):
                counters = handler._counters
                counters.dropped += 1
                counters.dropped_full += 1
                return
            queue.append(item)
            self._queued_bytes += size
            self._accepted += 1
            count = len(queue)
        if count >= handler.batch_size and not self._wake.is_set():
            self._wake.set()

    def _is_full(self, size: int) -> bool:
        handler = self.handler
        return len(self._queue) >= handler.queue_size or self._queued_bytes + size > handler.max_queue_bytes

    def _make_room(self, size: int) -> bool:
        """With the queue lock held: apply the drop policy; True when the new record may be queued."""
        handler = self.handler
        if size > handler.max_queue_bytes:
            return False
        queue = self._queue
        if handler.drop_policy == "drop_oldest":
            counters = handler._counters
            while queue and self._is_full(size):
                self._queued_bytes -= queue.popleft()[2]
                counters.dropped += 1
                counters.dropped_full += 1
                self._completed += 1
            self._progress.notify_all()
            return True
        if handler.drop_policy == "block":
            deadline = _monotonic() + handler.block_timeout
            self._blocked += 1
            try:
                while self._is_full(size):
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
    @property
    def running(self) -> bool:
        """Whether this process has a live sender thread."""
        worker = self._worker
        return worker is not None and self._owner_pid == _getpid() and worker.thread.is_alive()

    def start(self) -> None:
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
                self._deliver(batch)
        finally:
            _state.busy_threads.discard(ident)

    def _next_batch(self, worker: _Worker) -> Optional[List[Captured]]:
        wake = self._wake
        handler = self.handler
        while True:
            wake.clear()
            put_wait = handler.put_wait
            with self._qlock:
                if worker.abandon:
                    return None
                queue = self._queue
                if queue:
                    now = time.time()
                    due = (queue[0][0].get("created") or now) + put_wait
                    if (
                        worker.stopping
                        or len(queue) >= handler.batch_size
                        or self._queued_bytes >= handler.max_batch_bytes
                        or now >= due
                        or self._completed + self._in_flight < self._flush_target  # flush() waits
                        or len(queue) >= handler.queue_size  # full: make room now rather than drop
                        or self._blocked  # a logging call waits for room
                    ):
                        return self._pop_batch()
                    timeout = min(due - now, put_wait)
                elif worker.stopping:
                    return None
                else:
                    timeout = put_wait
            wake.wait(timeout)

    def _pop_batch(self) -> List[Captured]:
        """With the queue lock held: take the next batch (up to ``batch_size`` records, ``max_batch_bytes``)."""
        queue = self._queue
        limit = self.handler.max_batch_bytes
        batch_size = self.handler.batch_size
        if self._queued_bytes <= limit:
            count = min(len(queue), batch_size)
            popleft = queue.popleft
            batch = [popleft() for _ in range(count)]
            taken = sum(item[2] for item in batch)
        else:
            batch = []
            taken = 0
            while queue and len(batch) < batch_size:
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

    def _deliver(self, batch: List[Captured]) -> None:
        """Build the logs of ``batch`` and send them with one PutLogs (the client's retry policy applies)."""
        handler = self.handler
        sent = failed = 0
        try:
            items = []
            make_item = handler._make_item
            plain = is_plain_formatter(handler.formatter)
            for snapshot, formatted, _size in batch:
                try:
                    items.append(make_item(snapshot, formatted, plain))
                except Exception as exc:
                    failed += 1
                    self._warn("build", "could not build a log from a record: %r", exc)
            if items:
                try:
                    handler._put_items(items)
                    sent = len(items)
                except Exception as exc:
                    failed += len(items)
                    self._warn(getattr(exc, "error_code", type(exc).__name__),
                               "could not deliver %d records to %s/%s: %s", len(items), handler.project,
                               handler.log_store, exc)
        except Exception as exc:  # pragma: no cover - defensive: the sender must survive anything
            failed = len(batch) - sent
            self._warn("internal", "log handler sender error: %r", exc)
        finally:
            with self._qlock:
                counters = handler._counters
                self._in_flight -= len(batch)
                self._completed += len(batch)
                counters.sent += sent
                counters.failed += failed
                counters.batches += 1
                self._progress.notify_all()

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

    # -- flush, stop, counters -------------------------------------------------------------------------------------
    def flush(self, timeout: Optional[float] = None) -> bool:
        """Send everything queued so far and wait until it is delivered (or failed for good), at most ``timeout``
        seconds (default ``close_wait``); True when nothing is left pending. The sender keeps running."""
        worker = self._worker
        if worker is None or self._owner_pid != _getpid():
            return self._completed >= self._accepted
        if not worker.thread.is_alive():  # pragma: no cover - a sender never dies on its own
            self._owner_pid = -1
            self._ensure_worker()
        wait = self.handler.close_wait if timeout is None else max(0.0, float(timeout))
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

    def begin_stop(self) -> Optional[Tuple[_Worker, float]]:
        """Ask the sender thread to deliver what is queued and end; the token is for :meth:`finish_stop`."""
        with self._start_lock:
            worker = self._worker
            if worker is None or self._owner_pid != _getpid():
                return None
            self._worker = None
            self._owner_pid = -1
        with self._qlock:
            worker.stopping = True
        self._wake.set()
        return worker, _monotonic() + self.handler.close_wait

    def finish_stop(self, token: Optional[Tuple[_Worker, float]], report: bool = False) -> None:
        """Wait for the stopping thread until the ``close_wait`` deadline; what is left then is discarded."""
        if token is None:
            if report:
                self._report(0, 0)
            return
        worker, deadline = token
        worker.thread.join(max(0.0, deadline - _monotonic()))
        discarded = in_flight = 0
        if worker.thread.is_alive():
            worker.abandon = True
            with self._qlock:
                in_flight = self._in_flight
                if self._worker is None:  # no new sender took over: what is left will not be sent
                    counters = self.handler._counters
                    discarded = len(self._queue)
                    self._queue.clear()
                    self._queued_bytes = 0
                    self._completed += discarded
                    counters.dropped += discarded
                    counters.dropped_close += discarded
                    self._progress.notify_all()
            self._wake.set()
        if report:
            self._report(discarded, in_flight)

    def _report(self, discarded: int, in_flight: int) -> None:
        """One stderr line (never through logging) when records were lost since the last report."""
        handler = self.handler
        counters = handler._counters
        dropped_full, failed = counters.dropped_full, counters.failed
        new_full = dropped_full - self._reported[0]
        new_failed = failed - self._reported[1]
        self._reported = (dropped_full, failed)
        if not (discarded or in_flight or new_full or new_failed):
            return
        parts = []
        if discarded or in_flight:
            parts.append(f"{discarded + in_flight} records not delivered within close_wait={handler.close_wait:g}s "
                         f"({discarded} discarded from the queue, {in_flight} still being sent)")
        if new_full:
            parts.append(f"{new_full} dropped because the queue was full (drop_policy={handler.drop_policy})")
        if new_failed:
            parts.append(f"{new_failed} failed to send")
        line = (f"aliyun.log {type(handler).__name__} {handler.project}/{handler.log_store}: " + "; ".join(parts)
                + f" (sent {counters.sent} in total)\n")
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

    def stats(self) -> Dict[str, int]:
        counters = self.handler._counters
        return {
            "sent": counters.sent,
            "dropped": counters.dropped,
            "failed": counters.failed,
            "pending": self.pending,
            "dropped_queue_full": counters.dropped_full,
            "dropped_at_close": counters.dropped_close,
            "truncated": counters.truncated,
            "batches": counters.batches,
        }


Sender = Union[SyncSender, BackgroundSender]
