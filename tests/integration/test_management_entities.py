"""Dashboards, saved searches, alerts, shippers (with tasks) and external stores against the emulator."""

from __future__ import annotations

import json
from typing import Callable, Dict, List

import pytest
import requests

from aliyun.log import (
    ExternalStoreConfig,
    ExternalStoreCsvConfig,
    ExternalStoreOssConfig,
    GetShipperConfigResponse,
    ListEntityResponse,
    LogClient,
    LogException,
    OdpsShipperConfig,
    OssShipperConfig,
    ShipperTask,
    shipper_detail,
)
from aliyun.log.api import base
from aliyun.log.emulator import Emulator


def _code(call: Callable[[], object]) -> tuple:
    with pytest.raises(LogException) as info:
        call()
    return info.value.get_error_code(), info.value.get_resp_status()


def _without_times(body: Dict) -> Dict:
    return {k: v for k, v in body.items() if k not in ("createTime", "lastModifyTime")}


DASHBOARD = {
    "dashboardName": "dashboard-1",
    "displayName": "Access",
    "description": "",
    "charts": [{
        "display": {"displayName": "", "height": 5, "width": 5, "xAxis": ["province"], "xPos": 0,
                    "yAxis": ["pv"], "yPos": 0},
        "search": {"end": "now", "logstore": "access-log", "start": "-86400s", "topic": "",
                   "query": "method: GET | select ip_to_province(remote_addr) as province, count(1) as pv "
                            "group by province order by pv desc"},
        "title": "map", "type": "map",
    }],
}


