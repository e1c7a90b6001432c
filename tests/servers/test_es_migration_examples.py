"""The user guide's MigrationManager examples, run as written (only the endpoint and keys are the emulator's, and the
secured node listens on its own port), plus ``LogClient.es_migration`` and older elasticsearch clients."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Iterator, List

import pytest

from aliyun.log import LogClient, LogException
from aliyun.log.es_migration import CollectionTaskStatus, MigrationManager
from aliyun.log.es_migration import manager as manager_module
from tests.conftest import unique_name

from .conftest import ES_AUTH_PASSWORD, ES_AUTH_USER, ES_PORT, REPO
from .es_helpers import assert_same_documents, bulk_load, create_index, es_hits, pull_all

pytestmark = [pytest.mark.servers, pytest.mark.slow]

PROJECT = "project1"


@pytest.fixture()
def waits(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> List[float]:
    """Record wait_time_in_secs instead of sleeping; keep the default checkpoint directory inside tmp_path."""
    recorded: List[float] = []
    monkeypatch.setattr(manager_module, "_sleep", recorded.append)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return recorded


@pytest.fixture()
def guide_indices(es: Any, sls: LogClient) -> Iterator[List[str]]:
    """The guide's indices: myindex_1, myindex_2 (-> logstore1), index1, index2 (-> logstore2), with title/date1."""
    names = ["myindex_1", "myindex_2", "index1", "index2"]
    for name in names:
        es.indices.delete(index=name, ignore_unavailable=True)
    for n, name in enumerate(names):
        create_index(es, name, shards=1 + n % 2, mappings={"properties": {
            "title": {"type": "text"}, "date1": {"type": "date"}, "views": {"type": "long"}}})
        bulk_load(es, name, lambda i, n=n: (f"{n}-{i}", {
            "title": "python" if i % 3 == 0 else "elasticsearch", "date1": 1_600_000_000_000 + i * 1000,
            "views": i}), 30 + n, threads=1)
    try:
        sls.create_project(PROJECT, "the user guide's project")
    except LogException as exc:
        assert exc.error_code == "ProjectAlreadyExist"
    yield names
    for name in names:
        es.indices.delete(index=name, ignore_unavailable=True)


def _assert_guide_tasks_succeeded(result: Any, guide_indices: List[str]) -> None:
    # "every index" also takes whatever else the cluster holds (other tests' indices may come and go meanwhile)
    ours = [r for r in result.tasks if r.task.index in guide_indices]
    assert ours and all(r.status is CollectionTaskStatus.SUCCESS for r in ours), result.report()


def _check_all(es: Any, sls: LogClient, pairs: Any) -> None:
    for logstore, indices in pairs:
        hits = [hit for index in indices for hit in es_hits(es, index)]
        assert_same_documents(hits, pull_all(sls, PROJECT, logstore))


def test_guide_example_all_documents(es: Any, guide_indices: List[str], es_emulator: Any, sls: LogClient,
                                     waits: List[float]) -> None:
    endpoint, (access_key_id, access_key) = es_emulator.endpoint, es_emulator.credentials
    migration_manager = MigrationManager(hosts=f"localhost:{ES_PORT}", endpoint=endpoint, project_name="project1",
                                         access_key_id=access_key_id, access_key=access_key)
    result = migration_manager.migrate()
    assert waits == [60]  # logstores were created: the default wait_time_in_secs
    assert {r.task.index for r in result.tasks} >= set(guide_indices)
    _assert_guide_tasks_succeeded(result, guide_indices)
    _check_all(es, sls, [(name, [name]) for name in guide_indices])  # default: logstore named after the index


def test_guide_example_logstore_index_mappings(es: Any, guide_indices: List[str], es_emulator: Any, sls: LogClient,
                                               waits: List[float]) -> None:
    endpoint, (access_key_id, access_key) = es_emulator.endpoint, es_emulator.credentials
    # as in the guide, including its unbalanced closing brace and a second host that does not exist
    migration_manager = MigrationManager(hosts=f"localhost:{ES_PORT},other_host:9200",
                                         endpoint=endpoint,
                                         project_name="project1",
                                         access_key_id=access_key_id,
                                         access_key=access_key,
                                         logstore_index_mappings='{"logstore1": "myindex_*", '
                                                                 '"logstore2": "index1,index2"}}')
    result = migration_manager.migrate()
    _assert_guide_tasks_succeeded(result, guide_indices)
    mapped = {r.task.index: r.task.logstore for r in result.tasks if r.task.index in guide_indices}
    assert mapped == {"myindex_1": "logstore1", "myindex_2": "logstore1", "index1": "logstore2",
                      "index2": "logstore2"}
    _check_all(es, sls, [("logstore1", ["myindex_1", "myindex_2"]), ("logstore2", ["index1", "index2"])])


