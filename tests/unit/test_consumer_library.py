"""Unit tests of the consumer library's parts: config, batches, checkpoint tracker, processors, heartbeat timing and
the shard state machine (driven step by step with a fake worker and a manual task queue)."""

from __future__ import annotations

import logging
import pickle
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from aliyun.log import LogException, LogItem, PullLogResponse
from aliyun.log.api.cursors import int_to_cursor
from aliyun.log.codec import encode_log_group, log_group_list_from_groups
from aliyun.log.consumer import (
    ConsumerCheckpointTracker,
    ConsumerJsonProcessorBase,
    ConsumerProcessorAdaptor,
    ConsumerProcessorBase,
    ConsumerWorker,
    CursorPosition,
    LogGroupBatch,
    LogHubConfig,
)
from aliyun.log.consumer.heartbeat import ConsumerHeartBeat
from aliyun.log.consumer.shard_worker import CONSUMING, STOPPED, ShardConsumer


def config(**kwargs: Any) -> LogHubConfig:
    return LogHubConfig("http://127.0.0.1:1", "id", "secret", "proj", "store", "group", "me", **kwargs)


def groups_bytes(count: int, logs_per_group: int = 2, first: int = 0) -> bytes:
    groups = []
    for g in range(count):
        items = [LogItem(1700000000, [("id", str(first + g * logs_per_group + i))]) for i in range(logs_per_group)]
        groups.append(encode_log_group(items, "topic", "src", [("tag", "x")]))
    return log_group_list_from_groups(groups)


# -- LogHubConfig ------------------------------------------------------------------------------------------------------
def test_config_positional_order_and_defaults() -> None:
    option = LogHubConfig("ep", "id", "key", "p", "l", "g", "c", CursorPosition.END_CURSOR, 5, 1, True, None, "tok",
                          100, 4, None, None, None, "v4", "cn-hangzhou", None, "zstd", None)
    assert option.cursor_position is CursorPosition.END_CURSOR
    assert (option.heartbeat_interval, option.data_fetch_interval, option.in_order) == (5, 1, True)
    assert (option.securityToken, option.max_fetch_log_group_size, option.worker_pool_size) == ("tok", 100, 4)
    assert (option.auth_version, option.region, option.accept_compress_type) == ("v4", "cn-hangzhou", "zstd")
    assert option.consumer_group_timeout == 10 and option.access_key == "key" and option.security_token == "tok"
    default = config()
    assert default.cursor_position is CursorPosition.BEGIN_CURSOR
    assert (default.heartbeat_interval, default.data_fetch_interval) == (20, 2)
    assert (default.max_fetch_log_group_size, default.worker_pool_size, default.consumer_group_timeout) == (1000, 2, 40)
    assert default.checkpoint_interval == 3 and default.shutdown_timeout == 30
    assert config(heartbeat_interval=0.3).consumer_group_timeout == 1  # sub-second intervals are fine
    assert config(cursor_position="end").cursor_position is CursorPosition.END_CURSOR
    assert "secret" not in repr(config()) and "proj" in repr(config())


