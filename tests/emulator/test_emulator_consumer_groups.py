"""Consumer groups in the emulator (PROTOCOL §3.8, §8): CRUD, heartbeats and assignment with two and three
simulated consumers, timeouts on an injected clock, checkpoints and their ownership checks, split / order."""

from __future__ import annotations

from typing import Any, Dict, Iterator, List, Sequence

import pytest

from aliyun.log.emulator import Emulator

from .emulator_helpers import Client, Clock, error_of, make_group

LS = "logs"
CG = "cg1"
BASE = f"/logstores/{LS}/consumergroups"


@pytest.fixture()
def clock() -> Clock:
    return Clock(1700000000)


@pytest.fixture()
def c(clock: Clock) -> Iterator[Client]:
    with Emulator(clock=clock) as emu:
        client = Client(emu.endpoint, *emu.credentials, clock=clock, project="cg-project")
        client.create_project("cg-project")
        client.create_logstore(LS, shard_count=4)
        yield client
        client.close()


def create(c: Client, name: str = CG, timeout: int = 10, order: bool = False, logstore: str = LS) -> Any:
    return c.request("POST", f"/logstores/{logstore}/consumergroups",
                     json_body={"consumerGroup": name, "timeout": timeout, "order": order})


def beat(c: Client, consumer: str, shards: Sequence[int] = (), group: str = CG) -> List[int]:
    return c.ok(c.request("POST", f"{BASE}/{group}", {"type": "heartbeat", "consumer": consumer},
                          json_body=list(shards))).json()


def beat_raw(c: Client, consumer: str, shards: Sequence[int] = (), group: str = CG) -> Any:
    return c.request("POST", f"{BASE}/{group}", {"type": "heartbeat", "consumer": consumer}, json_body=list(shards))


def save(c: Client, shard: int, cursor: str, consumer: str = "", force: Any = "true", group: str = CG) -> Any:
    return c.request("POST", f"{BASE}/{group}", {"type": "checkpoint", "consumer": consumer, "forceSuccess": force},
                     json_body={"shard": shard, "checkpoint": cursor})


def checkpoints(c: Client, shard: Any = None, group: str = CG) -> List[Dict[str, Any]]:
    params = {} if shard is None else {"shard": shard}
    return c.ok(c.request("GET", f"{BASE}/{group}", params)).json()


class Members:
    """Simulated consumers that follow the protocol: report what they hold, release what they lose."""

    def __init__(self, c: Client) -> None:
        self.c = c
        self.held: Dict[str, List[int]] = {}

    def beat(self, name: str) -> List[int]:
        assigned = beat(self.c, name, self.held.get(name, []))
        self.held[name] = assigned  # starts the new ones, releases (and stops reporting) the others
        return assigned

    def rounds(self, names: Sequence[str], count: int = 3) -> None:
        for _ in range(count):
            for name in names:
                self.beat(name)
                self.check_exclusive()

    def check_exclusive(self) -> None:
        owners: Dict[int, str] = {}
        for name, shards in self.held.items():
            for shard in shards:
                assert shard not in owners, f"shard {shard} held by {owners[shard]} and {name}"
                owners[shard] = name


# -- CRUD -------------------------------------------------------------------------------------------------------------
def test_create_list_update_delete(c: Client) -> None:
    c.ok(create(c, timeout=20))
    c.ok(create(c, "other_group-2", timeout=5, order=True))
    assert c.ok(c.request("GET", BASE)).json() == [
        {"name": "cg1", "timeout": 20, "order": False},
        {"name": "other_group-2", "timeout": 5, "order": True},
    ]
    assert error_of(create(c)) == (400, "ConsumerGroupAlreadyExist")
    c.ok(c.request("PUT", f"{BASE}/{CG}", json_body={"order": True}))
    c.ok(c.request("PUT", f"{BASE}/{CG}", json_body={"timeout": 7}))
    assert c.ok(c.request("GET", BASE)).json()[0] == {"name": "cg1", "timeout": 7, "order": True}
    assert error_of(c.request("PUT", f"{BASE}/{CG}", json_body={})) == (400, "ParameterInvalid")
    assert error_of(c.request("PUT", f"{BASE}/nope", json_body={"timeout": 3})) == (404, "ConsumerGroupNotExist")
    c.ok(c.request("DELETE", f"{BASE}/{CG}"))
    assert error_of(c.request("DELETE", f"{BASE}/{CG}")) == (404, "ConsumerGroupNotExist")
    assert [g["name"] for g in c.ok(c.request("GET", BASE)).json()] == ["other_group-2"]


