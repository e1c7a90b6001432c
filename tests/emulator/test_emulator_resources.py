"""Projects, logstores and shards: CRUD, validation, error codes and statuses."""

from __future__ import annotations

import re

import pytest

from aliyun.log.emulator import Emulator

from .emulator_helpers import Client, Clock, error_of

TOP = "f" * 32


def test_project_crud_and_list() -> None:
    clock = Clock(1700000000)
    with Emulator(clock=clock) as emu:
        c = Client(emu.endpoint, *emu.credentials, clock=clock)
        c.create_project("alpha-one", "first")
        c.create_project("beta-two", "second")
        assert error_of(c.request("POST", "/", json_body={"projectName": "alpha-one"}, project="alpha-one")) == (
            400,
            "ProjectAlreadyExist",
        )
        got = c.ok(c.request("GET", "/", project="alpha-one")).json()
        for key in ("status", "description", "projectName", "region", "owner", "createTime", "lastModifyTime"):
            assert key in got
        assert got["projectName"] == "alpha-one" and got["description"] == "first" and got["status"] == "Normal"
        assert got["createTime"] == "2023-11-14 22:13:20" and isinstance(got["lastModifyTime"], str)

        listed = c.ok(c.request("GET", "/", {"offset": 0, "size": 100, "resourceGroupId": ""}, project=None)).json()
        assert listed["total"] == 2 and [p["projectName"] for p in listed["projects"]] == ["alpha-one", "beta-two"]
        page = c.ok(c.request("GET", "/", {"offset": 1, "size": 1}, project=None)).json()
        assert page["count"] == 1 and page["total"] == 2 and page["projects"][0]["projectName"] == "beta-two"
        filtered = c.ok(c.request("GET", "/", {"projectName": "ta-t"}, project=None)).json()
        assert [p["projectName"] for p in filtered["projects"]] == ["beta-two"]

        clock.advance(60)
        c.ok(c.request("PUT", "/", json_body={"description": "changed"}, project="alpha-one"))
        got = c.ok(c.request("GET", "/", project="alpha-one")).json()
        assert got["description"] == "changed" and got["lastModifyTime"] == "2023-11-14 22:14:20"

        c.ok(c.request("DELETE", "/", project="alpha-one"))
        response = c.request("GET", "/", project="alpha-one")
        assert error_of(response) == (404, "ProjectNotExist")
        assert response.json()["errorMessage"] == "The Project does not exist : alpha-one"
        assert error_of(c.request("DELETE", "/", project="alpha-one")) == (404, "ProjectNotExist")
        assert error_of(c.request("PUT", "/", json_body={}, project="alpha-one")) == (404, "ProjectNotExist")
        c.close()


@pytest.mark.parametrize("name", ["ab", "-abc", "abc-", "ABC", "a_bc", "a" * 64, "a.bc"])
def test_invalid_project_names(api: Client, name: str) -> None:
    response = api.request("POST", "/", json_body={"projectName": name}, project=None)
    assert error_of(response) == (400, "ParameterInvalid")


def test_project_less_host_forms(emu: Emulator, api: Client) -> None:
    # <project>.<region>.log.aliyuncs.com names the project, the bare region host is project-less.
    response = api.request("GET", "/", host=f"{api.project}.cn-hangzhou.log.aliyuncs.com")
    assert api.ok(response).json()["projectName"] == api.project
    assert "projects" in api.ok(api.request("GET", "/", host="cn-hangzhou.log.aliyuncs.com")).json()
    assert "projects" in api.ok(api.request("GET", "/", host=f"localhost:{emu.port}")).json()
    assert api.ok(api.request("GET", "/", host=f"{api.project}.localhost:{emu.port}")).json()["projectName"] == (
        api.project
    )
    assert api.ok(api.request("GET", "/", host=f"{api.project}.example.test")).json()["projectName"] == api.project
    # project-level APIs need a project in the Host
    assert error_of(api.request("GET", "/logstores", project=None)) == (400, "ParameterInvalid")