def test_guide_example_query_and_time_reference(es: Any, guide_indices: List[str], es_emulator: Any,
                                                sls: LogClient, waits: List[float]) -> None:
    endpoint, (access_key_id, access_key) = es_emulator.endpoint, es_emulator.credentials
    migration_manager = MigrationManager(hosts=f"localhost:{ES_PORT}",
                                         endpoint=endpoint,
                                         project_name="project1",
                                         access_key_id=access_key_id,
                                         access_key=access_key,
                                         query='{"query": {"match": {"title": "python"}}}',
                                         logstore_index_mappings='{"python-docs": "myindex_*,index*"}',
                                         time_reference="date1")
    result = migration_manager.migrate()
    assert result.succeeded
    logs = pull_all(sls, PROJECT, "python-docs")
    hits = [hit for index in guide_indices for hit in es_hits(es, index, {"match": {"title": "python"}})]
    assert len(hits) == sum((30 + n + 2) // 3 for n in range(4))
    assert_same_documents(hits, logs)
    for log in logs:
        i = int(log["_id"].split("-")[1])
        assert log["title"] == "python" and int(log["__time__"]) == 1_600_000_000 + i


def test_guide_example_basic_auth(es_secure_url: str, es_emulator: Any, sls: LogClient, waits: List[float]) -> None:
    from elasticsearch import Elasticsearch

    port = es_secure_url.rsplit(":", 1)[1]
    secure = Elasticsearch(es_secure_url, basic_auth=(ES_AUTH_USER, ES_AUTH_PASSWORD))
    index = unique_name("guide-auth")
    create_index(secure, index, shards=2)
    bulk_load(secure, index, lambda i: (str(i), {"msg": f"m{i}"}), 120, threads=1)
    try:
        endpoint, (access_key_id, access_key) = es_emulator.endpoint, es_emulator.credentials
        migration_manager = MigrationManager(hosts=f"user:secret@localhost:{port}",
                                             endpoint=endpoint,
                                             project_name="project1",
                                             access_key_id=access_key_id,
                                             access_key=access_key)
        result = migration_manager.migrate()
        ours = [r for r in result.tasks if r.task.index == index]
        assert len(ours) == 2 and all(r.status is CollectionTaskStatus.SUCCESS for r in ours), result.report()
        assert sum(r.count for r in ours) == 120
        assert_same_documents(es_hits(secure, index), pull_all(sls, PROJECT, index))
    finally:
        secure.indices.delete(index=index, ignore_unavailable=True)
        secure.close()


def test_log_client_es_migration(es: Any, guide_indices: List[str], sls: LogClient, tmp_path: Path,
                                 waits: List[float]) -> None:
    result = sls.es_migration(str(tmp_path / "cache"), f"localhost:{ES_PORT}", PROJECT, indexes="index1,index2",
                              logstore_index_mappings={"via-client": "index*"}, pool_size=2, batch_size=7,
                              wait_time_in_secs=0)
    assert result.succeeded and result.total_count == 32 + 33
    assert waits == []
    _check_all(es, sls, [("via-client", ["index1", "index2"])])
    assert any((tmp_path / "cache").glob("*/tasks/*.json"))


# --------------------------------------------------------------------------------------------------------------------
# the client versions the `es` extra allows: its lower ends, in a separate interpreter path

CLIENT_SCRIPT = """
import json, sys
import elasticsearch
from aliyun.log.es_migration import CollectionTaskStatus, MigrationManager
endpoint, key_id, key, project, hosts, index, cache = sys.argv[1:8]
result = MigrationManager(hosts=hosts, indexes=index, endpoint=endpoint, project_name=project, access_key_id=key_id,
                          access_key=key, pool_size=2, wait_time_in_secs=0, cache_path=cache, batch_size=100,
                          logstore_index_mappings={"client-" + elasticsearch.__versionstr__.replace(".", "-"): index},
                          progress=False).migrate()
print(json.dumps({"version": elasticsearch.__versionstr__, "ok": result.succeeded, "count": result.total_count}))
"""


@pytest.mark.parametrize("requirement", ["elasticsearch>=7.17,<7.18", "elasticsearch==8.0.1"])
def test_older_elasticsearch_clients(requirement: str, es: Any, es_url: str, es_indices: List[str],
                                     es_emulator: Any, sls: LogClient, tmp_path: Path) -> None:
    cache = Path(os.environ.get("ES_CACHE_DIR", Path.home() / ".cache" / "aliyun-log-es"))
    target = cache / "py" / hashlib.sha1(requirement.encode()).hexdigest()[:10]
    if not (target / "elasticsearch").is_dir():
        installed = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                    "--target", str(target), requirement], capture_output=True, text=True)
        if installed.returncode != 0:
            pytest.skip(f"cannot install {requirement}: {installed.stderr[-500:]}")
    index = unique_name("client-compat")
    es_indices.append(index)
    create_index(es, index, shards=2)
    bulk_load(es, index, lambda i: (str(i), {"msg": f"m{i}", "n": i, "o": {"a": [i]}}), 500, threads=1)
    project = f"compat-{target.name}"
    sls.create_project(project, "client compatibility")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(target), str(REPO)]))
    run = subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", CLIENT_SCRIPT,
                          es_emulator.endpoint, *es_emulator.credentials, project, es_url.split("://")[1], index,
                          str(tmp_path)], env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    outcome = json.loads(run.stdout.strip().splitlines()[-1])
    assert outcome["ok"] and outcome["count"] == 500
    expected_major = "7" if "7.17" in requirement else "8"
    assert outcome["version"].startswith(expected_major + ".")
    logstore = "client-" + outcome["version"].replace(".", "-")
    assert_same_documents(es_hits(es, index), pull_all(sls, project, logstore))
