"""PutLogs, PullLogs and cursors against the emulator over real sockets."""

from __future__ import annotations

import base64
import json

import pytest

from aliyun.log.emulator import Emulator

from .emulator_helpers import Client, Clock, LogGroupList, error_of, group_contents, iter_groups, make_group

HALF = "8" + "0" * 31


def cursor_value(cursor: str) -> int:
    return int(base64.b64decode(cursor))


@pytest.mark.parametrize("compress_type", ["lz4", "zstd", "deflate", ""])
@pytest.mark.parametrize("accept", ["lz4", "zstd", "deflate", "", None])
def test_put_pull_round_trip(api: Client, compress_type: str, accept: str) -> None:
    api.create_logstore("round-trip", shard_count=1)
    groups = [
        make_group(
            [{"k": f"v{i}", "n": str(j)} for j in range(3)], topic=f"t{i}", source="10.0.0.1", tags=[("tk", "tv")]
        )
        for i in range(5)
    ]
    for group in groups:
        api.ok(api.put("round-trip", group, compress_type=compress_type))
    begin = api.cursor("round-trip", 0, "begin")
    pulled, response = api.pull("round-trip", 0, begin, accept=accept)
    assert [g.SerializeToString() for g in pulled] == groups
    expected_type = {None: "lz4", "": None}.get(accept, accept)
    assert response.headers.get("x-log-compresstype") == expected_type
    assert response.headers["Content-Type"] == "application/x-protobuf"
    assert response.headers["x-log-count"] == "5"
    assert cursor_value(response.headers["x-log-cursor"]) == cursor_value(begin) + 5
    assert int(response.headers["x-log-read-last-cursor"]) == cursor_value(begin) + 4
    assert response.headers["x-log-end-of-cursor"] == "1"
    assert response.headers["x-log-cursor"] == api.cursor("round-trip", 0, "end")
    assert pulled[0].Topic == "t0" and pulled[0].Source == "10.0.0.1"
    assert group_contents(pulled[4]) == [{"k": "v4", "n": "0"}, {"k": "v4", "n": "1"}, {"k": "v4", "n": "2"}]


def test_pull_paging_and_end_cursor(api: Client) -> None:
    api.create_logstore("paging", shard_count=1)
    for i in range(10):
        api.ok(api.put("paging", make_group([{"i": str(i)}])))
    begin = api.cursor("paging", 0, "begin")
    groups, response = api.pull("paging", 0, begin, count=3, type_="logs")  # Go's type=logs
    assert [c["i"] for c in iter_groups(groups)] == ["0", "1", "2"]
    assert response.headers["x-log-end-of-cursor"] == "0"
    nxt = response.headers["x-log-cursor"]
    end_cursor = base64.b64encode(str(cursor_value(begin) + 5).encode()).decode()
    groups, response = api.pull("paging", 0, nxt, count=100, end_cursor=end_cursor)
    assert [c["i"] for c in iter_groups(groups)] == ["3", "4"]
    assert response.headers["x-log-cursor"] == end_cursor
    # at the end cursor: nothing, the same cursor back, raw size 0
    groups, response = api.pull("paging", 0, end_cursor, end_cursor=end_cursor)
    assert groups == [] and response.headers["x-log-cursor"] == end_cursor
    assert response.headers["x-log-bodyrawsize"] == "0" and response.headers["x-log-count"] == "0"
    end = api.cursor("paging", 0, "end")
    groups, response = api.pull("paging", 0, end)
    assert groups == [] and response.headers["x-log-cursor"] == end and response.headers["x-log-end-of-cursor"] == "1"
    # previous cursor arithmetic (SDKs do decode(cursor) - 1)
    last = base64.b64encode(str(cursor_value(end) - 1).encode()).decode()
    groups, _ = api.pull("paging", 0, last)
    assert [c["i"] for c in iter_groups(groups)] == ["9"]
    for count in ("0", "1001", "x"):
        assert error_of(
            api.request("GET", "/logstores/paging/shards/0", {"type": "log", "cursor": begin, "count": count})
        ) == (400, "ParameterInvalid")