def test_create_validation(c: Client) -> None:
    assert error_of(create(c, "bad name")) == (400, "ParameterInvalid")
    assert error_of(create(c, "x" * 129)) == (400, "ParameterInvalid")
    assert error_of(create(c, timeout=0)) == (400, "ParameterInvalid")
    assert error_of(c.request("POST", BASE, json_body={"consumerGroup": "a"})) == (400, "ParameterInvalid")
    assert error_of(c.request("POST", BASE, body=b"{not json", headers={"Content-Type": "application/json"})) == (
        400, "PostBodyInvalid")
    assert error_of(create(c, logstore="missing")) == (404, "LogStoreNotExist")
    for i in range(30):
        c.ok(create(c, f"g{i}"))
    assert error_of(create(c, "g30")) == (400, "ConsumerGroupQuotaExceed")


def test_unknown_group(c: Client) -> None:
    assert error_of(beat_raw(c, "a", group="nope")) == (404, "ConsumerGroupNotExist")
    assert error_of(save(c, 0, "MTA=", group="nope")) == (404, "ConsumerGroupNotExist")
    assert error_of(c.request("GET", f"{BASE}/nope")) == (404, "ConsumerGroupNotExist")
    c.ok(create(c))
    assert error_of(c.request("POST", f"{BASE}/{CG}", {"type": "bogus"}, json_body=[])) == (400, "ParameterInvalid")
    assert error_of(c.request("POST", f"{BASE}/{CG}", {"type": "heartbeat"}, json_body=[])) == (400,
                                                                                                  "ParameterInvalid")
    assert error_of(beat_raw(c, "a", ["x"])) == (400, "ParameterInvalid")  # type: ignore[list-item]


# -- heartbeats and assignment ----------------------------------------------------------------------------------------
def test_two_consumers_join_and_balance_without_double_ownership(c: Client) -> None:
    c.ok(create(c))
    assert beat(c, "a") == [0, 1, 2, 3]
    assert beat(c, "a", [0, 1, 2, 3]) == [0, 1, 2, 3]
    # b joins: a must give up two shards, but b gets them only once a stops reporting them.
    assert beat(c, "b") == []
    assert beat(c, "a", [0, 1, 2, 3]) == [0, 1]
    assert beat(c, "b") == []
    assert beat(c, "a", [0, 1]) == [0, 1]
    assert beat(c, "b") == [2, 3]
    assert beat(c, "b", [2, 3]) == [2, 3]


def test_shards_told_but_not_yet_reported_are_not_moved(c: Client) -> None:
    c.ok(create(c))
    assert beat(c, "a") == [0, 1, 2, 3]  # a was told it owns everything, it has not reported anything yet
    assert beat(c, "b") == []  # so nothing moves to b before a's next heartbeat
    assert beat(c, "a", []) == [0, 1]  # a had not started 2 and 3: they are free now
    assert beat(c, "b") == [2, 3]


def test_three_consumers_rebalance(c: Client) -> None:
    c.ok(create(c))
    members = Members(c)
    members.rounds(["a", "b"])
    assert sorted(len(s) for s in members.held.values()) == [2, 2]
    members.rounds(["a", "b", "c"])
    assert sorted(len(s) for s in members.held.values()) == [1, 1, 2]
    assert sorted(s for shards in members.held.values() for s in shards) == [0, 1, 2, 3]


def test_expire_by_timeout_and_rejoin(c: Client, clock: Clock) -> None:
    c.ok(create(c, timeout=10))
    members = Members(c)
    members.rounds(["a", "b", "c"])
    # c dies: before the timeout nothing of it moves.
    dead = members.held.pop("c")
    clock.advance(9)
    members.rounds(["a", "b"], 1)
    assert sorted(s for shards in members.held.values() for s in shards) == sorted({0, 1, 2, 3} - set(dead))
    clock.advance(1.5)  # c silent for 10.5 s > 10
    members.rounds(["a", "b"], 2)
    assert sorted(s for shards in members.held.values() for s in shards) == [0, 1, 2, 3]
    assert sorted(len(s) for s in members.held.values()) == [2, 2]
    # c comes back still holding its old shards: refused; it rejoins with an empty body.
    assert error_of(beat_raw(c, "c", dead)) == (400, "NotExistConsumerWithBody")
    members.held["c"] = []
    members.rounds(["a", "b", "c"])
    assert sorted(len(s) for s in members.held.values()) == [1, 1, 2]


def test_leave_then_expire(c: Client, clock: Clock) -> None:
    c.ok(create(c, timeout=5))
    members = Members(c)
    members.rounds(["a", "b"])
    members.held["b"] = []
    beat(c, "b", [])  # b released everything, then stops sending heartbeats
    del members.held["b"]
    clock.advance(3)
    members.rounds(["a"], 2)
    assert len(members.held["a"]) == 2  # b is still a live member: its share stays free for it
    clock.advance(3)
    members.rounds(["a"], 1)
    assert members.held["a"] == [0, 1, 2, 3]


