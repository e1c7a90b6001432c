"""transform_data in batch mode: one task per shard on a pool of worker processes."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional

from .clients import ClientSpec
from .pipeline import EventPipeline, ShardStats
from .runner import ConfigRef
from .sink import LogWriter

__all__ = ["BatchJob", "run_batch"]

logger = logging.getLogger("aliyun.log.etl")


class BatchJob(NamedTuple):
    """Everything a worker needs to transform one range of a logstore (picklable)."""

    config: ConfigRef
    source: ClientSpec
    target: Optional[ClientSpec]  # None: the source client
    project: str
    logstore: str
    from_time: Any
    to_time: Any
    to_project: str
    to_logstore: str
    batch_size: Optional[int]
    compress: Optional[bool]
    dead_letter_logstore: Optional[str]


class _Worker:
    """Per-process state: the runner and clients are built once per process, not once per shard."""

    def __init__(self, job: BatchJob, stop: Any, progress: Any) -> None:
        self.job = job
        self.stop = stop
        self.progress = progress
        self.runner = job.config.load()
        self.source = job.source.build()
        self.target = job.target.build() if job.target is not None else self.source
        writer = LogWriter(self.target, job.to_project, job.to_logstore, job.compress)
        dead = (LogWriter(self.target, job.to_project, job.dead_letter_logstore, job.compress)
                if job.dead_letter_logstore else None)
        self.pipeline = EventPipeline(self.runner, writer, dead)

    def run_shard(self, shard_id: int, stats: Optional[ShardStats] = None) -> Dict[str, Any]:
        """Transform one shard; ``stats`` (updated batch by batch) keeps the counts if the run is interrupted."""
        job = self.job
        stats = ShardStats() if stats is None else stats
        interrupted = False
        if self.stop is not None and self.stop.is_set():
            return {"stats": stats.as_dict(), "interrupted": True}
        for batch in self.source.pull_log(job.project, job.logstore, shard_id, job.from_time, job.to_time,
                                          job.batch_size, job.compress):
            events = batch.get_flatten_logs_json(time_as_str=True, decode_bytes=True)
            stats.add(self.pipeline.process(events, int(time.time())))
            if self.progress is not None:
                with self.progress.get_lock():
                    self.progress.value += len(events)
            if self.stop is not None and self.stop.is_set():
                interrupted = True
                break
        return {"stats": stats.as_dict(), "interrupted": interrupted}


_WORKER: Optional[_Worker] = None


def _init_worker(job: BatchJob, stop: Any, progress: Any) -> None:
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent turns Ctrl-C into ``stop``
    _WORKER = _Worker(job, stop, progress)


def _run_in_worker(shard_id: int) -> Dict[str, Any]:
    assert _WORKER is not None
    return _WORKER.run_shard(shard_id)


@contextmanager
def _stop_on_ctrl_c(stop: Any) -> Iterator[None]:
    """In the main thread, the first Ctrl-C sets ``stop`` (shards end after their current batch, so the counts
    match what was written); a second one interrupts at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum: int, frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        logger.warning("transform_data interrupted: stopping after the current batches (Ctrl-C again to abort)")
        stop.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run_batch(job: BatchJob, shards: List[int], pool_size: int,
              on_progress: Optional[Callable[[int], None]] = None) -> Dict[str, Any]:
    """Transform ``shards`` with ``pool_size`` processes (0: in this process, one shard after the other).

    Returns ``{"shards": {id: {"stats": counts}}, "errors": {id: message}, "interrupted": bool}``. A shard whose
    task fails is logged and reported under ``errors``; the others go on.
    """
    results: Dict[int, Dict[str, Any]] = {}
    errors: Dict[int, str] = {}
    if pool_size <= 0:
        stop: Any = threading.Event()
        with _stop_on_ctrl_c(stop):
            _run_here(job, shards, stop, on_progress, results, errors)
        return {"shards": results, "errors": errors, "interrupted": stop.is_set()}
    context = multiprocessing.get_context()
    stop = context.Event()
    progress = context.Value("q", 0)
    with _stop_on_ctrl_c(stop), ProcessPoolExecutor(pool_size, mp_context=context, initializer=_init_worker,
                                                    initargs=(job, stop, progress)) as pool:
        futures: Dict[Future[Dict[str, Any]], int] = {pool.submit(_run_in_worker, s): s for s in shards}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            if on_progress is not None:
                on_progress(progress.value)
            for future in done:
                _collect(future, futures[future], results, errors)
    return {"shards": results, "errors": errors, "interrupted": stop.is_set()}


def _collect(future: Future[Dict[str, Any]], shard_id: int, results: Dict[int, Dict[str, Any]],
             errors: Dict[int, str]) -> None:
    try:
        results[shard_id] = future.result()
    except Exception as exc:
        logger.error("transform_data: shard %s failed: %s", shard_id, exc)
        errors[shard_id] = f"{type(exc).__name__}: {exc}"


def _run_here(job: BatchJob, shards: List[int], stop: Any, on_progress: Optional[Callable[[int], None]],
              results: Dict[int, Dict[str, Any]], errors: Dict[int, str]) -> None:
    worker = _Worker(job, stop, None)
    seen = 0
    try:
        for shard_id in shards:
            if stop.is_set():
                break
            stats = ShardStats()
            try:
                results[shard_id] = worker.run_shard(shard_id, stats)
            except KeyboardInterrupt:  # a second Ctrl-C: keep what this shard counted so far
                results[shard_id] = {"stats": stats.as_dict(), "interrupted": True}
                stop.set()
                break
            except Exception as exc:
                logger.error("transform_data: shard %s failed: %s", shard_id, exc)
                errors[shard_id] = f"{type(exc).__name__}: {exc}"
                continue
            seen += stats.total_count
            if on_progress is not None:
                on_progress(seen)
    finally:
        worker.source.close()
        if worker.target is not worker.source:
            worker.target.close()


def default_pool_size(shards: int) -> int:
    """The reference's pool: two processes per CPU, no more than the shards."""
    return max(1, min(2 * (os.cpu_count() or 1), shards))
