"""The consumer-group library end to end: consumer processes against the test session's emulator.

Each consumer is a real process running a ``ConsumerWorker`` whose processor records, in a JSON-lines file, when it
got a shard (``initialize``), every batch (the ``id`` of each log) and when it released the shard (``shutdown``).
From those records the tests check that every written log was processed, how many were processed twice, and that no
shard was ever held by two live consumers at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Set, Tuple

import pytest

from aliyun.log import LogClient, LogItem, PutLogsRequest
from aliyun.log.emulator import Emulator

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CONSUMER = r"""
import json, os, sys, threading, time
from aliyun.log import PullLogResponse
from aliyun.log.consumer import ConsumerProcessorBase, ConsumerWorker, CursorPosition, LogHubConfig

cfg = json.loads(sys.argv[1])
out = open(cfg["out"], "a", buffering=1)
lock = threading.Lock()

def emit(record):
    record.update(t=time.time(), consumer=cfg["name"])
    with lock:
        out.write(json.dumps(record) + "\n")
        out.flush()

class Recorder(ConsumerProcessorBase):
    def initialize(self, shard):
        super().initialize(shard)
        emit({"ev": "start", "shard": shard})

    def process(self, log_groups, check_point_tracker):
        t0 = time.time()
        logs = PullLogResponse.loggroups_to_flattern_list(log_groups)
        if cfg.get("sleep"):
            time.sleep(cfg["sleep"])
        emit({"ev": "batch", "shard": self.shard_id, "t0": t0, "ids": [log["id"] for log in logs],
              "topics": sorted({log["__topic__"] for log in logs})})
        self.save_checkpoint(check_point_tracker)

    def shutdown(self, check_point_tracker):
        super().shutdown(check_point_tracker)
        emit({"ev": "stop", "shard": self.shard_id})

option = LogHubConfig(
    cfg["endpoint"], cfg["key_id"], cfg["key"], cfg["project"], cfg["logstore"], cfg["group"], cfg["name"],
    cursor_position=CursorPosition.BEGIN_CURSOR, heartbeat_interval=cfg.get("heartbeat", 0.5),
    data_fetch_interval=cfg.get("fetch_interval", 0.2), in_order=cfg.get("in_order", False),
    max_fetch_log_group_size=cfg.get("max_groups"), cursor_end_time=cfg.get("end_time"),
    consumer_group_timeout=cfg.get("timeout", 2), checkpoint_interval=cfg.get("checkpoint_interval", 0.5),
    shutdown_timeout=10)
