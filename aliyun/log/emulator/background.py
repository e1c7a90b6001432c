"""Background workers of the emulator: one daemon thread calling ``tick()`` every few hundred milliseconds (or at
once after ``poke()``), stopped with the emulator; :func:`worker_for` starts one per emulator on first use."""

from __future__ import annotations

import logging
import threading
from typing import Callable, Optional, Type, TypeVar

from .context import Context

__all__ = ["PollingWorker", "worker_for"]

W = TypeVar("W", bound="PollingWorker")

_start_lock = threading.Lock()


class PollingWorker:
    """Subclasses implement :meth:`tick`; exceptions are logged and the loop goes on."""

    POLL_SECONDS = 0.25
    NAME = "worker"

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.logger = logging.getLogger(f"aliyun.log.emulator.{self.NAME}")
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"sls-emulator-{self.NAME}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)

    def poke(self) -> None:
        """Work now instead of at the next poll."""
        self._wake.set()

    def setup(self) -> None:
        """Called once in the worker thread before the first tick."""

    def tick(self) -> None:
        raise NotImplementedError

    def _loop(self) -> None:
        self._guarded(self.setup)
        while not self._stop.is_set():
            self._guarded(self.tick)
            self._wake.wait(self.POLL_SECONDS)
            self._wake.clear()

    def _guarded(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception:  # a worker must outlive any one failure
            self.logger.exception("%s: unexpected error", self.NAME)


def worker_for(ctx: Context, cls: Type[W]) -> W:
    """The ``cls`` worker of this emulator, started on first use and stopped when the emulator stops."""
    worker: Optional[W] = ctx.workers.get(cls)
    if worker is None:
        with _start_lock:
            worker = ctx.workers.get(cls)
            if worker is None:
                worker = cls(ctx)
                ctx.workers[cls] = worker
                ctx.on_close(worker.close)
                worker.start()
    return worker

