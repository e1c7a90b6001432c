"""The heartbeat thread of a consumer: reports held shards, receives the assignment, watches shard states."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING, Dict, Optional, Set

from ..errors import LogException

if TYPE_CHECKING:  # pragma: no cover
    from .worker import ConsumerWorker

__all__ = ["ConsumerHeartBeat"]

logger = logging.getLogger("aliyun.log.consumer")


class ConsumerHeartBeat(threading.Thread):
    """Sends a heartbeat every ``heartbeat_interval`` (sooner when woken) with the shards this consumer holds or is
    still releasing, and keeps the answer: the shards the group assigns to it.

    ``assignment(now)`` is what the worker should own: empty until the first heartbeat succeeds, and empty again
    when none has succeeded for ``drop_after`` seconds, so shards are released locally before the service gives them
    to another consumer.
    """

    def __init__(self, worker: ConsumerWorker, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        option = worker.option
        super().__init__(name=f"ConsumerHeartBeat-{option.consumer_group_name}-{option.consumer_name}", daemon=True)
        self.worker = worker
        self.clock = clock
        self.interval = option.heartbeat_interval
        timeout = float(option.consumer_group_timeout)
        self.drop_after = timeout - min(self.interval, timeout / 4)
        self._lock = threading.Lock()
        self._stop_event = threading.Event()
        self._wake = threading.Event()
        self._assigned: Set[int] = set()
        self._last_success: Optional[float] = None
        self._dropped_logged = False
        self._failures = 0
        #: number of successful heartbeats so far
        self.successes = 0
        #: shard id -> "readwrite" / "readonly", refreshed after each heartbeat
        self.shard_status: Dict[int, str] = {}

    # -- worker side -----------------------------------------------------------------------------------------------
    def assignment(self, now: Optional[float] = None) -> Set[int]:
        now = self.clock() if now is None else now
        with self._lock:
            if self._last_success is None:
                return set()
            if now - self._last_success > self.drop_after:
                if not self._dropped_logged and self._assigned:
                    logger.warning("consumer %s: no successful heartbeat for %.1fs; releasing its shards %s",
                                   self.worker.option.consumer_name, now - self._last_success, sorted(self._assigned))
                    self._dropped_logged = True
                return set()
            return set(self._assigned)

    @property
    def last_success(self) -> Optional[float]:
        return self._last_success

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop_event.set()
        self._wake.set()

    # -- thread ------------------------------------------------------------------------------------------------------
    def run(self) -> None:
        while not self._stop_event.is_set():
            started = self.clock()
            try:
                self.beat()
            except Exception:  # never let the heartbeat thread die
                logger.exception("consumer %s: heartbeat failed", self.worker.option.consumer_name)
            self.refresh_shards()
            remaining = self.interval - (self.clock() - started)
            if remaining > 0:
                self._wake.wait(remaining)
            self._wake.clear()

    def beat(self, shards: Optional[Set[int]] = None) -> bool:
        """One heartbeat; True when it succeeded."""
        option = self.worker.option
        with self._lock:
            body = set(self._assigned) if shards is None else set(shards)
        if shards is None:
            body |= self.worker.running_shards()
        sent = self.clock()
        try:
            res = self.worker.heartbeat_client.heart_beat(option.project, option.logstore, option.consumer_group_name,
                                                          option.consumer_name, sorted(body))
        except LogException as exc:
            self._failures += 1
            if exc.error_code == "NotExistConsumerWithBody" and shards is None:
                logger.warning("consumer %s is not in group %s any more (no heartbeat for the group's timeout); "
                               "releasing its shards and joining again", option.consumer_name,
                               option.consumer_group_name)
                with self._lock:
                    self._assigned = set()
                    self._last_success = None
                self.worker.wake()
                return self.beat(set())
            log = logger.warning if self._failures <= 3 or self._failures % 20 == 0 else logger.debug
            log("consumer %s: heartbeat failed (%d in a row): %s", option.consumer_name, self._failures, exc)
            return False
        shards_now = set(res.get_shards())
        with self._lock:
            changed = shards_now != self._assigned
            self._assigned = shards_now
            self._last_success = sent
            self._dropped_logged = False
            self.successes += 1
        self._failures = 0
        if changed:
            logger.info("consumer %s: assigned shards %s", option.consumer_name, sorted(shards_now))
        self.worker.wake()
        return True

    def refresh_shards(self) -> None:
        option = self.worker.option
        try:
            res = self.worker.heartbeat_client.list_shards(option.project, option.logstore)
        except LogException as exc:
            logger.debug("consumer %s: cannot list shards: %s", option.consumer_name, exc)
            return
        self.shard_status = {int(s["shardID"]): str(s.get("status", "")) for s in res.get_shards_info()}
