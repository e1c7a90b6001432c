"""put_logs / pull_logs over real sockets against the emulator: the same logs come back with either codec."""

from __future__ import annotations

from typing import Any, Callable, List

from aliyun.log._speedups import speedups_enabled
from aliyun.log.client import LogClient
from aliyun.log.models.logitem import LogItem
from aliyun.log.models.request import PutLogsRequest

from .modes import both


def pull_all(client: LogClient, project: str, logstore: str) -> List[Any]:
    logs: List[Any] = []
    for shard in client.list_shards(project, logstore).get_shards_info():
        shard_id = shard["shardID"]
        cursor = client.get_begin_cursor(project, logstore, shard_id).get_cursor()
        end = client.get_end_cursor(project, logstore, shard_id).get_cursor()
        while cursor != end:
            response = client.pull_logs(project, logstore, shard_id, cursor, count=10)
            logs.extend(response.get_flatten_logs_json(time_as_str=True, decode_bytes=True))
            cursor = response.get_next_cursor()
    return sorted(logs, key=lambda log: (log["__time__"], log["n"], log["codec"]))


def test_round_trip_with_either_codec(native: Any, client: LogClient, project: str,
                                      make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=2)

    def put() -> None:
        label = "native" if speedups_enabled() else "python"
        items = [LogItem(1_700_000_000 + i, [("n", str(i)), ("codec", label), ("text", "é ü 日本"),
                                             ("raw", b"\xff\xfe")], time_nano_part=i) for i in range(300)]
        client.put_logs(PutLogsRequest(project, logstore, "topic", "10.0.0.1", items, logtags=[("env", "test")]))

    fast, reference = both(native, put)
    assert fast == reference == ("ok", None)
    fast, reference = both(native, lambda: pull_all(client, project, logstore))
    assert fast == reference
    logs = fast[1]
    assert len(logs) == 600
    first = dict(logs[0])
    assert first["__time__"] == "1700000000" and first["__time_ns_part__"] == 0
    assert first["__topic__"] == "topic" and first["__tag__:env"] == "test"
    assert first["text"] == "é ü 日本" and first["raw"] == "\ufffd\ufffd"
    assert [dict(log)["codec"] for log in logs[:2]] == ["native", "python"]  # each codec wrote one copy


class _Counting:
    """The compiled codec, counting the calls of each of its functions."""

    def __init__(self, native: Any) -> None:
        self.native = native
        self.calls: List[str] = []

    def __getattr__(self, name: str) -> Any:
        function = getattr(self.native, name)

        def counted(*args: Any) -> Any:
            self.calls.append(name)
            return function(*args)

        return counted


def test_pull_flattens_an_lz4_answer_in_one_pass(native: Any, client: LogClient, project: str,
                                                 make_logstore: Callable[..., str]) -> None:
    from aliyun.log import _speedups
    from aliyun.log.codec import flatten_log_groups

    logstore = make_logstore(shard_count=1)
    items = [LogItem(1_700_000_000 + i, [("n", str(i)), ("path", f"/p/{i % 7}")]) for i in range(3000)]
    client.put_logs(PutLogsRequest(project, logstore, "topic", "10.0.0.1", items))
    cursor = client.get_begin_cursor(project, logstore, 0).get_cursor()
    counting = _Counting(native)
    saved = _speedups._module
    _speedups._module = counting
    try:
        response = client.pull_logs(project, logstore, 0, cursor, count=10)  # lz4, the default
        assert response.get_all_headers()["x-log-compresstype"] == "lz4"
        flat = response.get_flatten_logs_json(time_as_str=True)
        assert counting.calls == ["flatten_lz4"]  # no decompressed copy, no second flatten
        raw = response.get_raw_body()  # decompressed when asked for
    finally:
        _speedups._module = saved
    assert len(flat) == 3000 and flat[5]["n"] == "5" and flat[5]["__time__"] == "1700000005"
    assert flat == flatten_log_groups(raw, time_as_str=True)
    assert response.get_log_count() == 3000
