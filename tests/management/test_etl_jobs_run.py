"""ETL jobs whose script is a config of the SDK's ETL engine run in the emulator: start, stop, resume, toTime, and
scripts the engine does not accept (stored only, with the reason)."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Optional, Tuple

import pytest

from aliyun.log.client import LogClient
from aliyun.log.emulator import Emulator
from aliyun.log.emulator.etl_runner import load_script, unrunnable_reason
from aliyun.log.models.logitem import LogItem
from aliyun.log.models.request import PutLogsRequest

from .helpers import error_of, wait_for

SCRIPT = """from aliyun.log.etl_core import *
KEEP_EVENT_levels = {"level": "ERROR|WARN"}
RENAME_FIELDS_msg = {"msg": "message"}
"""
COPY_SCRIPT = "from aliyun.log.etl_core import *\n"
SCHEDULE = {"type": "Resident"}
Row = Tuple[str, ...]


def etl_config(source: str, project: str, sink: Optional[str], script: str = SCRIPT, **times: int) -> Dict[str, Any]:
    config: Dict[str, Any] = {"logstore": source, "script": script, "fromTime": times.get("from_time", 0),
                              "toTime": times.get("to_time", 0), "roleArn": "acs:ram::1:role/aliyunlogetlrole",
                              "version": 2, "parameters": {}}
    if sink is not None:
        config["sinks"] = [{"name": "default", "project": project, "logstore": sink,
                            "endpoint": "cn-hangzhou.log.aliyuncs.com", "roleArn": "acs:ram::1:role/x"}]
    return config


def put(client: LogClient, project: str, logstore: str, batch: str, levels: Tuple[str, ...]) -> None:
    items = [LogItem(contents=[("level", level), ("msg", f"{batch}-{i}")]) for i, level in enumerate(levels)]
    client.put_logs(PutLogsRequest(project, logstore, "", "", items))


def rows(client: LogClient, project: str, logstore: str) -> List[Row]:
    """Every log of ``logstore`` as a sorted tuple of its ``key=value`` contents, sorted."""
    found: List[Row] = []
    for shard in client.list_shards(project, logstore).get_shards_info():
        for response in client.pull_log(project, logstore, shard["shardID"], "begin", "end"):
            for log in response.get_flatten_logs_json():
                found.append(tuple(sorted(f"{k}={v}" for k, v in log.items() if not k.startswith("__"))))
    return sorted(found)


def transformed(batch: str, levels: Tuple[str, ...]) -> List[Row]:
    """What SCRIPT makes of a batch put by :func:`put`."""
    return [(f"level={level}", f"message={batch}-{i}") for i, level in enumerate(levels) if level in ("ERROR", "WARN")]


def copied(batch: str, levels: Tuple[str, ...]) -> List[Row]:
    return [(f"level={level}", f"msg={batch}-{i}") for i, level in enumerate(levels)]


def job(client: LogClient, project: str, name: str) -> Dict[str, Any]:
    return client.get_etl(project, name).get_etl()


def wait_rows(client: LogClient, project: str, logstore: str, expected: List[Row], what: str) -> None:
    wait_for(lambda: rows(client, project, logstore), lambda seen: seen == sorted(expected), what, timeout=90)


B1, B2, B3 = ("ERROR", "INFO", "WARN", "DEBUG"), ("WARN", "INFO", "ERROR"), ("ERROR",)


def test_etl_job_runs_stops_and_resumes(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    source, dest, witness = make_logstore(shard_count=2), make_logstore(), make_logstore()
    put(client, project, source, "b1", B1)
    client.create_etl(project, "etl", etl_config(source, project, dest), SCHEDULE, "errors only")
    # The witness copies the same source: once it has a batch, the worker has run a pass over that batch.
    client.create_etl(project, "witness", etl_config(source, project, witness, COPY_SCRIPT), SCHEDULE, "copy")
    assert (job(client, project, "etl")["status"], "statusMessage" in job(client, project, "etl")) == ("RUNNING", False)
    wait_rows(client, project, dest, transformed("b1", B1), "the first batch transformed")

    client.stop_etl(project, "etl")
    assert job(client, project, "etl")["status"] == "STOPPED"
    put(client, project, source, "b2", B2)
    wait_rows(client, project, witness, copied("b1", B1) + copied("b2", B2), "the witness copying the second batch")
    assert rows(client, project, dest) == sorted(transformed("b1", B1)), "a stopped job transformed logs"

    client.start_etl(project, "etl")
    assert job(client, project, "etl")["status"] == "RUNNING"
    wait_rows(client, project, dest, transformed("b1", B1) + transformed("b2", B2), "the job resuming")
    put(client, project, source, "b3", B3)
    wait_rows(client, project, witness, copied("b1", B1) + copied("b2", B2) + copied("b3", B3), "the third batch")
    wait_rows(client, project, dest, transformed("b1", B1) + transformed("b2", B2) + transformed("b3", B3),
              "each batch transformed once")
    client.delete_etl(project, "etl")
    assert error_of(lambda: client.get_etl(project, "etl")) == ("JobNotExist", 404)


def test_from_time_and_to_time(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    source, dest = make_logstore(shard_count=2), make_logstore()
    put(client, project, source, "old", B1)
    written = int(time.time())
    wait_for(lambda: int(time.time()), lambda now: now > written, "the next second", timeout=5)
    start = int(time.time())
    config = etl_config(source, project, dest, from_time=start, to_time=start + 2)
    client.create_etl(project, "window", config, SCHEDULE, "a window")
    put(client, project, source, "new", B2)
    wait_rows(client, project, dest, transformed("new", B2), "the logs received from fromTime")
    ended = wait_for(lambda: job(client, project, "window"), lambda body: body["status"] == "SUCCEEDED",
                     "the job to succeed at toTime", timeout=90)
    assert "toTime" in ended["statusMessage"]
    put(client, project, source, "late", B3)  # after toTime: not transformed, even when started again
    client.start_etl(project, "window")
    wait_for(lambda: job(client, project, "window"), lambda body: body["status"] == "SUCCEEDED",
             "the started job to succeed again", timeout=90)
    assert rows(client, project, dest) == sorted(transformed("new", B2))


@pytest.mark.parametrize("script, reason", [
    ("e_set('tag', 'x')", "unknown type detected: Expr at line 1"),
    ("import os\nKEEP_EVENT_x = {}", "unknown type detected: Import at line 1"),
    ("from aliyun.log.etl_core import *\nKEEP_FIELDS_x = 5", "KEEP_FIELDS setting 5 is not supported"),
    ("from aliyun.log.etl_core import *\nTRANSFORM_EVENT_x = (True, ('a', LOOKUP('/etc/passwd', ['b'])))",
     "LOOKUP reads files"),
])
def test_a_script_the_engine_rejects_is_stored_only(client: LogClient, project: str,
                                                     make_logstore: Callable[..., str], script: str,
                                                     reason: str) -> None:
    source, dest, witness = make_logstore(), make_logstore(), make_logstore()
    client.create_etl(project, "bad", etl_config(source, project, dest, script), SCHEDULE, "bad")
    client.create_etl(project, "witness", etl_config(source, project, witness, COPY_SCRIPT), SCHEDULE, "copy")
    body = job(client, project, "bad")
    assert body["status"] == "RUNNING" and body["configuration"]["script"] == script
    assert "stored only" in body["statusMessage"] and reason in body["statusMessage"], body["statusMessage"]
    put(client, project, source, "b1", B1)
    wait_rows(client, project, witness, copied("b1", B1), "the witness copying the batch")
    assert rows(client, project, dest) == []
    client.stop_etl(project, "bad")
    client.start_etl(project, "bad")
    assert reason in job(client, project, "bad")["statusMessage"]
    client.update_etl(project, "bad", etl_config(source, project, dest), SCHEDULE, "fixed")
    assert "statusMessage" not in job(client, project, "bad")
    wait_rows(client, project, dest, transformed("b1", B1), "the fixed job running")


def test_a_job_without_a_sink_or_with_a_missing_logstore(client: LogClient, project: str,
                                                         make_logstore: Callable[..., str]) -> None:
    source = make_logstore()
    client.create_etl(project, "no-sink", etl_config(source, project, None), SCHEDULE, "no sink")
    assert "no sink" in job(client, project, "no-sink")["statusMessage"]
    client.create_etl(project, "gone", etl_config(source, project, "missing-logstore"), SCHEDULE, "missing")
    failed = wait_for(lambda: job(client, project, "gone"), lambda body: body["status"] == "FAILED",
                      "a job writing to a missing logstore to fail", timeout=90)
    assert "missing-logstore" in failed["statusMessage"]
    assert error_of(lambda: client.stop_etl(project, "gone")) == ("ParameterInvalid", 400)


def test_checkpoints_survive_an_emulator_restart(tmp_path: Any) -> None:
    def session(batch: str, expected: List[Row]) -> None:
        with Emulator(data_dir=str(tmp_path)) as emu, LogClient(emu.endpoint, *emu.credentials) as client:
            if batch == "b1":
                client.create_project("etl-restart", "")
                client.create_logstore("etl-restart", "source", shard_count=2)
                client.create_logstore("etl-restart", "dest")
                client.create_etl("etl-restart", "etl", etl_config("source", "etl-restart", "dest"), SCHEDULE, "e")
            put(client, "etl-restart", "source", batch, B1)
            wait_rows(client, "etl-restart", "dest", expected, f"the job after batch {batch}")

    session("b1", transformed("b1", B1))
    session("b2", transformed("b1", B1) + transformed("b2", B1))


def test_load_script_and_reasons() -> None:
    runner = load_script(SCRIPT)
    assert runner({"level": "WARN", "msg": "m"}) == {"level": "WARN", "message": "m"}
    assert runner({"level": "INFO", "msg": "m"}) is None
    assert unrunnable_reason({"script": SCRIPT, "sinks": [{"logstore": "d"}]}) is None
    assert "no sink" in str(unrunnable_reason({"script": SCRIPT, "sinks": []}))
    assert "unknown call id detected: open" in str(unrunnable_reason(
        {"script": "from aliyun.log.etl_core import *\nKEEP_EVENT_x = open('f')", "sinks": [{"logstore": "d"}]}))
