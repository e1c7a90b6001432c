"""Processor bases: what users subclass to handle the log groups of one shard."""

from __future__ import annotations

import logging
import time
from typing import Any, Callable, Dict, List

from .tracker import ConsumerCheckpointTracker

__all__ = ["ConsumerJsonProcessorBase", "ConsumerProcessorAdaptor", "ConsumerProcessorBase"]

logger = logging.getLogger("aliyun.log.consumer")


class ConsumerProcessorBase:
    """One instance per shard a consumer owns; its methods are called from one task at a time.

    Override :meth:`process` (and optionally :meth:`initialize` / :meth:`shutdown`). Call
    :meth:`save_checkpoint` once a batch is handled: the saved position is where a consumer resumes after a
    restart or a failover, so everything before it must be processed (at-least-once delivery).

    ``process`` may raise: the error is logged with the shard and the same batch is delivered again later; a
    batch is never skipped.
    """

    def __init__(self) -> None:
        self.shard_id = -1
        self.last_check_time = 0.0

    def initialize(self, shard: int) -> None:
        """Called once before the first batch of ``shard``."""
        self.shard_id = shard

    def process(self, log_groups: Any, check_point_tracker: ConsumerCheckpointTracker) -> Any:
        """Handle a batch. ``log_groups.LogGroups`` are the log groups (see :mod:`aliyun.log.consumer.loggroups`);
        ``PullLogResponse.loggroups_to_flattern_list(log_groups)`` gives one dict per log."""
        raise NotImplementedError

    def shutdown(self, check_point_tracker: ConsumerCheckpointTracker) -> None:
        """Called when the shard is released or the worker stops: saves the position after the last batch
        ``process`` returned from."""
        self.save_checkpoint(check_point_tracker, force=True)

    def save_checkpoint(self, tracker: ConsumerCheckpointTracker, force: bool = False) -> None:
        """Mark the current batch as processed; the position is saved to the service at most every
        ``checkpoint_interval`` seconds (3 by default), or now with ``force``. Failures are logged, not raised."""
        now = time.time()
        persistent = force or now - self.last_check_time >= tracker.checkpoint_interval
        try:
            tracker.save_check_point(persistent)
            if persistent:
                self.last_check_time = now
        except Exception as exc:  # the next save (or the worker's periodic save) retries
            logger.warning("shard %s: cannot save checkpoint: %s", tracker.shard_id, exc)

    def _deliver(self, log_groups: Any, tracker: ConsumerCheckpointTracker) -> Any:
        """How the worker hands a batch over (subclasses may convert it first)."""
        return self.process(log_groups, tracker)


class ConsumerProcessorAdaptor(ConsumerProcessorBase):
    """Wraps a function ``func(shard_id, log_groups)``; the checkpoint is marked after each call."""

    def __init__(self, func: Callable[[int, Any], Any]) -> None:
        super().__init__()
        if not callable(func):
            raise TypeError(f"ConsumerProcessorAdaptor needs a callable, got {func!r}")
        self.func = func

    def process(self, log_groups: Any, check_point_tracker: ConsumerCheckpointTracker) -> Any:
        result = self.func(self.shard_id, log_groups)
        self.save_checkpoint(check_point_tracker)
        return result


class ConsumerJsonProcessorBase(ConsumerProcessorBase):
    """A processor whose :meth:`process` receives one dict per log instead of log groups.

    Dicts hold ``__time__``, ``__topic__``, ``__source__``, ``__tag__:<key>`` and every content key; with the
    class defaults ``time_as_str = True`` and ``decode_bytes = True`` every value is a ``str``.
    """

    time_as_str = True
    decode_bytes = True

    def process(self, flattern_json_list: List[Dict[str, Any]], check_point_tracker: ConsumerCheckpointTracker) -> Any:
        raise NotImplementedError

    def _deliver(self, log_groups: Any, tracker: ConsumerCheckpointTracker) -> Any:
        from ..codec import flatten_log_groups

        groups = getattr(log_groups, "LogGroups", log_groups)
        return self.process(flatten_log_groups(groups, self.time_as_str, self.decode_bytes), tracker)
