"""The management endpoints on the wire: validation and error codes, times, cascading deletes, the Go header
paging quirk, the control-plane seeding routes and persistence in a data dir."""

from __future__ import annotations

from typing import Any, Dict

from aliyun.log.emulator import Emulator

from .emulator_helpers import Client, Clock, error_of

CONFIG: Dict[str, Any] = {
    "configName": "cfg-1",
    "inputType": "file",
    "inputDetail": {"logType": "common_reg_log", "logPath": "/log", "filePattern": "*.log"},
    "outputType": "LogService",
    "outputDetail": {"logstoreName": "store"},
}
GROUP = {"groupName": "group-1", "groupType": "", "machineIdentifyType": "ip", "machineList": ["10.0.0.1"]}
INDEX = {"line": {"token": [",", " "], "caseSensitive": False}, "keys": {"a": {"type": "long"}}}


def test_index_validation_and_codes(api: Client) -> None:
    api.create_logstore("store")
    post = lambda body, **kw: api.request("POST", "/logstores/store/index", json_body=body, **kw)  # noqa: E731
    assert error_of(api.request("POST", "/logstores/store/index", body=b"{nope")) == (400, "IndexInfoInvalid")
    for bad in (
        [],
        {},
        {"line": "x"},
        {"line": {"token": ["ab"]}},
        {"line": {"caseSensitive": "yes"}},
        {"line": {"include_keys": ["a"], "exclude_keys": ["b"]}},
        {"keys": []},
        {"keys": {"a": {"type": "date"}}},
        {"keys": {"a": {"type": "text", "doc_value": 1}}},
        {"keys": {"a": {"type": "long", "json_keys": {}}}},
        {"keys": {"a": {"type": "json", "json_keys": {"b": {"type": "json"}}}}},
        {"keys": {"a": {"type": "text", "alias": 3}}},
        {"keys": {"a": {"type": "long"}}, "log_reduce": "true"},
    ):
        assert error_of(post(bad)) == (400, "IndexInfoInvalid"), bad
    assert error_of(api.request("GET", "/logstores/store/index")) == (404, "IndexConfigNotExist")
    api.ok(post({**INDEX, "lastModifyTime": 5}))
    got = api.ok(api.request("GET", "/logstores/store/index")).json()
    assert got.pop("lastModifyTime") != 5 and got == INDEX
    assert error_of(post(INDEX)) == (400, "IndexAlreadyExist")
    assert error_of(api.request("GET", "/logstores/nope/index")) == (404, "LogStoreNotExist")


def test_config_and_group_validation(api: Client) -> None:
    api.create_logstore("store")
    post = lambda path, body: api.request("POST", path, json_body=body)  # noqa: E731
    assert error_of(api.request("POST", "/configs", body=b"[")) == (400, "ParameterInvalid")
    for bad in (
        {**CONFIG, "configName": "-bad"},
        {**CONFIG, "configName": "x"},
        {k: v for k, v in CONFIG.items() if k != "inputType"},
        {**CONFIG, "inputDetail": []},
        {**CONFIG, "outputDetail": {}},
        {**CONFIG, "logSample": 5},
    ):
        assert error_of(post("/configs", bad)) == (400, "ParameterInvalid"), bad
    assert error_of(post("/configs", {**CONFIG, "outputDetail": {"logstoreName": "other"}})) == (
        404, "LogStoreNotExist")
    api.ok(post("/configs", {k: v for k, v in CONFIG.items() if k != "outputType"}))
    assert api.ok(api.request("GET", "/configs/cfg-1")).json()["outputType"] == "LogService"  # default
    mismatch = api.request("PUT", "/configs/cfg-1", json_body={**CONFIG, "configName": "cfg-2"})
    assert error_of(mismatch) == (400, "ParameterInvalid")

    for bad in (
        {**GROUP, "groupName": "bad name"},
        {**GROUP, "machineIdentifyType": "mac"},
        {**GROUP, "machineList": "10.0.0.1"},
        {**GROUP, "groupAttribute": {"groupTopic": 1}},
        {**GROUP, "groupType": 5},
    ):
        assert error_of(post("/machinegroups", bad)) == (400, "ParameterInvalid"), bad
    api.ok(post("/machinegroups", {"groupName": "minimal"}))
    got = api.ok(api.request("GET", "/machinegroups/minimal")).json()
    assert (got["machineIdentifyType"], got["groupType"], got["machineList"]) == ("ip", "", [])


