"""LogClient's consumer-group methods against the emulator: every method, success and error paths, and the
REST protocol with two and three simulated consumers (join, leave, expire by timeout, checkpoint ownership)."""

from __future__ import annotations

import time
from typing import Callable, Dict, List

import pytest

from aliyun.log import (
    ConsumerGroupCheckPointResponse,
    ConsumerGroupEntity,
    ConsumerGroupHeartBeatResponse,
    ConsumerGroupUpdateCheckPointResponse,
    CreateConsumerGroupResponse,
    DeleteConsumerGroupResponse,
    ListConsumerGroupResponse,
    LogClient,
    LogException,
    LogItem,
    PutLogsRequest,
    UpdateConsumerGroupResponse,
)
from aliyun.log.models.consumer import (
    ConsumerGroupGetCheckPointRequest,
    ConsumerGroupHeartBeatRequest,
    ConsumerGroupUpdateCheckPointRequest,
    CreateConsumerGroupRequest,
)


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(LogException) as info:
        call()
    return info.value.get_error_code()


def test_group_crud(client: LogClient, project: str, make_logstore: Callable[..., str],
                    capsys: pytest.CaptureFixture[str]) -> None:
    ls = make_logstore(4)
    res = client.create_consumer_group(project, ls, "cg-one", 30)
    assert isinstance(res, CreateConsumerGroupResponse) and res.get_request_id()
    client.create_consumer_group(project, ls, "cg_two", 60, in_order=True)
    listed = client.list_consumer_group(project, ls)
    assert isinstance(listed, ListConsumerGroupResponse) and listed.get_count() == 2
    assert listed.get_consumer_groups() == [ConsumerGroupEntity("cg-one", 30), ConsumerGroupEntity("cg_two", 60, True)]
    listed.log_print()
    assert "cg_two" in capsys.readouterr().out
    assert _code(lambda: client.create_consumer_group(project, ls, "cg-one", 30)) == "ConsumerGroupAlreadyExist"

    res2 = client.update_consumer_group(project, ls, "cg-one", in_order=True)
    assert isinstance(res2, UpdateConsumerGroupResponse)
    client.update_consumer_group(project, ls, "cg-one", timeout=45)
    client.update_consumer_group(project, ls, "cg_two", 10, False)
    groups = {g.get_consumer_group_name(): g for g in client.list_consumer_group(project, ls).get_consumer_groups()}
    assert (groups["cg-one"].get_timeout(), groups["cg-one"].is_in_order()) == (45, True)
    assert (groups["cg_two"].get_timeout(), groups["cg_two"].is_in_order()) == (10, False)

    assert isinstance(client.delete_consumer_group(project, ls, "cg-one"), DeleteConsumerGroupResponse)
    assert [g.get_consumer_group_name() for g in client.list_consumer_group(project, ls).get_consumer_groups()] == [
        "cg_two"]
    assert _code(lambda: client.delete_consumer_group(project, ls, "cg-one")) == "ConsumerGroupNotExist"
    assert _code(lambda: client.update_consumer_group(project, ls, "cg-one", 5)) == "ConsumerGroupNotExist"


