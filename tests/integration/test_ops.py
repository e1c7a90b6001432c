"""Composite operations live in aliyun.log.ops and take a client; LogClient's methods of the same names delegate."""

from __future__ import annotations

import ast
import inspect
from typing import Callable

import pytest

from aliyun.log import LogClient, LogItem, PutLogsRequest, ops
from aliyun.log.api import operations, transfer

DELEGATED = ["copy_project", "copy_logstore", "copy_dashboard", "copy_alert", "arrange_shard", "get_resource_usage",
             "pull_log_dump", "copy_data"]


@pytest.mark.parametrize("name", DELEGATED)
def test_client_methods_keep_their_signatures_and_docstrings(name: str) -> None:
    method = inspect.signature(getattr(LogClient, name))
    function = inspect.signature(getattr(ops, name))
    assert next(iter(method.parameters)) == "self" and next(iter(function.parameters)) == "client"
    assert list(method.parameters.values())[1:] == list(function.parameters.values())[1:]
    assert len(inspect.getdoc(getattr(LogClient, name)) or "") > 60  # the full description stays on the method


@pytest.mark.parametrize("module", [operations, transfer])
def test_the_mixins_do_not_import_the_client_at_run_time(module: object) -> None:
    tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
    guarded = {id(node) for stmt in tree.body if isinstance(stmt, ast.If) for node in ast.walk(stmt)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "client":
            assert id(node) in guarded, "a run-time import of client.py"
    assert "type: ignore" not in inspect.getsource(module)  # type: ignore[arg-type]


def test_operations_called_with_a_client(client: LogClient, project: str, make_logstore: Callable[..., str],
                                         tmp_path: object) -> None:
    source = make_logstore(shard_count=1)
    client.put_logs(PutLogsRequest(project, source, logitems=[LogItem(1_700_000_000, [("n", str(i))])
                                                              for i in range(3)]))
    copied = ops.copy_logstore(client, project, source, source + "-copy")
    assert copied.get_body()["created"] is True
    assert len(ops.arrange_shard(client, project, source + "-copy", 2).get_readwrite_shards()) == 2
    moved = ops.copy_data(client, project, source, "begin", to_logstore=source + "-copy")
    assert moved.get_body()["total_count"] == 3
    dumped = ops.pull_log_dump(client, project, source + "-copy", "begin", "end", f"{tmp_path}/dump_{{}}.jsonl")
    assert dumped.get_body()["total_count"] == 3
    usage = ops.get_resource_usage(client, project).get_body()
    assert usage["shard"]["logstores"][source + "-copy"]["status"] == 2