def test_invalid_cursors(api: Client) -> None:
    api.create_logstore("cursors", shard_count=2)
    api.ok(api.put("cursors", make_group()))
    begin = api.cursor("cursors", 0, "begin")
    end = api.cursor("cursors", 0, "end")
    beyond = base64.b64encode(str(cursor_value(end) + 1).encode()).decode()
    before = base64.b64encode(str(cursor_value(begin) - 1).encode()).decode()
    for bad in ("garbage!", "bm90LWEtbnVtYmVy", beyond, before, base64.b64encode(b"1700000000000000000").decode()):
        assert error_of(api.pull_raw("cursors", 0, bad)) == (400, "InvalidCursor"), bad
        assert error_of(api.request("GET", "/logstores/cursors/shards/0", {"type": "cursor_time", "cursor": bad})) == (
            400,
            "InvalidCursor",
        )
    assert error_of(api.pull_raw("cursors", 0, begin, end_cursor="junk")) == (400, "InvalidCursor")
    assert error_of(api.request("GET", "/logstores/cursors/shards/0", {"type": "cursor", "from": "yesterday"})) == (
        400,
        "ParameterInvalid",
    )
    # missing shard / logstore / project
    assert error_of(api.pull_raw("cursors", 7, begin)) == (400, "ShardNotExist")
    response = api.request("GET", "/logstores/cursors/shards/7", {"type": "cursor", "from": "begin"})
    assert error_of(response) == (400, "ShardNotExist")
    assert response.json()["errorMessage"] == "Shard 7 does not exist."
    assert error_of(api.request("GET", "/logstores/cursors/shards/x", {"type": "cursor", "from": "begin"})) == (
        400,
        "ParameterInvalid",
    )
    assert error_of(api.pull_raw("nope", 0, begin)) == (404, "LogStoreNotExist")
    assert error_of(api.put("nope", make_group())) == (404, "LogStoreNotExist")
    other = Client(
        api.endpoint,
        *api.credentials.__dict__.values()
        if False
        else (api.credentials.access_key_id, api.credentials.access_key_secret),
        project="missing-project",
    )
    assert error_of(other.put("cursors", make_group())) == (404, "ProjectNotExist")
    assert error_of(other.pull_raw("cursors", 0, begin)) == (404, "ProjectNotExist")
    other.close()


def test_cursor_by_time_and_cursor_time() -> None:
    clock = Clock(1700000000)
    with Emulator(clock=clock) as emu:
        api = Client(emu.endpoint, *emu.credentials, clock=clock, project="time-project")
        api.create_project("time-project")
        api.create_logstore("timed", shard_count=1)
        empty_end = api.cursor("timed", 0, "end")
        assert api.cursor("timed", 0, "begin") == empty_end
        assert api.cursor("timed", 0, 1) == empty_end
        times = []
        for i in range(6):
            clock.advance(10)
            times.append(int(clock.now))
            api.ok(api.put("timed", make_group([{"i": str(i)}])))
        begin = cursor_value(api.cursor("timed", 0, "begin"))
        assert cursor_value(api.cursor("timed", 0, "end")) == begin + 6
        assert cursor_value(api.cursor("timed", 0, 0)) == begin  # clamps to begin
        assert cursor_value(api.cursor("timed", 0, times[0])) == begin
        assert cursor_value(api.cursor("timed", 0, times[2])) == begin + 2
        assert cursor_value(api.cursor("timed", 0, times[2] - 5)) == begin + 2
        assert cursor_value(api.cursor("timed", 0, times[5])) == begin + 5
        assert cursor_value(api.cursor("timed", 0, times[5] + 1)) == begin + 6  # clamps to end
        for i in range(6):
            cursor = base64.b64encode(str(begin + i).encode()).decode()
            got = api.ok(api.request("GET", "/logstores/timed/shards/0", {"type": "cursor_time", "cursor": cursor}))
            assert got.json() == {"cursor_time": times[i]}
        end = api.cursor("timed", 0, "end")
        got = api.ok(api.request("GET", "/logstores/timed/shards/0", {"type": "cursor_time", "cursor": end}))
        assert got.json() == {"cursor_time": times[-1]}
        groups, response = api.pull("timed", 0, api.cursor("timed", 0, times[3]))
        assert [c["i"] for c in iter_groups(groups)] == ["3", "4", "5"]
        assert response.headers["x-log-cursor-time"] == str(times[5])
        api.close()