@pytest.mark.parametrize("kwargs", [
    {"heartbeat_interval": 0}, {"heartbeat_interval": -1}, {"data_fetch_interval": "2"},
    {"max_fetch_log_group_size": 0}, {"max_fetch_log_group_size": 1001}, {"worker_pool_size": 0},
    {"cursor_position": CursorPosition.SPECIAL_TIMER_CURSOR}, {"cursor_position": "sideways"},
    {"cursor_start_time": "not a time"}, {"cursor_end_time": "yesterdayish"}, {"shared_executor": object()},
    {"accept_compress_type": "gzip"}, {"consumer_group_timeout": 0},
])
def test_config_validation(kwargs: Dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        config(**kwargs)


def test_config_spl_query_and_bad_names() -> None:
    option = config(query="* | where status = 500", processor="proc-1")
    assert (option.query, option.processor) == ("* | where status = 500", "proc-1")
    with pytest.raises(ValueError):
        config(query=["* | where a = 1"])
    with pytest.raises(ValueError):
        LogHubConfig("ep", "id", "key", "p", "l", "g", "")


def test_config_times() -> None:
    option = config(cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR, cursor_start_time="2018-12-26 0:0:0",
                    cursor_end_time="end")
    assert option.cursor_start_time == "2018-12-26 0:0:0" and option.cursor_end_time == "end"
    config(cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR, cursor_start_time="1 hour ago")
    config(cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR, cursor_start_time=1700000000)


# -- batches -----------------------------------------------------------------------------------------------------------
def test_batch_acts_like_a_log_group_list() -> None:
    data = groups_bytes(3)
    batch = LogGroupBatch(data, 3, shard_id=2, cursor="MQ==", next_cursor="NA==")
    assert len(batch.LogGroups) == 3 and bytes(batch.LogGroups) == data and batch.SerializeToString() == data
    assert batch.LogGroups._messages is None  # nothing parsed yet
    assert [log.Contents[0].Value for g in batch.LogGroups for log in g.Logs] == [str(i) for i in range(6)]
    assert batch.LogGroups[1].Topic == "topic" and [g.Source for g in batch.LogGroups[0:2]] == ["src", "src"]
    assert batch.get_log_count() == 6 and batch.get_loggroup_count() == 3
    flat = PullLogResponse.loggroups_to_flattern_list(batch, time_as_str=True)
    assert flat == batch.flatten(time_as_str=True) and flat[0]["__tag__:tag"] == "x" and flat[5]["id"] == "5"
    assert pickle.loads(pickle.dumps(batch.LogGroups)) == data
    empty = LogGroupBatch(b"", 0)
    assert not empty.LogGroups and list(empty.LogGroups) == [] and empty.flatten() == []


def test_batch_with_values_that_are_not_utf8() -> None:
    from aliyun.log.codec import LogGroupRaw

    group = LogGroupRaw()
    log = group.Logs.add()
    log.Time = 1700000000
    content = log.Contents.add()
    content.Key = "k"
    content.Value = b"\xff\xfe"
    batch = LogGroupBatch(log_group_list_from_groups([group.SerializeToString()]), None)
    assert len(batch.LogGroups) == 1 and batch.LogGroups[0].Logs[0].Contents[0].Value == b"\xff\xfe"
    assert PullLogResponse.loggroups_to_flattern_list(batch, decode_bytes=True)[0]["k"] == "\ufffd\ufffd"


# -- tracker -----------------------------------------------------------------------------------------------------------
class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_tracker_marks_and_saves() -> None:
    saved: List[Tuple[int, str]] = []
    clock = Clock()
    tracker = ConsumerCheckpointTracker(3, lambda shard, cursor: saved.append((shard, cursor)), 2.0, clock)
    tracker.set_cursor("c1")
    tracker.save_check_point(False)
    assert tracker.get_check_point() == "c1" and tracker.pending() and not tracker.due()
    clock.now += 2
    assert tracker.due() and tracker.next_due() == 102.0
    tracker.flush_check_point()
    assert saved == [(3, "c1")] and not tracker.pending() and tracker.next_due() is None
    tracker.flush_check_point()
    assert saved == [(3, "c1")]  # nothing new
    tracker.save_check_point(True, "c2")
    assert saved[-1] == (3, "c2") and tracker.get_persistent_check_point() == "c2"


def test_tracker_ownership_loss() -> None:
    def refuse(shard: int, cursor: str) -> None:
        raise LogException("ConsumerNotMatch", "shard held by another consumer")

    tracker = ConsumerCheckpointTracker(0, refuse, 1.0)
    tracker.set_cursor("c")
    with pytest.raises(LogException):
        tracker.save_check_point()
    assert tracker.lost and tracker.pending()


# -- processors --------------------------------------------------------------------------------------------------------
def test_processor_base_saves_every_interval(caplog: pytest.LogCaptureFixture) -> None:
    saved: List[str] = []
    tracker = ConsumerCheckpointTracker(0, lambda shard, cursor: saved.append(cursor), 3600.0)
    processor = ConsumerProcessorBase()
    processor.initialize(0)
    assert processor.shard_id == 0
    with pytest.raises(NotImplementedError):
        processor.process(None, tracker)
    tracker.set_cursor("a")
    processor.save_checkpoint(tracker)  # first save is persistent (never saved before)
    tracker.set_cursor("b")
    processor.save_checkpoint(tracker)  # within the interval: only marked
    assert saved == ["a"] and tracker.get_check_point() == "b"
    processor.shutdown(tracker)  # forced
    assert saved == ["a", "b"]

    def broken(shard: int, cursor: str) -> None:
        raise LogException("RequestError", "network down")

    failing = ConsumerCheckpointTracker(1, broken, 1.0)
    failing.set_cursor("x")
    with caplog.at_level(logging.WARNING, "aliyun.log.consumer"):
        processor.save_checkpoint(failing, force=True)  # logged, not raised
    assert "cannot save checkpoint" in caplog.text


def test_adaptor_and_json_processor() -> None:
    calls: List[Tuple[int, int]] = []
    tracker = ConsumerCheckpointTracker(0, lambda shard, cursor: None, 0.0)
    tracker.set_cursor("n")
    adaptor = ConsumerProcessorAdaptor(lambda shard, groups: calls.append((shard, len(groups.LogGroups))))
    adaptor.initialize(4)
    adaptor._deliver(LogGroupBatch(groups_bytes(2), 2), tracker)
    assert calls == [(4, 2)] and tracker.get_persistent_check_point() == "n"
    with pytest.raises(TypeError):
        ConsumerProcessorAdaptor("not callable")  # type: ignore[arg-type]

    got: List[Any] = []

    class Json(ConsumerJsonProcessorBase):
        def process(self, flattern_json_list: List[dict], check_point_tracker: Any) -> None:
            got.extend(flattern_json_list)

    Json()._deliver(LogGroupBatch(groups_bytes(1, 3), 1), tracker)
    assert [log["id"] for log in got] == ["0", "1", "2"] and got[0]["__time__"] == "1700000000"


# -- heartbeat timing --------------------------------------------------------------------------------------------------
class HeartbeatClient:
    def __init__(self) -> None:
        self.bodies: List[List[int]] = []
        self.answer: List[int] = [0, 1]
        self.error: Optional[LogException] = None

    def heart_beat(self, project: str, logstore: str, group: str, consumer: str, shards: List[int]) -> Any:
        self.bodies.append(list(shards))
        if self.error is not None and shards:
            error, self.error = self.error, None
            raise error

        class Res:
            def get_shards(inner) -> List[int]:
                return list(self.answer)

        return Res()


class FakeWorker:
    """What a ShardConsumer / ConsumerHeartBeat needs from a ConsumerWorker, with a manual task queue."""

    def __init__(self, option: LogHubConfig, make_processor: Callable[..., Any] = ConsumerProcessorBase) -> None:
        self.option = option
        self.make_processor = make_processor
        self.processor_args: Tuple[Any, ...] = ()
        self.processor_kwargs: Dict[str, Any] = {}
        self.tasks: List[Tuple[Callable[..., None], Tuple[Any, ...]]] = []
        self.heartbeat_client = HeartbeatClient()
        self.client: Any = None
        self.running: set = set()
        self.readonly: set = set()
        self.saved: Dict[int, str] = {}
        self.checkpoint = ""
        self.start = int_to_cursor(1000)

    def submit(self, task: Callable[..., None], *args: Any, pull: bool = False) -> bool:
        self.tasks.append((task, args))
        return True

    def run(self, name: Optional[str] = None) -> None:
        """Run the queued tasks (only those named ``name``, when given)."""
        keep = []
        for task, args in self.tasks:
            if name is None or task.__name__ == name:
                task(*args)
            else:
                keep.append((task, args))
        self.tasks = keep

    def wake(self) -> None:
        pass

    def running_shards(self) -> set:
        return set(self.running)

    def shard_is_readonly(self, shard_id: int) -> bool:
        return shard_id in self.readonly

    def saved_checkpoint(self, shard_id: int) -> str:
        return self.checkpoint

    def start_cursor(self, shard_id: int) -> str:
        return self.start

    def end_cursor(self, shard_id: int) -> Optional[str]:
        return None

    def _save_checkpoint(self, shard_id: int, cursor: str) -> None:
        self.saved[shard_id] = cursor


def test_heartbeat_assignment_expires_locally() -> None:
    clock = Clock()
    worker = FakeWorker(config(heartbeat_interval=1, consumer_group_timeout=4))
    heartbeat = ConsumerHeartBeat(worker, clock)  # type: ignore[arg-type]
    assert heartbeat.drop_after == 3.0
    assert heartbeat.assignment() == set()  # nothing before the first heartbeat
    worker.running = {5}
    assert heartbeat.beat()
    assert worker.heartbeat_client.bodies[-1] == [5] and heartbeat.assignment() == {0, 1}
    clock.now += 2.9
    assert heartbeat.assignment() == {0, 1}
    clock.now += 0.2  # no successful heartbeat for > 3 s: shards dropped before the group's 4 s timeout
    assert heartbeat.assignment() == set()
    heartbeat.beat()
    assert worker.heartbeat_client.bodies[-1] == [0, 1, 5]  # still reports what it was given and still runs
    assert heartbeat.assignment() == {0, 1}


def test_heartbeat_rejoins_after_being_dropped() -> None:
    worker = FakeWorker(config())
    heartbeat = ConsumerHeartBeat(worker)  # type: ignore[arg-type]
    worker.running = {0}
    worker.heartbeat_client.error = LogException("NotExistConsumerWithBody", "expired", resp_status=400)
    assert heartbeat.beat()
    assert worker.heartbeat_client.bodies == [[0], []]  # refused with shards, then joined again with none


# -- the shard state machine -------------------------------------------------------------------------------------------
class PullClient:
    """pull_logs over an in-memory shard: group i at cursor position 1000 + i."""

    def __init__(self, groups: int, fail_invalid: int = 0, cap: int = 1000) -> None:
        self.groups = groups
        self.fail_invalid = fail_invalid
        self.cap = cap
        self.calls: List[Tuple[int, int]] = []

    def pull_logs(self, project: str, logstore: str, shard: int, cursor: str, count: int,
                  end_cursor: Optional[str] = None, compress: Any = None, **kwargs: Any) -> PullLogResponse:
        from aliyun.log.api.cursors import cursor_to_int

        position = cursor_to_int(cursor) - 1000
        self.calls.append((position, count))
        if self.fail_invalid:
            self.fail_invalid -= 1
            raise LogException("InvalidCursor", "cursor is invalid", resp_status=400)
        take = max(0, min(count, self.cap, self.groups - position))
        data = groups_bytes(take, 1, first=position) if take else b""
        headers = {"x-log-cursor": int_to_cursor(1000 + position + take), "x-log-count": str(take),
                   "x-log-end-of-cursor": "1" if position + take >= self.groups else "0"}
        return PullLogResponse(data, headers)


class Collect(ConsumerProcessorBase):
    seen: List[str] = []
    fail_times = 0

    def process(self, log_groups: Any, check_point_tracker: Any) -> None:
        if Collect.fail_times:
            Collect.fail_times -= 1
            raise RuntimeError("downstream unavailable")
        Collect.seen.extend(log["id"] for log in PullLogResponse.loggroups_to_flattern_list(log_groups))
        self.save_checkpoint(check_point_tracker)


def make_shard(groups: int, max_groups: int = 4, **client_kwargs: Any) -> Tuple[ShardConsumer, FakeWorker, Clock]:
    Collect.seen = []
    Collect.fail_times = 0
    worker = FakeWorker(config(max_fetch_log_group_size=max_groups, checkpoint_interval=1000), Collect)
    worker.client = PullClient(groups, **client_kwargs)
    clock = Clock()
    shard = ShardConsumer(worker, 7, clock)  # type: ignore[arg-type]
    return shard, worker, clock


def pump(shard: ShardConsumer, worker: FakeWorker, clock: Clock, steps: int = 50) -> None:
    for _ in range(steps):
        clock.now += 0.01
        shard.tick(clock.now)
        worker.run()


def test_shard_consumes_in_order_without_prefetch_when_full() -> None:
    shard, worker, clock = make_shard(groups=10, max_groups=4)
    shard.tick(clock.now)
    worker.run("_run_init")
    assert shard.state == CONSUMING and shard.cursor == worker.start
    shard.tick(clock.now)
    worker.run("_run_fetch")  # 4 groups fetched
    shard.tick(clock.now)  # process them; no prefetch: the shard already holds max_fetch_log_group_size groups
    assert [t.__name__ for t, _ in worker.tasks] == ["_run_process"]
    pump(shard, worker, clock)
    assert Collect.seen == [str(i) for i in range(10)]
    assert all(count <= 4 for _position, count in worker.client.calls)


def test_shard_prefetches_within_the_bound_while_processing() -> None:
    shard, worker, clock = make_shard(groups=10, max_groups=4, cap=2)  # each pull answers at most 2 groups
    shard.tick(clock.now)
    worker.run("_run_init")
    shard.tick(clock.now)
    worker.run("_run_fetch")
    shard.tick(clock.now)  # processing 2 groups, fetching the next ones beside it: at most 4 - 2 groups
    assert sorted(t.__name__ for t, _ in worker.tasks) == ["_run_fetch", "_run_process"]
    fetch_args = next(args for t, args in worker.tasks if t.__name__ == "_run_fetch")
    assert fetch_args == (int_to_cursor(1002), 2)
    worker.run("_run_fetch")
    shard.tick(clock.now)
    assert [t.__name__ for t, _ in worker.tasks] == ["_run_process"]  # 4 groups in memory: no more pulls
    pump(shard, worker, clock)
    assert Collect.seen == [str(i) for i in range(10)]


def test_process_failure_retries_the_same_batch(caplog: pytest.LogCaptureFixture) -> None:
    shard, worker, clock = make_shard(groups=3, max_groups=10)
    Collect.fail_times = 2
    with caplog.at_level(logging.ERROR, "aliyun.log.consumer"):
        for _ in range(40):
            clock.now += 0.5
            shard.tick(clock.now)
            worker.run()
    assert Collect.seen == ["0", "1", "2"]  # delivered again until it succeeded, nothing skipped
    assert "shard 7: process() failed" in caplog.text and "RuntimeError" in caplog.text


def test_invalid_cursor_falls_back_to_the_start_position(caplog: pytest.LogCaptureFixture) -> None:
    shard, worker, clock = make_shard(groups=3, max_groups=10, fail_invalid=1)
    worker.checkpoint = int_to_cursor(1002)  # a saved checkpoint the service no longer knows
    with caplog.at_level(logging.WARNING, "aliyun.log.consumer"):
        pump(shard, worker, clock)
    assert Collect.seen == ["0", "1", "2"]  # restarted from the configured start (begin), not from the end
    assert "is invalid" in caplog.text


def test_shutdown_saves_the_last_processed_position() -> None:
    shard, worker, clock = make_shard(groups=5, max_groups=10)
    pump(shard, worker, clock)
    assert Collect.seen == [str(i) for i in range(5)]
    shard.request_shutdown()
    pump(shard, worker, clock, 3)
    assert shard.state == STOPPED and worker.saved[7] == int_to_cursor(1005)


def test_readonly_shard_saves_its_end_when_consumed() -> None:
    shard, worker, clock = make_shard(groups=2, max_groups=10)
    worker.readonly.add(7)
    pump(shard, worker, clock)
    assert worker.saved[7] == int_to_cursor(1002)


def test_worker_arguments() -> None:
    with pytest.raises(TypeError):
        ConsumerWorker(ConsumerProcessorBase, "not a config")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ConsumerWorker("not callable", config())  # type: ignore[arg-type]
    worker = ConsumerWorker(ConsumerProcessorBase, config(), args=[1], kwargs={"a": 2})
    assert worker.processor_args == (1,) and worker.processor_kwargs == {"a": 2}
    worker.shutdown()  # never started: returns at once
    assert not worker.is_alive() and "stopped" in repr(worker)
