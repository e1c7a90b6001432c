"""MigrationManager against a real Elasticsearch 8.12.2 and the emulator: types, volume, mappings, query and time,
basic authentication, interruption and resumption. Every migrated document is read back with pull_log and compared
field by field with what Elasticsearch holds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Dict, List

import pytest

from aliyun.log import LogClient
from aliyun.log.es_migration import CollectionTaskStatus, MigrationManager
from aliyun.log.es_migration import manager as manager_module
from aliyun.log.es_migration import task as task_module
from aliyun.log.models.index import DEFAULT_TOKEN_LIST
from tests.conftest import unique_name

from .conftest import ES_AUTH_PASSWORD, ES_AUTH_USER, REPO
from .es_helpers import assert_same_documents, bulk_load, create_index, es_hits, pull_all

pytestmark = [pytest.mark.servers, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _no_wait(monkeypatch: pytest.MonkeyPatch) -> List[float]:
    waits: List[float] = []
    monkeypatch.setattr(manager_module, "_sleep", waits.append)
    return waits


def manager(emulator: Any, project: str, hosts: str, cache: Path, **options: Any) -> MigrationManager:
    options.setdefault("pool_size", 2)
    options.setdefault("wait_time_in_secs", 0)
    return MigrationManager(hosts=hosts, endpoint=emulator.endpoint, project_name=project,
                            access_key_id=emulator.credentials[0], access_key=emulator.credentials[1],
                            cache_path=str(cache), **options)


def hostport(url: str) -> str:
    return url.split("://", 1)[1]


# --------------------------------------------------------------------------------------------------------------------
# every type of the table


TYPED_MAPPING = {
    "properties": {
        "f_text": {"type": "text"},
        "f_keyword": {"type": "keyword"},
        "f_long": {"type": "long"},
        "f_integer": {"type": "integer"},
        "f_short": {"type": "short"},
        "f_byte": {"type": "byte"},
        "f_double": {"type": "double"},
        "f_float": {"type": "float"},
        "f_half_float": {"type": "half_float"},
        "f_scaled_float": {"type": "scaled_float", "scaling_factor": 100},
        "f_date": {"type": "date"},
        "f_boolean": {"type": "boolean"},
        "f_binary": {"type": "binary"},
        "f_integer_range": {"type": "integer_range"},
        "f_float_range": {"type": "float_range"},
        "f_long_range": {"type": "long_range"},
        "f_double_range": {"type": "double_range"},
        "f_date_range": {"type": "date_range"},
        "f_ip_range": {"type": "ip_range"},
        "f_object": {"properties": {"name": {"type": "keyword"}, "age": {"type": "integer"},
                                    "inner": {"properties": {"score": {"type": "double"}}}}},
        "f_nested": {"type": "nested", "properties": {"k": {"type": "keyword"}, "v": {"type": "long"}}},
        "f_geo_point": {"type": "geo_point"},
        "f_geo_shape": {"type": "geo_shape"},
        "f_ip": {"type": "ip"},
        "f_completion": {"type": "completion"},
        "f_token_count": {"type": "token_count", "analyzer": "standard"},
        "f_percolator": {"type": "percolator"},
        "f_join": {"type": "join", "relations": {"question": "answer"}},
        "@timestamp": {"type": "date"},
        "user-agent": {"type": "keyword"},
        "2fa": {"type": "boolean"},
    }
}

# field -> (index type, tokens) the seed guide's table asks for; None: no index
TYPE_TABLE_EXPECTED = {
    "f_text": ("text", DEFAULT_TOKEN_LIST),
    "f_keyword": ("text", []),
    "f_long": ("long", None),
    "f_integer": ("long", None),
    "f_short": ("long", None),
    "f_byte": ("long", None),
    "f_double": ("double", None),
    "f_float": ("double", None),
    "f_half_float": ("double", None),
    "f_scaled_float": ("double", None),
    "f_date": ("text", DEFAULT_TOKEN_LIST),
    "f_boolean": ("text", []),
    "f_binary": None,
    "f_integer_range": ("json", DEFAULT_TOKEN_LIST),
    "f_float_range": ("json", DEFAULT_TOKEN_LIST),
    "f_long_range": ("json", DEFAULT_TOKEN_LIST),
    "f_double_range": ("json", DEFAULT_TOKEN_LIST),
    "f_date_range": ("json", DEFAULT_TOKEN_LIST),
    "f_ip_range": ("text", []),
    "f_object": ("json", DEFAULT_TOKEN_LIST),
    "f_nested": None,
    "f_geo_point": ("text", DEFAULT_TOKEN_LIST),
    "f_geo_shape": ("text", DEFAULT_TOKEN_LIST),
    "f_ip": ("text", []),
    "f_completion": None,
    "f_token_count": None,
    "f_percolator": None,
    "f_join": None,
    "@timestamp": ("text", DEFAULT_TOKEN_LIST),
    "user-agent": ("text", []),
    "2fa": ("text", []),
    "_id": ("text", []),
    "_index": ("text", []),
}
RENAMES: Dict[str, str] = {}  # every field name of these documents is a key the service accepts


def typed_doc(i: int) -> Dict[str, Any]:
    doc: Dict[str, Any] = {
        "f_text": f"the quick brown fox {i} 狐狸",
        "f_keyword": f"key-{i % 3}",
        "f_long": 2**40 + i,
        "f_integer": -i,
        "f_short": i % 300,
        "f_byte": i % 100,
        "f_double": i / 3,
        "f_float": 1.5 * i,
        "f_half_float": 0.25,
        "f_scaled_float": 12.34,
        "f_date": f"2024-01-{i % 28 + 1:02d}T10:00:00Z",
        "f_boolean": i % 2 == 0,
        "f_binary": "aGVsbG8gd29ybGQ=",
        "f_integer_range": {"gte": i, "lte": i + 10},
        "f_float_range": {"gte": 0.5, "lt": 2.5},
        "f_long_range": {"gt": 1, "lt": 2**35},
        "f_double_range": {"gte": -1.25, "lte": 1.25},
        "f_date_range": {"gte": "2024-01-01", "lte": "2024-12-31"},
        "f_ip_range": "10.0.0.0/8",
        "f_object": {"name": f"n{i}", "age": 20 + i,
                     "inner": {"score": i * 0.5, "deep": {"arr": [1, 2, 3], "x": None}}},
        "f_nested": [{"k": "a", "v": i}, {"k": "b", "v": -i}],
        "f_geo_point": {"lat": 30.25, "lon": 120.15},
        "f_geo_shape": "POINT (120.15 30.25)",
        "f_ip": f"192.168.0.{i % 250}",
        "f_completion": f"suggest {i}",
        "f_token_count": "one two three",
        "f_percolator": {"match": {"f_text": "fox"}},
        "f_join": "question",
        "@timestamp": 1700000000000 + i,
        "user-agent": "Mozilla/5.0 (X11)",
        "2fa": True,
    }
    if i % 5 == 0:  # sparse documents, nulls and arrays of scalars
        del doc["f_text"], doc["f_object"]
        doc["f_keyword"] = ["k1", "k2"]
        doc["f_ip"] = None
    return doc


def test_every_mapped_type(es: Any, es_url: str, es_indices: List[str], es_emulator: Any, sls: LogClient,
                           sls_project: str, tmp_path: Path) -> None:
    index = unique_name("esmig-types")
    es_indices.append(index)
    create_index(es, index, shards=2, mappings=TYPED_MAPPING)
    bulk_load(es, index, lambda i: (f"t{i}", typed_doc(i)), 40, chunk=40, threads=1)

    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=index).migrate()
    assert result.succeeded and result.total_count == 40
    assert [r.status for r in result.tasks] == [CollectionTaskStatus.SUCCESS] * 2

    config = sls.get_index_config(sls_project, index).get_index_config().to_json()
    assert config["line"]["token"] == DEFAULT_TOKEN_LIST
    for field, expected in TYPE_TABLE_EXPECTED.items():
        if expected is None:
            assert field not in config["keys"], field
            continue
        kind, tokens = expected
        assert config["keys"][field]["type"] == kind, field
        if tokens is not None:
            assert config["keys"][field]["token"] == tokens, field
    object_keys = config["keys"]["f_object"]["json_keys"]
    assert object_keys["name"]["type"] == "text" and object_keys["age"]["type"] == "long"
    assert object_keys["inner.score"]["type"] == "double"

    logs = pull_all(sls, sls_project, index)
    assert_same_documents(es_hits(es, index), logs, RENAMES)
    sample = next(log for log in logs if log["_id"] == "t1")
    assert json.loads(sample["f_object"]) == typed_doc(1)["f_object"]
    assert sample["f_nested"] == '[{"k":"a","v":1},{"k":"b","v":-1}]'
    assert sample["f_boolean"] == "false" and sample["f_long"] == str(2**40 + 1)
    assert "_type" not in sample  # Elasticsearch 8 hits have no _type


# --------------------------------------------------------------------------------------------------------------------
# 100,000 documents over 4 primary shards, default index -> logstore mapping

BIG_COUNT = 100_000


def big_doc(i: int) -> Any:
    return f"d{i}", {
        "msg": f"GET /api/v1/items/{i} served in {i % 997} ms by host-{i % 13}",
        "level": ("INFO", "WARN", "ERROR")[i % 3],
        "n": i,
        "ratio": i / 7,
        "@timestamp": 1700000000000 + i * 1000,
        "user": {"name": f"u{i % 101}", "age": i % 90},
        "tags": ["a", f"t{i % 5}"],
        "ok": i % 4 != 0,
    }


@pytest.fixture(scope="module")
def big_index(es: Any) -> Any:
    index = unique_name("esmig-big")
    # fields are mapped (so auto creation sees their types) but not searchable: loading 100k documents stays fast
    mappings = {"dynamic": False, "properties": {
        "msg": {"type": "text", "index": False},
        "level": {"type": "keyword", "index": False, "doc_values": False},
        "n": {"type": "long", "index": False, "doc_values": False},
        "ratio": {"type": "double", "index": False, "doc_values": False},
        "@timestamp": {"type": "date", "index": False, "doc_values": False},
        "user": {"properties": {"name": {"type": "keyword", "index": False, "doc_values": False},
                                "age": {"type": "integer", "index": False, "doc_values": False}}},
        "ok": {"type": "boolean", "index": False, "doc_values": False},
    }}
    create_index(es, index, shards=4, mappings=mappings, refresh_interval="-1",
                 **{"translog.durability": "async"})
    bulk_load(es, index, big_doc, BIG_COUNT)
    assert es.count(index=index)["count"] == BIG_COUNT
    yield index
    es.indices.delete(index=index, ignore_unavailable=True)


def test_100k_documents_over_4_shards(es: Any, es_url: str, big_index: str, es_emulator: Any, sls: LogClient,
                                      sls_project: str, tmp_path: Path) -> None:
    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=big_index, pool_size=4,
                     batch_size=2000, time_reference="@timestamp").migrate()
    assert result.succeeded, result.report()
    assert len(result.tasks) == 4 and {r.task.shard for r in result.tasks} == {0, 1, 2, 3}
    assert result.total_count == result.new_count == BIG_COUNT
    assert sum(r.count for r in result.tasks) == BIG_COUNT
    assert all(r.count > 10_000 for r in result.tasks)  # the documents really are spread over the shards

    logs = pull_all(sls, sls_project, big_index)  # default mapping: the logstore is named after the index
    assert len(logs) == BIG_COUNT
    assert_same_documents(es_hits(es, big_index), logs)
    times = {log["_id"]: int(log["__time__"]) for log in logs}
    assert times["d0"] == 1700000000 and times["d99999"] == 1700000000 + 99999

    # running the same migration again writes nothing: every task is complete in its checkpoint
    again = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=big_index, pool_size=4,
                    batch_size=2000, time_reference="@timestamp").migrate()
    assert again.succeeded and again.new_count == 0 and again.total_count == BIG_COUNT
    assert len(pull_all(sls, sls_project, big_index)) == BIG_COUNT


# --------------------------------------------------------------------------------------------------------------------
# logstore_index_mappings with wildcards


def test_wildcard_logstore_index_mappings(es: Any, es_url: str, es_indices: List[str], es_emulator: Any,
                                          sls: LogClient, sls_project: str, tmp_path: Path) -> None:
    prefix = unique_name("wm")
    names = {
        f"{prefix}-logs-a": {"properties": {"msg": {"type": "text"}, "code": {"type": "integer"}}},
        f"{prefix}-logs-b": {"properties": {"msg": {"type": "text"}, "latency": {"type": "float"}}},
        f"{prefix}-app-1": {"properties": {"event": {"type": "keyword"}}},
        f"{prefix}-app-2": {"properties": {"event": {"type": "keyword"}}},
        f"{prefix}-other": {"properties": {"x": {"type": "long"}}},
    }
    for n, (name, mapping) in enumerate(names.items()):
        es_indices.append(name)
        create_index(es, name, shards=1 + n % 2, mappings=mapping)
        field = next(iter(mapping["properties"]))
        bulk_load(es, name, lambda i, f=field: (f"{i}", {f: f"v{i}" if f != "x" else i}), 50 + n, threads=1)

    mappings = json.dumps({"ls-logs": f"{prefix}-logs-*", "ls-apps": f"{prefix}-app-1,{prefix}-app-?"})
    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=f"{prefix}-*",
                     logstore_index_mappings=mappings).migrate()
    assert result.succeeded
    assert {r.task.index: r.task.logstore for r in result.tasks} == {
        f"{prefix}-logs-a": "ls-logs", f"{prefix}-logs-b": "ls-logs",
        f"{prefix}-app-1": "ls-apps", f"{prefix}-app-2": "ls-apps",
        f"{prefix}-other": f"{prefix}-other",  # no mapping matches: the index's own name
    }
    for logstore, indices in (("ls-logs", [f"{prefix}-logs-a", f"{prefix}-logs-b"]),
                              ("ls-apps", [f"{prefix}-app-1", f"{prefix}-app-2"]),
                              (f"{prefix}-other", [f"{prefix}-other"])):
        hits = [hit for index in indices for hit in es_hits(es, index)]
        assert_same_documents(hits, pull_all(sls, sls_project, logstore))
    keys = sls.get_index_config(sls_project, "ls-logs").get_index_config().to_json()["keys"]
    assert keys["msg"]["type"] == "text" and keys["code"]["type"] == "long" and keys["latency"]["type"] == "double"


# --------------------------------------------------------------------------------------------------------------------
# query and time_reference


def test_query_and_time_reference(es: Any, es_url: str, es_indices: List[str], es_emulator: Any, sls: LogClient,
                                  sls_project: str, tmp_path: Path) -> None:
    millis = unique_name("qt-millis")
    seconds = unique_name("qt-seconds")
    es_indices.extend([millis, seconds])
    create_index(es, millis, shards=2, mappings={"properties": {
        "title": {"type": "text"},
        "date1": {"type": "date", "format": "strict_date_optional_time||epoch_millis||yyyy-MM-dd HH:mm:ss"}}})
    create_index(es, seconds, mappings={"properties": {
        "title": {"type": "text"}, "date1": {"type": "date", "format": "epoch_second"}}})
    base = 1_704_067_200  # 2024-01-01T00:00:00Z
    formats = [
        lambda t: t * 1000,  # epoch millis as a number
        lambda t: str(t * 1000 + 250),  # epoch millis as a string, with milliseconds
        lambda t: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t)),  # ISO 8601, UTC
        lambda t: time.strftime("%Y-%m-%dT%H:%M:%S.123+08:00", time.gmtime(t + 8 * 3600)),  # with a zone
        lambda t: time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)),  # custom format, no zone: UTC
    ]

    def doc(i: int) -> Any:
        title = "learning python" if i % 2 == 0 else "learning java"
        return f"m{i}", {"title": title, "date1": formats[i % len(formats)](base + i * 60)}

    bulk_load(es, millis, doc, 60, threads=1)
    bulk_load(es, seconds, lambda i: (f"s{i}", {"title": "python", "date1": base + i}), 10, threads=1)

    query = '{"query": {"match": {"title": "python"}}}'
    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=f"{millis},{seconds}",
                     query=query, time_reference="date1", logstore_index_mappings={"qt-logs": f"{millis},{seconds}"},
                     topic="es", source="es-test").migrate()
    assert result.succeeded and result.total_count == 30 + 10
    logs = pull_all(sls, sls_project, "qt-logs")
    hits = es_hits(es, millis, {"match": {"title": "python"}}) + es_hits(es, seconds)
    assert len(hits) == 40
    assert_same_documents(hits, logs)
    for log in logs:
        assert log["__topic__"] == "es" and log["__source__"] == "es-test"
        if log["_index"] == seconds:
            assert int(log["__time__"]) == base + int(log["_id"][1:])
        else:
            i = int(log["_id"][1:])
            assert int(log["__time__"]) == base + i * 60, log
            if i % len(formats) in (1, 3):
                assert int(log["__time_ns_part__"]) in (250_000_000, 123_000_000)


# --------------------------------------------------------------------------------------------------------------------
# basic authentication against a node with security on


def test_basic_auth(es_secure_url: str, es_emulator: Any, sls: LogClient, sls_project: str,
                    tmp_path: Path) -> None:
    from elasticsearch import Elasticsearch

    secure = Elasticsearch(es_secure_url, basic_auth=(ES_AUTH_USER, ES_AUTH_PASSWORD), request_timeout=60)
    index = unique_name("esmig-auth")
    try:
        create_index(secure, index, shards=2)
        bulk_load(secure, index, lambda i: (f"a{i}", {"msg": f"secret {i}", "n": i}), 300, threads=1)
        host = hostport(es_secure_url)
        with pytest.raises(Exception) as refused:  # no credentials: the node refuses
            manager(es_emulator, sls_project, host, tmp_path, indexes=index).migrate()
        assert "401" in str(refused.value) or "Authentication" in type(refused.value).__name__
        with pytest.raises(Exception) as wrong:
            manager(es_emulator, sls_project, f"{ES_AUTH_USER}:wrong-password@{host}", tmp_path,
                    indexes=index).migrate()
        assert "401" in str(wrong.value) or "Authentication" in type(wrong.value).__name__

        result = manager(es_emulator, sls_project, f"{ES_AUTH_USER}:{ES_AUTH_PASSWORD}@{host}", tmp_path,
                         indexes=index).migrate()
        assert result.succeeded and result.total_count == 300
        assert "wrong" not in result.report() and ES_AUTH_PASSWORD not in result.report()
        assert f"hosts={ES_AUTH_USER}:***@" in result.report()
        assert_same_documents(es_hits(secure, index), pull_all(sls, sls_project, index))
    finally:
        secure.indices.delete(index=index, ignore_unavailable=True)
        secure.close()


# --------------------------------------------------------------------------------------------------------------------
# interrupted and resumed


@pytest.fixture()
def resumable_index(es: Any, es_indices: List[str]) -> str:
    index = unique_name("esmig-resume")
    es_indices.append(index)
    create_index(es, index, shards=3)
    bulk_load(es, index, lambda i: (f"r{i}", {"msg": f"line {i}", "n": i, "obj": {"k": i % 7}}), 6000, threads=2)
    return index


def _crash(point: str, task_id: int, batch: int) -> Any:
    def hook(task: Any, number: int) -> None:
        if task.task_id == task_id and number == batch:
            os._exit(17)  # the worker process dies like a crash / kill -9

    return hook


@pytest.mark.parametrize("point", ["before_put", "after_put"])
def test_crash_and_resume_without_duplicates(point: str, monkeypatch: pytest.MonkeyPatch, es: Any, es_url: str,
                                             resumable_index: str, es_emulator: Any, sls: LogClient,
                                             sls_project: str, tmp_path: Path) -> None:
    """A worker dies with a batch pending, before or after the service stored it; the next run finds out which from
    the logstore and goes on without losing or repeating a document."""
    monkeypatch.setitem(task_module._TEST_HOOKS, point, _crash(point, task_id=1, batch=3))
    options = {"indexes": resumable_index, "batch_size": 400, "pool_size": 3}
    first = manager(es_emulator, sls_project, hostport(es_url), tmp_path, **options).migrate()
    assert not first.succeeded and first.fail_count >= 1
    assert "BrokenProcessPool" in (first.tasks[0].message or "")
    written_before = len(pull_all(sls, sls_project, resumable_index))
    assert 0 < written_before < 6000

    monkeypatch.delitem(task_module._TEST_HOOKS, point)
    second = manager(es_emulator, sls_project, hostport(es_url), tmp_path, **options).migrate()
    assert second.succeeded, second.report()
    assert second.total_count == 6000
    task1 = second.tasks[0]
    assert task1.resumed
    if point == "after_put":  # the pending batch was found in the logstore and not sent again
        assert task1.verified_batches == 1
    assert_same_documents(es_hits(es, resumable_index), pull_all(sls, sls_project, resumable_index))


def test_failed_tasks_are_retried_from_their_checkpoints(monkeypatch: pytest.MonkeyPatch, es: Any, es_url: str,
                                                        resumable_index: str, es_emulator: Any, sls: LogClient,
                                                        sls_project: str, tmp_path: Path) -> None:
    marker = tmp_path / "crashed-once"

    def crash_once(task: Any, number: int) -> None:
        if task.task_id == 2 and number == 2 and not marker.exists():
            marker.touch()
            os._exit(17)

    monkeypatch.setitem(task_module._TEST_HOOKS, "after_put", crash_once)
    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path / "cache", indexes=resumable_index,
                     batch_size=300, pool_size=3, retries_failed=1).migrate()
    assert marker.exists()
    assert result.succeeded and result.total_count == 6000, result.report()
    assert sum(r.verified_batches for r in result.tasks) >= 1
    assert_same_documents(es_hits(es, resumable_index), pull_all(sls, sls_project, resumable_index))


def test_lost_scroll_is_restarted_after_the_last_document(monkeypatch: pytest.MonkeyPatch, es: Any, es_url: str,
                                                          resumable_index: str, es_emulator: Any, sls: LogClient,
                                                          sls_project: str, tmp_path: Path) -> None:
    """Every scroll context is dropped on the server in the middle of the migration (as when one expires): each task
    starts a new scroll after the last document it read, and no document is lost or repeated."""
    import urllib.request

    def drop_scrolls(task: Any, number: int) -> None:
        if number == 2:
            urllib.request.urlopen(urllib.request.Request(f"{es_url}/_search/scroll/_all", method="DELETE"))

    monkeypatch.setitem(task_module._TEST_HOOKS, "after_put", drop_scrolls)
    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=resumable_index,
                     batch_size=300, pool_size=1, progress=False).migrate()
    assert result.succeeded and result.total_count == 6000, result.report()
    assert all(r.scroll_restarts >= 1 for r in result.tasks)
    assert_same_documents(es_hits(es, resumable_index), pull_all(sls, sls_project, resumable_index))


def test_slices_per_shard(es: Any, es_url: str, resumable_index: str, es_emulator: Any, sls: LogClient,
                          sls_project: str, tmp_path: Path) -> None:
    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=resumable_index,
                     slices_per_shard=3, pool_size=4, batch_size=250).migrate()
    assert result.succeeded and len(result.tasks) == 9 and result.total_count == 6000
    assert {(r.task.shard, r.task.slice_id) for r in result.tasks} == {(s, i) for s in range(3) for i in range(3)}
    assert all(r.count > 0 for r in result.tasks)
    assert_same_documents(es_hits(es, resumable_index), pull_all(sls, sls_project, resumable_index))


MIGRATE_SCRIPT = """
import logging, sys
logging.basicConfig(level=logging.INFO, stream=sys.stderr)
from aliyun.log.es_migration import MigrationManager
endpoint, key_id, key, project, hosts, index, cache = sys.argv[1:8]
MigrationManager(hosts=hosts, indexes=index, endpoint=endpoint, project_name=project, access_key_id=key_id,
                 access_key=key, pool_size=2, wait_time_in_secs=0, cache_path=cache, batch_size=50).migrate()