def test_route_by_hash_key_and_split(api: Client) -> None:
    api.create_logstore("routed", shard_count=2)
    api.ok(api.put("routed", make_group([{"to": "0"}]), key="0" * 32))
    api.ok(api.put("routed", make_group([{"to": "0b"}]), key="7" + "f" * 31))
    api.ok(api.put("routed", make_group([{"to": "1"}]), key=HALF))
    api.ok(api.put("routed", make_group([{"to": "1b"}]), key="f" * 32))
    api.ok(api.put("routed", make_group([{"to": "1c"}]), key="c"))  # short keys are prefixes
    api.ok(api.put("routed", make_group([{"to": "0c"}]), headers={"x-log-hashkey": "1" * 32}))  # old header form
    assert [c["to"] for c in iter_groups(api.pull_all("routed", 0))] == ["0", "0b", "0c"]
    assert [c["to"] for c in iter_groups(api.pull_all("routed", 1))] == ["1", "1b", "1c"]
    assert error_of(api.put("routed", make_group(), key="xyz")) == (400, "ParameterInvalid")
    assert error_of(
        api.request(
            "POST",
            "/logstores/routed/shards/route",
            None,
            make_group(),
            headers={"Content-Type": "application/x-protobuf"},
        )
    ) == (400, "ParameterInvalid")

    # split shard 1 at c000...: writes go to the children, the readonly parent keeps serving reads
    split = api.ok(api.request("POST", "/logstores/routed/shards/1", {"action": "split", "key": "c" + "0" * 31}))
    assert [s["shardID"] for s in split.json()] == [1, 2, 3]
    api.ok(api.put("routed", make_group([{"to": "2"}]), key="9" + "0" * 31))
    api.ok(api.put("routed", make_group([{"to": "3"}]), key="d" + "0" * 31))
    for _ in range(6):  # load-balanced writes only go to readwrite shards (0, 2, 3)
        api.ok(api.put("routed", make_group([{"to": "lb"}])))
    assert [c["to"] for c in iter_groups(api.pull_all("routed", 1))] == ["1", "1b", "1c"]
    assert [c["to"] for c in iter_groups(api.pull_all("routed", 2))] == ["2", "lb", "lb"]
    assert [c["to"] for c in iter_groups(api.pull_all("routed", 3))] == ["3", "lb", "lb"]
    assert len(api.pull_all("routed", 0)) == 5

    # merge 2+3 back; then delete the readonly shards: their data goes with them
    merged = api.ok(api.request("POST", "/logstores/routed/shards/2", {"action": "merge"})).json()
    assert merged[0]["shardID"] == 4
    api.ok(api.put("routed", make_group([{"to": "4"}]), key="f" * 32))
    assert [c["to"] for c in iter_groups(api.pull_all("routed", 4))] == ["4"]
    assert len(api.pull_all("routed", 2)) == 3  # readonly parents still readable
    begin2 = api.cursor("routed", 2, "begin")
    api.ok(api.request("DELETE", "/logstores/routed/shards/2"))
    assert error_of(api.pull_raw("routed", 2, begin2)) == (400, "ShardNotExist")
    assert [s["shardID"] for s in api.shards("routed")] == [0, 1, 3, 4]


