"""Config classes of jobs, pipeline configs, resources and topostores: JSON round trips, the original SDK's
accessors and validation, and the getters / ``log_print`` of their responses (no server)."""

from __future__ import annotations

import inspect
import json
from typing import Any, Dict

import pytest

import aliyun.log as sls
from aliyun.log import (
    AliyunMaxComputeSink,
    AliyunOSSSink,
    Export,
    ExportConfiguration,
    JobSchedule,
    JobScheduleType,
    Log2MetricParameters,
    LogtailPipelineConfigDetail,
    Resource,
    ResourceRecord,
    ResourceSchemaItem,
    ScheduledSQL,
    ScheduledSQLBaseParameters,
    ScheduledSQLConfiguration,
    Topostore,
    TopostoreNode,
    TopostoreRelation,
)
from aliyun.log.models import job_responses, logstore_settings, pipeline_configs, resources, tags, topostores
from aliyun.log.models.response import LogResponse
from aliyun.log.models.scheduled_sql import dict_to_schedule_rule, dict_to_scheduled_sql_config


def make_scheduled_sql() -> ScheduledSQL:
    config = ScheduledSQLConfiguration()
    config.setSourceLogstore("src")
    config.setDestProject("p")
    config.setDestLogstore("dst")
    config.setScript("* | select count(*) as pv")
    config.setFromTimeExpr("@m-1m")
    config.setToTimeExpr("@m")
    config.setFromTime(1700000000)
    config.setRoleArn("acs:ram::1:role/etl")
    schedule = JobSchedule()
    schedule.setType(JobScheduleType.FIXED_RATE)
    schedule.setInterval("60s")
    job = ScheduledSQL()
    job.setName("pv")
    job.setDisplayName("page views")
    job.setSchedule(schedule)
    job.setConfiguration(config)
    return job


def test_scheduled_sql_round_trip_and_accessors() -> None:
    job = make_scheduled_sql()
    body = job.to_json()
    assert body["type"] == "ScheduledSQL"
    assert body["schedule"] == {"type": "FixedRate", "interval": "60s"}
    assert body["configuration"]["sqlType"] == "standard"
    assert body["configuration"]["maxRetries"] == 5
    assert body["configuration"]["parameters"] == {}
    again = ScheduledSQL.from_json(json.loads(json.dumps(body)))
    assert again == job
    assert again.getConfiguration().getDestLogstore() == "dst"
    assert isinstance(again.getSchedule(), JobSchedule)
    assert job.scheduled_sql_to_dict() == body
    assert dict_to_scheduled_sql_config(body["configuration"]).getScript() == "* | select count(*) as pv"
    assert dict_to_schedule_rule(body["schedule"]).getInterval() == "60s"


def test_scheduled_sql_time_range_and_unknown_fields() -> None:
    config = ScheduledSQLConfiguration(fromTime=1700000000, toTime=1600000000)
    with pytest.raises(ValueError, match="fromTime"):
        config.check_time_range()
    ScheduledSQLConfiguration(fromTime=1700000000, toTime=0).check_time_range()
    with pytest.raises(TypeError, match="noSuchField"):
        ScheduledSQLConfiguration(noSuchField=1)
    with pytest.raises(AttributeError):
        ScheduledSQLConfiguration().getNoSuchField()


def test_scheduled_sql_parameters_follow_the_data_format() -> None:
    base = ScheduledSQLBaseParameters()
    base.withFields("a")
    base.addBaseParams("a", 1)
    base.addBaseParams("b", 2)  # not declared: ignored, as in the original SDK
    config = ScheduledSQLConfiguration(parameters=base)
    assert config.to_json()["parameters"] == {"a": 1}
    metric = Log2MetricParameters()
    metric.setTimeKey("t")
    metric.setMetricKeys('["pv"]')
    config = ScheduledSQLConfiguration(dataFormat="log2metric", parameters=metric)
    assert config.to_json()["parameters"] == {"timeKey": "t", "metricKeys": '["pv"]'}
    with pytest.raises(ValueError, match="dataFormat"):
        ScheduledSQLConfiguration(dataFormat="weird", parameters=metric).to_json()