def test_dashboards(client: LogClient, project: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert client.create_dashboard(project, DASHBOARD).get_request_id()
    got = client.get_dashboard(project, "dashboard-1")
    assert _without_times(got.get_entity()) == DASHBOARD
    assert isinstance(got.get_create_time(), int) and got.get_last_modify_time() == got.get_create_time()
    assert _code(lambda: client.create_dashboard(project, DASHBOARD)) == ("DashboardAlreadyExist", 400)

    changed = {**DASHBOARD, "description": "changed", "charts": []}
    client.update_dashboard(project, json.dumps(changed))  # JSON text works like a dict
    assert _without_times(client.get_dashboard(project, "dashboard-1").get_entity()) == changed

    for i in range(2, 5):
        client.create_dashboard(project, {"dashboardName": f"dashboard-{i}", "displayName": f"D{i}", "charts": []})
    listed = client.list_dashboard(project)
    assert isinstance(listed, ListEntityResponse)
    assert listed.get_entities() == [f"dashboard-{i}" for i in range(1, 5)]
    assert listed.get_count() == 4 and listed.get_total() == 4
    assert listed.get_body()["dashboardItems"][1] == {"dashboardName": "dashboard-2", "displayName": "D2"}
    monkeypatch.setattr(base, "MAX_PAGE_SIZE", 3)
    everything = client.list_dashboard(project, size=-1)
    assert everything.get_entities() == [f"dashboard-{i}" for i in range(1, 5)]
    assert len(everything.get_body()["dashboardItems"]) == 4
    assert list(client.iter_dashboards(project, page_size=3)) == [f"dashboard-{i}" for i in range(1, 5)]

    client.delete_dashboard(project, "dashboard-1")
    assert _code(lambda: client.get_dashboard(project, "dashboard-1")) == ("DashboardNotExist", 404)
    assert _code(lambda: client.delete_dashboard(project, "dashboard-1")) == ("DashboardNotExist", 404)
    assert _code(lambda: client.update_dashboard(project, DASHBOARD)) == ("DashboardNotExist", 404)
    assert _code(lambda: client.create_dashboard(project, {"dashboardName": "Bad Name!"})) == (
        "ParameterInvalid", 400)
    assert _code(lambda: client.create_dashboard(project, "{not json"))[0] == "InvalidArgument"
    assert _code(lambda: client.create_dashboard(project, {"charts": []}))[0] == "InvalidArgument"


def test_saved_searches(client: LogClient, project: str) -> None:
    search = {"savedsearchName": "search-1", "searchQuery": "boy | select sex, count() as Count group by sex",
              "logstore": "test2", "topic": ""}
    client.create_savedsearch(project, search)
    assert _without_times(client.get_savedsearch(project, "search-1").get_entity()) == search
    assert _code(lambda: client.create_savedsearch(project, search)) == ("SavedSearchAlreadyExist", 400)
    client.update_savedsearch(project, {**search, "topic": "t"})
    assert client.get_savedsearch(project, "search-1").get_entity()["topic"] == "t"
    client.create_savedsearch(project, {**search, "savedsearchName": "search-2"})
    assert client.list_savedsearch(project, size=-1).get_entities() == ["search-1", "search-2"]
    assert list(client.iter_savedsearches(project, page_size=1)) == ["search-1", "search-2"]
    client.delete_savedsearch(project, "search-1")
    assert _code(lambda: client.get_savedsearch(project, "search-1")) == ("SavedSearchNotExist", 404)
    assert _code(lambda: client.create_savedsearch(project, {"savedsearchName": "x-1"})) == (
        "ParameterInvalid", 400)  # searchQuery and logstore are required


ALERT = {
    "name": "alert-1",
    "displayName": "Alert for testing",
    "description": "",
    "type": "Alert",
    "state": "Enabled",
    "schedule": {"type": "FixedRate", "interval": "5m"},
    "configuration": {
        "condition": "total >= 100",
        "dashboard": "dashboard-test",
        "queryList": [{"logStore": "test-logstore", "start": "-120s", "end": "now", "timeSpanType": "Custom",
                       "chartTitle": "chart-test", "query": "* | select count(1) as total"}],
        "notificationList": [{"type": "Email", "emailList": ["abc@test.com"], "content": "Email Message"}],
        "muteUntil": 1544582517,
        "notifyThreshold": 1,
        "throttling": "5m",
    },
}


def test_alerts(client: LogClient, project: str) -> None:
    client.create_alert(project, ALERT)
    assert _without_times(client.get_alert(project, "alert-1").get_entity()) == ALERT
    assert _code(lambda: client.create_alert(project, ALERT)) == ("JobAlreadyExist", 400)
    client.disable_alert(project, "alert-1")
    assert client.get_alert(project, "alert-1").get_entity()["state"] == "Disabled"
    client.enable_alert(project, "alert-1")
    assert client.get_alert(project, "alert-1").get_entity()["state"] == "Enabled"
    without_type = {k: v for k, v in ALERT.items() if k != "type"}
    client.create_alert(project, {**without_type, "name": "alert-2"})  # type defaults to Alert
    client.update_alert(project, {**without_type, "name": "alert-2", "displayName": "second"})
    alerts = client.list_alert(project, size=-1).get_entities()
    assert [a["name"] for a in alerts] == ["alert-1", "alert-2"]
    assert alerts[1]["displayName"] == "second" and alerts[1]["type"] == "Alert"
    assert [a["name"] for a in client.iter_alerts(project, page_size=1)] == ["alert-1", "alert-2"]
    client.delete_alert(project, "alert-1")
    assert _code(lambda: client.get_alert(project, "alert-1")) == ("JobNotExist", 404)
    assert _code(lambda: client.enable_alert(project, "alert-1")) == ("JobNotExist", 404)
    assert _code(lambda: client.disable_alert(project, "alert-1")) == ("JobNotExist", 404)


def _put_tasks(emulator: Emulator, project: str, logstore: str, shipper: str, tasks: List[dict]) -> int:
    url = f"{emulator.endpoint}/_emulator/projects/{project}/logstores/{logstore}/shippers/{shipper}/tasks"
    return requests.put(url, json=tasks, timeout=10).status_code


def test_shippers_round_trip_oss_and_odps(
    client: LogClient, project: str, make_logstore: Callable[..., str]
) -> None:
    logstore = make_logstore(shard_count=1)
    oss = OssShipperConfig("bucket1", "folder1", "acs:ram::1234:role/aliyunlogdefaultrole", 300, 256, "none",
                           path_format="%Y/%m/%d/%H/%M", enable=True,
                           storage={"format": "csv", "detail": {"columns": ["k3", "k4"], "delimiter": "|"}})
    odps = OdpsShipperConfig("http://service.odps.aliyun.com/api", "odps_project", "odps_table",
                             ["__time__", "k1"], ["__partition_time__"], "yyyy_MM_dd_HH_mm", 1800)
    client.create_shipper(project, logstore, shipper_detail("oss-ship", oss))
    client.create_shipper(project, logstore, json.dumps(shipper_detail("odps-ship", odps)))
    got = client.get_shipper(project, logstore, "oss-ship")
    assert isinstance(got, GetShipperConfigResponse)
    assert got.get_config() == oss and got.get_target_type() == "oss" and got.get_shipper_name() == "oss-ship"
    assert isinstance(got.get_create_time(), int) and got.get_last_modify_time() == got.get_create_time()
    assert client.get_shipper(project, logstore, "odps-ship").get_config() == odps

    oss.buffer_mb = 64
    client.update_shipper(project, logstore, shipper_detail("oss-ship", oss))
    assert client.get_shipper(project, logstore, "oss-ship").get_config().buffer_mb == 64

    listed = client.list_shipper(project, logstore)
    assert listed.get_shipper_names() == ["odps-ship", "oss-ship"]
    assert listed.get_shipper_count() == 2 and listed.get_shipper_total() == 2
    assert list(client.iter_shippers(project, logstore, page_size=1)) == ["odps-ship", "oss-ship"]

    detail = shipper_detail("oss-ship", oss)
    assert _code(lambda: client.create_shipper(project, logstore, detail)) == ("ShipperAlreadyExist", 400)
    client.delete_shipper(project, logstore, "oss-ship")
    assert _code(lambda: client.get_shipper(project, logstore, "oss-ship")) == ("ShipperNotExist", 404)
    assert _code(lambda: client.delete_shipper(project, logstore, "oss-ship")) == ("ShipperNotExist", 404)
    assert _code(lambda: client.create_shipper(project, "no-such-store", detail)) == ("LogStoreNotExist", 404)
    bad = {"shipperName": "bad-ship", "targetType": "s3", "targetConfiguration": {}}
    assert _code(lambda: client.create_shipper(project, logstore, bad)) == ("ParameterInvalid", 400)


def test_shipper_tasks(client: LogClient, project: str, make_logstore: Callable[..., str],
                       emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    logstore = make_logstore(shard_count=1)
    client.create_shipper(project, logstore, shipper_detail("ship", OssShipperConfig("b", "p", "arn")))
    assert client.get_shipper_tasks(project, logstore, "ship", 0, 2000000000).get_tasks() == []
    statuses = ["success", "fail", "running", "fail", "success"]
    tasks = [ShipperTask(f"task-{i}", status, "boom" if status == "fail" else "", 1700000000 + i * 60,
                         1700000000 + i * 60, 1700000030 + i * 60).to_json() for i, status in enumerate(statuses)]
    assert _put_tasks(emulator, project, logstore, "ship", tasks) == 200
    assert _put_tasks(emulator, project, logstore, "missing", tasks) == 404

    got = client.get_shipper_tasks(project, logstore, "ship", 1700000000, 1700001000)
    assert got.get_count() == 5 and got.get_total() == 5 and got.get_task_count() == 5
    assert got.get_fail_task_count() == 2 and got.get_success_task_count() == 2
    assert got.get_running_task_count() == 1 and got.get_task_total() == 5
    assert sorted(got.get_fail_task_ids()) == ["task-1", "task-3"]
    assert got.get_running_task_ids() == ["task-2"] and sorted(got.get_success_task_ids()) == ["task-0", "task-4"]
    assert all(isinstance(t, ShipperTask) for t in got.get_tasks())
    assert {t.task_id: t.to_json() for t in got.get_tasks()} == {t["id"]: t for t in tasks}

    failed = client.get_shipper_tasks(project, logstore, "ship", 1700000000, 1700001000, "fail")
    assert sorted(failed.get_fail_task_ids()) == ["task-1", "task-3"] and failed.get_total() == 2
    window = client.get_shipper_tasks(project, logstore, "ship", 1700000060, 1700000180)  # [from, to)
    assert sorted(t.task_id for t in window.get_tasks()) == ["task-1", "task-2"]
    assert client.get_shipper_tasks(project, logstore, "ship", 0, 2000000000, offset=1, size=2).get_count() == 2

    monkeypatch.setattr(base, "MAX_PAGE_SIZE", 2)
    merged = client.get_shipper_tasks(project, logstore, "ship", 0, 2000000000, size=-1)
    assert merged.get_count() == 5 and len(merged.get_tasks()) == 5 and merged.get_fail_task_count() == 2
    assert sorted(t.task_id for t in client.iter_shipper_tasks(project, logstore, "ship", 0, 2000000000,
                                                                page_size=2)) == [t["id"] for t in tasks]

    client.retry_shipper_tasks(project, logstore, "ship", ["task-1", "task-3"])
    after = client.get_shipper_tasks(project, logstore, "ship", 0, 2000000000)
    assert after.get_fail_task_count() == 0 and after.get_running_task_count() == 3
    assert _code(lambda: client.retry_shipper_tasks(project, logstore, "ship", ["task-0"])) == (
        "ParameterInvalid", 400)  # only failed tasks
    assert _code(lambda: client.retry_shipper_tasks(project, logstore, "ship", ["nope"])) == ("ParameterInvalid", 400)
    assert _code(lambda: client.retry_shipper_tasks(project, logstore, "gone", ["task-1"])) == ("ShipperNotExist", 404)
    assert _code(lambda: client.get_shipper_tasks(project, logstore, "gone", 0, 1)) == ("ShipperNotExist", 404)
    assert _code(lambda: client.get_shipper_tasks(project, logstore, "ship", 0, 1, "weird"))[0] == "InvalidArgument"

    client.delete_logstore(project, logstore)  # shippers and their tasks go with the logstore
    client.create_logstore(project, logstore, shard_count=1)
    assert client.list_shipper(project, logstore).get_shipper_names() == []


def test_external_stores_round_trip(client: LogClient, project: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rds = ExternalStoreConfig("rds_store4", "cn-qingdao", "rds-vpc", "vpc-m5eq4irc1pucpk85frr5j",
                              "i-m5eeo2whsnfg4kzq54ah", "1.2.3.4", "3306", "root", "123", "meta", "join_meta",
                              timezone="+08:00")
    oss = ExternalStoreOssConfig("oss_store", ["data/users.csv"], [{"name": "id", "type": "bigint"}],
                                 "oss-cn-hangzhou.aliyuncs.com", "bucket", "akid", "aksecret")
    csv_file = tmp_path / "users.csv"
    csv_file.write_text("id,name\n1,a\n2,b\n")
    csv = ExternalStoreCsvConfig("csv_store", str(csv_file), [{"name": "id", "type": "bigint"},
                                                              {"name": "name", "type": "varchar"}])
    for config in (rds, oss, csv):
        client.create_external_store(project, config)
        got = client.get_external_store(project, config.externalStoreName)
        assert got.get_external_store_config() == config
        assert isinstance(got.get_create_time(), int)
    assert client.get_external_store(project, "csv_store").get_external_store_config().get_csv_content() == (
        b"id,name\n1,a\n2,b\n")

    rds.table = "other_table"
    client.update_external_store(project, rds)
    assert client.get_external_store(project, "rds_store4").get_external_store_config().table == "other_table"

    listed = client.list_external_store(project)
    assert listed.get_logstores() == ["csv_store", "oss_store", "rds_store4"]
    assert listed.get_external_stores() == listed.get_logstores()
    assert listed.get_logstores_count() == 3 and listed.get_logstores_total() == 3
    assert client.list_external_store(project, "oss").get_logstores() == ["oss_store"]
    assert list(client.iter_external_stores(project, page_size=2)) == ["csv_store", "oss_store", "rds_store4"]
    assert client.list_external_store(project, size=-1).get_count() == 3

    assert _code(lambda: client.create_external_store(project, rds)) == ("ExternalStoreAlreadyExist", 400)
    client.delete_external_store(project, "rds_store4")
    assert _code(lambda: client.get_external_store(project, "rds_store4")) == ("ExternalStoreNotExist", 404)
    assert _code(lambda: client.delete_external_store(project, "rds_store4")) == ("ExternalStoreNotExist", 404)
    assert _code(lambda: client.update_external_store(project, rds)) == ("ExternalStoreNotExist", 404)


def test_external_store_secrets_are_masked_in_log_print(
    client: LogClient, project: str, capsys: pytest.CaptureFixture
) -> None:
    rds = ExternalStoreConfig("masked", "cn-qingdao", "rds-vpc", None, None, "1.2.3.4", 3306, "root",
                              "very-secret", "db", "t")
    client.create_external_store(project, rds)
    client.get_external_store(project, "masked").log_print()
    out = capsys.readouterr().out
    assert "very-secret" not in out and "******" in out


def test_deleting_a_project_removes_its_entities(client: LogClient, project: str) -> None:
    client.create_dashboard(project, {"dashboardName": "gone-dash", "charts": []})
    client.create_alert(project, ALERT)
    client.delete_project(project)
    client.create_project(project, "again")
    assert client.list_dashboard(project).get_entities() == []
    assert client.list_alert(project).get_entities() == []