def test_go_put_path_and_empty_group(api: Client) -> None:
    api.create_logstore("go-path", shard_count=1)
    api.ok(
        api.request(
            "POST",
            "/logstores/go-path",
            None,
            make_group([{"go": "yes"}]),
            headers={"Content-Type": "application/x-protobuf"},
            compress_type="lz4",
        )
    )
    api.ok(api.put("go-path", b""))  # an empty LogGroup is accepted (and not stored)
    api.ok(api.put("go-path", make_group([]), compress_type=None))
    assert iter_groups(api.pull_all("go-path", 0)) == [{"go": "yes"}]


def test_put_errors(api: Client) -> None:
    api.create_logstore("errors", shard_count=1)
    for key in (
        "__time__",
        "__source__",
        "__topic__",
        "__partition_time__",
        "_extract_others_",
        "__extract_others__",
        "",
        "k" * 129,
    ):
        response = api.put("errors", make_group([{"ok": "1", key: "x"}]))
        assert error_of(response) == (400, "InvalidKey"), key
    api.ok(api.put("errors", make_group([{"k" * 128: "x", "@timestamp": "now", "a.b-c": "x"}])))
    assert error_of(api.put("errors", b"\x0a\xff\xff\xff\x0f", compress_type=None)) == (400, "PostBodyInvalid")
    assert error_of(api.put("errors", b"not protobuf at all", compress_type=None)) == (400, "PostBodyInvalid")
    group = make_group()
    response = api.request(
        "POST",
        "/logstores/errors/shards/lb",
        None,
        group,
        headers={"x-log-compresstype": "snappy", "x-log-bodyrawsize": str(len(group))},
    )
    assert error_of(response) == (400, "InvalidCompressType")
    response = api.request(
        "POST",
        "/logstores/errors/shards/lb",
        None,
        b"\xff" * 20,
        headers={"x-log-compresstype": "lz4", "x-log-bodyrawsize": "100"},
    )
    assert error_of(response) == (400, "PostBodyUncompressError")
    response = api.request(
        "POST",
        "/logstores/errors/shards/lb",
        None,
        group,
        compress_type="lz4",
        headers={"x-log-bodyrawsize": str(len(group) + 5)},
    )
    assert error_of(response) == (400, "PostBodyUncompressError")
    response = api.request(
        "POST", "/logstores/errors/shards/lb", None, group, compress_type="lz4", headers={"x-log-bodyrawsize": "abc"}
    )
    assert error_of(response) == (400, "InvalidBodyRawSize")
    # only the valid group above was stored
    assert len(api.pull_all("errors", 0)) == 1


def test_body_too_large(api: Client) -> None:
    api.create_logstore("large", shard_count=1)
    big = make_group([{"v": "x" * (1024 * 1024)} for _ in range(11)])
    assert len(big) > 10 * 1024 * 1024
    response = api.put("large", big, compress_type="lz4")
    assert error_of(response) == (413, "PostBodyTooLarge")
    assert "must little than 10485760" in response.json()["errorMessage"]
    assert error_of(api.put("large", big, compress_type=None)) == (413, "PostBodyTooLarge")
    # a raw size claim beyond the limit is refused before decompressing
    response = api.request(
        "POST",
        "/logstores/large/shards/lb",
        None,
        b"\x00" * 10,
        compress_type=None,
        headers={"x-log-compresstype": "lz4", "x-log-bodyrawsize": str(11 * 1024 * 1024)},
    )
    assert error_of(response) == (413, "PostBodyTooLarge")
    just = make_group([{"v": "x" * (1024 * 1024)} for _ in range(9)])
    api.ok(api.put("large", just))
    assert len(api.pull_all("large", 0)) == 1


