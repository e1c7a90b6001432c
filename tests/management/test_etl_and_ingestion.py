"""ETL and ingestion jobs: stored with their state machines (the emulator runs an ETL job only when its script is
a config of our ETL engine; it never ingests)."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict

from aliyun.log import LogClient

from .helpers import error_of

ETL_CONFIG = {"logstore": "source", "script": "e_set('tag', 'x')", "fromTime": 0, "toTime": 0,
              "roleArn": "acs:ram::1:role/aliyunlogetlrole", "version": 2, "parameters": {},
              "sinks": [{"name": "to-dest", "project": "p", "logstore": "dest",
                         "endpoint": "cn-hangzhou.log.aliyuncs.com", "roleArn": "acs:ram::1:role/x"}]}
ETL_SCHEDULE = {"type": "Resident"}


def test_etl_lifecycle(client: LogClient, project: str) -> None:
    client.create_etl(project, "etl-1", ETL_CONFIG, ETL_SCHEDULE, "ETL one", "copies with a tag")
    job = client.get_etl(project, "etl-1").get_etl()
    assert (job["type"], job["status"], job["displayName"]) == ("ETL", "RUNNING", "ETL one")
    assert job["configuration"]["script"] == ETL_CONFIG["script"]
    assert error_of(lambda: client.create_etl(project, "etl-1", ETL_CONFIG, ETL_SCHEDULE, "x")) \
        == ("JobAlreadyExist", 400)

    client.stop_etl(project, "etl-1")
    assert client.get_etl(project, "etl-1").get_etl()["status"] == "STOPPED"
    assert error_of(lambda: client.stop_etl(project, "etl-1")) == ("ParameterInvalid", 400)
    client.start_etl(project, "etl-1")
    assert client.get_etl(project, "etl-1").get_etl()["status"] == "RUNNING"
    assert error_of(lambda: client.start_etl(project, "etl-1")) == ("ParameterInvalid", 400)

    client.update_etl(project, "etl-1", {**ETL_CONFIG, "script": "e_drop_fields('x')"}, ETL_SCHEDULE, "renamed")
    job = client.get_etl(project, "etl-1").get_etl()
    assert (job["displayName"], job["configuration"]["script"], job["status"]) == \
        ("renamed", "e_drop_fields('x')", "RUNNING")

    client.create_etl(project, "etl-2", ETL_CONFIG, ETL_SCHEDULE, "two")
    listed = client.list_etls(project)
    assert (listed.get_count(), listed.get_total()) == (2, 2)
    assert sorted(job["name"] for job in listed.get_etls()) == ["etl-1", "etl-2"]
    assert client.list_etls(project, offset=1, size=5).get_count() == 1

    client.delete_etl(project, "etl-1")
    for call in (lambda: client.get_etl(project, "etl-1"), lambda: client.delete_etl(project, "etl-1"),
                 lambda: client.start_etl(project, "etl-1"), lambda: client.stop_etl(project, "etl-1")):
        assert error_of(call) == ("JobNotExist", 404)


def test_bad_etl_jobs(client: LogClient, project: str) -> None:
    without_script = {k: v for k, v in ETL_CONFIG.items() if k != "script"}
    assert error_of(lambda: client.create_etl(project, "e", without_script, ETL_SCHEDULE, "x")) \
        == ("ParameterInvalid", 400)
    assert error_of(lambda: client.create_etl(project, "e", "not an object", ETL_SCHEDULE, "x")) \
        == ("ParameterInvalid", 400)
    assert error_of(lambda: client.create_etl(project, "bad name!", ETL_CONFIG, ETL_SCHEDULE, "x")) \
        == ("ParameterInvalid", 400)
    assert client.list_etls(project).get_total() == 0


def ingestion(name: str, logstore: str) -> Dict[str, Any]:
    return {"name": name, "displayName": name, "type": "Ingestion", "description": "",
            "schedule": {"type": "Resident"},
            "configuration": {"logstore": logstore, "source": {"type": "OSS", "bucket": "b", "prefix": "logs/",
                                                                "roleARN": "acs:ram::1:role/r"}}}


def test_ingestion_state_machine(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    client.create_ingestion(project, json.dumps(ingestion("oss-in", logstore)))
    job = client.get_ingestion(project, "oss-in").get_ingestion()
    assert job["status"] == "RUNNING" and job["type"] == "Ingestion"
    assert "not ingest" in job["statusMessage"]  # the emulator says it cannot reach the source
    assert error_of(lambda: client.create_ingestion(project, json.dumps(ingestion("oss-in", logstore)))) \
        == ("JobAlreadyExist", 400)

    client.stop_ingestion(project, "oss-in")
    assert client.get_ingestion(project, "oss-in").get_ingestion()["status"] == "STOPPED"
    assert error_of(lambda: client.stop_ingestion(project, "oss-in")) == ("ParameterInvalid", 400)
    client.start_ingestion(project, "oss-in")
    assert client.get_ingestion(project, "oss-in").get_ingestion()["status"] == "RUNNING"

    changed = ingestion("oss-in", logstore)
    changed["configuration"]["source"]["prefix"] = "other/"
    client.stop_ingestion(project, "oss-in")
    client.restart_ingestion(project, "oss-in", json.dumps(changed))
    job = client.get_ingestion(project, "oss-in").get_ingestion()
    assert job["status"] == "RUNNING" and job["configuration"]["source"]["prefix"] == "other/"
    client.update_ingestion(project, "oss-in", json.dumps({**changed, "displayName": "renamed"}))
    assert client.get_ingestion(project, "oss-in").get_ingestion()["displayName"] == "renamed"

    other = make_logstore()
    client.create_ingestion(project, ingestion("other-in", other))
    assert client.list_ingestion(project).get_total() == 2
    only = client.list_ingestion(project, logstore_name=other)
    assert [job["name"] for job in only.get_ingestions()] == ["other-in"]

    client.delete_ingestion(project, "oss-in")
    assert error_of(lambda: client.get_ingestion(project, "oss-in")) == ("JobNotExist", 404)
    assert error_of(lambda: client.start_ingestion(project, "oss-in")) == ("JobNotExist", 404)


def test_bad_ingestion_jobs(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    assert error_of(lambda: client.create_ingestion(project, json.dumps(ingestion("in", "missing")))) \
        == ("LogStoreNotExist", 404)
    no_source = ingestion("in", make_logstore())
    del no_source["configuration"]["source"]
    assert error_of(lambda: client.create_ingestion(project, json.dumps(no_source))) == ("ParameterInvalid", 400)
    assert error_of(lambda: client.create_ingestion(project, "{not json")) == ("InvalidArgument", 0)
    assert client.list_ingestion(project).get_total() == 0
