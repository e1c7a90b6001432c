"""HANDLER: ``logger.info`` through ``QueuedLogHandler`` (10 default fields) into an emulator in another process.

Figures (see ../shared/docs/PERFORMANCE.md, HANDLER):

- ``us_per_call_median`` / ``us_per_call_p99``: wall time of one ``logger.info("...", i)`` in the application
  thread, each call timed on its own (timer overhead included), while the sender thread runs;
- ``noop_us_per_call``: the same call with a do-nothing handler (the floor of stdlib logging on this machine);
- ``records_per_s``: records delivered per second, from the first call until ``flush()`` confirmed all of them
  (the application and the sender share one GIL, so this is bounded by their summed CPU per record);
- ``drain_records_per_s``: what the sender thread alone delivers from a full queue (the same records queued
  beforehand, then ``flush()``): the handler's delivery capacity when the application is not competing for the GIL;
- ``cpu_us_per_record``: CPU of the application's process per record over the same span, and its
  part in the application thread (``app_cpu_us_per_record``) and in the sender thread (``sender_cpu_us_per_record``).

Run: ``python -m benchmarks.bench_handler [records]``.
"""

from __future__ import annotations

import logging
import statistics
import sys
import threading
import time
import uuid
from typing import Any, Dict, List, Optional

MESSAGE = "GET /api/v1/orders/%d?expand=items,payments 200 0.023s"


def _noop_floor(records: int) -> float:
    class _Noop(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            pass

    logger = logging.getLogger(f"bench.noop.{uuid.uuid4().hex}")
    logger.propagate = False
    logger.setLevel(logging.INFO)
    logger.addHandler(_Noop())
    return statistics.median(_timed_calls(logger, records)) / 1000


def _timed_calls(logger: logging.Logger, records: int) -> List[int]:
    clock = time.perf_counter_ns
    info = logger.info
    timings = [0] * records
    for i in range(records):
        started = clock()
        info(MESSAGE, i)
        timings[i] = clock() - started
    return timings


def _thread_cpu(thread: Optional[threading.Thread]) -> float:
    if thread is None or thread.ident is None or not hasattr(time, "pthread_getcpuclockid"):
        return float("nan")
    try:
        return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
    except (OSError, ProcessLookupError):
        return float("nan")


def bench_handler(records: int = 100_000) -> Dict[str, float]:
    """Run the HANDLER workload once; returns the figures listed in the module docstring."""
    from aliyun.log import LogClient
    from aliyun.log.handlers import QueuedLogHandler

    from ._emulator import EmulatorProcess

    noop = _noop_floor(min(records, 50_000))
    with EmulatorProcess() as emulator, LogClient(emulator.endpoint, *emulator.credentials) as client:
        project = f"bench-{uuid.uuid4().hex[:12]}"
        client.create_project(project, "handler benchmark")
        client.create_logstore(project, "handler", shard_count=2)
        handler = QueuedLogHandler(emulator.endpoint, *emulator.credentials, project, "handler",
                                   queue_size=records)
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger = logging.getLogger(f"bench.handler.{uuid.uuid4().hex}")
        logger.propagate = False
        logger.setLevel(logging.INFO)
        logger.addHandler(handler)
        handler.init_worker()
        worker = handler._sender._worker
        sender = worker.thread if worker is not None else None
        try:
            cpu0, wall0, app0, sender0 = time.process_time(), time.perf_counter(), time.thread_time(), \
                _thread_cpu(sender)
            timings = _timed_calls(logger, records)
            app1 = time.thread_time()
            delivered = handler.flush(timeout=120)
            wall1, cpu1, sender1 = time.perf_counter(), time.process_time(), _thread_cpu(sender)
            stats = handler.stats
        finally:
            logger.removeHandler(handler)
            handler.close()
        drain = _drain_rate(emulator, project, records)
        timings.sort()
        elapsed = wall1 - wall0
        return {
            "records": float(records),
            "all_delivered": float(delivered and stats["sent"] == records),
            "us_per_call_median": timings[len(timings) // 2] / 1000,
            "us_per_call_p99": timings[int(len(timings) * 0.99)] / 1000,
            "noop_us_per_call": noop,
            "records_per_s": stats["sent"] / elapsed,
            "seconds": elapsed,
            "cpu_us_per_record": (cpu1 - cpu0) / records * 1e6,
            "app_cpu_us_per_record": (app1 - app0) / records * 1e6,
            "sender_cpu_us_per_record": (sender1 - sender0) / records * 1e6,
            "drain_records_per_s": drain,
            "dropped": float(stats["dropped"]),
            "failed": float(stats["failed"]),
        }


def _drain_rate(emulator: Any, project: str, records: int) -> float:
    """Records/s the sender delivers from a queue filled beforehand (no application thread competing)."""
    from aliyun.log import LogClient
    from aliyun.log.handlers import QueuedLogHandler

    with LogClient(emulator.endpoint, *emulator.credentials) as client:
        client.create_logstore(project, "drain", shard_count=2)
    handler = QueuedLogHandler(emulator.endpoint, *emulator.credentials, project, "drain", queue_size=records)
    logger = logging.getLogger("bench.drain")
    try:
        for i in range(records):  # queue without starting the sender (what emit() does, minus the worker start)
            record = logger.makeRecord(logger.name, logging.INFO, __file__, 1, MESSAGE, (i,), None, "drain")
            handler._sender._enqueue(handler._capture(record, True))
        started = time.perf_counter()
        handler.init_worker()
        assert handler.flush(timeout=120) and handler.stats["sent"] == records
        return records / (time.perf_counter() - started)
    finally:
        handler.close()


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    result = bench_handler(count)
    print(f"HANDLER {int(result['records']):,} records, all delivered: {bool(result['all_delivered'])}")
    print(f"  app thread   {result['us_per_call_median']:7.2f} us/call median, {result['us_per_call_p99']:7.2f} p99 "
          f"(no-op handler {result['noop_us_per_call']:.2f} us)")
    print(f"  delivered    {result['records_per_s']:>10,.0f} records/s end to end ({result['seconds']:.2f} s); "
          f"sender alone from a full queue {result['drain_records_per_s']:,.0f} records/s")
    print(f"  CPU          {result['cpu_us_per_record']:7.2f} us/record whole process incl. emulator; "
          f"app {result['app_cpu_us_per_record']:.2f}, sender {result['sender_cpu_us_per_record']:.2f}")
    print(f"  dropped {int(result['dropped'])}, failed {int(result['failed'])}")