def test_logstore_crud(api: Client) -> None:
    api.create_logstore(
        "store-a",
        shard_count=3,
        appendMeta=True,
        autoSplit=True,
        maxSplitShard=8,
        enable_tracking=False,
        telemetryType="",
        unknownField={"x": 1},
        hot_ttl=7,
    )
    got = api.ok(api.request("GET", "/logstores/store-a")).json()
    for key in ("logstoreName", "ttl", "shardCount", "enable_tracking", "appendMeta", "autoSplit", "maxSplitShard"):
        assert key in got
    assert got["logstoreName"] == "store-a" and got["ttl"] == 30 and got["shardCount"] == 3
    assert got["appendMeta"] is True and got["autoSplit"] is True and got["maxSplitShard"] == 8
    assert got["hot_ttl"] == 7 and "unknownField" not in got
    assert isinstance(got["createTime"], int) and isinstance(got["lastModifyTime"], int)
    assert error_of(
        api.request("POST", "/logstores", json_body={"logstoreName": "store-a", "ttl": 1, "shardCount": 1})
    ) == (400, "LogStoreAlreadyExist")

    body = dict(got, ttl=90, appendMeta="false")
    api.ok(api.request("PUT", "/logstores/store-a", json_body=body))
    got = api.ok(api.request("GET", "/logstores/store-a")).json()
    assert got["ttl"] == 90 and got["appendMeta"] is False and got["shardCount"] == 3

    api.create_logstore("store-b", shard_count=1)
    listed = api.ok(api.request("GET", "/logstores", {"offset": 0, "size": 100})).json()
    assert listed == {"count": 2, "total": 2, "logstores": ["store-a", "store-b"]}
    assert api.ok(api.request("GET", "/logstores", {"logstoreName": "e-b"})).json()["logstores"] == ["store-b"]
    assert error_of(api.request("GET", "/logstores", {"size": 501})) == (400, "ParameterInvalid")

    api.ok(api.request("DELETE", "/logstores/store-a"))
    response = api.request("GET", "/logstores/store-a")
    assert error_of(response) == (404, "LogStoreNotExist")
    assert response.json()["errorMessage"] == "logstore store-a does not exist"
    assert error_of(api.request("DELETE", "/logstores/store-a")) == (404, "LogStoreNotExist")
    assert error_of(api.request("PUT", "/logstores/store-a", json_body={"ttl": 3})) == (404, "LogStoreNotExist")
    assert error_of(api.request("GET", "/logstores/store-b", project="no-such-project")) == (404, "ProjectNotExist")


@pytest.mark.parametrize(
    "body",
    [
        {"logstoreName": "Bad_Name", "ttl": 1, "shardCount": 1},
        {"logstoreName": "ok-name", "ttl": 0, "shardCount": 1},
        {"logstoreName": "ok-name", "ttl": 3651, "shardCount": 1},
        {"logstoreName": "ok-name", "ttl": 1, "shardCount": 0},
        {"logstoreName": "ok-name", "ttl": 1, "shardCount": 1, "maxSplitShard": 257},
        {"logstoreName": "ok-name", "ttl": "x", "shardCount": 1},
        {"logstoreName": "ok-name", "ttl": 1, "shardCount": 1, "appendMeta": "maybe"},
        {"ttl": 1, "shardCount": 1},
    ],
)
def test_invalid_logstore(api: Client, body: dict) -> None:
    assert error_of(api.request("POST", "/logstores", json_body=body)) == (400, "ParameterInvalid")


def test_bad_json_body(api: Client) -> None:
    response = api.request("POST", "/logstores", None, b"{not json", headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, "PostBodyInvalid")


