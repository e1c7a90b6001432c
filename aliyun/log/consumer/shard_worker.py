"""Consuming one shard: initialize → (fetch → process → checkpoint)* → shutdown, as short executor tasks.

A :class:`ShardConsumer` never blocks an executor thread for longer than one pull or one ``process()`` call, and
never sleeps in one: pauses (idle back-off, retry delays) are deadlines its :class:`ConsumerWorker` waits for. So a
small (or shared) pool can serve many shards. At most one task that touches the processor runs at a time per shard;
the next pull may run beside it (prefetch) as long as the shard holds at most ``max_fetch_log_group_size`` log
groups in memory.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Deque, Dict, Optional

from ..errors import LogException
from .loggroups import LogGroupBatch
from .tracker import ConsumerCheckpointTracker

if TYPE_CHECKING:  # pragma: no cover
    from .worker import ConsumerWorker

__all__ = ["ShardConsumer", "ShardConsumerWorker"]

logger = logging.getLogger("aliyun.log.consumer")

INITIALIZING = "initializing"
CONSUMING = "consuming"
STOPPING = "stopping"
STOPPED = "stopped"

#: First idle pause after a pull that found nothing new (it doubles up to ``data_fetch_interval``).
MIN_IDLE = 0.02
#: Retry delays after failures: base * 2**n, capped.
RETRY_BASE = 0.2
RETRY_CAP = 10.0
#: Pause after a throttled pull (``ReadQuotaExceed``-style 403), as the service asks.
THROTTLE_PAUSE = 5.0


def _retry_delay(failures: int) -> float:
    return float(min(RETRY_CAP, RETRY_BASE * (2 ** max(0, failures - 1))))


def _position(cursor: str) -> Optional[int]:
    from ..api.cursors import cursor_to_int

    try:
        return cursor_to_int(cursor)
    except LogException:
        return None


class ShardConsumer:
    """The consumption of one shard by one :class:`~aliyun.log.consumer.ConsumerWorker`."""

    def __init__(self, worker: ConsumerWorker, shard_id: int, clock: Callable[[], float] = time.monotonic) -> None:
        option = worker.option
        self.worker = worker
        self.shard_id = shard_id
        self.clock = clock
        self.max_groups = option.max_fetch_log_group_size
        self.fetch_interval = option.data_fetch_interval
        self.tracker = ConsumerCheckpointTracker(shard_id, worker._save_checkpoint, option.checkpoint_interval, clock)
        self.processor: Any = None
        self.state = INITIALIZING
        self.cursor = ""
        self.end_cursor: Optional[str] = None
        #: the SPL query / processor of the pulls, when the config names one
        self._spl: Dict[str, str] = {
            k: v for k, v in (("query", option.query), ("processor", option.processor)) if v}
        self.drained = False
        self.caught_up = False
        self._lock = threading.RLock()
        self._busy = False
        self._fetching = False
        self._batches: Deque[LogGroupBatch] = collections.deque()
        self._fetch_at = 0.0
        self._idle = 0.0
        self._retry_at = 0.0
        self._failures = 0
        self._fetch_failures = 0
        self._stop = False
        self._flush_now = False
        self._initialized = False

    # -- control (main loop thread) ----------------------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.state == STOPPED

    def request_shutdown(self) -> None:
        """Stop after the running task: the processor's ``shutdown`` runs and the checkpoint is saved."""
        with self._lock:
            self._stop = True

    def tick(self, now: float) -> Optional[float]:
        """Start what is due; returns when this shard next needs a tick (None: when a task completes)."""
        with self._lock:
            if self.state == STOPPED:
                return None
            if self._stop and self.state in (INITIALIZING, CONSUMING):
                self.state = STOPPING
            if self.state == CONSUMING and self.tracker.lost:
                logger.info("shard %s: another consumer owns it now; releasing it", self.shard_id)
                self._stop = True
                self.state = STOPPING
            if self._busy:
                if self.state == CONSUMING:
                    self._maybe_fetch(now)
                return None
            if self.state == STOPPING:
                self._start(self._run_shutdown)
                return None
            if self.state == INITIALIZING:
                if now >= self._retry_at:
                    self._start(self._run_init)
                    return None
                return self._retry_at
            return self._tick_consuming(now)

    def _tick_consuming(self, now: float) -> Optional[float]:
        if self._batches:
            if now >= self._retry_at:
                self._start(self._run_process, self._batches[0])
                self._maybe_fetch(now)
                return None
            self._maybe_fetch(now)
            return self._retry_at
        if not self._fetching and self._finished_reading() and self.tracker.get_check_point() != self.cursor:
            # Everything up to the end was delivered and process() returned: save the final position now.
            self.tracker.save_check_point(False, self.cursor)
            self._flush_now = True
        if self._flush_now or self.tracker.due(now):
            self._flush_now = False
            if self.tracker.pending():
                self._start(self._run_flush)
                return None
        self._maybe_fetch(now)
        wake = None if self._fetching or self.drained else self._fetch_at
        due = self.tracker.next_due()
        if due is not None:
            wake = due if wake is None else min(wake, due)
        return wake

    def recover(self) -> None:
        """After a task died of an unexpected error: free the shard's task slots and retry later."""
        with self._lock:
            self._busy = False
            self._fetching = False
            self._failures += 1
            self._retry_at = self.clock() + _retry_delay(self._failures)

    def _finished_reading(self) -> bool:
        if self.drained:
            return True
        return self.caught_up and self.worker.shard_is_readonly(self.shard_id)

    def _maybe_fetch(self, now: float) -> None:
        if self._fetching or self.drained or now < self._fetch_at or len(self._batches) >= 2:
            return
        room = self.max_groups - sum(len(b) for b in self._batches)
        if room <= 0:
            return
        self._fetching = True
        if not self.worker.submit(self._run_fetch, self.cursor, room, pull=True):
            self._fetching = False

    def _start(self, task: Callable[..., None], *args: Any) -> None:
        self._busy = True
        if not self.worker.submit(task, *args):
            self._busy = False

    # -- tasks (executor threads) ------------------------------------------------------------------------------------
    def _run_init(self) -> None:
        try:
            if self.processor is None:
                self.processor = self.worker.make_processor(*self.worker.processor_args,
                                                            **self.worker.processor_kwargs)
            if not self._initialized:
                self.processor.initialize(self.shard_id)
                self._initialized = True
            saved = self.worker.saved_checkpoint(self.shard_id)
            if saved:
                cursor = saved
                self.tracker.set_persistent_check_point(saved)
                logger.info("shard %s: resuming from its checkpoint", self.shard_id)
            else:
                cursor = self.worker.start_cursor(self.shard_id)
                logger.info("shard %s: no checkpoint, starting at the configured position", self.shard_id)
            end_cursor = self.worker.end_cursor(self.shard_id)
        except Exception as exc:
            with self._lock:
                self._failures += 1
                delay = _retry_delay(self._failures)
                self._retry_at = self.clock() + delay
                self._busy = False
            logger.warning("shard %s: cannot start consuming (retrying in %.1fs): %s", self.shard_id, delay, exc,
                           exc_info=not isinstance(exc, LogException))
            return
        with self._lock:
            self.cursor = cursor
            self.end_cursor = end_cursor
            self.tracker.set_cursor(cursor)
            self._check_drained()
            self._failures = 0
            if self.state == INITIALIZING:
                self.state = CONSUMING
            self._busy = False

    def _check_drained(self) -> None:
        if self.end_cursor is not None:
            position, end = _position(self.cursor), _position(self.end_cursor)
            if position is not None and end is not None and position >= end:
                self.drained = True

    def _run_fetch(self, cursor: str, count: int) -> None:
        client = self.worker.client
        option = self.worker.option
        try:
            res = client.pull_logs(option.project, option.logstore, self.shard_id, cursor, count, self.end_cursor,
                                   accept_compress_type=option.accept_compress_type, **self._spl)
        except Exception as exc:
            self._fetch_failed(cursor, exc)
            return
        groups = res.get_loggroup_count()
        body = res.get_raw_body()
        next_cursor = res.get_next_cursor() or cursor
        end_flag = res.get_header("x-log-end-of-cursor")
        # The service says when the read reached the end of the shard; without that header, a short answer does.
        at_end = end_flag == "1" if end_flag else groups < count
        now = self.clock()
        with self._lock:
            self._fetching = False
            self._fetch_failures = 0
            if self.state != CONSUMING or cursor != self.cursor:
                return  # stopped, or the position was reset meanwhile
            if groups or body:
                self._batches.append(LogGroupBatch(body, groups, self.shard_id, cursor, next_cursor))
                self.cursor = next_cursor
                self.caught_up = False
                self._idle = 0.0
                self._fetch_at = now + (min(MIN_IDLE, self.fetch_interval) if at_end else 0.0)
            elif next_cursor != cursor and not at_end:  # an SPL query filtered out a whole batch: read on
                self.cursor = next_cursor
                self.caught_up = False
                self._fetch_at = now
            else:
                self.cursor = next_cursor
                self.caught_up = True
                self._idle = min(self.fetch_interval, max(self._idle * 2, MIN_IDLE))
                self._fetch_at = now + self._idle
            self._check_drained()

    def _fetch_failed(self, cursor: str, exc: Exception) -> None:
        if self.state != CONSUMING:  # stopping: the answer is not needed any more
            with self._lock:
                self._fetching = False
            return
        code = getattr(exc, "error_code", "") or ""
        if "invalidcursor" in code.lower():
            # An expired or unknown cursor: go back to the configured start position (never silently to the end).
            try:
                start = self.worker.start_cursor(self.shard_id)
            except Exception as inner:  # try again later
                exc = inner
            else:
                logger.warning("shard %s: cursor %s is invalid (%s); restarting from the configured start "
                               "position", self.shard_id, cursor, exc)
                with self._lock:
                    self._fetching = False
                    if cursor == self.cursor and self.state == CONSUMING:
                        self.cursor = start
                        if not self._batches:
                            self.tracker.set_cursor(start)
                return
        with self._lock:
            self._fetching = False
            self._fetch_failures += 1
            status = getattr(exc, "status", 0)
            delay = THROTTLE_PAUSE if status == 403 else _retry_delay(self._fetch_failures)
            self._fetch_at = self.clock() + delay
        logger.warning("shard %s: pull failed (retrying in %.1fs): %s", self.shard_id, delay, exc)

    def _run_process(self, batch: LogGroupBatch) -> None:
        tracker = self.tracker
        tracker.set_cursor(batch.next_cursor)
        processor = self.processor
        deliver = getattr(processor, "_deliver", None) or processor.process
        try:
            deliver(batch, tracker)
        except Exception:
            tracker.set_cursor(batch.cursor)
            with self._lock:
                self._failures += 1
                delay = _retry_delay(self._failures)
                self._retry_at = self.clock() + delay
                self._busy = False
            logger.exception("shard %s: process() failed on the batch at cursor %s (%d log groups); the same "
                             "batch is delivered again in %.1fs", self.shard_id, batch.cursor, len(batch), delay)
            return
        with self._lock:
            if self._batches and self._batches[0] is batch:
                self._batches.popleft()
            self._failures = 0
            self._busy = False

    def _run_flush(self) -> None:
        try:
            self.tracker.flush_check_point()
        except Exception as exc:
            logger.warning("shard %s: cannot save checkpoint: %s", self.shard_id, exc)
        finally:
            with self._lock:
                self._busy = False

    def _run_shutdown(self) -> None:
        try:
            if self.processor is not None and self._initialized:
                try:
                    self.processor.shutdown(self.tracker)
                except Exception:
                    logger.exception("shard %s: the processor's shutdown() failed", self.shard_id)
                try:
                    self.tracker.flush_check_point()
                except Exception as exc:
                    logger.info("shard %s: final checkpoint not saved: %s", self.shard_id, exc)
        finally:
            with self._lock:
                self._batches.clear()
                self.state = STOPPED
                self._busy = False
            logger.info("shard %s: released", self.shard_id)

    def __repr__(self) -> str:
        return f"<ShardConsumer shard={self.shard_id} {self.state} cursor={self.cursor!r}>"


#: The original SDK's name.
ShardConsumerWorker = ShardConsumer
