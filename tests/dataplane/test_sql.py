"""SQL end to end: logstore and project SQL, async SQL with paging, SQL instances."""

from __future__ import annotations

from typing import Callable

import pytest

from aliyun.log import (
    DeleteAsyncSqlRequest,
    GetAsyncSqlRequest,
    LogClient,
    LogException,
    SubmitAsyncSqlRequest,
)
from tests.dataplane.helpers import T0, indexed_logstore, put_rows, wait_for

ROWS = [{"level": ["INFO", "ERROR", "WARN"][i % 3], "n": str(i), "msg": f"m{i}"} for i in range(250)]


@pytest.fixture()
def logstore(client: LogClient, project: str, make_logstore: Callable[..., str]) -> str:
    name = indexed_logstore(client, project, make_logstore)
    put_rows(client, project, name, ROWS)
    return name


def test_execute_logstore_and_project_sql(client: LogClient, project: str, logstore: str) -> None:
    res = client.execute_logstore_sql(project, logstore, T0, T0 + 3600,
                                      "* | select level, count(1) as c group by level order by level", False)
    assert [(r.get_contents()["level"], r.get_contents()["c"]) for r in res.get_logs()] == [
        ("ERROR", "83"), ("INFO", "84"), ("WARN", "83")]
    res = client.execute_project_sql(project, f"select count(1) as c from {logstore} where __time__ >= {T0}", False)
    assert res.get_logs()[0].get_contents()["c"] == "250"
    with pytest.raises(LogException) as info:
        client.execute_logstore_sql(project, logstore, T0, T0 + 3600, "level: INFO", False)
    assert info.value.get_error_code() == "InvalidArgument"


def test_async_sql_runs_in_background_and_pages(client: LogClient, project: str, logstore: str) -> None:
    submitted = client.submit_async_sql(SubmitAsyncSqlRequest(
        project, logstore, "* | select n, level from log order by n", T0, T0 + 3600))
    query_id = submitted.get_query_id()
    assert query_id and submitted.get_state() in ("RUNNING", "FINISHED")
    done = wait_for(lambda: (r := client.get_async_sql(GetAsyncSqlRequest(project, query_id, 0, 100)))
                    .get_state() == "FINISHED" and r, "the async query")
    assert done.get_keys() == ["n", "level"] and done.get_result_rows() == 250
    assert done.get_processed_rows() == 250 and done.get_progress() == "Complete"
    rows = []
    for offset in range(0, 250, 100):
        page = client.get_async_sql(GetAsyncSqlRequest(project, query_id, offset, 100)).get_rows()
        rows.extend(page)
    assert [int(n) for n, _level in rows] == list(range(250))
    assert client.delete_async_sql(DeleteAsyncSqlRequest(project, query_id)).get_query_id() == query_id
    with pytest.raises(LogException) as info:
        client.get_async_sql(GetAsyncSqlRequest(project, query_id))
    assert info.value.get_error_code() == "QueryNotExist"


def test_async_sql_failure_is_reported_on_the_query(client: LogClient, project: str, logstore: str) -> None:
    query_id = client.submit_async_sql(SubmitAsyncSqlRequest(
        project, logstore, "* | select nosuchcolumn from log", T0, T0 + 3600)).get_query_id()
    failed = wait_for(lambda: (r := client.get_async_sql(GetAsyncSqlRequest(project, query_id)))
                      .get_state() == "FAILED" and r, "the failed async query")
    assert failed.get_error_code() == "ParameterInvalid" and "nosuchcolumn" in (failed.get_error_message() or "")


@pytest.mark.parametrize("query, logstore_name, code", [
    ("level: INFO", None, "ParameterInvalid"),
    ("* | select 1", "no-such-store", "LogStoreNotExist"),
])
def test_async_sql_bad_requests(client: LogClient, project: str, logstore: str, query: str,
                                logstore_name: str, code: str) -> None:
    with pytest.raises(LogException) as info:
        client.submit_async_sql(SubmitAsyncSqlRequest(project, logstore_name or logstore, query, T0, T0 + 60))
    assert info.value.get_error_code() == code


def test_sql_instances(client: LogClient, project: str) -> None:
    assert client.list_sql_instance(project).get_body() == []
    client.create_sql_instance(project, 100, True)
    with pytest.raises(LogException) as info:
        client.create_sql_instance(project, 100, True)
    assert info.value.get_error_code() == "SqlInstanceAlreadyExist"
    client.update_sql_instance(project, 200, False)
    (instance,) = client.list_sql_instance(project).get_body()
    assert (instance["name"], instance["cu"], instance["useAsDefault"]) == (project, 200, False)
    with pytest.raises(LogException):
        client.update_sql_instance(project, 0, False)
