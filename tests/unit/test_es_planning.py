"""Migration arguments, checkpoints, progress and the report (no server needed)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aliyun.log.es_migration import CollectionTaskStatus, MigrationManager, MigrationResponse, TaskResult
from aliyun.log.es_migration.checkpoint import CheckpointStore, parse_duration
from aliyun.log.es_migration.planning import (
    MigrationTask,
    logstore_for_index,
    parse_hosts,
    parse_logstore_index_mappings,
    parse_query,
)
from aliyun.log.es_migration.progress import Progress


# -- hosts ----------------------------------------------------------------------------------------------------------
def test_parse_hosts_plain_and_several() -> None:
    hosts = parse_hosts("localhost:9200, other_host:9201 ,es3")
    assert [dict(n) for n in hosts.nodes] == [
        {"scheme": "http", "host": "localhost", "port": 9200},
        {"scheme": "http", "host": "other_host", "port": 9201},
        {"scheme": "http", "host": "es3", "port": 9200},
    ]
    assert hosts.username is None and hosts.display() == "localhost:9200,other_host:9201,es3:9200"


def test_parse_hosts_credentials_scheme_prefix_ipv6() -> None:
    hosts = parse_hosts("user:secret@localhost:9200")
    assert (hosts.username, hosts.password) == ("user", "secret")
    assert hosts.display() == "user:***@localhost:9200"
    assert "secret" not in repr(hosts)
    tls = parse_hosts("https://admin:p%40ss%3Aword@es.example.com:9243/proxy/")
    assert (tls.username, tls.password) == ("admin", "p@ss:word")
    assert dict(tls.nodes[0]) == {"scheme": "https", "host": "es.example.com", "port": 9243, "path_prefix": "/proxy"}
    assert parse_hosts("[::1]:9200").display() == "[::1]:9200"
    assert parse_hosts(["a:1", "b:2"]).display() == "a:1,b:2"


@pytest.mark.parametrize("bad", ["", " , ", "ftp://x:1", "host:notaport", "a@b:1,c@d:1"])
def test_parse_hosts_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_hosts(bad)


# -- logstore_index_mappings ---------------------------------------------------------------------------------------
def test_mappings_valid_json_and_dict() -> None:
    expected = [("logstore1", ["myindex_*"]), ("logstore2", ["index1", "index2"])]
    assert parse_logstore_index_mappings('{"logstore1": "myindex_*", "logstore2": "index1,index2"}') == expected
    assert parse_logstore_index_mappings({"logstore1": "myindex_*", "logstore2": ["index1", "index2"]}) == expected
    assert parse_logstore_index_mappings(None) == []


def test_mappings_as_written_in_the_guide() -> None:
    # the user guide's examples have stray closing braces; they are read as meant
    assert parse_logstore_index_mappings('{"logstore1": "myindex_*", "logstore2": "index1,index2"}}') == [
        ("logstore1", ["myindex_*"]), ("logstore2", ["index1", "index2"])]
    assert parse_logstore_index_mappings(
        '{"logstore1": "my_index*", "logstore2": "index1,index2"}, "logstore3": "index3"}') == [
        ("logstore1", ["my_index*"]), ("logstore2", ["index1", "index2"]), ("logstore3", ["index3"])]


@pytest.mark.parametrize("bad", ['{"a": ', '["a"]', '{"a": 1}', "not json"])
def test_mappings_rejects(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_logstore_index_mappings(bad)


def test_logstore_for_index_first_match_wins() -> None:
    mappings = parse_logstore_index_mappings('{"a": "logs-2024*", "b": "logs-*,app?", "c": "logs-2024-01"}')
    assert logstore_for_index("logs-2024-01", mappings) == "a"
    assert logstore_for_index("logs-2023-12", mappings) == "b"
    assert logstore_for_index("app1", mappings) == "b"
    assert logstore_for_index("app12", mappings) == "app12"
    assert logstore_for_index("Other.Index", mappings) == "other-index"


# -- query ------------------------------------------------------------------------------------------------------------
def test_parse_query_forms() -> None:
    assert parse_query(None) == (None, {})
    assert parse_query('{"query": {"match": {"title": "python"}}}') == ({"match": {"title": "python"}}, {})
    assert parse_query({"match_all": {}}) == ({"match_all": {}}, {})
    assert parse_query('{"query": {"term": {"a": 1}}, "_source": ["a"]}') == ({"term": {"a": 1}}, {"_source": ["a"]})
    with pytest.raises(ValueError, match="sort"):
        parse_query('{"query": {"match_all": {}}, "sort": ["x"]}')
    with pytest.raises(ValueError):
        parse_query('{"query": ')


# -- checkpoints ----------------------------------------------------------------------------------------------------
def test_parse_duration() -> None:
    assert parse_duration("1d") == 86400 and parse_duration("90s") == 90 and parse_duration("1.5h") == 5400
    assert parse_duration(30) == 30 and parse_duration(None) is None and parse_duration("0") is None
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_checkpoint_batches_and_resume(tmp_path: Path) -> None:
    identity = {"cluster": "c1", "indexes": "a"}
    store = CheckpointStore(str(tmp_path), identity)
    store.open()
    assert not store.resumed
    task = MigrationTask(1, "a", 0, "ls", index_uuid="uuid1234abcd")
    cp = store.task(task.file_name, task.key)
    assert cp.status == "new" and cp.last_seq_no is None
    cp.begin_batch({"tag": "t", "first_seq_no": 0, "last_seq_no": 99, "count": 100, "bytes": 1000, "cursors": {}})
    cp.commit_batch()
    cp.begin_batch({"tag": "t2", "first_seq_no": 100, "last_seq_no": 150, "count": 50, "bytes": 500, "cursors": {}})

    again = CheckpointStore(str(tmp_path), identity)
    again.open()
    assert again.resumed and again.path == store.path
    reread = again.task(task.file_name, task.key)
    assert (reread.last_seq_no, reread.count, reread.bytes) == (99, 100, 1000)
    assert reread.pending is not None and reread.pending["tag"] == "t2"
    reread.drop_batch()
    reread.finish()
    assert again.task(task.file_name, task.key).done
    assert not list(Path(again.tasks_dir).glob(".tmp-*"))  # atomic writes leave nothing behind

    other = CheckpointStore(str(tmp_path), {"cluster": "c1", "indexes": "b"})
    assert other.path != store.path  # another migration, other checkpoints


def test_checkpoint_expiry(tmp_path: Path) -> None:
    store = CheckpointStore(str(tmp_path), {"x": 1}, max_age=60)
    store.open()
    cp = store.task("t.json", "k")
    cp.finish()
    old = time.time() - 3600
    for path in Path(store.path).rglob("*.json"):
        os.utime(path, (old, old))
    fresh = CheckpointStore(str(tmp_path), {"x": 1}, max_age=60)
    fresh.open()
    assert not fresh.resumed and not fresh.task("t.json", "k").done


def test_task_key_and_file_name() -> None:
    task = MigrationTask(3, "logs/2024:01", 2, "ls", slice_id=1, slice_max=4, index_uuid="abcdefgh1234")
    assert task.key == "logs/2024:01@abcdefgh/2/1of4"
    assert "/" not in task.file_name and ":" not in task.file_name and task.file_name.endswith(".json")


# -- progress and report ----------------------------------------------------------------------------------------------
class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal() -> None:
    stream = _Tty()
    progress = Progress(total=200, done=50, stream=stream)
    assert progress.mode == "bar"
    progress.add(50, 2048)
    progress.close()
    text = stream.getvalue()
    assert "\r[" in text and "50.0% 100/200 docs" in text and "2.0 KB" in text and text.endswith("\n")


def test_progress_log_lines_off_a_terminal(caplog: pytest.LogCaptureFixture) -> None:
    stream = io.StringIO()
    progress = Progress(total=None, stream=stream)
    assert progress.mode == "log"
    progress.add(10, 100)
    with caplog.at_level("INFO", logger="aliyun.log.es_migration"):
        progress.close()
    assert stream.getvalue() == ""
    assert "es_migration progress: 10 docs" in caplog.text


def test_report_format() -> None:
    t1 = MigrationTask(1, "idx", 0, "ls", shards=2)
    t2 = MigrationTask(2, "idx", 1, "ls", shards=2)
    response = MigrationResponse(
        [TaskResult(t2, CollectionTaskStatus.FAIL, count=5, message="boom"),
         TaskResult(t1, CollectionTaskStatus.SUCCESS, count=10, new_count=10, new_bytes=2**20,
                    time_cost_in_seconds=1.5)],
        elapsed=2.0, hosts="localhost:9200", project="p")
    lines = response.report().splitlines()
    assert lines[0] == "========Tasks Info========"
    assert lines[1].startswith("task_id=1, slice_id=0, slice_max=2, hosts=localhost:9200, indexes=idx, query=None, "
                               "project=p, logstore=ls, shard_id=0, time_cost_in_seconds=1.50000000, "
                               "status=CollectionTaskStatus.SUCCESS, count=10, message=None")
    assert "status=CollectionTaskStatus.FAIL, count=5, message=boom" in lines[2]
    summary = lines[lines.index("========Summary========") + 1:]
    assert summary[:4] == ["Total started task count: 2", "Successful task count: 1", "Failed task count: 1",
                           "Total collected documentation count: 15"]
    assert "0.52 MB/s" in summary[4] and "1.0 MB raw" in summary[4]
    assert not response.succeeded and response.get_total_count() == 15


def test_manager_argument_checks() -> None:
    with pytest.raises(ValueError, match="hosts"):
        MigrationManager(endpoint="e", project_name="p")
    with pytest.raises(ValueError, match="pool_size"):
        MigrationManager(hosts="h:1", endpoint="e", project_name="p", pool_size=0)
    manager = MigrationManager(hosts="h:1", endpoint="e", project_name="p",
                               query='{"query": {"match": {"title": "python"}}}', logstore_index_mappings=None)
    assert manager.query == {"match": {"title": "python"}} and manager.pool_size == 10


def test_importing_does_not_import_elasticsearch() -> None:
    code = ("import sys, aliyun.log\n"
            "from aliyun.log import MigrationManager, LogClient\n"
            "import aliyun.log.es_migration\n"
            "assert 'elasticsearch' not in sys.modules, 'elasticsearch imported'\n"
            "assert hasattr(LogClient, 'es_migration')\n")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    subprocess.run([sys.executable, "-c", code], check=True, env=env)


def test_missing_client_gives_an_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "elasticsearch", None)  # makes `import elasticsearch` fail
    manager = MigrationManager(hosts="h:1", endpoint="e", project_name="p")
    with pytest.raises(ImportError, match=r"aliyun-log-typed\[es\]"):
        manager.migrate()


def test_report_is_json_safe_for_queries() -> None:
    response = MigrationResponse([], 1.0, query={"match": {"t": "é"}})
    assert json.dumps(response.report())


def test_one_process_per_migration(tmp_path: Path) -> None:
    first = CheckpointStore(str(tmp_path), {"x": 1})
    second = CheckpointStore(str(tmp_path), {"x": 1})
    first.lock()
    try:
        with pytest.raises(RuntimeError, match="another process is running this migration"):
            second.lock()
        CheckpointStore(str(tmp_path), {"x": 2}).lock()  # another migration is not blocked
    finally:
        first.unlock()
    second.lock()
    second.unlock()


def test_stray_brace_repair_keeps_braces_inside_strings() -> None:
    assert parse_logstore_index_mappings('{"a": "x}y", "b": "z"}}') == [("a", ["x}y"]), ("b", ["z"])]


def test_error_classification() -> None:
    es = pytest.importorskip("elasticsearch")
    from elastic_transport import ApiResponseMeta, HttpHeaders, NodeConfig

    from aliyun.log.es_migration.es_client import EsSource
    from aliyun.log.es_migration.planning import parse_hosts

    source = EsSource(parse_hosts("127.0.0.1:1"))
    node = NodeConfig("http", "127.0.0.1", 1)

    def api_error(status: int, body: object) -> Exception:
        meta = ApiResponseMeta(status=status, http_version="1.1", headers=HttpHeaders(), duration=0.0, node=node)
        return es.ApiError("err", meta=meta, body=body)

    assert source.classify(es.ConnectionError("down"))[0]
    assert source.classify(api_error(429, {"error": "es_rejected_execution_exception"}))[0]
    assert source.classify(api_error(503, {}))[0]
    assert source.classify(api_error(404, {"error": {"type": "search_context_missing_exception"}}))[0]
    assert not source.classify(api_error(404, {"error": {"type": "index_not_found_exception"}}))[0]
    assert not source.classify(api_error(400, {"error": "parsing_exception"}))[0]
    assert not source.classify(api_error(401, {}))[0]
    source.close()
