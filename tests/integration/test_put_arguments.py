"""The put path's argument checks: wrong types and the service's limits are refused before anything is sent,
with an error naming the argument; the emulator then holds nothing of the refused request."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import pytest

from aliyun.log import LogClient, LogException, LogItem, PutLogsRequest
from aliyun.log.limits import MAX_SOURCE_BYTES, MAX_TOPIC_BYTES, MAX_VALUE_BYTES


def pull_all(client: LogClient, project: str, logstore: str) -> List[Dict[str, Any]]:
    return [log for res in client.pull_log(project, logstore, 0, "begin", "end")
            for log in res.get_flatten_logs_json()]


def test_wrong_argument_types_name_the_argument(client: LogClient, project: str,
                                                make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    item = LogItem(1_700_000_000, [("k", "v")])
    with pytest.raises(TypeError, match="single LogItem"):
        PutLogsRequest(project, logstore, logitems=item)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="logitems must be a list of LogItem objects, got dict"):
        PutLogsRequest(project, logstore, logitems={"k": "v"})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="logtags must be"):
        PutLogsRequest(project, logstore, logitems=[item], logtags=["tag"])  # type: ignore[list-item]
    assert PutLogsRequest(project, logstore, logitems=[item], logtags={"a": "b"}).get_log_tags() == [("a", "b")]
    with pytest.raises(TypeError, match="put_logs takes a PutLogsRequest"):
        client.put_logs({"project": project, "logstore": logstore})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="contents must be a list of"):
        LogItem(1, "k=v")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timestamp must be an int"):
        LogItem("yesterday")  # type: ignore[arg-type]

    # refused at put time: a TypeError that is also the LogException (InvalidArgument) raised before
    cases: List[Any] = [
        PutLogsRequest(project, logstore, logitems=[item, "not a log"]),  # type: ignore[list-item]
        PutLogsRequest(project, logstore, logitems=[LogItem(1, [(None, "v")])]),  # type: ignore[list-item]
        PutLogsRequest(project, logstore, logitems=[LogItem(1, [("k", None)])]),  # type: ignore[list-item]
        PutLogsRequest(project, logstore, topic=42, logitems=[item]),  # type: ignore[arg-type]
        PutLogsRequest(project, logstore, source=3.5, logitems=[item]),  # type: ignore[arg-type]
    ]
    names = ["logitems", "log keys", "value of log content 'k'", "topic", "source"]
    for request, name in zip(cases, names):
        with pytest.raises(TypeError) as info:
            client.put_logs(request)
        assert name in str(info.value)
        assert isinstance(info.value, LogException) and info.value.get_error_code() == "InvalidArgument"
    assert pull_all(client, project, logstore) == []


def test_limits_are_checked_before_sending(client: LogClient, project: str,
                                           make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    item = LogItem(1_700_000_000, [("k", "v")])
    too_long = {
        "topic": PutLogsRequest(project, logstore, topic="t" * (MAX_TOPIC_BYTES + 1), logitems=[item]),
        "source": PutLogsRequest(project, logstore, source="字" * 43, logitems=[item]),  # 129 bytes
        "'big'": PutLogsRequest(project, logstore, logitems=[
            LogItem(1, [("small", "x"), ("big", "x" * (MAX_VALUE_BYTES + 1))])]),
        "'wide'": PutLogsRequest(project, logstore, logitems=[item] * 3000 + [  # found among many small logs
            LogItem(1, [("wide", "字" * (MAX_VALUE_BYTES // 3 + 1))])] + [item] * 10),  # 1 MiB + 2 bytes of UTF-8
    }
    for name, request in too_long.items():
        with pytest.raises(LogException) as info:
            client.put_logs(request)
        assert info.value.get_error_code() == "InvalidArgument" and name in info.value.get_error_message(), name
    assert pull_all(client, project, logstore) == []

    at_limit = PutLogsRequest(project, logstore, topic="t" * MAX_TOPIC_BYTES, source="s" * MAX_SOURCE_BYTES,
                              logitems=[LogItem(1, [("big", b"x" * MAX_VALUE_BYTES)])])
    client.put_logs(at_limit)
    [log] = pull_all(client, project, logstore)
    assert log["__topic__"] == "t" * MAX_TOPIC_BYTES and len(log["big"]) == MAX_VALUE_BYTES