emit({"ev": "ready", "pid": os.getpid()})
ConsumerWorker(Recorder, option).start(join=True)
emit({"ev": "exit"})
"""


def _env() -> Dict[str, str]:
    return dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])))


class ConsumerProcess:
    """One consumer process and the records it writes."""

    def __init__(self, emulator: Emulator, project: str, logstore: str, name: str, out_dir: Any,
                 group: str = "cg", **options: Any) -> None:
        self.name = name
        self.out = str(out_dir / f"{name}.jsonl")
        cfg = dict(endpoint=emulator.endpoint, key_id=emulator.credentials[0], key=emulator.credentials[1],
                   project=project, logstore=logstore, group=group, name=name, out=self.out, **options)
        self.log = open(str(out_dir / f"{name}.stderr"), "w")  # noqa: SIM115 - closed in wait()
        self.proc = subprocess.Popen([sys.executable, "-c", CONSUMER, json.dumps(cfg)], env=_env(),
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.killed_at: Optional[float] = None

    def records(self, kind: Optional[str] = None) -> List[Dict[str, Any]]:
        try:
            with open(self.out) as f:
                lines = f.read().splitlines()
        except FileNotFoundError:
            return []
        out = []
        for line in lines:
            try:
                record = json.loads(line)
            except ValueError:  # a line cut by kill -9
                continue
            if kind is None or record["ev"] == kind:
                out.append(record)
        return out

    def processed(self) -> List[str]:
        return [i for r in self.records("batch") for i in r["ids"]]

    def kill(self) -> None:
        self.killed_at = time.time()
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)
        self.log.close()

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        return self.wait()

    def wait(self, timeout: float = 30) -> int:
        try:
            code = self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.log.close()
        return code

    def stderr(self) -> str:
        with open(self.log.name) as f:
            return f.read()


@pytest.fixture()
def consumers(emulator: Emulator, project: str, tmp_path: Any) -> Iterator[Callable[..., ConsumerProcess]]:
    started: List[ConsumerProcess] = []

    def start(logstore: str, name: str, **options: Any) -> ConsumerProcess:
        proc = ConsumerProcess(emulator, project, logstore, name, tmp_path, **options)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.proc.poll() is None:
            proc.proc.kill()
            proc.proc.wait()
        if not proc.log.closed:
            proc.log.close()


class Writer:
    """Writes logs with unique ``id`` values; remembers what was written."""

    def __init__(self, client: LogClient, project: str, logstore: str) -> None:
        self.client, self.project, self.logstore = client, project, logstore
        self.written: List[str] = []
        self._next = 0
        self._thread: Optional[threading.Thread] = None

    def write(self, batches: int, size: int, topic: str = "t", prefix: str = "") -> List[str]:
        ids = []
        for _ in range(batches):
            batch = [f"{prefix}{self._next + i}" for i in range(size)]
            self._next += size
            items = [LogItem(contents=[("id", i), ("payload", "x" * 40)]) for i in batch]
            self.client.put_logs(PutLogsRequest(self.project, self.logstore, topic, "src", items))
            ids.extend(batch)
        self.written.extend(ids)
        return ids

    def write_in_background(self, batches: int, size: int, pause: float) -> None:
        def run() -> None:
            for _ in range(batches):
                self.write(1, size)
                time.sleep(pause)

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join(60)


def wait_for(predicate: Callable[[], Any], timeout: float, what: str, step: float = 0.05) -> Any:
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def all_processed(procs: Sequence[ConsumerProcess], written: Sequence[str]) -> bool:
    seen: Set[str] = set()
    for proc in procs:
        seen.update(proc.processed())
    return seen >= set(written)


def check_exclusive_ownership(procs: Sequence[ConsumerProcess]) -> Dict[int, List[Tuple[str, float, float]]]:
    """Per shard, the (consumer, from, to) ownership intervals must not overlap between consumers."""
    intervals: Dict[int, List[Tuple[str, float, float]]] = {}
    for proc in procs:
        opened: Dict[int, float] = {}
        for record in proc.records():
            if record["ev"] == "start":
                opened[record["shard"]] = record["t"]
            elif record["ev"] == "stop" and record["shard"] in opened:
                intervals.setdefault(record["shard"], []).append((proc.name, opened.pop(record["shard"]),
                                                                  record["t"]))
        end = proc.killed_at or time.time()
        for shard, since in opened.items():
            intervals.setdefault(shard, []).append((proc.name, since, end))
    for shard, spans in intervals.items():
        spans.sort(key=lambda span: span[1])
        for (name1, _s1, end1), (name2, start2, _e2) in zip(spans, spans[1:]):
            assert start2 >= end1, f"shard {shard}: {name2} started at {start2} before {name1} released it at {end1}"
    return intervals


def live_assignment(emulator: Emulator, project: str, logstore: str, group: str = "cg") -> Dict[str, Dict[str, Any]]:
    from aliyun.log.emulator.backends.consumer_groups import coordinator_for
    from aliyun.log.emulator.errors import NotFound

    assert emulator.storage is not None
    ls = emulator.storage.get_logstore(project, logstore)
    try:
        return coordinator_for(emulator.storage).consumers(ls, group, time.time())
    except NotFound:  # the group is not created yet
        return {}


def settled(assignment: Dict[str, Dict[str, Any]]) -> bool:
    return all(c["assigned"] == c["reported"] for c in assignment.values())


# --------------------------------------------------------------------------------------------------------------------
def test_two_then_three_consumers(emulator: Emulator, client: LogClient, project: str,
                                  make_logstore: Callable[..., str], consumers: Callable[..., ConsumerProcess]) -> None:
    ls = make_logstore(4)
    writer = Writer(client, project, ls)
    writer.write(20, 50)
    a = consumers(ls, "a")
    b = consumers(ls, "b")
    writer.write_in_background(40, 25, 0.05)
    wait_for(lambda: len(live_assignment(emulator, project, ls)) == 2 and settled(live_assignment(emulator, project,
             ls)) and a.records("batch") and b.records("batch"), 30, "a and b to share the shards")
    assert sorted(len(c["assigned"]) for c in live_assignment(emulator, project, ls).values()) == [2, 2]
    c = consumers(ls, "c")

    def rebalanced() -> bool:
        assignment = live_assignment(emulator, project, ls)
        return len(assignment) == 3 and settled(assignment) and sorted(
            len(x["assigned"]) for x in assignment.values()) == [1, 1, 2]

    wait_for(rebalanced, 30, "a, b and c to share the shards 2/1/1")
    writer.join()
    writer.write(4, 25)
    procs = [a, b, c]
    wait_for(lambda: all_processed(procs, writer.written), 30, "every log to be processed")
    assert c.records("start"), "c never got a shard"
    for proc in procs:
        assert proc.stop() == 0, proc.stderr()
    processed = [i for proc in procs for i in proc.processed()]
    assert set(processed) == set(writer.written)
    # Shards moved only by clean hand-overs (checkpoint saved before release): nothing is processed twice.
    assert len(processed) == len(set(processed))
    intervals = check_exclusive_ownership(procs)
    assert sum(len(spans) for spans in intervals.values()) > 4  # shards did move


def test_kill9_failover(emulator: Emulator, client: LogClient, project: str, make_logstore: Callable[..., str],
                        consumers: Callable[..., ConsumerProcess]) -> None:
    ls = make_logstore(4)
    writer = Writer(client, project, ls)
    writer.write(800, 25)  # 200 batches of 100 logs per consumer: a is killed well before it is done
    options = dict(max_groups=4, sleep=0.04, checkpoint_interval=0.5, timeout=2, heartbeat=0.5)
    a = consumers(ls, "a", **options)
    b = consumers(ls, "b", **options)
    wait_for(lambda: settled(live_assignment(emulator, project, ls)) and len(live_assignment(emulator, project,
             ls)) == 2, 30, "a and b to share the shards")
    wait_for(lambda: len(a.records("batch")) >= 20, 30, "a to be in the middle of its shards")
    a_shards = {r["shard"] for r in a.records("start")} - {r["shard"] for r in a.records("stop")}
    a.kill()
    kill_time = a.killed_at
    assert kill_time is not None
    assert len(a.records("batch")) < 100, "a finished its shards before the kill: make the test data larger"
    wait_for(lambda: {r["shard"] for r in b.records("start") if r["t"] > kill_time} >= a_shards, 30,
             "b to take a's shards")
    wait_for(lambda: all_processed([a, b], writer.written), 60, "every log to be processed")
    assert b.stop() == 0, b.stderr()

    processed = a.processed() + b.processed()
    duplicates = len(processed) - len(set(processed))
    assert set(processed) == set(writer.written)
    # Duplicates: only what a processed since its last saved checkpoint: the checkpoint interval (0.5 s) plus the
    # batch during which the save is made and the save's own latency (0.5 s of slack), plus one batch per shard.
    window = options["checkpoint_interval"] + 0.5
    recent = sum(len(r["ids"]) for r in a.records("batch") if r["t"] >= kill_time - window)
    bound = recent + len(a_shards) * 4 * 25
    print(f"\nkill -9 failover: written {len(writer.written)}, processed {len(processed)} "
          f"({len(set(processed))} distinct), duplicates {duplicates}, bound {bound}")
    assert duplicates <= bound
    taken = [r for r in b.records("start") if r["shard"] in a_shards and r["t"] > kill_time]
    assert {r["shard"] for r in taken} == a_shards, (a.records("start"), a.records("stop"), b.records("start"),
                                                     kill_time)
    # b took a's shards only once the group's 2 s timeout expired a. a's last successful heartbeat was at most
    # drop_after = 2 - 0.5 = 1.5 s before the kill (a live consumer releases its shards itself after that).
    takeover = min(r["t"] for r in taken) - kill_time
    print(f"takeover {takeover:.2f}s after the kill")
    assert takeover >= 2 - 1.5 - 0.1
    check_exclusive_ownership([a, b])


def test_restart_from_checkpoints_after_clean_stop(client: LogClient, project: str,
                                                   make_logstore: Callable[..., str],
                                                   consumers: Callable[..., ConsumerProcess]) -> None:
    ls = make_logstore(2)
    writer = Writer(client, project, ls)
    first = writer.write(10, 20)
    a = consumers(ls, "a")
    wait_for(lambda: all_processed([a], first), 30, "the first logs to be processed")
    assert a.stop() == 0, a.stderr()
    saved = client.get_check_point(project, ls, "cg").get_consumer_group_check_points()
    ends = {s: client.get_end_cursor(project, ls, s).get_cursor() for s in (0, 1)}
    assert {c["shard"]: c["checkpoint"] for c in saved} == ends
    second = writer.write(6, 20)
    a2 = consumers(ls, "a2")
    wait_for(lambda: all_processed([a2], second), 30, "the new logs to be processed")
    assert a2.stop() == 0, a2.stderr()
    assert sorted(a2.processed()) == sorted(second)  # resumed exactly where a stopped
    assert sorted(a.processed()) == sorted(first)


def test_batch_mode_stops_when_drained(client: LogClient, project: str, make_logstore: Callable[..., str],
                                       consumers: Callable[..., ConsumerProcess]) -> None:
    ls = make_logstore(4)
    writer = Writer(client, project, ls)
    before = writer.write(12, 20)
    end_time = int(time.time()) + 1
    while time.time() < end_time:
        time.sleep(0.05)
    writer.write(4, 20, prefix="late-")
    procs = [consumers(ls, name, end_time=end_time, max_groups=2) for name in ("a", "b")]
    for proc in procs:
        assert proc.wait(60) == 0, proc.stderr()  # both exit by themselves
        assert proc.records("exit")
    processed = [i for proc in procs for i in proc.processed()]
    assert sorted(processed) == sorted(before)


def test_split_during_consumption(client: LogClient, project: str, make_logstore: Callable[..., str],
                                  consumers: Callable[..., ConsumerProcess]) -> None:
    ls = make_logstore(2)
    writer = Writer(client, project, ls)
    writer.write(40, 20)
    a = consumers(ls, "a", max_groups=2, sleep=0.02)
    wait_for(lambda: a.records("batch"), 30, "consumption to start")
    parts = client.split_shard(project, ls, 0, "20000000000000000000000000000000").get_shard_ids()
    assert parts == [0, 2, 3]
    writer.write(20, 20)
    wait_for(lambda: all_processed([a], writer.written), 60, "every log to be processed")
    wait_for(lambda: any(r["shard"] == 0 for r in a.records("stop")), 30, "the drained parent to be released")
    assert a.stop() == 0, a.stderr()
    processed = a.processed()
    assert sorted(processed) == sorted(writer.written)
    saved = {c["shard"]: c["checkpoint"] for c in client.get_check_point(project, ls, "cg")
             .get_consumer_group_check_points()}
    assert saved[0] == client.get_end_cursor(project, ls, 0).get_cursor()
    assert {r["shard"] for r in a.records("start")} == {0, 1, 2, 3}


def test_in_order_children_after_parent(client: LogClient, project: str, make_logstore: Callable[..., str],
                                        consumers: Callable[..., ConsumerProcess]) -> None:
    ls = make_logstore(1)
    writer = Writer(client, project, ls)
    parent_ids = writer.write(30, 20, prefix="p")
    a = consumers(ls, "a", in_order=True, max_groups=2, sleep=0.03)
    wait_for(lambda: a.records("batch"), 30, "consumption to start")
    client.split_shard(project, ls, 0, "80000000000000000000000000000000")
    child_ids = writer.write(10, 20, prefix="c")
    wait_for(lambda: all_processed([a], writer.written), 60, "every log to be processed")
    assert a.stop() == 0, a.stderr()
    batches = a.records("batch")
    parent_done = max(r["t"] for r in batches if r["shard"] == 0)
    children_first = min(r["t0"] for r in batches if r["shard"] != 0)
    assert children_first >= parent_done
    assert sorted(i for r in batches if r["shard"] == 0 for i in r["ids"]) == sorted(parent_ids)
    assert sorted(i for r in batches if r["shard"] != 0 for i in r["ids"]) == sorted(child_ids)