def test_client_side_validation(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    ls = make_logstore(1)
    assert _code(lambda: client.create_consumer_group(project, ls, "bad name", 30)) == "InvalidArgument"
    assert _code(lambda: client.create_consumer_group(project, ls, "g", 0)) == "InvalidArgument"
    assert _code(lambda: client.update_consumer_group(project, ls, "g")) == "InvalidArgument"
    assert _code(lambda: client.update_consumer_group(project, ls, "g", timeout=-1)) == "InvalidArgument"
    assert _code(lambda: client.heart_beat(project, ls, "g", "")) == "InvalidArgument"
    assert _code(lambda: client.update_check_point(project, ls, "g", 0, "")) == "InvalidArgument"
    assert _code(lambda: client.list_consumer_group(project, "")) == "InvalidArgument"


def test_missing_resources(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    ls = make_logstore(1)
    assert _code(lambda: client.list_consumer_group(project, "no-such-store")) == "LogStoreNotExist"
    assert _code(lambda: client.create_consumer_group(project, "no-such-store", "g", 5)) == "LogStoreNotExist"
    assert _code(lambda: client.heart_beat(project, ls, "nope", "c1", [])) == "ConsumerGroupNotExist"
    assert _code(lambda: client.get_check_point(project, ls, "nope")) == "ConsumerGroupNotExist"
    assert _code(lambda: client.update_check_point(project, ls, "nope", 0, "MTA=")) == "ConsumerGroupNotExist"


def test_checkpoints(client: LogClient, project: str, make_logstore: Callable[..., str],
                     capsys: pytest.CaptureFixture[str]) -> None:
    ls = make_logstore(2)
    client.put_logs(PutLogsRequest(project, ls, "", "", [LogItem(contents=[("k", "v")])]))
    client.create_consumer_group(project, ls, "cg", 30)
    res = client.get_check_point(project, ls, "cg")
    assert isinstance(res, ConsumerGroupCheckPointResponse) and res.get_count() == 2
    assert [(c["shard"], c["checkpoint"], c["consumer"]) for c in res.get_consumer_group_check_points()] == [
        (0, "", ""), (1, "", "")]
    begin = client.get_begin_cursor(project, ls, 1).get_cursor()
    end = client.get_end_cursor(project, ls, 1).get_cursor()
    saved = client.update_check_point(project, ls, "cg", 1, end)
    assert isinstance(saved, ConsumerGroupUpdateCheckPointResponse)
    one = client.get_check_point(project, ls, "cg", 1)
    assert one.get_count() == 1 and one.get_check_point(1) == end and one.get_check_point(0) is None
    entry = one.get_consumer_group_check_points()[0]
    assert entry["updateTime"] > (time.time() - 60) * 1e6
    fixed = client.get_check_point_fixed(project, ls, "cg")
    times = {c["shard"]: c.get("checkpoint_previous_cursor_time") for c in fixed.get_consumer_group_check_points()}
    assert times[0] is None and abs(times[1] - time.time()) < 60  # the receive time of the last consumed group
    fixed.log_print()
    assert "checkpoint_previous_cursor_time" in capsys.readouterr().out
    client.update_check_point(project, ls, "cg", 1, begin, "someone", True)
    assert client.get_check_point(project, ls, "cg", 1).get_consumer_group_check_points()[0]["consumer"] == "someone"
    assert _code(lambda: client.update_check_point(project, ls, "cg", 1, "not base64!")) == "InvalidShardCheckPoint"
    assert _code(lambda: client.update_check_point(project, ls, "cg", 5, begin)) == "ShardNotExist"
    assert _code(lambda: client.update_check_point(project, ls, "cg", 1, begin, "x", False)) == "ConsumerNotExist"
    assert client.get_check_point(project, ls, "cg", 9).get_count() == 0


class Consumer:
    """A simulated consumer speaking the REST protocol: it reports what it holds and releases what it loses."""

    def __init__(self, client: LogClient, project: str, logstore: str, name: str) -> None:
        self.client, self.project, self.logstore, self.name = client, project, logstore, name
        self.held: List[int] = []

    def beat(self) -> List[int]:
        res = self.client.heart_beat(self.project, self.logstore, "cg", self.name, self.held)
        assert isinstance(res, ConsumerGroupHeartBeatResponse)
        self.held = res.get_shards()
        return self.held

    def save(self, shard: int, cursor: str) -> None:
        self.client.update_check_point(self.project, self.logstore, "cg", shard, cursor, self.name, False)


def _rounds(consumers: List[Consumer], count: int = 3) -> Dict[str, List[int]]:
    for _ in range(count):
        for consumer in consumers:
            consumer.beat()
            owners: Dict[int, str] = {}
            for other in consumers:
                for shard in other.held:
                    assert shard not in owners, f"shard {shard} held by {owners[shard]} and {other.name}"
                    owners[shard] = other.name
    return {c.name: c.held for c in consumers}


def test_two_then_three_consumers(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    ls = make_logstore(4)
    client.create_consumer_group(project, ls, "cg", 30)
    a, b, c = (Consumer(client, project, ls, n) for n in ("a", "b", "c"))
    assert _rounds([a]) == {"a": [0, 1, 2, 3]}
    held = _rounds([a, b])
    assert sorted(map(len, held.values())) == [2, 2]
    held = _rounds([a, b, c])
    assert sorted(map(len, held.values())) == [1, 1, 2]
    assert sorted(s for shards in held.values() for s in shards) == [0, 1, 2, 3]
    # checkpoint ownership: only the owner may save without force
    shard = c.held[0]
    cursor = client.get_begin_cursor(project, ls, shard).get_cursor()
    c.save(shard, cursor)
    assert _code(lambda: a.save(shard, cursor)) == "ConsumerNotMatch"


def test_leave_and_expire(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    ls = make_logstore(4)
    client.create_consumer_group(project, ls, "cg", 1)
    a, b = Consumer(client, project, ls, "a"), Consumer(client, project, ls, "b")
    _rounds([a, b])
    lost = list(b.held)
    silent_since = time.time()  # b stops sending heartbeats: it expires after the group's 1 s timeout
    while time.time() < silent_since + 1.5:
        a.beat()
        if set(a.held) & set(lost):
            assert time.time() - silent_since > 0.9  # not before b's timeout
        time.sleep(0.1)
    assert sorted(_rounds([a], 2)["a"]) == [0, 1, 2, 3]
    assert _code(lambda: b.beat()) == "NotExistConsumerWithBody"
    b.held = []
    held = _rounds([a, b])
    assert sorted(map(len, held.values())) == [2, 2] and lost


def test_request_classes() -> None:
    entity = ConsumerGroupEntity("cg", 20, True)
    create = CreateConsumerGroupRequest("p", "ls", entity)
    assert create.get_consumer_group() is entity and create.get_request_body() == entity.to_request_json()
    create.set_consuemr_group(ConsumerGroupEntity("other", 5))
    assert create.get_consumer_group().get_consumer_group_name() == "other"
    hb = ConsumerGroupHeartBeatRequest("p", "ls", "cg", "c1", [1, 0])
    assert hb.get_params() == {"type": "heartbeat", "consumer": "c1"} and hb.get_request_body() == [1, 0]
    hb.set_shards([3])
    assert hb.get_shards() == [3]
    cp = ConsumerGroupUpdateCheckPointRequest("p", "ls", "cg", "c1", 2, "MTA=", force_success=False)
    assert cp.get_request_params() == {"type": "checkpoint", "consumer": "c1", "forceSuccess": "false"}
    assert cp.get_request_body() == {"shard": 2, "checkpoint": "MTA="}
    get = ConsumerGroupGetCheckPointRequest("p", "ls", "cg", -1)
    assert get.get_params() == {} and ConsumerGroupGetCheckPointRequest("p", "ls", "cg", 3).get_params() == {
        "shard": "3"}
    get.set_consumer_group("x")
    assert get.get_consumer_group() == "x"
