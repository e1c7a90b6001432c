"""One step of transform_data: transform a batch of events, write the outputs, count what happened."""

from __future__ import annotations

import logging
import threading
from dataclasses import asdict, dataclass
from typing import Any, Dict, List, Optional, Set, Tuple

from .runner import Runner
from .sink import LogWriter
from .util import Event

__all__ = ["ErrorReporter", "EventPipeline", "ShardStats"]

logger = logging.getLogger("aliyun.log.etl")


@dataclass
class ShardStats:
    """Counts of one shard: source events, logs written, events dropped by the config, events a rule failed on."""

    total_count: int = 0
    transformed: int = 0
    removed: int = 0
    failed: int = 0

    def add(self, other: ShardStats) -> None:
        self.total_count += other.total_count
        self.transformed += other.transformed
        self.removed += other.removed
        self.failed += other.failed

    def as_dict(self) -> Dict[str, int]:
        """Both the seed's keys (``count``, ``removed``) and the official runtime's."""
        return {"count": self.total_count, **asdict(self)}


class ErrorReporter:
    """Logs each distinct failure (rule and error type) once, with the rule's name and line."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner
        self._seen: Set[Tuple[str, str]] = set()
        self._lock = threading.Lock()

    def describe(self, event: Event, exc: BaseException) -> Tuple[str, str]:
        """``(rule, error)`` of a failure; the rule is found by running the event again rule by rule."""
        failure = self.runner.diagnose(event)
        rule = f"{failure.name} (line {failure.line})" if failure is not None else "unknown rule"
        error = f"{type(exc).__name__}: {exc}"
        with self._lock:
            first = (rule, type(exc).__name__) not in self._seen
            self._seen.add((rule, type(exc).__name__))
        if first:
            logger.error("ETL rule %s failed on an event (counted as failed; later failures of this kind are only "
                         "counted): %s", rule, error)
        return rule, error


class EventPipeline:
    """Transforms events with a :class:`Runner` and writes the outputs (failed events to the dead-letter writer,
    with ``etl_rule`` and ``etl_error`` fields, when there is one)."""

    def __init__(self, runner: Runner, writer: LogWriter, dead_letter: Optional[LogWriter] = None) -> None:
        self.runner = runner
        self.writer = writer
        self.dead_letter = dead_letter
        self.reporter = ErrorReporter(runner)

    def process(self, events: List[Event], default_time: int) -> ShardStats:
        """Transform and write ``events``; the counts of this batch."""
        stats = ShardStats(total_count=len(events))
        outputs: List[Any] = []
        failed: List[Event] = []
        run = self.runner
        for event in events:
            try:
                result = run(event)
            except Exception as exc:
                stats.failed += 1
                rule, error = self.reporter.describe(event, exc)
                if self.dead_letter is not None:
                    failed.append({**event, "etl_rule": rule, "etl_error": error})
                continue
            if result is None:
                stats.removed += 1
            elif isinstance(result, list):
                outputs.extend(result)
            else:
                outputs.append(result)
        stats.transformed = self.writer.write(outputs, default_time)
        if failed and self.dead_letter is not None:
            self.dead_letter.write(failed, default_time)
        return stats

