"""Response classes and request-body helpers of the management API, without a server."""

from __future__ import annotations

import inspect
from typing import Any, Dict

import pytest

import aliyun.log as sls
from aliyun.log import (
    ExternalStoreConfig,
    GetExternalStoreResponse,
    GetIndexResponse,
    GetLogtailConfigResponse,
    GetMachineGroupResponse,
    GetResourceUsageResponse,
    GetShipperConfigResponse,
    GetShipperTasksResponse,
    IndexConfig,
    IndexLineConfig,
    ListEntityResponse,
    ListExternalStoreResponse,
    ListLogtailConfigResponse,
    ListMachineGroupResponse,
    ListMachinesResponse,
    ListShipperResponse,
    LogException,
    MachineGroupDetail,
    OssShipperConfig,
    SimpleFileConfigDetail,
    SyslogConfigDetail,
)
from aliyun.log.api import entities, index, logtail, machine_groups
from aliyun.log.api.entities import EntitiesApi
from aliyun.log.api.index import IndexApi
from aliyun.log.api.logtail import LogtailApi
from aliyun.log.api.machine_groups import MachineGroupsApi
from aliyun.log.api.operations import OperationsApi
from aliyun.log.ops.shards import hash_key as _hash_key
from aliyun.log.ops.shards import hash_value as _hash_value

HEADERS = {"x-log-requestid": "ABC123"}


def test_every_public_method_of_the_management_mixins_has_a_docstring() -> None:
    for mixin in (IndexApi, LogtailApi, MachineGroupsApi, EntitiesApi, OperationsApi):
        for name, member in vars(mixin).items():
            if not name.startswith("_") and inspect.isfunction(member):
                assert inspect.getdoc(member), f"{mixin.__name__}.{name}"
                assert hasattr(sls.LogClient, name)


def test_every_management_response_exports_and_prints(capsys: pytest.CaptureFixture) -> None:
    from aliyun.log.models import management

    for name in management.__all__:
        assert getattr(sls, name) is getattr(management, name)
    config_json = SyslogConfigDetail("store", "syslog-cfg", "local0").to_json()
    responses = [
        GetIndexResponse(IndexConfig(line_config=IndexLineConfig()).to_json(), HEADERS),
        GetLogtailConfigResponse({**config_json, "createTime": 1, "lastModifyTime": 2}, HEADERS),
        GetMachineGroupResponse(MachineGroupDetail("g1", "ip", ["1.1.1.1"]).to_json(), HEADERS),
        ListLogtailConfigResponse({"count": 1, "total": 3, "configs": ["a"]}, HEADERS),
        management.CreateIndexResponse(HEADERS),
        management.GetEntityResponse(HEADERS, {"dashboardName": "d", "createTime": 5}),
    ]
    for response in responses:
        assert response.get_request_id() == "ABC123"
        assert response.get_body() is not None
        response.log_print()
    out = capsys.readouterr().out
    assert "GetIndexResponse" in out and "ABC123" in out and "syslog-cfg" in out


def test_getters_of_config_responses() -> None:
    got = GetLogtailConfigResponse({**SimpleFileConfigDetail("s1", "c1", "/l", "*.log").to_json(),
                                    "createTime": 10, "lastModifyTime": 20}, HEADERS)
    assert isinstance(got.get_config(), SimpleFileConfigDetail)
    assert (got.get_create_time(), got.get_last_modify_time()) == (10, 20)
    group = GetMachineGroupResponse({**MachineGroupDetail("g1", "ip").to_json(), "createTime": 7}, HEADERS)
    assert group.get_machine_group().create_time == 7
    entity = sls.GetEntityResponse(HEADERS, {"name": "a", "createTime": 3, "lastModifyTime": 4})
    assert (entity.get_entity()["name"], entity.get_create_time(), entity.get_last_modify_time()) == ("a", 3, 4)


def test_list_responses_and_merge() -> None:
    first = ListEntityResponse(HEADERS, {"count": 2, "total": 3, "dashboards": ["a", "b"],
                                         "dashboardItems": [{"dashboardName": "a"}, {"dashboardName": "b"}]},
                               "dashboard")
    second = ListEntityResponse(HEADERS, {"count": 1, "total": 3, "dashboards": ["c"],
                                          "dashboardItems": [{"dashboardName": "c"}]}, "dashboard")
    assert first.items_key == "dashboards"
    first.merge(second)
    assert first.get_entities() == ["a", "b", "c"] and first.get_count() == 3 and first.get_total() == 3
    assert [d["dashboardName"] for d in first.get_body()["dashboardItems"]] == ["a", "b", "c"]
    alerts = ListEntityResponse(HEADERS, {"count": 1, "total": 1, "results": [{"name": "x"}]}, "alert", "results")
    assert alerts.get_entities() == [{"name": "x"}]

    groups = ListMachineGroupResponse({"count": 1, "total": 2, "machinegroups": ["g"]}, HEADERS)
    assert (groups.get_machine_group(), groups.get_machine_group_count(), groups.get_machine_group_total()) == (
        ["g"], 1, 2)
    machines = ListMachinesResponse({"count": 1, "total": 1, "machines": [{"ip": "1"}]}, HEADERS)
    assert (machines.get_machines(), machines.get_machine_count(), machines.get_machine_total()) == (
        [{"ip": "1"}], 1, 1)
    shippers = ListShipperResponse({"count": 1, "total": 2, "shipper": ["s"]}, HEADERS)
    shippers.merge(ListShipperResponse({"count": 1, "total": 2, "shipper": ["t"]}, HEADERS))
    assert (shippers.get_shipper_names(), shippers.get_shipper_count(), shippers.get_shipper_total()) == (
        ["s", "t"], 2, 2)
    stores = ListExternalStoreResponse({"count": 1, "total": 1, "externalstores": ["e"]}, HEADERS)
    assert stores.get_logstores() == ["e"] and stores.get_logstores_count() == 1 and stores.get_logstores_total() == 1


