"""Writing transformed events to a logstore: one PutLogs per (minute, topic, source), split when too large."""

from __future__ import annotations

import logging
from typing import Any, Dict, Iterable, List, Set, Tuple

from ..errors import LogException
from ..limits import MAX_RAW_BODY_BYTES
from .components.base import to_text

__all__ = ["LogWriter"]

logger = logging.getLogger("aliyun.log.etl")

#: Logs per PutLogs request.
MAX_LOGS_PER_PUT = 4096


class LogWriter:
    """Writes event dicts: ``__time__`` is the log time (the batch's start when missing), ``__topic__`` /
    ``__source__`` the group's topic and source, every other key (``__tag__:*`` too) a content pair. Values
    that are not text are made text. A request the service finds too large is split in half until it fits."""

    def __init__(self, client: Any, project: str, logstore: str, compress: Any = None) -> None:
        self.client = client
        self.project = project
        self.logstore = logstore
        self.compress = compress
        self.skipped = 0
        self._warned: Set[str] = set()

    def _warn_once(self, kind: str, message: str, *args: Any) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            logger.warning(message + " (reported once per kind)", *args)

    def _log_time(self, value: Any, default_time: int) -> int:
        if value is None or value == "":
            return default_time
        try:
            return int(value)
        except (TypeError, ValueError):
            self._warn_once("time", "ETL output has __time__=%r, not unix seconds; the batch time is used", value)
            return default_time

    def group(self, outputs: Iterable[Any], default_time: int) -> Dict[Tuple[int, Any, Any], List[Dict[str, Any]]]:
        """The outputs as logs (``__time__`` first, then the content pairs) grouped by (minute, topic, source);
        non-dicts are skipped."""
        outputs = list(outputs)
        reuse = len(set(map(id, outputs))) == len(outputs)  # the same dict twice: copy them all
        groups: Dict[Tuple[int, Any, Any], List[Dict[str, Any]]] = {}
        for output in outputs:
            if not isinstance(output, dict):
                self.skipped += 1
                self._warn_once("type", "ETL output %r is not a dict; skipped", type(output).__name__)
                continue
            # Outputs are the engine's own dicts: reused when __time__ comes first (as in pulled events), copied
            # with __time__ moved first otherwise (the encoder wants it there).
            if reuse and next(iter(output), None) == "__time__":
                log: Dict[str, Any] = output
            else:
                log = {"__time__": None}
                log.update(output)
            log_time = log["__time__"] = self._log_time(log["__time__"], default_time)
            topic = log.pop("__topic__", None) or ""
            source = log.pop("__source__", None) or ""
            key = (log_time // 60, topic, source)
            bucket = groups.get(key)
            if bucket is None:
                bucket = groups[key] = []
            bucket.append(log)
        return groups

    def write(self, outputs: Iterable[Any], default_time: int) -> int:
        """Write ``outputs``; returns how many logs were written."""
        written = 0
        for (_minute, topic, source), logs in self.group(outputs, default_time).items():
            if topic.__class__ is not str or source.__class__ is not str:
                topic, source = to_text(topic), to_text(source)
            for start in range(0, len(logs), MAX_LOGS_PER_PUT):
                written += self._put(logs[start:start + MAX_LOGS_PER_PUT], topic, source)
        return written

    @staticmethod
    def _encode(logs: List[Dict[str, Any]], topic: str, source: str) -> bytes:
        from ..codec import encode_log_group

        try:
            return encode_log_group(logs, topic, source)
        except (TypeError, ValueError, AttributeError):  # a value (or key) that is not text: make it text
            for index, log in enumerate(logs):
                logs[index] = {"__time__": log["__time__"], **{
                    (k if k.__class__ is str else to_text(k)): (v if v.__class__ is str else to_text(v))
                    for k, v in log.items() if k != "__time__"}}
            return encode_log_group(logs, topic, source)

    def _put(self, logs: List[Dict[str, Any]], topic: str, source: str) -> int:
        raw = self._encode(logs, topic, source)
        if len(raw) <= MAX_RAW_BODY_BYTES:
            try:
                self.client.put_log_raw(self.project, self.logstore, raw, self.compress)
                return len(logs)
            except LogException as exc:
                if exc.error_code != "InvalidLogSize" or len(logs) == 1:
                    raise
        elif len(logs) == 1:
            raise LogException("InvalidLogSize", f"one ETL output log is {len(raw)} bytes, over the "
                               f"{MAX_RAW_BODY_BYTES} byte PutLogs limit")
        half = len(logs) // 2
        return self._put(logs[:half], topic, source) + self._put(logs[half:], topic, source)