"""


def _checkpoint_count(cache: Path) -> int:
    total = 0
    for path in cache.glob("*/tasks/*.json"):
        try:
            total += json.loads(path.read_text())["count"]
        except (ValueError, KeyError, OSError):
            pass
    return total


def test_ctrl_c_and_resume(es: Any, es_url: str, resumable_index: str, es_emulator: Any, sls: LogClient,
                           sls_project: str, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group) stops the run cleanly; the next run continues."""
    args = [sys.executable, "-c", MIGRATE_SCRIPT, es_emulator.endpoint, *es_emulator.credentials, sls_project,
            hostport(es_url), resumable_index, str(tmp_path)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while _checkpoint_count(tmp_path) < 500 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    os.killpg(proc.pid, signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode != 0, err
    assert "KeyboardInterrupt" in err and "run it again to continue" in err, err[-3000:]
    assert "status=CollectionTaskStatus.INTERRUPTED" in err
    interrupted_at = _checkpoint_count(tmp_path)
    assert 500 <= interrupted_at < 6000
    assert len(pull_all(sls, sls_project, resumable_index)) == interrupted_at  # checkpoints match the logstore

    result = manager(es_emulator, sls_project, hostport(es_url), tmp_path, indexes=resumable_index,
                     batch_size=50).migrate()
    assert result.succeeded and result.total_count == 6000
    assert result.new_count == 6000 - interrupted_at
    assert_same_documents(es_hits(es, resumable_index), pull_all(sls, sls_project, resumable_index))