def _task(task_id: str, status: str) -> Dict[str, Any]:
    return {"id": task_id, "taskStatus": status, "taskMessage": "", "taskCreateTime": 1,
            "taskLastDataReceiveTime": 1, "taskFinishTime": 2}


def test_shipper_responses() -> None:
    statistics = {"running": 1, "success": 1, "fail": 1}
    first = GetShipperTasksResponse({"count": 2, "total": 3, "statistics": statistics,
                                     "tasks": [_task("a", "fail"), _task("b", "success")]}, HEADERS)
    second = GetShipperTasksResponse({"count": 1, "total": 3, "statistics": statistics,
                                      "tasks": [_task("c", "running")]}, HEADERS)
    first.merge(second)
    assert [t.task_id for t in first.get_tasks()] == ["a", "b", "c"]
    assert first.get_task_count() == 3 and first.get_fail_task_count() == 1 and first.get_fail_task_ids() == ["a"]
    assert first.get_running_task_ids() == ["c"] and first.get_body()["statistics"] == statistics

    oss = OssShipperConfig("bucket", "prefix", "arn")
    got = GetShipperConfigResponse({"shipperName": "s", "targetType": "oss", "targetConfiguration": oss.to_json(),
                                    "createTime": 1, "lastModifyTime": 2}, HEADERS)
    assert got.get_config() == oss and got.get_entity()["shipperName"] == "s"
    assert (got.get_create_time(), got.get_last_modify_time()) == (1, 2)
    assert GetShipperConfigResponse({"shipperName": "s", "targetType": "kafka"}, HEADERS).get_config() is None


def test_external_store_response_strips_times_and_masks_secrets(capsys: pytest.CaptureFixture) -> None:
    config = ExternalStoreConfig("rds", "cn-qingdao", "rds-vpc", "vpc", "i", "1.2.3.4", "3306", "root", "s3cret",
                                 "db", "t")
    got = GetExternalStoreResponse({**config.to_json(), "createTime": 1, "lastModifyTime": 2}, HEADERS)
    assert got.get_external_store_config() == config and got.get_create_time() == 1
    got.log_print()
    assert "s3cret" not in capsys.readouterr().out


def test_resource_usage_is_a_mapping() -> None:
    usage = GetResourceUsageResponse({"logstore": {"count": {"status": 1, "limitation": 200}}})
    assert usage["logstore"]["count"]["status"] == 1 and list(usage) == ["logstore"] and len(usage) == 1
    assert usage.get("missing") is None and dict(usage) == usage.get_body()


def test_request_body_helpers() -> None:
    with pytest.raises(LogException):
        entities.entity_detail("[1]", "name", "alert")
    with pytest.raises(LogException):
        entities.entity_detail({"other": 1}, "name", "alert")
    body = entities.entity_detail('{"name": "a", "createTime": 1, "lastModifyTime": 2}', "name", "alert")
    assert body == {"name": "a"}
    with pytest.raises(LogException):
        entities.store_body(42)  # type: ignore[arg-type]
    assert entities.store_body({"externalStoreName": "x", "storeType": "oss", "parameter": {}, "createTime": 3})[
        "externalStoreName"] == "x"
    assert "createTime" not in logtail.config_body({**SimpleFileConfigDetail("s1", "c1", "/l", "*").to_json(),
                                                    "createTime": 4})
    with pytest.raises(LogException):
        machine_groups.group_body(3)  # type: ignore[arg-type]
    assert machine_groups.group_body({"groupName": "g", "createTime": 1}) == {
        "groupName": "g", "groupType": "", "machineList": []}
    assert index.index_body({"line": {"token": [","]}}) == {"line": {"token": [","]}}


def test_hash_keys() -> None:
    assert _hash_value("f" * 32) == 1 << 128 and _hash_value("80" + "0" * 30) == 1 << 127
    assert _hash_key(1 << 128) == "f" * 32 and _hash_key(1 << 127) == "8" + "0" * 31
