"""transform_data end to end against the emulator: batch mode, options, bad configs and bad events."""

from __future__ import annotations

import collections
import os
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from aliyun.log import LogClient, LogException
from aliyun.log.etl import Runner
from aliyun.log.etl.errors import SettingError

from .data import CONFIG, STATUS_CSV, fill, make_events, read_all

#: Logs of the large end-to-end run (the fast suite uses 20,000; ETL_E2E_LOGS=100000 for the full size).
E2E_LOGS = int(os.environ.get("ETL_E2E_LOGS", "20000"))


@pytest.fixture()
def config_path(tmp_path: Path) -> Path:
    (tmp_path / "status.csv").write_text(STATUS_CSV)
    path = tmp_path / f"etl_e2e_{tmp_path.name.replace('-', '_')}.py"
    path.write_text(CONFIG)
    return path


def _expected(config_path: Path, events: List[Dict[str, str]]) -> List[Dict[str, Any]]:
    """What the engine alone makes of the events, with the meta fields transform_data adds."""
    runner = Runner(str(config_path))
    out: List[Dict[str, Any]] = []
    for event in events:
        result = runner({**event, "__topic__": "src-topic", "__source__": "src-host", "__tag__:env": "test"})
        out.extend([] if result is None else [result] if isinstance(result, dict) else result)
    return out


def _comparable(log: Dict[str, Any]) -> tuple:
    return tuple(sorted((k, v) for k, v in log.items() if k not in ("__time__", "__tag__:__receive_time__")))


@pytest.mark.slow
def test_batch_mode_parses_enriches_drops_renames_and_dispatches(client: LogClient, project: str,
                                                                 make_logstore: Callable[..., str],
                                                                 config_path: Path) -> None:
    source, target = make_logstore(shard_count=4), make_logstore(shard_count=2)
    events = make_events(E2E_LOGS)
    fill(client, project, source, events)
    started = time.monotonic()
    result = client.transform_data(project, source, str(config_path), "begin", to_logstore=target, pool_size=2)
    elapsed = time.monotonic() - started
    body = result.get_body()
    expected = _expected(config_path, events)
    written = read_all(client, project, target)
    removed = sum(1 for e in events if "/health" in e.get("content", e.get("payload", "")))

    assert body["total_count"] == len(events)
    assert sorted(body["shards"]) == ["0", "1", "2", "3"]
    assert sum(s["transformed"] for s in body["shards"].values()) == len(expected) == len(written)
    assert sum(s["removed"] for s in body["shards"].values()) == removed
    assert all(s["failed"] == 0 and s["count"] == s["total_count"] for s in body["shards"].values())
    assert collections.Counter(map(_comparable, written)) == collections.Counter(map(_comparable, expected))
    sample = next(log for log in written if log.get("status") == "503")
    assert sample["__topic__"] == "errors" and sample["status_class"] == "server_error"
    assert sample["severity"] == "error" and "client_ip" in sample and "content" not in sample
    assert sample["__tag__:env"] == "test" and sample["__source__"] == "src-host"
    print(f"\ntransform_data batch mode: {len(events)} logs in {elapsed:.1f}s")


def test_shard_list_and_time_range(client: LogClient, project: str, make_logstore: Callable[..., str],
                                   config_path: Path) -> None:
    source, target = make_logstore(shard_count=4), make_logstore(shard_count=1)
    fill(client, project, source, make_events(400), group=50)
    one = client.transform_data(project, source, str(config_path), "begin", "end", to_logstore=target,
                                shard_list="1,3-3", pool_size=0).get_body()
    assert set(one["shards"]) <= {"1", "3"} and one["total_count"] > 0
    future = client.transform_data(project, source, str(config_path), "1 hour ago", to_time="2000-01-01 00:00:00",
                                   to_logstore=target, pool_size=0).get_body()
    assert future == {"total_count": 0, "shards": {}}
    with pytest.raises(LogException) as info:
        client.transform_data(project, source, str(config_path), "begin", shard_list="7-9", to_logstore=target)
    assert info.value.error_code == "InvalidParameter"


def test_a_bad_config_fails_before_any_data_is_read(client: LogClient, project: str,
                                                    make_logstore: Callable[..., str], tmp_path: Path) -> None:
    source, target = make_logstore(shard_count=1), make_logstore(shard_count=1)
    fill(client, project, source, make_events(10))
    bad = tmp_path / "etl_bad_cfg_e2e.py"
    bad.write_text('from aliyun.log.etl_core import *\nKEEP_EVENT_1 = "*"\n')
    with pytest.raises(SettingError, match="Invalid condition"):
        client.transform_data(project, source, str(bad), "begin", to_logstore=target)
    assert read_all(client, project, target) == []


