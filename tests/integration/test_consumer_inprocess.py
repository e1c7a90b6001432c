"""ConsumerWorker behaviours checked in-process against the session emulator: start positions, a checkpoint the
service no longer knows, JSON processors, the shared executor, the shutdown deadline, fatal start-up errors and
fork safety."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List

import pytest

from aliyun.log import LogClient, LogItem, PutLogsRequest
from aliyun.log.consumer import (
    ConsumerJsonProcessorBase,
    ConsumerProcessorBase,
    ConsumerWorker,
    CursorPosition,
    LogHubConfig,
)
from aliyun.log.emulator import Emulator
from tests.waiting import wait_for


def option(emulator: Emulator, project: str, logstore: str, group: str = "cg", name: str = "me",
           **kwargs: Any) -> LogHubConfig:
    kwargs.setdefault("heartbeat_interval", 0.3)
    kwargs.setdefault("data_fetch_interval", 0.1)
    kwargs.setdefault("consumer_group_timeout", 3)
    return LogHubConfig(emulator.endpoint, *emulator.credentials, project, logstore, group, name, **kwargs)


def write(client: LogClient, project: str, logstore: str, ids: List[str]) -> None:
    client.put_logs(PutLogsRequest(project, logstore, "t", "s", [LogItem(contents=[("id", i)]) for i in ids]))


class Collector(ConsumerProcessorBase):
    def __init__(self, sink: List[str], thread_names: Any = None) -> None:
        super().__init__()
        self.sink = sink
        self.thread_names = thread_names

    def process(self, log_groups: Any, check_point_tracker: Any) -> None:
        from aliyun.log import PullLogResponse

        self.sink.extend(log["id"] for log in PullLogResponse.loggroups_to_flattern_list(log_groups))
        if self.thread_names is not None:
            self.thread_names.add(threading.current_thread().name)
        self.save_checkpoint(check_point_tracker)


@pytest.fixture()
def run_worker() -> Any:
    workers: List[ConsumerWorker] = []

    def run(make: Any, opt: LogHubConfig, *args: Any) -> ConsumerWorker:
        worker = ConsumerWorker(make, opt, args=args)
        worker.start()
        workers.append(worker)
        return worker

    yield run
    for worker in workers:
        worker.shutdown()


def test_start_positions(emulator: Emulator, client: LogClient, project: str, make_logstore: Callable[..., str],
                         run_worker: Any) -> None:
    ls = make_logstore(1)
    write(client, project, ls, ["old-1", "old-2"])
    time.sleep(1.1)  # receive times are whole seconds
    boundary = int(time.time())
    write(client, project, ls, ["new-1"])
    got: Dict[str, List[str]] = {"end": [], "timer": []}
    run_worker(Collector, option(emulator, project, ls, "g-end", cursor_position=CursorPosition.END_CURSOR),
               got["end"])
    run_worker(Collector, option(emulator, project, ls, "g-timer", cursor_position="SPECIAL_TIMER_CURSOR",
                                 cursor_start_time=boundary), got["timer"])
    wait_for(lambda: got["timer"] == ["new-1"], "the timer consumer to read from the boundary")
    # The END consumer starts at the end whenever it gets there: write new logs until it has read one of them.
    newer: List[str] = []

    def end_consumer_reads_a_new_log() -> bool:
        if not got["end"]:
            newer.append(f"newer-{len(newer)}")
            write(client, project, ls, [newer[-1]])
        return bool(got["end"])

    wait_for(end_consumer_reads_a_new_log, "the END consumer to read a log written after it started", step=0.2)
    wait_for(lambda: got["timer"] == ["new-1", *newer], "the timer consumer to read every new log",
             observe=lambda: (got, newer))
    # Nothing written before the END consumer started, then every later log in order.
    wait_for(lambda: got["end"] == newer[len(newer) - len(got["end"]):],
             "the END consumer to read a suffix of the new logs", observe=lambda: (got, newer))


def test_unknown_checkpoint_restarts_from_configured_start(emulator: Emulator, client: LogClient, project: str,
                                                           make_logstore: Callable[..., str],
                                                           run_worker: Any) -> None:
    ls = make_logstore(1)
    write(client, project, ls, ["a", "b"])
    client.create_consumer_group(project, ls, "cg", 10)
    client.update_check_point(project, ls, "cg", 0, "MTA=")  # position 10: not a cursor of this shard
    seen: List[str] = []
    run_worker(Collector, option(emulator, project, ls), seen)
    wait_for(lambda: seen == ["a", "b"], "the logs from the begin cursor")


def test_json_processor(emulator: Emulator, client: LogClient, project: str, make_logstore: Callable[..., str],
                        run_worker: Any) -> None:
    ls = make_logstore(2)
    write(client, project, ls, [str(i) for i in range(10)])
    rows: List[Dict[str, Any]] = []

    class Rows(ConsumerJsonProcessorBase):
        def process(self, flattern_json_list: List[Dict[str, Any]], check_point_tracker: Any) -> None:
            rows.extend(flattern_json_list)
            self.save_checkpoint(check_point_tracker)

    run_worker(Rows, option(emulator, project, ls))
    wait_for(lambda: len(rows) == 10, "every log as a dict")
    assert sorted(r["id"] for r in rows) == [str(i) for i in range(10)]
    assert all(isinstance(r["__time__"], str) and r["__topic__"] == "t" for r in rows)


def test_shared_executor_is_used_and_left_running(emulator: Emulator, client: LogClient, project: str,
                                                  make_logstore: Callable[..., str]) -> None:
    stores = [make_logstore(2), make_logstore(2)]
    for store in stores:
        write(client, project, store, [f"{store}-{i}" for i in range(5)])
    executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="shared-pool")
    seen: List[str] = []
    names: set = set()
    workers = [ConsumerWorker(Collector, option(emulator, project, store, shared_executor=executor),
                              args=(seen, names)) for store in stores]
    for worker in workers:
        worker.start()
    wait_for(lambda: len(seen) == 10, "both logstores to be consumed")
    for worker in workers:
        worker.shutdown()
        assert not worker.is_alive()
    assert names and all(name.startswith("shared-pool") for name in names)
    assert executor.submit(lambda: 42).result(5) == 42  # not shut down by the workers
    executor.shutdown()


def test_shutdown_returns_within_its_deadline(emulator: Emulator, client: LogClient, project: str,
                                              make_logstore: Callable[..., str]) -> None:
    ls = make_logstore(1)
    write(client, project, ls, ["x"])
    entered = threading.Event()
    release = threading.Event()

    class Stuck(ConsumerProcessorBase):
        def process(self, log_groups: Any, check_point_tracker: Any) -> None:
            entered.set()
            release.wait(30)

    worker = ConsumerWorker(Stuck, option(emulator, project, ls, shutdown_timeout=1))
    worker.start()
    try:
        assert entered.wait(20)
        started = time.time()
        worker.shutdown()
        assert time.time() - started < 1 + 5
        assert not worker.is_alive()
    finally:
        release.set()


def test_fatal_setup_error_stops_the_worker(emulator: Emulator, project: str) -> None:
    worker = ConsumerWorker(ConsumerProcessorBase, option(emulator, project, "no-such-store"))
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert worker.error is not None and worker.error.get_error_code() == "LogStoreNotExist"  # type: ignore[attr-defined]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_safety(emulator: Emulator, client: LogClient, project: str, make_logstore: Callable[..., str],
                     run_worker: Any) -> None:
    ls = make_logstore(2)
    write(client, project, ls, [str(i) for i in range(6)])
    parent_seen: List[str] = []
    parent = run_worker(Collector, option(emulator, project, ls, "parent-group"), parent_seen)
    wait_for(lambda: len(parent_seen) == 6, "the parent's worker to consume")
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: the parent's worker does not run here; a worker started here does
        code = 1
        try:
            os.close(read_fd)
            ok = not parent.is_alive()
            started = time.time()
            parent.shutdown()
            ok = ok and time.time() - started < 1
            seen: List[str] = []
            child = ConsumerWorker(Collector, option(emulator, project, ls, "child-group", name="child"),
                                   args=(seen,))
            child.start()
            deadline = time.time() + 20
            while len(seen) < 6 and time.time() < deadline:
                time.sleep(0.05)
            child.shutdown()
            os.write(write_fd, f"{ok} {sorted(seen) == [str(i) for i in range(6)]}".encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_fd)
    _, status = os.waitpid(pid, 0)
    answer = os.read(read_fd, 100).decode()
    os.close(read_fd)
    assert os.WEXITSTATUS(status) == 0 and answer == "True True"
    assert parent.is_alive()  # the parent's worker was not disturbed
    write(client, project, ls, ["after-fork"])
    wait_for(lambda: "after-fork" in parent_seen, "the parent to keep consuming")


def test_shutdown_from_inside_process_does_not_wait(emulator: Emulator, client: LogClient, project: str,
                                                    make_logstore: Callable[..., str]) -> None:
    ls = make_logstore(1)
    write(client, project, ls, ["x"])
    took: List[float] = []
    holder: List[ConsumerWorker] = []

    class StopSelf(ConsumerProcessorBase):
        def process(self, log_groups: Any, check_point_tracker: Any) -> None:
            started = time.time()
            holder[0].shutdown()
            took.append(time.time() - started)
            self.save_checkpoint(check_point_tracker)

    worker = ConsumerWorker(StopSelf, option(emulator, project, ls))
    holder.append(worker)
    worker.start()
    worker.join(20)
    assert not worker.is_alive() and took and took[0] < 0.5
    assert client.get_check_point(project, ls, "cg", 0).get_check_point(0) == client.get_end_cursor(
        project, ls, 0).get_cursor()