def test_export_with_sinks_round_trips() -> None:
    sink = AliyunOSSSink("role", "bucket", "prefix", "", "%Y/%m", "time", 256, 300, "+0800", "json", "none", {})
    config = ExportConfiguration(logstore="ls", fromTime=1, toTime=0, roleArn="role", sink=sink)
    export = Export(name="exp", displayName="exp", configuration=config)
    body = export.to_json()
    assert body["type"] == "Export" and body["schedule"] == {"type": "Resident"}
    assert body["configuration"]["sink"]["type"] == "AliyunOSS"
    again = Export.from_json(body)
    assert again == export
    assert isinstance(again.getConfiguration().getSink(), AliyunOSSSink)
    assert again.getConfiguration().getSink().getBucket() == "bucket"
    export.check()

    odps = AliyunMaxComputeSink(["__partition_time__"], ["a", "b"])
    odps.setOdpsProject("op")
    assert odps.getParams() == {"type": "AliyunODPS", "fields": ["a", "b"], "partitionColumn": ["__partition_time__"],
                                "odpsProject": "op"}
    assert Export.from_json(Export(configuration=ExportConfiguration(sink=odps)).to_json()).getConfiguration() \
        .getSink() == odps
    with pytest.raises(TypeError, match="AliyunOSS or AliyunODPS"):
        Export(configuration=ExportConfiguration()).check()


def test_pipeline_config_round_trip() -> None:
    detail = LogtailPipelineConfigDetail("cfg", [{"Type": "input_file", "FilePaths": ["/var/log/*.log"]}],
                                         [{"Type": "flusher_sls", "Logstore": "ls"}],
                                         processors=[{"Type": "processor_parse_json_native"}],
                                         global_config={"TopicType": "none"}, log_sample="{}")
    body = detail.to_json()
    assert body["configName"] == "cfg" and body["global"] == {"TopicType": "none"}
    assert "aggregators" not in body
    assert LogtailPipelineConfigDetail.from_json(body) == detail