def test_entity_validation(api: Client) -> None:
    api.create_logstore("store")
    post = lambda path, body: api.request("POST", path, json_body=body)  # noqa: E731
    cases = [
        ("/dashboards", {"dashboardName": "UPPER"}),
        ("/dashboards", {"dashboardName": "dash", "charts": {}}),
        ("/savedsearches", {"savedsearchName": "s" * 65, "searchQuery": "*", "logstore": "store"}),
        ("/jobs", {"name": "job with space"}),
        ("/jobs", {"name": "job", "type": "Cron"}),
        ("/jobs", {"name": "job", "state": "Paused"}),
        ("/jobs", {"name": "job", "configuration": []}),
        ("/logstores/store/shipper", {"shipperName": "ship", "targetType": "oss"}),
        ("/logstores/store/shipper", {"shipperName": "s", "targetType": "oss", "targetConfiguration": {}}),
        ("/externalstores", {"externalStoreName": "es", "parameter": {}}),
        ("/externalstores", {"externalStoreName": "es1", "storeType": "oss", "parameter": []}),
    ]
    for path, body in cases:
        assert error_of(post(path, body)) == (400, "ParameterInvalid"), (path, body)
    for path in ("/dashboards", "/savedsearches", "/jobs", "/logstores/store/shipper", "/externalstores"):
        assert error_of(api.request("POST", path, body=b"not json")) == (400, "ParameterInvalid")
    assert error_of(api.request("PUT", "/jobs/job", {"action": "pause"})) == (400, "ParameterInvalid")
    assert error_of(api.request("GET", "/dashboards/none")) == (404, "DashboardNotExist")
    assert error_of(api.request("GET", "/dashboards", project="no-such-project")) == (404, "ProjectNotExist")


def test_times_are_maintained() -> None:
    clock = Clock(1700000000)
    with Emulator(clock=clock) as emu:
        c = Client(emu.endpoint, *emu.credentials, clock=clock, project="times")
        c.create_project("times")
        c.create_logstore("store")
        c.ok(c.request("POST", "/configs", json_body=CONFIG))
        c.ok(c.request("POST", "/dashboards", json_body={"dashboardName": "dash", "charts": []}))
        c.ok(c.request("POST", "/logstores/store/index", json_body=INDEX))
        clock.advance(60)
        c.ok(c.request("PUT", "/configs/cfg-1", json_body={**CONFIG, "logSample": "x", "createTime": 1}))
        c.ok(c.request("PUT", "/dashboards/dash", json_body={"charts": []}))  # name taken from the path
        c.ok(c.request("PUT", "/logstores/store/index", json_body=INDEX))
        config = c.ok(c.request("GET", "/configs/cfg-1")).json()
        assert (config["createTime"], config["lastModifyTime"], config["logSample"]) == (1700000000, 1700000060, "x")
        dash = c.ok(c.request("GET", "/dashboards/dash")).json()
        assert (dash["dashboardName"], dash["createTime"], dash["lastModifyTime"]) == ("dash", 1700000000, 1700000060)
        assert c.ok(c.request("GET", "/logstores/store/index")).json()["lastModifyTime"] == 1700000060
        c.close()


def test_deletes_cascade() -> None:
    with Emulator() as emu:
        c = Client(emu.endpoint, *emu.credentials, project="cascade")
        c.create_project("cascade")
        c.create_logstore("store")
        c.ok(c.request("POST", "/logstores/store/index", json_body=INDEX))
        ship = {"shipperName": "ship", "targetType": "oss", "targetConfiguration": {"ossBucket": "b"}}
        c.ok(c.request("POST", "/logstores/store/shipper", json_body=ship))
        c.ok(c.request("POST", "/configs", json_body=CONFIG))
        c.ok(c.request("POST", "/machinegroups", json_body=GROUP))
        c.ok(c.request("PUT", "/machinegroups/group-1/configs/cfg-1"))

        c.ok(c.request("DELETE", "/logstores/store"))
        c.create_logstore("store")
        assert error_of(c.request("GET", "/logstores/store/index")) == (404, "IndexConfigNotExist")
        assert c.ok(c.request("GET", "/logstores/store/shipper")).json()["shipper"] == []
        assert c.ok(c.request("GET", "/configs/cfg-1")).json()["configName"] == "cfg-1"  # project-level: kept

        c.ok(c.request("DELETE", "/", project="cascade"))
        c.create_project("cascade")
        for path, key in (("/configs", "configs"), ("/machinegroups", "machinegroups")):
            assert c.ok(c.request("GET", path)).json()[key] == []
        c.ok(c.request("POST", "/machinegroups", json_body=GROUP))
        assert c.ok(c.request("GET", "/machinegroups/group-1/configs")).json() == {"count": 0, "configs": []}
        assert c.ok(c.request("GET", "/machinegroups/group-1/machines")).json()["machines"] == []
        c.close()


