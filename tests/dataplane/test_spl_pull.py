"""SPL on pull and consume, end to end against the emulator: filtering, shaping, raw counts, errors."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Dict, List

import pytest

from aliyun.log import LogClient, LogException, LogItem, PutLogsRequest
from aliyun.log.consumer import ConsumerProcessorBase, ConsumerWorker, CursorPosition, LogHubConfig


def write(client: LogClient, project: str, logstore: str, rows: List[Dict[str, str]], **kw: Any) -> None:
    items = [LogItem(contents=list(row.items())) for row in rows]
    client.put_logs(PutLogsRequest(project, logstore, "topic-a", "10.0.0.1", items, logtags=[("env", "prod")],
                                   **kw))


ROWS = [{"status": str(status), "latency": str(latency), "path": path, "body": f'{{"user": "u{i}"}}'}
        for i, (status, latency, path) in enumerate([(200, 12, "/a"), (500, 250, "/b"), (404, 80, "/c"),
                                                     (500, 40, "/d")])]


def pull_all(client: LogClient, project: str, logstore: str, query: str) -> List[Any]:
    cursor = client.get_cursor(project, logstore, 0, "begin").get_cursor()
    return [client.pull_logs(project, logstore, 0, cursor, 10, query=query)]


def test_where_and_project_filter_each_log(client: LogClient, project: str,
                                           make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    write(client, project, logstore, ROWS)
    (res,) = pull_all(client, project, logstore,
                      "* | where status = '500' and cast(latency as bigint) > 100 | project path, latency")
    logs = res.get_flatten_logs_json()
    assert [(log["path"], log["latency"]) for log in logs] == [("/b", "250")]
    assert "status" not in logs[0] and logs[0]["__topic__"] == "topic-a" and logs[0]["__tag__:env"] == "prod"
    assert res.get_loggroup_count() == 1 and res.get_raw_log_group_count_before_query() == 1
    assert res.get_raw_size_before_query() > res.get_raw_size() > 0
    plain = client.pull_logs(project, logstore, 0, client.get_cursor(project, logstore, 0, "begin").get_cursor())
    assert plain.get_raw_log_group_count_before_query() == -1 and plain.get_raw_size_before_query() == -1
    assert plain.get_raw_size() == res.get_raw_size_before_query()


def test_extend_parse_and_rename(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    write(client, project, logstore, ROWS)
    (res,) = pull_all(client, project, logstore,
                      "* | parse-json body | extend slow = cast(latency as bigint) >= 80, p = upper(path) "
                      "| project-rename code = status | project-away body, latency | where code like '5%'")
    logs = res.get_flatten_logs_json()
    assert [{k: v for k, v in log.items() if not k.startswith("__")} for log in logs] == [
        {"path": "/b", "user": "u1", "slow": "true", "p": "/B", "code": "500"},
        {"path": "/d", "user": "u3", "slow": "false", "p": "/D", "code": "500"},
    ]


def test_filtered_out_batches_still_advance(client: LogClient, project: str,
                                            make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    for _ in range(3):
        write(client, project, logstore, ROWS)
    batches = list(client.pull_log(project, logstore, 0, "begin", "end", batch_size=1,
                                   query="* | where status = 'none'"))
    assert sum(b.get_loggroup_count() for b in batches) == 0
    assert sum(max(b.get_raw_log_group_count_before_query(), 0) for b in batches) == 3


@pytest.mark.parametrize("query, position", [
    ("* | where status = ", "line 1:19"),
    ("* | projekt a", "line 1:4"),
    ("status: 500", "line 1:0"),
])
def test_invalid_spl_is_parameter_invalid_with_position(client: LogClient, project: str,
                                                        make_logstore: Callable[..., str], query: str,
                                                        position: str) -> None:
    logstore = make_logstore(shard_count=1)
    cursor = client.get_cursor(project, logstore, 0, "begin").get_cursor()
    with pytest.raises(LogException) as info:
        client.pull_logs(project, logstore, 0, cursor, query=query)
    assert info.value.get_error_code() == "ParameterInvalid"
    assert position in info.value.get_error_message() and "invalid query" in info.value.get_error_message()


def test_pull_log_dump_with_query(client: LogClient, project: str, make_logstore: Callable[..., str],
                                  tmp_path: Any) -> None:
    logstore = make_logstore(shard_count=1)
    write(client, project, logstore, ROWS)
    result = client.pull_log_dump(project, logstore, "begin", "end", str(tmp_path / "dump_{}.jsonl"),
                                  query="* | where status = '404' | project path")
    assert result.get_body()["total_count"] == 1
    assert '"path": "/c"' in (tmp_path / "dump_0.jsonl").read_text()


class _Collect(ConsumerProcessorBase):
    seen: List[Dict[str, Any]] = []
    lock = threading.Lock()

    def process(self, log_groups: Any, check_point_tracker: Any) -> None:
        from aliyun.log import PullLogResponse

        with self.lock:
            _Collect.seen.extend(PullLogResponse.loggroups_to_flattern_list(log_groups))
        self.save_checkpoint(check_point_tracker)


def test_consumer_group_with_spl_query(emulator: Any, client: LogClient, project: str,
                                       make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=2)
    for _ in range(5):
        write(client, project, logstore, ROWS)
    _Collect.seen = []
    option = LogHubConfig(emulator.endpoint, *emulator.credentials, project, logstore, "spl-group", "c1",
                          CursorPosition.BEGIN_CURSOR, heartbeat_interval=1, data_fetch_interval=0.1,
                          query="* | where status = '500' | project path")
    worker = ConsumerWorker(_Collect, option)
    worker.start()
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(_Collect.seen) < 10:
            time.sleep(0.05)
    finally:
        worker.shutdown()
    paths = sorted(log["path"] for log in _Collect.seen)
    assert paths == ["/b"] * 5 + ["/d"] * 5, f"consumed {len(_Collect.seen)} logs: {_Collect.seen[:3]}"
    assert all("status" not in log for log in _Collect.seen)