def test_failing_events_are_counted_reported_and_dead_lettered(client: LogClient, project: str,
                                                               make_logstore: Callable[..., str], tmp_path: Path,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    source, target, dead = (make_logstore(shard_count=1) for _ in range(3))
    fill(client, project, source, [{"id": str(i), "n": str(i)} for i in range(100)])
    config = tmp_path / "etl_failing_cfg_e2e.py"
    config.write_text("from aliyun.log.etl_core import *\n"
                      "def sls_eu_check(event):\n"
                      "    if int(event['n']) % 10 == 0:\n"
                      "        raise ValueError('multiple of ten: ' + event['n'])\n"
                      "    return {'ok': '1'}\n")
    body = client.transform_data(project, source, str(config), "begin", to_logstore=target,
                                 dead_letter_logstore=dead, pool_size=0).get_body()
    assert body["shards"]["0"] == {"count": 100, "total_count": 100, "transformed": 90, "removed": 0, "failed": 10}
    assert len(read_all(client, project, target)) == 90
    letters = read_all(client, project, dead)
    assert sorted(int(log["n"]) for log in letters) == list(range(0, 100, 10))
    assert all(log["etl_rule"] == "sls_eu_check (line 2)" and "ValueError" in log["etl_error"] for log in letters)
    reports = [r for r in caplog.records if "sls_eu_check" in r.getMessage()]
    assert len(reports) == 1  # once per distinct error


def test_empty_config_copies_the_data(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    source, target = make_logstore(shard_count=2), make_logstore(shard_count=1)
    fill(client, project, source, make_events(30), group=10)
    body = client.transform_data(project, source, "", "begin", to_logstore=target).get_body()
    assert body["total_count"] == 30
    assert len(read_all(client, project, target)) == 30


def test_writes_into_another_project_through_another_client(client: LogClient, project: str,
                                                            make_logstore: Callable[..., str], config_path: Path,
                                                            emulator: Any) -> None:
    source = make_logstore(shard_count=1)
    fill(client, project, source, make_events(20))
    other_project = f"{project}-dst"
    client.create_project(other_project, "target")
    try:
        client.create_logstore(other_project, "out", shard_count=1)
        with LogClient(emulator.endpoint, *emulator.credentials) as other:
            body = client.transform_data(project, source, str(config_path), "begin", to_client=other,
                                         to_project=other_project, to_logstore="out", pool_size=1).get_body()
        assert len(read_all(client, other_project, "out")) == sum(
            s["transformed"] for s in body["shards"].values()) > 0
    finally:
        client.delete_project(other_project)


def test_writer_outputs_times_topics_and_odd_values(client: LogClient, project: str,
                                                    make_logstore: Callable[..., str]) -> None:
    from aliyun.log.etl.sink import LogWriter

    target = make_logstore(shard_count=1)
    shared = {"__time__": "1700000000", "__topic__": "t1", "a": "1"}
    outputs = [shared, shared, {"b": 2, "c": None, "__source__": "s2", "__tag__:k": "v"},
               {"__time__": "bad", "d": {"x": [1]}}, "not a dict"]
    writer = LogWriter(client, project, target)
    assert writer.write(outputs, default_time=1700000100) == 4 and writer.skipped == 1
    logs = sorted(read_all(client, project, target), key=lambda log: (log["__time__"], sorted(log)))
    assert [(log["__time__"], log["__topic__"], log["__source__"]) for log in logs] == [
        ("1700000000", "t1", ""), ("1700000000", "t1", ""), ("1700000100", "", "s2"), ("1700000100", "", "")]
    assert logs[2]["b"] == "2" and logs[2]["c"] == "" and logs[2]["__tag__:k"] == "v"
    assert logs[3]["d"] == '{"x": [1]}'


def test_a_failing_shard_is_reported_not_raised(client: LogClient, project: str, make_logstore: Callable[..., str],
                                                config_path: Path) -> None:
    source = make_logstore(shard_count=2)
    fill(client, project, source, make_events(20), group=5)
    body = client.transform_data(project, source, str(config_path), "begin", to_logstore="no-such-logstore",
                                 pool_size=0).get_body()
    assert body["total_count"] == 0 and body["shards"] == {}
    assert set(body["errors"]) == {"0", "1"} and all("LogStoreNotExist" in e for e in body["errors"].values())
