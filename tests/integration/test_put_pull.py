"""PutLogs / PullLogs, cursors and shards against the emulator."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List

import pytest

from aliyun.log import LogClient, LogException, LogItem, PullLogResponse, PutLogsRequest


def make_items(count: int, start: int = 0, t: int = 1_700_000_000) -> List[LogItem]:
    return [LogItem(t + i, [("seq", str(start + i)), ("msg", f"hello {start + i}")]) for i in range(count)]


def pull_all(client: LogClient, project: str, logstore: str, **flatten: Any) -> List[Dict[str, Any]]:
    logs: List[Dict[str, Any]] = []
    for shard in client.list_shards(project, logstore).get_shards_info():
        for res in client.pull_log(project, logstore, shard["shardID"], "begin", "end"):
            logs.extend(res.get_flatten_logs_json(**flatten))
    return logs


@pytest.mark.parametrize("compress_type", ["lz4", "zstd", "deflate", None])
def test_put_and_pull_round_trip(client: LogClient, project: str, make_logstore: Callable[..., str],
                                 compress_type: Any) -> None:
    logstore = make_logstore(shard_count=2)
    request = PutLogsRequest(project, logstore, "topic-a", "10.0.0.9", make_items(50),
                             logtags=[("env", "test")], compress=compress_type is not None,
                             compress_type=compress_type)
    res = client.put_logs(request)
    assert res.get_request_id()
    logs = pull_all(client, project, logstore)
    assert sorted(int(log["seq"]) for log in logs) == list(range(50))
    sample = next(log for log in logs if log["seq"] == "7")
    assert sample["__time__"] == 1_700_000_007
    assert sample["__topic__"] == "topic-a"
    assert sample["__source__"] == "10.0.0.9"
    assert sample["__tag__:env"] == "test"
    assert sample["msg"] == "hello 7"


def test_pull_options(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    for batch in range(5):
        client.put_logs(PutLogsRequest(project, logstore, "", "src", make_items(3, start=batch * 3)))
    begin = client.get_begin_cursor(project, logstore, 0).get_cursor()
    end = client.get_end_cursor(project, logstore, 0).get_cursor()

    first = client.pull_logs(project, logstore, 0, begin, count=2)
    assert first.get_loggroup_count() == 2
    assert first.get_log_count() == 6
    rest = client.pull_logs(project, logstore, 0, first.get_next_cursor(), count=100, compress=False)
    assert rest.get_loggroup_count() == 3
    assert rest.get_next_cursor() == end
    zstd = client.pull_logs(project, logstore, 0, begin, accept_compress_type="zstd")
    assert zstd.get_log_count() == 15

    bounded = client.pull_logs(project, logstore, 0, begin, count=1000, end_cursor=first.get_next_cursor())
    assert bounded.get_loggroup_count() == 2

    at_end = client.pull_logs(project, logstore, 0, end)
    assert at_end.get_loggroup_count() == 0
    assert at_end.get_next_cursor() == end

    groups = first.get_loggroup_list()
    assert [c.Key for c in groups.LogGroups[0].Logs[0].Contents] == ["seq", "msg"]
    as_json = first.get_loggroup_json_list()
    assert as_json[0]["source"] == "src"
    assert as_json[0]["logs"][0]["seq"] == "0"
    flat = PullLogResponse.loggroups_to_flattern_list(groups, time_as_str=True)
    assert flat[0]["__time__"] == "1700000000"

    batches = list(client.pull_log(project, logstore, 0, "begin", "end", batch_size=2))
    assert [b.get_loggroup_count() for b in batches] == [2, 2, 1]

    with pytest.raises(LogException) as info:
        client.pull_logs(project, logstore, 0, begin, count=0)
    assert info.value.get_error_code() == "InvalidArgument"


def test_time_nano_part_and_non_utf8_values(client: LogClient, project: str,
                                            make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    item = LogItem(1_700_000_000, [("text", "中文 ✓"), ("blob", b"\xff\xfe\x00raw")], time_nano_part=123456789)
    client.put_logs(PutLogsRequest(project, logstore, logitems=[item, LogItem(1_700_000_001, [])]))
    [res] = list(client.pull_log(project, logstore, 0, "begin", "end"))
    logs = res.get_flatten_logs_json()
    assert logs[0]["text"] == "中文 ✓"
    assert logs[0]["blob"] == b"\xff\xfe\x00raw"
    assert logs[0]["__time_ns_part__"] == 123456789
    assert "__time_ns_part__" not in logs[1]
    decoded = res.get_flatten_logs_json(time_as_str=True, decode_bytes=True)
    assert isinstance(decoded[0]["blob"], str)
    assert decoded[0]["__time__"] == "1700000000"


def test_pull_body_is_the_original_sdks_summary(client: LogClient, project: str,
                                                make_logstore: Callable[..., str]) -> None:
    """``get_body()`` / ``body``: ``{"next_cursor", "count", "logs"}`` as the original SDK; the bytes stay reachable."""
    logstore = make_logstore(shard_count=1)
    item = LogItem(1_700_000_000, [("text", "中文"), ("blob", b"\xff\xferaw")])
    client.put_logs(PutLogsRequest(project, logstore, "t", "src", [item, LogItem(1_700_000_001, [("n", "2")])]))
    res = client.pull_logs(project, logstore, 0, client.get_begin_cursor(project, logstore, 0).get_cursor())
    body = res.get_body()
    assert list(body) == ["next_cursor", "count", "logs"] and res.body is body
    assert body["next_cursor"] == res.get_next_cursor() == client.get_end_cursor(project, logstore, 0).get_cursor()
    assert body["count"] == 2 == len(body["logs"])
    first = body["logs"][0]
    assert first["__time__"] == 1_700_000_000 and first["__topic__"] == "t" and first["text"] == "中文"
    assert isinstance(first["blob"], str)  # decoded, so the body is JSON-serializable
    assert PullLogResponse(res.get_raw_body(), res.get_all_headers()).get_log_count() == 2


def test_hash_key_routes_to_the_owning_shard(client: LogClient, project: str,
                                             make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=2)
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(3), hashKey="0" * 32))
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(4, 100), hashKey="f" * 31 + "0"))
    counts = {}
    for shard in (0, 1):
        counts[shard] = sum(r.get_log_count() for r in client.pull_log(project, logstore, shard, "begin", "end"))
    assert counts == {0: 3, 1: 4}


def test_key_validation_happens_before_sending(client: LogClient, project: str,
                                               make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    for bad_key in ["__topic__", "__time__", "", "x" * 129]:  # "1abc" and "a b" were refused before: see limits.py
        with pytest.raises(LogException) as info:
            client.put_logs(PutLogsRequest(project, logstore, logitems=[LogItem(1, [("ok", "1"), (bad_key, "v")])]))
        assert info.value.get_error_code() == "InvalidArgument", bad_key
        assert info.value.is_client_error
    with pytest.raises(LogException) as info:
        client.put_logs(PutLogsRequest(project, logstore, logitems=[LogItem(1, [("count", 5)])]))  # type: ignore
    assert info.value.get_error_code() == "InvalidArgument"
    assert pull_all(client, project, logstore) == []  # nothing was written
    client.put_logs(PutLogsRequest(project, logstore, logitems=[LogItem(1, [("状态", "ok"), ("_x9", "y")])]))
    assert pull_all(client, project, logstore)[0]["状态"] == "ok"
    accepted = [("http.method", "GET"), ("@timestamp", "t"), ("1abc", "d"), ("a b", "s"), ("x" * 128, "l")]
    client.put_logs(PutLogsRequest(project, logstore, logitems=[LogItem(2, accepted)]))
    stored = pull_all(client, project, logstore)[1]
    assert {key: stored[key] for key, _ in accepted} == dict(accepted)


def test_oversized_batch_is_refused_or_split(client: LogClient, project: str,
                                             make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    big_value = "x" * (512 * 1024)
    items = [LogItem(1_700_000_000, [("i", str(i)), ("payload", big_value)]) for i in range(24)]  # ~12 MiB
    with pytest.raises(LogException) as info:
        client.put_logs(PutLogsRequest(project, logstore, logitems=items))
    assert info.value.get_error_code() == "InvalidArgument"
    assert "auto_split" in info.value.get_error_message()
    assert pull_all(client, project, logstore) == []

    res = client.put_logs(PutLogsRequest(project, logstore, logitems=items), auto_split=True)
    assert res.get_request_count() >= 2
    assert res.get_log_count() == 24
    assert sorted(int(log["i"]) for log in pull_all(client, project, logstore)) == list(range(24))


def test_put_log_raw(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    from aliyun.log.codec import LogGroup

    logstore = make_logstore(shard_count=1)
    group = LogGroup()
    group.Topic = "raw"
    log = group.Logs.add()
    log.Time = 1_700_000_000
    content = log.Contents.add()
    content.Key, content.Value = "k", "v"
    client.put_log_raw(project, logstore, group)
    client.put_log_raw(project, logstore, group.SerializeToString(), compress=False)
    logs = pull_all(client, project, logstore)
    assert [(log["__topic__"], log["k"]) for log in logs] == [("raw", "v"), ("raw", "v")]


def test_cursors(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    before = int(time.time()) - 1
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(2)))
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(2, 2)))
    begin = client.get_begin_cursor(project, logstore, 0).get_cursor()
    end = client.get_end_cursor(project, logstore, 0).get_cursor()
    assert begin != end
    assert client.get_cursor(project, logstore, 0, before).get_cursor() == begin
    assert client.get_cursor(project, logstore, 0, "1 hour ago").get_cursor() == begin
    assert client.get_cursor(project, logstore, 0, int(time.time()) + 3600).get_cursor() == end
    cursor_time = client.get_cursor_time(project, logstore, 0, begin).get_cursor_time()
    assert before <= cursor_time <= time.time() + 1
    previous = client.get_previous_cursor_time(project, logstore, 0, end).get_cursor_time()
    assert before <= previous <= time.time() + 1
    # normalisation keeps a cursor before the first group on the begin cursor
    assert client.get_previous_cursor_time(project, logstore, 0, begin).get_cursor_time() == cursor_time

    with pytest.raises(LogException) as info:
        client.get_cursor_time(project, logstore, 0, "bm90LWEtY3Vyc29y")
    assert info.value.get_error_code() == "InvalidCursor"
    with pytest.raises(LogException) as info:
        client.get_cursor(project, logstore, 0, "not a time at all")
    assert info.value.get_error_code() == "InvalidArgument"
    assert "not a time at all" in info.value.get_error_message()
    with pytest.raises(LogException) as info:
        client.get_begin_cursor(project, logstore, 9)
    assert info.value.get_error_code() == "ShardNotExist"
    with pytest.raises(LogException) as info:
        client.pull_logs(project, logstore, 0, "garbage!!")
    assert info.value.get_error_code() == "InvalidCursor"


def test_split_merge_and_delete_shards(client: LogClient, project: str,
                                       make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(5)))
    split = client.split_shard(project, logstore, 0, "80000000000000000000000000000000").get_shards_info()
    assert [(s["shardID"], s["status"]) for s in split] == [(0, "readonly"), (1, "readwrite"), (2, "readwrite")]
    assert split[1]["exclusiveEndKey"] == split[2]["inclusiveBeginKey"] == "80000000000000000000000000000000"

    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(2, 100), hashKey="0" * 32))
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(3, 200), hashKey="f" * 32))
    per_shard = {sid: sorted(int(log["seq"]) for r in client.pull_log(project, logstore, sid, "begin", "end")
                             for log in r.get_flatten_logs_json()) for sid in (0, 1, 2)}
    assert per_shard == {0: [0, 1, 2, 3, 4], 1: [100, 101], 2: [200, 201, 202]}

    merged = client.merge_shard(project, logstore, 1).get_shards_info()
    assert [(s["shardID"], s["status"]) for s in merged] == [(3, "readwrite"), (1, "readonly"), (2, "readonly")]
    assert merged[0]["inclusiveBeginKey"] == "0" * 32
    client.put_logs(PutLogsRequest(project, logstore, logitems=make_items(1, 300)))
    everything = sorted(int(log["seq"]) for log in pull_all(client, project, logstore))
    assert everything == [0, 1, 2, 3, 4, 100, 101, 200, 201, 202, 300]

    with pytest.raises(LogException) as info:
        client.split_shard(project, logstore, 0, "40000000000000000000000000000000")  # readonly now
    assert info.value.get_resp_status() == 400
    with pytest.raises(LogException) as info:
        client.split_shard(project, logstore, 3, "0" * 32)  # not strictly inside the range
    assert info.value.get_resp_status() == 400
    with pytest.raises(LogException) as info:
        client.delete_shard(project, logstore, 3)  # readwrite shards cannot be deleted
    assert info.value.get_resp_status() == 400

    client.delete_shard(project, logstore, 0)
    assert sorted(client.list_shards(project, logstore).get_shard_ids()) == [1, 2, 3]
    with pytest.raises(LogException) as info:
        client.get_begin_cursor(project, logstore, 0)
    assert info.value.get_error_code() == "ShardNotExist"