def test_initial_shard_layout(api: Client) -> None:
    api.create_logstore("two", shard_count=2)
    assert [(s["shardID"], s["status"], s["inclusiveBeginKey"], s["exclusiveEndKey"]) for s in api.shards("two")] == [
        (0, "readwrite", "0" * 32, "8" + "0" * 31),
        (1, "readwrite", "8" + "0" * 31, TOP),
    ]
    api.create_logstore("three", shard_count=3)
    shards = api.shards("three")
    assert [s["inclusiveBeginKey"] for s in shards] == [
        "0" * 32,
        format((1 << 128) // 3, "032x"),
        format(2 * (1 << 128) // 3, "032x"),
    ]
    assert shards[-1]["exclusiveEndKey"] == TOP
    for s in shards:
        assert re.fullmatch(r"[0-9a-f]{32}", s["inclusiveBeginKey"]) and isinstance(s["createTime"], int)


def test_split_merge_delete(api: Client) -> None:
    api.create_logstore("splits", shard_count=2)
    mid = "4" + "0" * 31
    result = api.ok(api.request("POST", "/logstores/splits/shards/0", {"action": "split", "key": mid})).json()
    assert [(s["shardID"], s["status"], s["inclusiveBeginKey"], s["exclusiveEndKey"]) for s in result] == [
        (0, "readonly", "0" * 32, "8" + "0" * 31),
        (2, "readwrite", "0" * 32, mid),
        (3, "readwrite", mid, "8" + "0" * 31),
    ]
    # a readonly shard cannot be split again; keys must be strictly inside
    assert error_of(api.request("POST", "/logstores/splits/shards/0", {"action": "split", "key": mid})) == (
        400,
        "ParameterInvalid",
    )
    for key in ("0" * 32, mid, "9" + "0" * 31, "zz"):
        assert error_of(api.request("POST", "/logstores/splits/shards/2", {"action": "split", "key": key})) == (
            400,
            "ParameterInvalid",
        ), key
    # even split into 4 with shardCount
    result = api.ok(api.request("POST", "/logstores/splits/shards/1", {"action": "split", "shardCount": 4})).json()
    assert [s["shardID"] for s in result] == [1, 4, 5, 6, 7]
    assert [s["inclusiveBeginKey"] for s in result[1:]] == [
        "8" + "0" * 31,
        "a" + "0" * 31,
        "c" + "0" * 31,
        "e" + "0" * 31,
    ]
    assert result[-1]["exclusiveEndKey"] == TOP

    merged = api.ok(api.request("POST", "/logstores/splits/shards/2", {"action": "merge"})).json()
    assert [(s["shardID"], s["status"]) for s in merged] == [(8, "readwrite"), (2, "readonly"), (3, "readonly")]
    assert (merged[0]["inclusiveBeginKey"], merged[0]["exclusiveEndKey"]) == ("0" * 32, "8" + "0" * 31)
    # the last shard has no right neighbour; readonly shards cannot be merged
    assert error_of(api.request("POST", "/logstores/splits/shards/7", {"action": "merge"})) == (400, "ParameterInvalid")
    assert error_of(api.request("POST", "/logstores/splits/shards/2", {"action": "merge"})) == (400, "ParameterInvalid")
    assert error_of(api.request("POST", "/logstores/splits/shards/99", {"action": "merge"})) == (400, "ShardNotExist")
    assert error_of(api.request("POST", "/logstores/splits/shards/8", {"action": "bogus"})) == (400, "ParameterInvalid")

    # delete: readonly only
    assert error_of(api.request("DELETE", "/logstores/splits/shards/8")) == (400, "ParameterInvalid")
    api.ok(api.request("DELETE", "/logstores/splits/shards/0"))
    assert error_of(api.request("DELETE", "/logstores/splits/shards/0")) == (400, "ShardNotExist")
    ids = [s["shardID"] for s in api.shards("splits")]
    assert ids == [1, 2, 3, 4, 5, 6, 7, 8]
    assert api.ok(api.request("GET", "/logstores/splits")).json()["shardCount"] == 5
    # IDs keep growing after deletions
    result = api.ok(api.request("POST", "/logstores/splits/shards/8", {"action": "split"})).json()
    assert [s["shardID"] for s in result] == [8, 9, 10]


def test_unknown_routes(api: Client) -> None:
    assert error_of(api.request("GET", "/nothing/here")) == (404, "ApiNotFound")
    assert error_of(api.request("PATCH", "/logstores")) == (405, "MethodNotAllowed")
    api.create_logstore("qqq", shard_count=1)
    status, code = error_of(api.request("GET", "/logstores/qqq", {"type": "context_log", "pack_id": "x"}))
    assert status == 400 and code == "ParameterInvalid"  # GetContextLogs without pack_meta
    assert error_of(api.request("GET", "/logstores/qqq/shards/0", {"type": "nope"})) == (400, "ParameterInvalid")