# -- checkpoints ------------------------------------------------------------------------------------------------------
def test_checkpoints_listing_and_ownership(c: Client, clock: Clock) -> None:
    c.ok(create(c))
    empty = checkpoints(c)
    assert empty == [{"shard": i, "checkpoint": "", "updateTime": 0, "consumer": ""} for i in range(4)]
    assert checkpoints(c, 2) == [{"shard": 2, "checkpoint": "", "updateTime": 0, "consumer": ""}]
    assert checkpoints(c, 9) == []
    cursor = c.cursor(LS, 1)
    members = Members(c)
    members.rounds(["a", "b"])
    owner = next(name for name, shards in members.held.items() if 1 in shards)
    other = "b" if owner == "a" else "a"
    c.ok(save(c, 1, cursor, owner, "false"))
    assert error_of(save(c, 1, cursor, other, "false")) == (400, "ConsumerNotMatch")
    assert error_of(save(c, 1, cursor, "stranger", "False")) == (400, "ConsumerNotExist")
    assert error_of(save(c, 1, cursor, "", "false")) == (400, "ConsumerNotExist")
    c.ok(save(c, 1, cursor, other, "True"))  # forceSuccess: stored whoever sends it
    got = checkpoints(c, 1)
    assert got == [{"shard": 1, "checkpoint": cursor, "updateTime": 1700000000 * 1_000_000, "consumer": other}]
    assert error_of(save(c, 1, "%%%not base64")) == (400, "InvalidShardCheckPoint")
    assert error_of(save(c, 1, "")) == (400, "InvalidShardCheckPoint")
    assert error_of(save(c, 7, cursor)) == (400, "ShardNotExist")
    # After the owner expires, the checkpoint can only be saved by force.
    clock.advance(11)
    assert error_of(save(c, 1, cursor, owner, "false")) == (400, "ConsumerNotExist")


def test_released_shard_checkpoint_allowed_until_reported_gone(c: Client) -> None:
    c.ok(create(c))
    beat(c, "a")
    beat(c, "a", [0, 1, 2, 3])
    beat(c, "b")
    assert beat(c, "a", [0, 1, 2, 3]) == [0, 1]  # 2 and 3 taken away, a is still finishing them
    cursor = c.cursor(LS, 3)
    c.ok(save(c, 3, cursor, "a", "false"))  # its final checkpoint is accepted
    assert error_of(save(c, 3, cursor, "b", "false")) == (400, "ConsumerNotMatch")
    beat(c, "a", [0, 1])
    assert beat(c, "b") == [2, 3]
    assert error_of(save(c, 3, cursor, "a", "false")) == (400, "ConsumerNotMatch")
    c.ok(save(c, 3, cursor, "b", "false"))


def _end_cursor(c: Client, shard: int) -> str:
    return c.cursor(LS, shard, "end")


def _split(c: Client, shard: int) -> List[Dict[str, Any]]:
    return c.ok(c.request("POST", f"/logstores/{LS}/shards/{shard}", {"action": "split",
                                                                     "key": "20000000000000000000000000000000"})).json()


def test_split_in_order_children_wait_for_parent(c: Client) -> None:
    c.create_logstore("one", shard_count=1)
    base = "/logstores/one/consumergroups"
    c.ok(c.request("POST", base, json_body={"consumerGroup": "ordered", "timeout": 10, "order": True}))
    c.put("one", make_group([{"k": "v"}]))

    def hb(shards: Sequence[int]) -> List[int]:
        return c.ok(c.request("POST", f"{base}/ordered", {"type": "heartbeat", "consumer": "a"},
                              json_body=list(shards))).json()

    assert hb([]) == [0]
    assert [s["shardID"] for s in c.ok(c.request("POST", "/logstores/one/shards/0",
                                                   {"action": "split",
                                                    "key": "40000000000000000000000000000000"})).json()] == [0, 1, 2]
    assert hb([0]) == [0]  # the children wait: shard 0 is readonly but not consumed to its end
    end = c.cursor("one", 0, "end")
    c.ok(c.request("POST", f"{base}/ordered", {"type": "checkpoint", "consumer": "a", "forceSuccess": "false"},
                   json_body={"shard": 0, "checkpoint": end}))
    assert hb([0]) == [1, 2]  # parent done: released, children assigned
    # Split a child again: the grand-children wait for shard 1 only.
    c.ok(c.request("POST", "/logstores/one/shards/1", {"action": "split", "key": "20000000000000000000000000000000"}))
    assert hb([1, 2]) == [2, 3, 4]  # shard 1 holds no data: consumed by definition


