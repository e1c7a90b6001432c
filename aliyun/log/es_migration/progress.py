"""Progress of a running migration and its closing report ("Tasks Info" and "Summary").

On a terminal (stderr is a TTY) a one-line bar is redrawn in place; otherwise a log line is written every
``interval`` seconds. No third-party dependency.
"""

from __future__ import annotations

import logging
import queue as queue_module
import sys
import threading
import time
from typing import IO, Any, List, Optional

logger = logging.getLogger("aliyun.log.es_migration")

__all__ = ["Progress", "format_bytes"]


def format_bytes(size: float) -> str:
    """Decimal units (1 MB = 10^6 bytes), as the figures of the benchmarks."""
    for unit in ("B", "KB", "MB", "GB"):
        if abs(size) < 1000 or unit == "GB":
            return f"{size:.1f} {unit}" if unit != "B" else f"{int(size)} B"
        size /= 1000
    return f"{size:.1f} GB"  # pragma: no cover


def _format_eta(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


class Progress:
    """Collects ``(task_id, docs, bytes)`` updates from the workers' queue on a thread and shows them.

    :param total: documents expected in all (None: unknown)
    :param done: documents already migrated by earlier runs (counted as done, not in the rate)
    :param mode: ``"bar"``, ``"log"``, ``"off"`` or None (bar on a TTY, else log lines)
    """

    def __init__(self, total: Optional[int], done: int = 0, mode: Optional[str] = None,
                 stream: Optional[IO[str]] = None, interval: float = 10.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        if mode is None:
            isatty = getattr(self.stream, "isatty", None)
            mode = "bar" if callable(isatty) and isatty() else "log"
        if mode not in ("bar", "log", "off"):
            raise ValueError(f"progress must be 'bar', 'log', 'off', True, False or None, got {mode!r}")
        self.mode = mode
        self.total = total
        self.initial = done
        self.docs = 0
        self.bytes = 0
        self.interval = interval if mode == "log" else 0.2
        self.started = time.monotonic()
        self._last_render = 0.0
        self._thread: Optional[threading.Thread] = None
        self._queue: Any = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._width = 0

    # -- feeding -----------------------------------------------------------------------------------------------------
    def start(self, updates: Any) -> None:
        self._queue = updates
        self._thread = threading.Thread(target=self._drain, name="es-migration-progress", daemon=True)
        self._thread.start()

    def add(self, docs: int, size: int) -> None:
        with self._lock:
            self.docs += docs
            self.bytes += size
        self._maybe_render()

    def _drain(self) -> None:
        while not self._stop.is_set():
            try:
                item = self._queue.get(timeout=0.2)
            except queue_module.Empty:
                self._maybe_render()
                continue
            except (EOFError, OSError):
                break
            if item is None:
                break
            _task_id, docs, size = item
            self.add(docs, size)

    def close(self) -> None:
        """Stop the thread, drain what is left and draw the final state."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._queue is not None:
            while True:
                try:
                    item = self._queue.get_nowait()
                except (queue_module.Empty, EOFError, OSError):
                    break
                if item:
                    self.add(item[1], item[2])
        self._render(final=True)

    # -- showing -----------------------------------------------------------------------------------------------------
    def _maybe_render(self) -> None:
        now = time.monotonic()
        if now - self._last_render >= self.interval:
            self._render()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        done = self.initial + self.docs
        rate = self.docs / elapsed
        parts: List[str] = []
        if self.total:
            fraction = min(1.0, done / self.total)
            parts.append(f"{fraction * 100:5.1f}% {done}/{self.total} docs")
            if rate > 0 and done < self.total:
                parts.append(f"ETA {_format_eta((self.total - done) / rate)}")
        else:
            parts.append(f"{done} docs")
        parts.append(f"{format_bytes(self.bytes)}")
        parts.append(f"{rate:,.0f} docs/s")
        return ", ".join(parts)

    def _render(self, final: bool = False) -> None:
        self._last_render = time.monotonic()
        if self.mode == "off":
            return
        with self._lock:
            text = self.line()
        if self.mode == "log":
            logger.info("es_migration progress: %s", text)
            return
        bar = ""
        if self.total:
            filled = int(30 * min(1.0, (self.initial + self.docs) / self.total))
            bar = "[" + "#" * filled + "-" * (30 - filled) + "] "
        out = f"\r{bar}{text}"
        pad = max(0, self._width - len(out))
        self._width = len(out)
        try:
            self.stream.write(out + " " * pad + ("\n" if final else ""))
            self.stream.flush()
        except (OSError, ValueError):  # a closed stream: stop drawing
            self.mode = "off"
