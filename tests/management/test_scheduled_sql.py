"""Scheduled SQL against the emulator: CRUD, validation, and jobs that really run on their schedule."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

from aliyun.log import (
    IndexConfig,
    IndexKeyConfig,
    IndexLineConfig,
    JobSchedule,
    JobScheduleType,
    LogClient,
    LogException,
    LogItem,
    PutLogsRequest,
    ScheduledSQL,
    ScheduledSQLConfiguration,
)
from aliyun.log.emulator import Emulator

from .helpers import error_of, wait_for


def make_job(project: str, source: str, dest: str, name: str = "pv-job", interval: str = "2s",
             script: str = "* | select status, count(*) as pv group by status",
             from_expr: str = "@s-2s", to_expr: str = "@s") -> ScheduledSQL:
    config = ScheduledSQLConfiguration()
    config.setSourceLogstore(source)
    config.setDestProject(project)
    config.setDestLogstore(dest)
    config.setScript(script)
    config.setFromTimeExpr(from_expr)
    config.setToTimeExpr(to_expr)
    config.setFromTime(int(time.time()) - 1)
    config.setRoleArn("acs:ram::1:role/aliyunlogetlrole")
    schedule = JobSchedule()
    schedule.setType(JobScheduleType.FIXED_RATE)
    schedule.setInterval(interval)
    job = ScheduledSQL()
    job.setName(name)
    job.setDisplayName("page views")
    job.setDescription("per status")
    job.setSchedule(schedule)
    job.setConfiguration(config)
    return job


@pytest.fixture()
def stores(client: LogClient, project: str, make_logstore: Callable[..., str]) -> Dict[str, str]:
    source, dest = make_logstore(shard_count=1), make_logstore(shard_count=1)
    index = IndexConfig(line_config=IndexLineConfig(), key_config_list={"status": IndexKeyConfig(doc_value=True)})
    client.create_index(project, source, index)
    client.create_index(project, dest, IndexConfig(line_config=IndexLineConfig()))
    return {"source": source, "dest": dest}


def test_crud_and_paging(client: LogClient, project: str, stores: Dict[str, str]) -> None:
    job = make_job(project, stores["source"], stores["dest"], interval="1h", from_expr="@h-1h", to_expr="@h")
    client.create_scheduled_sql(project, job)
    got = client.get_scheduled_sql(project, "pv-job").get_scheduled_sql()
    assert got["type"] == "ScheduledSQL" and got["status"] == "ENABLED"
    assert got["configuration"]["script"] == job.getConfiguration().getScript()
    assert ScheduledSQL.from_json(got).getSchedule().getInterval() == "1h"
    assert isinstance(got["createTime"], int)
    assert error_of(lambda: client.create_scheduled_sql(project, job)) == ("JobAlreadyExist", 400)

    job.setDescription("changed")
    job.getConfiguration().setScript("* | select count(*) as n")
    client.update_scheduled_sql(project, job)
    got = client.get_scheduled_sql(project, "pv-job").get_scheduled_sql()
    assert got["description"] == "changed" and got["configuration"]["script"] == "* | select count(*) as n"

    for index in range(3):
        client.create_scheduled_sql(project, make_job(project, stores["source"], stores["dest"], f"extra-{index}",
                                                      interval="1h", from_expr="@h-1h", to_expr="@h"))
    client.create_alert(project, {"name": "not-sql", "displayName": "a", "schedule": {"type": "FixedRate",
                                                                                      "interval": "5m"},
                                  "configuration": {}})
    page = client.list_scheduled_sql(project, offset=1, size=2)
    assert (page.get_count(), page.get_total()) == (2, 4)
    everything = client.list_scheduled_sql(project, size=-1)
    assert sorted(job["name"] for job in everything.get_scheduled_sql_jobs()) == \
        ["extra-0", "extra-1", "extra-2", "pv-job"]

    client.delete_scheduled_sql(project, "pv-job")
    assert error_of(lambda: client.get_scheduled_sql(project, "pv-job")) == ("JobNotExist", 404)
    assert error_of(lambda: client.delete_scheduled_sql(project, "pv-job")) == ("JobNotExist", 404)
    assert error_of(lambda: client.update_scheduled_sql(project, job)) == ("JobNotExist", 404)


def test_bad_jobs_are_rejected_before_or_by_the_service(client: LogClient, project: str,
                                                        stores: Dict[str, str]) -> None:
    job = make_job(project, stores["source"], stores["dest"])
    job.getConfiguration().setFromTime(100)
    assert error_of(lambda: client.create_scheduled_sql(project, job))[0] == "BadParameters"

    cases: List[Callable[[ScheduledSQL], Any]] = [
        lambda j: j.getSchedule().setInterval("often"),
        lambda j: j.getSchedule().setType("Sometimes"),
        lambda j: j.getConfiguration().setFromTimeExpr("yesterday"),
        lambda j: j.getConfiguration().setScript(""),
        lambda j: j.setName("bad name!"),
    ]
    for spoil in cases:
        spoiled = make_job(project, stores["source"], stores["dest"])
        spoil(spoiled)
        assert error_of(lambda j=spoiled: client.create_scheduled_sql(project, j)) == ("ParameterInvalid", 400)
    odd_format = make_job(project, stores["source"], stores["dest"])
    odd_format.getConfiguration().setDataFormat("log2nothing")
    with pytest.raises(ValueError):  # the SDK refuses it, as the original does
        client.create_scheduled_sql(project, odd_format)
    body = make_job(project, stores["source"], stores["dest"]).to_json()
    body["configuration"]["dataFormat"] = "log2nothing"
    assert error_of(lambda: client._send_json("POST", "/jobs", project, body)) == ("ParameterInvalid", 400)
    job = make_job(project, "no-such-logstore", stores["dest"])
    assert error_of(lambda: client.create_scheduled_sql(project, job)) == ("LogStoreNotExist", 404)
    assert client.list_scheduled_sql(project).get_total() == 0
    assert error_of(lambda: client.create_scheduled_sql("no-such-project-x", job))[0] == "ProjectNotExist"
    with pytest.raises(LogException) as info:
        client.modify_scheduled_sql_job_instance_state(project, "pv-job", "x", "SUCCEEDED")
    assert info.value.get_error_code() == "BadParameters"


def _put_statuses(client: LogClient, project: str, logstore: str, statuses: List[str]) -> None:
    items = []
    for status in statuses:
        item = LogItem()
        item.set_time(int(time.time()))
        item.push_back("status", status)
        items.append(item)
    client.put_logs(PutLogsRequest(project, logstore, "", "", items))


def _dest_rows(client: LogClient, project: str, dest: str) -> List[Dict[str, str]]:
    now = int(time.time())
    resp = client.get_log(project, dest, now - 600, now + 600, query="*", size=100)
    return [log.get_contents() for log in resp.get_logs()]


def test_an_enabled_job_runs_on_its_schedule_and_can_be_rerun(client: LogClient, project: str,
                                                               stores: Dict[str, str]) -> None:
    source, dest = stores["source"], stores["dest"]
    client.create_scheduled_sql(project, make_job(project, source, dest))
    _put_statuses(client, project, source, ["200", "200", "500"])

    def totals() -> Dict[str, int]:
        counts: Dict[str, int] = {}
        for row in _dest_rows(client, project, dest):
            counts[row.get("status", "?")] = counts.get(row.get("status", "?"), 0) + int(row.get("pv", 0))
        return counts

    seen = wait_for(totals, lambda c: c.get("200", 0) >= 2 and c.get("500", 0) >= 1,
                    "the job's result rows in the destination logstore")
    assert set(seen) <= {"200", "500"}

    now = int(time.time())
    instances = wait_for(
        lambda: client.list_scheduled_sql_job_instance(project, "pv-job", now - 600, now + 600, size=-1)
        .get_scheduled_sql_jobs(),
        lambda found: any(i["state"] == "SUCCEEDED" for i in found), "a SUCCEEDED instance")
    succeeded = [i for i in instances if i["state"] == "SUCCEEDED"]
    done = max(succeeded, key=lambda i: int(i["summary"]["destLines"]))
    assert int(done["summary"]["destLines"]) >= 1
    assert client.list_scheduled_sql_job_instance(project, "pv-job", now - 600, now + 600,
                                                  state="FAILED").get_total() == 0

    instance = client.get_scheduled_sql_job_instance(project, "pv-job", done["instanceId"], result="true") \
        .get_instance()
    assert instance["instanceId"] == done["instanceId"] and instance["state"] == "SUCCEEDED"
    before = instance["updateTime"]

    client.disable_alert(project, "pv-job")  # stop new runs so the re-run is the only change
    assert client.get_scheduled_sql(project, "pv-job").get_scheduled_sql()["status"] == "DISABLED"
    lines_before = len(_dest_rows(client, project, dest))
    client.modify_scheduled_sql_job_instance_state(project, "pv-job", done["instanceId"], "RUNNING")
    rerun = wait_for(
        lambda: client.get_scheduled_sql_job_instance(project, "pv-job", done["instanceId"]).get_instance(),
        lambda i: i["state"] == "SUCCEEDED" and i["updateTime"] >= before and i.get("rerunCount", 0) >= 1,
        "the re-run instance to finish")
    assert rerun["summary"]["destLines"] == done["summary"]["destLines"]
    wait_for(lambda: len(_dest_rows(client, project, dest)), lambda n: n >= lines_before +
             int(done["summary"]["destLines"]), "the re-run's rows")
    assert error_of(lambda: client.get_scheduled_sql_job_instance(project, "pv-job", "no-such-instance")) \
        == ("JobInstanceNotExist", 404)
    assert error_of(lambda: client.modify_scheduled_sql_job_instance_state(project, "pv-job", "no-such-instance",
                                                                           "RUNNING")) == ("JobInstanceNotExist", 404)
    assert error_of(lambda: client.list_scheduled_sql_job_instance(project, "no-such-job", now - 600, now)) \
        == ("JobNotExist", 404)
    assert error_of(lambda: client.list_scheduled_sql_job_instance(project, "pv-job", now - 600, now,
                                                                   state="PAUSED")) == ("ParameterInvalid", 400)
    assert error_of(lambda: client._send("PUT", f"/jobs/pv-job/jobinstances/{done['instanceId']}", project,
                                         {"state": "FAILED"})) == ("ParameterInvalid", 400)


def test_a_failing_run_is_recorded_as_failed(client: LogClient, project: str, stores: Dict[str, str]) -> None:
    job = make_job(project, stores["source"], stores["dest"], script="* | select no_such_function(status)")
    client.create_scheduled_sql(project, job)
    now = int(time.time())
    failed = wait_for(
        lambda: client.list_scheduled_sql_job_instance(project, "pv-job", now - 600, now + 600,
                                                       state="FAILED").get_scheduled_sql_jobs(),
        lambda found: bool(found), "a FAILED instance")
    assert failed[0]["errorMessage"]
    assert _dest_rows(client, project, stores["dest"]) == []


def test_jobs_keep_running_after_an_emulator_restart(tmp_path: Path) -> None:
    with Emulator(data_dir=str(tmp_path)) as first:
        client = LogClient(first.endpoint, *first.credentials)
        client.create_project("restart-proj", "")
        for name in ("src", "dst"):
            client.create_logstore("restart-proj", name, shard_count=1)
        client.create_index("restart-proj", "src", IndexConfig(
            line_config=IndexLineConfig(), key_config_list={"status": IndexKeyConfig(doc_value=True)}))
        client.create_index("restart-proj", "dst", IndexConfig(line_config=IndexLineConfig()))
        client.create_scheduled_sql("restart-proj", make_job("restart-proj", "src", "dst"))
        client.close()
    with Emulator(data_dir=str(tmp_path)) as second:
        client = LogClient(second.endpoint, *second.credentials)
        _put_statuses(client, "restart-proj", "src", ["404"])
        wait_for(lambda: _dest_rows(client, "restart-proj", "dst"), lambda rows: any(r.get("status") == "404"
                                                                                     for r in rows),
                 "a run after the restart")
        client.close()
