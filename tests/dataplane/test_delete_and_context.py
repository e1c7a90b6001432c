"""Deleting/updating logs and context logs, end to end against the emulator."""

from __future__ import annotations

from typing import Callable, List

import pytest

from aliyun.log import (
    DeleteLogsRequest,
    GetDeleteLogsStatusRequest,
    GetHistogramsRequest,
    GetLogsRequest,
    ListDeleteLogsTasksRequest,
    LogClient,
    LogException,
    LogItem,
)
from tests.dataplane.helpers import T0, indexed_logstore, put_rows, query, wait_for

ROWS = [{"level": level, "n": str(i), "msg": f"message {i}"}
        for i, level in enumerate(["INFO", "ERROR", "INFO", "WARN", "ERROR", "INFO"])]


def levels(client: LogClient, project: str, logstore: str, text: str = "*") -> List[str]:
    return [log["level"] for log in query(client, project, logstore, text)]


def test_delete_task_runs_async_and_hides_logs_from_queries_not_pulls(
        client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, logstore, ROWS)
    res = client.delete_logs(DeleteLogsRequest(project, logstore, T0, T0 + 3600, query="level: ERROR"))
    task_id = res.get_taskid()
    assert task_id
    status = wait_for(lambda: (s := client.get_delete_logs_status(
        GetDeleteLogsStatusRequest(project, logstore, task_id))).is_completed() and s, "the delete task")
    assert status.get_process() == 100
    tasks = client.list_delete_logs_tasks(ListDeleteLogsTasksRequest(project, logstore))
    assert tasks.get_count() == 1 and tasks.is_completed()
    assert tasks.get_task_list()[0]["taskId"] == task_id and tasks.get_task_list()[0]["query"] == "level: ERROR"
    assert levels(client, project, logstore) == ["INFO", "INFO", "WARN", "INFO"]
    histograms = client.get_histograms(GetHistogramsRequest(project, logstore, T0, T0 + 3600, query="*"))
    assert histograms.get_total_count() == 4
    sql = client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 3600, query="* | select count(1) as c"))
    assert sql.get_logs()[0].get_contents()["c"] == "4"
    cursor = client.get_cursor(project, logstore, 0, "begin").get_cursor()
    pulled = client.pull_logs(project, logstore, 0, cursor).get_flatten_logs_json()
    assert len(pulled) == 6  # the raw stream keeps them


def test_delete_v2_by_range_and_by_row(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, logstore, ROWS)
    res = client.delete_logs_v2(project=project, logstore=logstore, from_time=T0, to_time=T0 + 3600,
                                query="level: INFO and n > 1")
    assert res.get_affected_rows() == 2
    assert levels(client, project, logstore) == ["INFO", "ERROR", "WARN", "ERROR"]
    first = client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 3600, query="level: WARN | with_pack_meta"))
    row = first.get_logs()[0].get_contents()
    by_row = client.delete_logs_v2(project=project, logstore=logstore, row_id=row["__pack_meta__"])
    assert by_row.get_affected_rows() == 1
    assert levels(client, project, logstore) == ["INFO", "ERROR", "ERROR"]


def test_update_logs_merge_and_replace(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, logstore, ROWS)
    res = client.update_logs(project=project, logstore=logstore, from_time=T0, to_time=T0 + 3600,
                             query="level: WARN", log_item=LogItem(contents=[("msg", "fixed"), ("extra", "1")]))
    assert res.get_affected_rows() == 1
    (warn,) = query(client, project, logstore, "level: WARN")
    assert (warn["msg"], warn["extra"], warn["n"]) == ("fixed", "1", "3")
    assert query(client, project, logstore, "msg: fixed")[0]["n"] == "3"  # searchable by the new value
    client.update_logs(project=project, logstore=logstore, from_time=T0, to_time=T0 + 3600, query="n = 0",
                       data='{"level": "DEBUG"}', update_mode="replace")
    (debug,) = query(client, project, logstore, "level: DEBUG")
    assert {k: v for k, v in debug.items() if not k.startswith("__")} == {"level": "DEBUG"}
    sql = client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 3600,
                                         query="* | select sum(n) as s"))
    assert sql.get_logs()[0].get_contents()["s"] == str(sum(range(1, 6)))  # the replaced log lost n


