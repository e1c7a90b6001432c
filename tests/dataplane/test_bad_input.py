"""Bad input to each data-plane method gets the service's error code (or the SDK's InvalidArgument before sending),
and nothing is stored."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from aliyun.log import (
    DeleteAsyncSqlRequest,
    GetAsyncSqlRequest,
    ListDeleteLogsTasksRequest,
    LogClient,
    LogException,
    StoreView,
    StoreViewStore,
)
from tests.dataplane.helpers import T0, indexed_logstore

Call = Callable[[LogClient, str, str], Any]

CASES = [
    ("list_delete_logs_tasks", lambda c, p, ls: c.list_delete_logs_tasks(ListDeleteLogsTasksRequest(p, "nope")),
     "LogStoreNotExist"),
    ("execute_project_sql", lambda c, p, ls: c.execute_project_sql(p, f"select from {ls}", False),
     "ParameterInvalid"),
    ("get_async_sql", lambda c, p, ls: c.get_async_sql(GetAsyncSqlRequest(p, "0" * 32)), "QueryNotExist"),
    ("delete_async_sql", lambda c, p, ls: c.delete_async_sql(DeleteAsyncSqlRequest(p, "0" * 32)), "QueryNotExist"),
    ("get_context_logs", lambda c, p, ls: c.get_context_logs(p, "nope", "1-1", "0|MA==|1|1", 1, 1),
     "LogStoreNotExist"),
    ("update_store_view", lambda c, p, ls: c.update_store_view(
        p, "missing-view", StoreView("missing-view", "logstore", [StoreViewStore(p, ls)])), "StoreViewNotExist"),
    ("delete_store_view", lambda c, p, ls: c.delete_store_view(p, "missing-view"), "StoreViewNotExist"),
    ("list_store_views", lambda c, p, ls: c.list_store_views(p, store_type="tables"), "ParameterInvalid"),
    ("create_store_view", lambda c, p, ls: c.create_store_view(p, StoreView("view-x", "logstore", [])),
     "InvalidArgument"),
    ("get_substore_ttl", lambda c, p, ls: c.get_substore_ttl(p, ls), "SubStoreNotExist"),
    ("update_substore_ttl", lambda c, p, ls: c.update_substore_ttl(p, ls, 0), "InvalidArgument"),
    ("get_metric_store", lambda c, p, ls: c.get_metric_store(p, "nope"), "LogStoreNotExist"),
    ("create_metric_store", lambda c, p, ls: c.create_metric_store(p, ls), "LogStoreAlreadyExist"),
    ("update_metric_store_metering_mode",
     lambda c, p, ls: c.update_metric_store_metering_mode(p, "nope", "ChargeByFunction"), "LogStoreNotExist"),
    ("put_object", lambda c, p, ls: c.put_object("no-such-project-x", ls, "a", b"x"), "ProjectNotExist"),
    ("get_object", lambda c, p, ls: c.get_object(p, "nope", "a"), "LogStoreNotExist"),
    ("get_rebuild_index", lambda c, p, ls: c.get_rebuild_index(p, "nope"), "JobNotExist"),
    ("create_rebuild_index", lambda c, p, ls: c.create_rebuild_index(p, ls, "bad name!", "x", T0, T0 + 1),
     "ParameterInvalid"),
    ("pull_logs", lambda c, p, ls: c.pull_logs(p, ls, 0, c.get_cursor(p, ls, 0, "begin").get_cursor(),
                                                query="* | where"), "ParameterInvalid"),
    ("delete_logs_v2", lambda c, p, ls: c.delete_logs_v2(project=p, logstore=ls), "InvalidArgument"),
    ("update_logs", lambda c, p, ls: c.update_logs(project=p, logstore=ls, from_time=T0, to_time=T0 + 1),
     "InvalidArgument"),
    ("submit_async_sql", lambda c, p, ls: c.submit_async_sql("select 1"), "InvalidArgument"),
]


@pytest.mark.parametrize("method, call, code", CASES, ids=[case[0] for case in CASES])
def test_bad_input(client: LogClient, project: str, make_logstore: Callable[..., str], method: str, call: Call,
                   code: str) -> None:
    logstore = indexed_logstore(client, project, make_logstore)
    with pytest.raises(LogException) as info:
        call(client, project, logstore)
    assert info.value.get_error_code() == code, info.value.get_error_message()
    assert client.list_store_views(project).get_total() == 0
    assert [ls for ls in client.list_logstore(project).get_logstores()] == [logstore]
