"""Checkpoints of one shard: what ``process()`` marked as consumed, and what was saved to the service."""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable, Optional

__all__ = ["OWNERSHIP_ERRORS", "ConsumerCheckpointTracker"]

logger = logging.getLogger("aliyun.log.consumer")

#: Answers to a checkpoint save meaning "this consumer does not own the shard any more".
OWNERSHIP_ERRORS = frozenset({"ConsumerNotExist", "ConsumerNotMatch", "ShardNotExist", "ConsumerGroupNotExist"})


class ConsumerCheckpointTracker:
    """Tracks the position of one shard.

    ``get_cursor()`` is where the batch being processed ends (the next batch starts there). A processor marks
    progress with ``save_check_point(persistent=False)`` (in memory) or ``save_check_point()`` (saved to the service
    now); the worker saves marked positions every ``checkpoint_interval`` seconds, when the shard is released and on
    shutdown. A saved checkpoint means "everything before this cursor is processed".
    """

    def __init__(self, shard_id: int, committer: Callable[[int, str], None], checkpoint_interval: float = 3.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.shard_id = shard_id
        self.checkpoint_interval = checkpoint_interval
        self._commit = committer
        self._clock = clock
        self._lock = threading.Lock()
        self._commit_lock = threading.Lock()
        self._cursor = ""
        self._marked = ""
        self._saved = ""
        self._last_save = clock()
        #: True once the service refused a save because another consumer owns the shard.
        self.lost = False

    # -- positions -------------------------------------------------------------------------------------------------
    def set_cursor(self, cursor: str) -> None:
        with self._lock:
            self._cursor = cursor

    def get_cursor(self) -> str:
        return self._cursor

    def set_memory_check_point(self, cursor: str) -> None:
        with self._lock:
            self._marked = cursor

    def set_persistent_check_point(self, cursor: str) -> None:
        """Record ``cursor`` as already saved on the service (e.g. read back at start)."""
        with self._lock:
            self._saved = cursor
            if not self._marked:
                self._marked = cursor

    def get_check_point(self) -> str:
        """The last marked position (saved or not)."""
        return self._marked

    def get_persistent_check_point(self) -> str:
        return self._saved

    # -- saving ----------------------------------------------------------------------------------------------------
    def save_check_point(self, persistent: bool = True, cursor: Optional[str] = None) -> None:
        """Mark ``cursor`` (default: the end of the current batch) as consumed; save it now when ``persistent``."""
        with self._lock:
            self._marked = cursor or self._cursor
        if persistent:
            self.flush_check_point()

    def pending(self) -> bool:
        return bool(self._marked) and self._marked != self._saved

    def due(self, now: Optional[float] = None) -> bool:
        """A marked position waits and the save interval has passed."""
        now = self._clock() if now is None else now
        return self.pending() and now - self._last_save >= self.checkpoint_interval

    def next_due(self) -> Optional[float]:
        """When the periodic save of a pending position is due (None: nothing pending)."""
        return self._last_save + self.checkpoint_interval if self.pending() else None

    def flush_check_point(self) -> None:
        """Save the marked position if it is not saved yet (one save at a time, in order)."""
        with self._commit_lock:
            cursor = self._marked
            if not cursor or cursor == self._saved:
                return
            from ..errors import LogException

            try:
                self._commit(self.shard_id, cursor)
            except LogException as exc:
                if exc.error_code in OWNERSHIP_ERRORS:
                    self.lost = True
                raise
            finally:
                self._last_save = self._clock()  # also paces retries after a failure
            self._saved = cursor

    # the original SDK's name
    flush_check = flush_check_point

    def __repr__(self) -> str:
        return f"<ConsumerCheckpointTracker shard={self.shard_id} marked={self._marked!r} saved={self._saved!r}>"