def test_resource_and_record_round_trip_with_json_text_fields() -> None:
    resource = Resource("r1", "userdefine", [ResourceSchemaItem("name", None, "string")], "desc", {"owner": 1}, "x")
    body = resource.to_json()
    assert json.loads(body["schema"]) == {"schema": [{"column": "name", "type": "string"}]}
    assert json.loads(body["acl"]) == {"owner": 1}
    assert Resource.from_json(body) == resource
    assert "name" not in resource.to_json(for_update=True)
    with pytest.raises(TypeError, match="resource_name"):
        Resource(resource_name=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        Resource("r").check_for_create()

    record = ResourceRecord("id1", "t", {"k": "v"})
    assert record.to_json() == {"id": "id1", "tag": "t", "value": '{"k": "v"}'}
    assert ResourceRecord.from_json(record.to_json()) == record
    with pytest.raises(ValueError):
        ResourceRecord().check_value()
    with pytest.raises(ValueError):
        ResourceRecord(value={"a": 1}).check_for_update()


@pytest.mark.parametrize("obj", [
    Topostore("t", tag={"env": "prod"}, schema={"a": 1}, description="d", acl={"x": 1}, ext_info="e"),
    TopostoreNode("n1", "host", {"ip": "10.0.0.1"}, "d", "node one"),
    TopostoreRelation("r1", "calls", "n1", "n2", {"weight": 1}, "d", "edge"),
])
def test_topostore_objects_round_trip(obj: Any) -> None:
    body = obj.to_json()
    assert all(isinstance(body[key], str) for key in ("property", "tag", "schema", "acl") if key in body)
    assert type(obj).from_json(body) == obj
    first_field = obj.FIELDS[0][0]
    assert getattr(obj, f"get_{first_field}")() == getattr(obj, first_field)
    getattr(obj, f"set_{first_field}")("renamed")
    assert getattr(obj, first_field) == "renamed"
    with pytest.raises(TypeError):
        getattr(obj, f"set_{first_field}")(5)
    with pytest.raises(ValueError):
        type(obj)().check_for_create()


# -- responses -------------------------------------------------------------------------------------------------------
HEADERS = {"x-log-requestid": "req-1"}

RESPONSES: Dict[str, Any] = {
    "GetScheduledSQLResponse": (job_responses.GetScheduledSQLResponse(HEADERS, {"name": "j"}),
                                "get_scheduled_sql", {"name": "j"}),
    "ListScheduledSQLResponse": (job_responses.ListScheduledSQLResponse({"count": 1, "total": 3, "results": [{}]},
                                                                        HEADERS), "get_scheduled_sql_jobs", [{}]),
    "ListEtlsResponse": (job_responses.ListEtlsResponse({"count": 0, "total": 0, "results": []}, HEADERS),
                         "get_etls", []),
    "GetIngestionResponse": (job_responses.GetIngestionResponse(HEADERS, {"name": "i"}), "get_ingestion",
                             {"name": "i"}),
    "ListExportResponse": (job_responses.ListExportResponse({"count": 1, "total": 1, "results": [{"name": "e"}]},
                                                            HEADERS), "get_exports", [{"name": "e"}]),
    "GetLogStoreMeteringModeResponse": (logstore_settings.GetLogStoreMeteringModeResponse(
        {"meteringMode": "ChargeByFunction"}, HEADERS), "get_metering_mode", "ChargeByFunction"),
    "GetLogStoreMultimodalConfigurationResponse": (logstore_settings.GetLogStoreMultimodalConfigurationResponse(
        {"status": "Enabled"}, HEADERS), "get_anonymous_write", None),
    "ListLogtailPipelineConfigResponse": (pipeline_configs.ListLogtailPipelineConfigResponse(
        {"count": 1, "total": 1, "configs": ["c"]}, HEADERS), "get_configs", ["c"]),
    "GetProjectTagsResponse": (tags.GetProjectTagsResponse(HEADERS, {"nextToken": "", "tagResources": [
        {"resourceId": "p", "resourceType": "project", "tagKey": "k", "tagValue": "v"}]}), "get_tags", {"k": "v"}),
    "GetResourcePolicyResponse": (resources.GetResourcePolicyResponse(
        {"resourceType": "project", "policyDocument": "{}", "revision": 2, "createTime": 1, "updateTime": 2},
        HEADERS), "get_revision", 2),
    "ListTopostoreNodesResponse": (topostores.ListTopostoreNodesResponse(
        {"count": 1, "total": 1, "items": [{"nodeId": "n", "property": "{}"}]}, HEADERS), "get_nodes",
        [TopostoreNode("n", property={})]),
}


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_response_getters_and_log_print(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    response, getter, expected = RESPONSES[name]
    assert getattr(response, getter)() == expected
    assert response.get_request_id() == "req-1"
    response.log_print()
    assert type(response).__name__ in capsys.readouterr().out


def test_tag_responses_give_tag_objects() -> None:
    page = tags.GetResourceTagsResponse(HEADERS, {"nextToken": "n2", "tagResources": [
        {"resourceId": "p#ls", "resourceType": "logstore", "tagKey": "k", "tagValue": "v"}]})
    (tag,) = page.get_tags()
    assert (tag.get_resource_id(), tag.get_tag_key(), tag.get_tag_value()) == ("p#ls", "k", "v")
    assert page.next_token == "n2"


def test_every_new_public_class_is_exported() -> None:
    modules = (job_responses, logstore_settings, pipeline_configs, resources, tags, topostores)
    for module in modules:
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, LogResponse) and value.__module__ == module.__name__ \
                    and not name.startswith("_") and name not in ("JobObjectResponse", "JobListResponse"):
                assert getattr(sls, name) is value, name