def test_split_without_order_assigns_children_at_once(c: Client) -> None:
    c.ok(create(c))
    for _ in range(4):
        c.put(LS, make_group([{"k": "v"}]))  # one group in every shard
    members = Members(c)
    members.rounds(["a"], 2)
    assert [s["shardID"] for s in _split(c, 0)] == [0, 4, 5]
    members.rounds(["a"], 2)
    assert members.held["a"] == [0, 1, 2, 3, 4, 5]  # the readonly parent (with data) and its children together


def test_readonly_shard_released_once_consumed(c: Client) -> None:
    c.ok(create(c))
    for _ in range(4):
        c.put(LS, make_group([{"k": "v"}]))  # one group in every shard
    members = Members(c)
    members.rounds(["a"], 2)
    _split(c, 0)
    members.rounds(["a"], 1)
    assert 0 in members.held["a"]
    c.ok(save(c, 0, _end_cursor(c, 0), "a", "false"))
    members.rounds(["a"], 1)
    assert 0 not in members.held["a"] and {1, 2, 3, 4, 5} <= set(members.held["a"])


# -- lifecycle ------------------------------------------------------------------------------------------------------
def test_deleting_logstore_or_project_drops_groups(c: Client) -> None:
    c.ok(create(c))
    c.ok(save(c, 0, c.cursor(LS, 0)))
    beat(c, "a")
    c.ok(c.request("DELETE", f"/logstores/{LS}"))
    c.create_logstore(LS, shard_count=4)
    assert c.ok(c.request("GET", BASE)).json() == []
    assert error_of(beat_raw(c, "a")) == (404, "ConsumerGroupNotExist")
    c.ok(create(c))
    assert all(item["checkpoint"] == "" for item in checkpoints(c))
    assert beat(c, "a") == [0, 1, 2, 3]  # a fresh group: no consumers carried over
    c.ok(c.request("DELETE", "/"))
    c.create_project("cg-project")
    c.create_logstore(LS, shard_count=4)
    assert c.ok(c.request("GET", BASE)).json() == []


def test_recreated_group_starts_empty(c: Client) -> None:
    c.ok(create(c))
    c.ok(save(c, 0, c.cursor(LS, 0)))
    c.ok(c.request("DELETE", f"{BASE}/{CG}"))
    c.ok(create(c))
    assert checkpoints(c, 0)[0]["checkpoint"] == ""


def test_groups_and_checkpoints_survive_restart(tmp_path: Any) -> None:
    with Emulator(data_dir=str(tmp_path)) as emu:
        c = Client(emu.endpoint, *emu.credentials, project="cg-project")
        c.create_project("cg-project")
        c.create_logstore(LS, shard_count=2)
        c.ok(create(c, timeout=30, order=True))
        cursor = c.cursor(LS, 1)
        c.ok(save(c, 1, cursor, "a"))
        c.close()
    with Emulator(data_dir=str(tmp_path)) as emu:
        c = Client(emu.endpoint, *emu.credentials, project="cg-project")
        assert c.ok(c.request("GET", BASE)).json() == [{"name": CG, "timeout": 30, "order": True}]
        assert checkpoints(c, 1)[0]["checkpoint"] == cursor
        assert error_of(beat_raw(c, "a", [0])) == (400, "NotExistConsumerWithBody")  # consumers are not kept
        assert beat(c, "a") == [0, 1]
        c.close()


def test_merge_in_order_waits_for_both_parents(c: Client) -> None:
    c.create_logstore("two", shard_count=2)
    base = "/logstores/two/consumergroups"
    c.ok(c.request("POST", base, json_body={"consumerGroup": "ordered", "timeout": 10, "order": True}))
    c.put("two", make_group([{"k": "v"}]))
    c.put("two", make_group([{"k": "w"}]))  # one group in each shard

    def hb(shards: Sequence[int]) -> List[int]:
        return c.ok(c.request("POST", f"{base}/ordered", {"type": "heartbeat", "consumer": "a"},
                              json_body=list(shards))).json()

    def done(shard: int) -> None:
        c.ok(c.request("POST", f"{base}/ordered", {"type": "checkpoint", "consumer": "a", "forceSuccess": "false"},
                       json_body={"shard": shard, "checkpoint": c.cursor("two", shard, "end")}))

    assert hb([]) == [0, 1]
    merged = c.ok(c.request("POST", "/logstores/two/shards/0", {"action": "merge"})).json()
    assert [s["shardID"] for s in merged] == [2, 0, 1]
    assert hb([0, 1]) == [0, 1]
    done(0)
    assert hb([0, 1]) == [1]  # the merged shard still waits for shard 1
    done(1)
    assert hb([1]) == [2]