def test_append_meta_tags(api: Client) -> None:
    api.create_logstore("meta", shard_count=1, appendMeta=True)
    api.ok(api.put("meta", make_group([{"a": "1"}], tags=[("mine", "x")])))
    (group,) = api.pull_all("meta", 0)
    tags = [(t.Key, t.Value) for t in group.LogTags]
    assert tags[0] == ("mine", "x")
    names = dict(tags[1:])
    assert set(names) == {"__receive_time__", "__client_ip__"}
    assert names["__client_ip__"] == "127.0.0.1" and names["__receive_time__"].isdigit()
    api.create_logstore("no-meta", shard_count=1)
    api.ok(api.put("no-meta", make_group([{"a": "1"}])))
    (group,) = api.pull_all("no-meta", 0)
    assert len(group.LogTags) == 0


def test_java_json_put_body(api: Client) -> None:
    api.create_logstore("json-put", shard_count=1)
    body = {
        "__topic__": "jt",
        "__source__": "js",
        "__tags__": {"tk": "tv"},
        "__logs__": [{"__time__": 1700000001, "a": "1", "n": 5}, {"__time__": "1700000002", "b": "2"}],
    }
    api.ok(api.request("POST", "/logstores/json-put/shards/lb", json_body=body))
    api.ok(
        api.request(
            "POST",
            "/logstores/json-put/shards/lb",
            None,
            json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            compress_type="lz4",
        )
    )
    groups = api.pull_all("json-put", 0)
    assert len(groups) == 2
    group = groups[0]
    assert (group.Topic, group.Source) == ("jt", "js")
    assert [(t.Key, t.Value) for t in group.LogTags] == [("tk", "tv")]
    assert [log.Time for log in group.Logs] == [1700000001, 1700000002]
    assert group_contents(group) == [{"a": "1", "n": "5"}, {"b": "2"}]
    bad = dict(body, __logs__=[{"__time__": 1, "__topic__": "x"}])
    assert error_of(api.request("POST", "/logstores/json-put/shards/lb", json_body=bad)) == (400, "InvalidKey")
    bad = dict(body, __logs__=[{"a": "1"}])
    assert error_of(api.request("POST", "/logstores/json-put/shards/lb", json_body=bad)) == (400, "InvalidTimestamp")


def test_pull_response_is_a_log_group_list_of_stored_bytes(api: Client) -> None:
    """The body is exactly the concatenation of the stored groups as LogGroupList field 1."""
    api.create_logstore("exact", shard_count=1)
    groups = [make_group([{"x": str(i)}], topic="t") for i in range(3)]
    for group in groups:
        api.ok(api.put("exact", group))
    response = api.ok(api.pull_raw("exact", 0, api.cursor("exact", 0, "begin"), accept=""))
    expected = LogGroupList()
    for group in groups:
        expected.LogGroups.add().MergeFromString(group)
    assert response.content == expected.SerializeToString()
    assert "x-log-compresstype" not in response.headers


def test_concurrent_puts_and_pulls(tmp_path) -> None:
    import threading

    with Emulator(data_dir=str(tmp_path)) as emu:
        setup = Client(emu.endpoint, *emu.credentials, project="busy-project")
        setup.create_project("busy-project")
        setup.create_logstore("busy", shard_count=2)
        errors: list = []

        def writer(n: int) -> None:
            c = Client(emu.endpoint, *emu.credentials, project="busy-project")
            try:
                for i in range(40):
                    c.ok(c.put("busy", make_group([{"w": str(n), "i": str(i)}])))
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                c.close()

        def reader() -> None:
            c = Client(emu.endpoint, *emu.credentials, project="busy-project")
            try:
                for _ in range(20):
                    for shard in (0, 1):
                        c.pull_all("busy", shard)
            except Exception as exc:  # pragma: no cover
                errors.append(exc)
            finally:
                c.close()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)] + [
            threading.Thread(target=reader) for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        got = iter_groups(setup.pull_all("busy", 0) + setup.pull_all("busy", 1))
        assert sorted((int(c["w"]), int(c["i"])) for c in got) == [(w, i) for w in range(4) for i in range(40)]
        setup.close()