def test_list_paging_in_headers_and_query(api: Client) -> None:
    for i in range(5):
        api.ok(api.request("POST", "/dashboards", json_body={"dashboardName": f"dash-{i}"}))
    # Go's ListDashboard puts offset / size in headers
    got = api.ok(api.request("GET", "/dashboards", headers={"offset": "1", "size": "2"})).json()
    assert got["dashboards"] == ["dash-1", "dash-2"] and got["count"] == 2 and got["total"] == 5
    got = api.ok(api.request("GET", "/dashboards", {"offset": 3, "size": 10})).json()
    assert got["dashboards"] == ["dash-3", "dash-4"] and [d["dashboardName"] for d in got["dashboardItems"]] == [
        "dash-3", "dash-4"]
    assert error_of(api.request("GET", "/dashboards", {"size": 501})) == (400, "ParameterInvalid")


def test_jobs_filtered_by_type_and_logstore(api: Client) -> None:
    alert = {"name": "alert", "configuration": {"queryList": [{"logStore": "web"}]}}
    etl = {"name": "etl", "type": "ETL", "configuration": {"logstore": "web-2", "script": "e_keep()"}}
    api.ok(api.request("POST", "/jobs", json_body=alert))
    api.ok(api.request("POST", "/jobs", json_body=etl))
    names = lambda params: [j["name"] for j in api.ok(api.request("GET", "/jobs", params)).json()["results"]]  # noqa
    assert names({}) == ["alert", "etl"]
    assert names({"jobType": "Alert"}) == ["alert"]
    assert names({"logstore": "web"}) == ["alert"]  # exact logstore, not a substring
    assert names({"jobType": "ETL", "logstore": "web-2"}) == ["etl"]


def test_control_plane_seeding_validates(emu: Emulator, api: Client) -> None:
    import requests

    api.create_logstore("store")
    api.ok(api.request("POST", "/machinegroups", json_body=GROUP))
    base = f"{emu.endpoint}/_emulator/projects/{api.project}"
    assert requests.put(f"{base}/machinegroups/group-1/machines", data=b"{", timeout=10).status_code == 400
    assert requests.put(f"{base}/machinegroups/group-1/machines", json=[1], timeout=10).status_code == 400
    assert requests.put(f"{base}/machinegroups/group-1/machines", json=[{"ip": "1.1.1.1"}], timeout=10).ok
    machines = api.ok(api.request("GET", "/machinegroups/group-1/machines")).json()["machines"]
    assert machines == [{"ip": "1.1.1.1", "machine-uniqueid": "", "userdefined-id": "", "lastHeartbeatTime": 0}]
    tasks_url = f"{base}/logstores/store/shippers/ship/tasks"
    assert requests.put(tasks_url, json=[], timeout=10).status_code == 404  # no such shipper
    ship = {"shipperName": "ship", "targetType": "oss", "targetConfiguration": {}}
    api.ok(api.request("POST", "/logstores/store/shipper", json_body=ship))
    assert requests.put(tasks_url, json=[{"id": "t", "taskStatus": "odd"}], timeout=10).status_code == 400
    assert requests.put(tasks_url, json={"id": "t"}, timeout=10).status_code == 400
    assert requests.put(tasks_url, json=[{"id": "t"}], timeout=10).ok  # defaults: running, times 0
    assert requests.put(f"{emu.endpoint}/_emulator/projects/nope/logstores/store/shippers/ship/tasks", json=[],
                        timeout=10).status_code == 404
    tasks = api.ok(api.request("GET", "/logstores/store/shipper/ship/tasks", {"from": 0, "to": 10})).json()
    assert tasks["statistics"] == {"success": 0, "running": 1, "fail": 0} and tasks["tasks"][0]["id"] == "t"
    retry = api.request("PUT", "/logstores/store/shipper/ship/tasks", json_body=[str(i) for i in range(11)])
    assert error_of(retry) == (400, "ParameterInvalid")
    assert error_of(api.request("PUT", "/logstores/store/shipper/ship/tasks", json_body={"a": 1})) == (
        400, "ParameterInvalid")


def test_management_state_survives_a_restart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    data_dir = str(tmp_path / "data")
    with Emulator(data_dir=data_dir) as emu:
        c = Client(emu.endpoint, *emu.credentials, project="durable")
        c.create_project("durable")
        c.create_logstore("store")
        c.ok(c.request("POST", "/logstores/store/index", json_body=INDEX))
        c.ok(c.request("POST", "/configs", json_body=CONFIG))
        c.ok(c.request("POST", "/machinegroups", json_body=GROUP))
        c.ok(c.request("PUT", "/machinegroups/group-1/configs/cfg-1"))
        c.close()
    with Emulator(data_dir=data_dir) as emu:
        c = Client(emu.endpoint, *emu.credentials, project="durable")
        assert c.ok(c.request("GET", "/logstores/store/index")).json()["keys"] == INDEX["keys"]
        assert c.ok(c.request("GET", "/configs/cfg-1/machinegroups")).json()["machinegroups"] == ["group-1"]
        c.close()