@pytest.mark.parametrize("call, code", [
    (lambda c, p, ls: c.delete_logs_v2(project=p, logstore=ls, from_time=T0 + 10, to_time=T0), "ParameterInvalid"),
    (lambda c, p, ls: c.delete_logs_v2(project=p, logstore=ls, from_time=T0, to_time=T0 + 9,
                                       query="level: ERROR | select 1"), "ParameterInvalid"),
    (lambda c, p, ls: c.delete_logs_v2(project=p, logstore=ls, row_id="nonsense"), "ParameterInvalid"),
    (lambda c, p, ls: c.update_logs(project=p, logstore=ls, from_time=T0, to_time=T0 + 9, data="[1]"),
     "ParameterInvalid"),
    (lambda c, p, ls: c.update_logs(project=p, logstore=ls, from_time=T0, to_time=T0 + 9, data='{"a": "1"}',
                                    update_mode="upsert"), "InvalidArgument"),
    (lambda c, p, ls: c.get_delete_logs_status(GetDeleteLogsStatusRequest(p, ls, "missing")), "TaskNotExist"),
    (lambda c, p, ls: c.delete_logs(DeleteLogsRequest(p, "no-such-store", T0, T0 + 9)), "LogStoreNotExist"),
    (lambda c, p, ls: c.delete_logs(DeleteLogsRequest(p, ls, T0, T0 + 9, query="level: (")), "ParameterInvalid"),
])
def test_bad_delete_and_update_requests(client: LogClient, project: str, make_logstore: Callable[..., str],
                                        call: Callable[..., object], code: str) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, logstore, ROWS)
    with pytest.raises(LogException) as info:
        call(client, project, logstore)
    assert info.value.get_error_code() == code
    assert len(query(client, project, logstore)) == len(ROWS)  # nothing changed
    tasks = client.list_delete_logs_tasks(ListDeleteLogsTasksRequest(project, logstore))
    assert tasks.get_count() == 0


def test_delete_without_index_is_index_config_not_exist(client: LogClient, project: str,
                                                          make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    with pytest.raises(LogException) as info:
        client.delete_logs(DeleteLogsRequest(project, logstore, T0, T0 + 9))
    assert info.value.get_error_code() == "IndexConfigNotExist"


def test_context_logs_round_trip(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = indexed_logstore(client, project, make_logstore, shard_count=2)
    rows = [{"level": "INFO", "n": str(i), "msg": f"m{i}"} for i in range(30)]
    for start in range(0, 30, 10):  # three groups, all into shard of the hash key
        put_rows(client, project, logstore, rows[start:start + 10], start=T0 + start,
                 hashKey="00000000000000000000000000000000")
    put_rows(client, project, logstore, [{"level": "OTHER", "n": "99", "msg": "other shard"}],
             hashKey="ffffffffffffffffffffffffffffffff")
    res = client.get_logs(GetLogsRequest(project, logstore, T0, T0 + 3600, query="n = 12 | with_pack_meta"))
    (log,) = res.get_logs()
    contents = log.get_contents()
    pack_id, pack_meta = contents["__tag__:__pack_id__"], contents["__pack_meta__"]
    context = client.get_context_logs(project, logstore, pack_id, pack_meta, 5, 4)
    assert context.is_completed()
    assert [entry.get_contents()["n"] for entry in context.get_logs()] == [str(i) for i in range(7, 17)]
    assert (context.get_back_lines(), context.get_forward_lines(), context.get_total_lines()) == (5, 4, 10)
    edge = client.get_context_logs(project, logstore, pack_id, pack_meta, 100, 100)
    assert [entry.get_contents()["n"] for entry in edge.get_logs()] == [str(i) for i in range(30)]
    first = edge.get_logs()[0].get_contents()
    more = client.get_context_logs(project, logstore, first["__tag__:__pack_id__"], first["__pack_meta__"], 3, 1)
    assert more.get_back_lines() == 0 and [e.get_contents()["n"] for e in more.get_logs()] == ["0", "1"]
    for bad_id, bad_meta in ((pack_id, "garbage"), ("zz-1", pack_meta), (pack_id.split("-")[0] + "-FFF", pack_meta)):
        with pytest.raises(LogException) as info:
            client.get_context_logs(project, logstore, bad_id, bad_meta, 1, 1)
        assert info.value.get_error_code() == "ParameterInvalid"
    with pytest.raises(LogException):
        client.get_context_logs(project, logstore, pack_id, pack_meta, 101, 1)
