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
