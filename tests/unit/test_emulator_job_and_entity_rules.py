"""The emulator's rules for jobs and the stored-only entities, as pure functions."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from aliyun.log.emulator.core import ApiError
from aliyun.log.emulator.entity_rules import (
    json_text_object,
    pipeline_logstores,
    tags_match,
    validate_policy_document,
    validate_tags,
)
from aliyun.log.emulator.job_rules import apply_action, file_sink_directory, prepare_job


def etl() -> Dict[str, Any]:
    return {"name": "e", "type": "ETL", "configuration": {"script": "e_keep()", "logstore": "a"}}


def test_etl_state_machine() -> None:
    job = etl()
    prepare_job(job)
    assert job["status"] == "RUNNING" and job["schedule"] == {"type": "Resident"}
    with pytest.raises(ApiError, match="already RUNNING"):
        apply_action(job, "START")
    apply_action(job, "STOP")
    assert job["status"] == "STOPPED"
    with pytest.raises(ApiError, match="not RUNNING"):
        apply_action(job, "STOP")
    apply_action(job, "start")
    assert job["status"] == "RUNNING"
    with pytest.raises(ApiError):
        apply_action(job, "PAUSE")


def test_restart_replaces_the_configuration_and_keeps_the_name() -> None:
    job = etl()
    prepare_job(job)
    replacement = {"name": "other", "type": "ETL", "configuration": {"script": "e_drop()", "logstore": "b"}}
    apply_action(job, "RESTART", replacement)
    assert (job["name"], job["configuration"]["script"], job["status"]) == ("e", "e_drop()", "RUNNING")


def test_an_update_keeps_the_state() -> None:
    stopped = etl()
    prepare_job(stopped)
    apply_action(stopped, "STOP")
    update = etl()
    prepare_job(update, stopped)
    assert update["status"] == "STOPPED"


def test_alerts_have_no_start_action_and_other_types_are_left_alone() -> None:
    alert = {"name": "a", "type": "Alert"}
    prepare_job(alert)
    assert "status" not in alert
    with pytest.raises(ApiError):
        apply_action(alert, "START")


@pytest.mark.parametrize("sink, directory", [
    ({"type": "AliyunOSS", "bucket": "file:///tmp/out"}, "/tmp/out"),
    ({"type": "AliyunOSS", "bucket": "my-bucket"}, None),
    ({"type": "AliyunODPS", "bucket": "file:///tmp/out"}, None),
])
def test_file_sinks(sink: Dict[str, Any], directory: Any) -> None:
    assert file_sink_directory(sink) == directory


def test_tags() -> None:
    assert validate_tags([{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]) == {"a": "2"}
    for bad in ([], [{"key": ""}], [{"key": "acs:x", "value": ""}], [{"key": "k", "value": 1}], "x"):
        with pytest.raises(ApiError):
            validate_tags(bad)
    assert tags_match({"a": "1", "b": "2"}, [{"key": "a", "value": "1"}, {"key": "b"}])
    assert not tags_match({"a": "1"}, [{"key": "a", "value": "2"}])
    assert not tags_match({}, [{"key": "a"}])


def test_embedded_json_and_policies() -> None:
    assert json_text_object('{"a": 1}', "x") == {"a": 1}
    assert json_text_object(None, "x", required=False) is None
    for bad in ("[1]", "{", 5, "[" * 500):
        with pytest.raises(ApiError):
            json_text_object(bad, "x")
    validate_policy_document('{"Statement": [{"Effect": "Allow"}]}')
    with pytest.raises(ApiError):
        validate_policy_document('{"Statement": [{"Effect": "Maybe"}]}')


def test_pipeline_logstores() -> None:
    body = {"flushers": [{"Type": "flusher_sls", "Logstore": "a"}, {"Type": "flusher_stdout"}, "odd"]}
    assert pipeline_logstores(body) == ["a"]
