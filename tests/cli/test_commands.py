"""Every area of the CLI end to end against the emulator, through the in-process entry point ``main(argv)``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, List

import pytest

from aliyun.log.emulator import Emulator

from .conftest import Run


def ok(run: Run, *argv: str) -> Any:
    """Run a command that must succeed; its output parsed as JSON (None when it printed nothing)."""
    result = run(*argv)
    assert result.code == 0, (result.out, result.err)
    return json.loads(result.out) if result.out else None


def lines(run: Run, *argv: str) -> List[Any]:
    """The JSON documents a streaming command printed, one per line."""
    result = run(*argv)
    assert result.code == 0, (result.out, result.err)
    return [json.loads(line) for line in result.out.splitlines()]


def put(run: Run, project: str, logstore: str, count: int, start: int = 1700000000, **fields: str) -> None:
    items = [{"timestamp": start + i, "contents": [["n", str(i)], *[[k, v] for k, v in fields.items()]]}
             for i in range(count)]
    request = {"project": project, "logstore": logstore, "topic": "cli", "logitems": items}
    assert ok(run, "log", "put_logs", f"--request={json.dumps(request)}") is None


def test_projects_and_logstores(project_name: str, run: Run) -> None:
    assert ok(run, "log", "get_project", f"--project_name={project_name}")["description"] == "cli tests"
    names = ok(run, "log", "list_project", "--size=-1", "--jmes-filter=projects[].projectName")
    assert project_name in names
    assert ok(run, "log", "update_project", f"--project_name={project_name}", "--project_des=changed") is None
    assert ok(run, "log", "create_logstore", f"--project_name={project_name}", "--logstore_name=web", "--ttl=7",
              "--shard_count=3", "--append_meta=true", "--auto_split=false") is None
    store = ok(run, "log", "get_logstore", f"--project_name={project_name}", "--logstore_name=web")
    assert (store["ttl"], store["shardCount"], store["appendMeta"], store["autoSplit"]) == (7, 3, True, False)
    assert ok(run, "log", "update_logstore", f"--project_name={project_name}", "--logstore_name=web",
              "--ttl=30") is None
    assert ok(run, "log", "list_logstore", f"--project_name={project_name}")["logstores"] == ["web"]
    assert run("log", "iter_logstores", f"--project_name={project_name}").out == "web\n"  # strings print raw
    assert ok(run, "log", "delete_logstore", f"--project_name={project_name}", "--logstore_name=web") is None
    assert ok(run, "log", "list_logstore", f"--project_name={project_name}")["logstores"] == []


def test_shards_and_cursors(project_name: str, run: Run) -> None:
    p = f"--project_name={project_name}"
    ok(run, "log", "create_logstore", p, "--logstore_name=shd", "--shard_count=2")
    shards = ok(run, "log", "list_shards", p, "--logstore_name=shd")
    assert [s["shardID"] for s in shards] == [0, 1]
    split = ok(run, "log", "split_shard", p, "--logstore_name=shd", "--shardId=0",
               f"--split_hash={'3f' + '0' * 30}")
    assert len([s for s in split if s["status"] == "readwrite"]) == 2
    arranged = ok(run, "log", "arrange_shard", f"--project={project_name}", "--logstore=shd", "--count=4")
    assert len([s for s in arranged if s["status"] == "readwrite"]) == 4
    begin = ok(run, "log", "get_begin_cursor", p, "--logstore_name=shd", "--shard_id=1")["cursor"]
    assert ok(run, "log", "get_cursor", p, "--logstore_name=shd", "--shard_id=1", "--start_time=begin") == {
        "cursor": begin}
    assert ok(run, "log", "get_cursor", p, "--logstore_name=shd", "--shard_id=1", "--start_time=1 hour ago")
    assert "cursor_time" in ok(run, "log", "get_cursor_time", p, "--logstore_name=shd", "--shard_id=1",
                               f"--cursor={begin}")


def test_put_get_pull(project_name: str, run: Run) -> None:
    p = project_name
    ok(run, "log", "create_logstore", f"--project_name={p}", "--logstore_name=web", "--shard_count=1")
    ok(run, "log", "create_index", f"--project_name={p}", "--logstore_name=web",
       '--index_detail={"line": {"token": [",", " "]}, "keys": {"status": {"type": "long"}, "n": {"type": "text"}}}')
    put(run, p, "web", 3, status="500", msg="héllo")
    rows = ok(run, "log", "get_log", f"--project={p}", "--logstore=web", "--from_time=2023-11-14 00:00:00+0:00",
              "--to_time=now", "--query=status>=500", "--reverse=true")
    assert [row["n"] for row in rows] == ["2", "1", "0"]
    request = {"project": p, "logstore": "web", "fromTime": "1699999990", "toTime": "now", "query": "n: 1",
               "line": "50", "offset": "0", "reverse": "true"}
    assert [row["n"] for row in ok(run, "log", "get_logs", f"--request={json.dumps(request)}")] == ["1"]
    assert ok(run, "log", "list_topics", f'--request={{"project": "{p}", "logstore": "web"}}') == ["cli"]
    histogram = ok(run, "log", "get_histograms",
                   f'--request={{"project": "{p}", "logstore": "web", "fromTime": 1699999990, "toTime": "now"}}')
    assert sum(bucket["count"] for bucket in histogram) == 3
    chunks = lines(run, "log", "pull_log", f"--project_name={p}", "--logstore_name=web", "--shard_id=0",
                   "--from_time=begin", "--to_time=end", "--batch_size=1")
    assert sum(chunk["count"] for chunk in chunks) == 3 and all(chunk["next_cursor"] for chunk in chunks)
    assert chunks[0]["logs"][0]["msg"] == "héllo" and chunks[0]["logs"][0]["__topic__"] == "cli"
    begin = ok(run, "log", "get_begin_cursor", f"--project_name={p}", "--logstore_name=web", "--shard_id=0")
    pulled = ok(run, "log", "pull_logs", f"--project_name={p}", "--logstore_name=web", "--shard_id=0",
                f"--cursor={begin['cursor']}", "--count=10")
    assert pulled["count"] == 3 and set(pulled) == {"next_cursor", "count", "logs"}


def test_get_log_all_streams_one_page_per_line(project_name: str, run: Run) -> None:
    p = project_name
    ok(run, "log", "create_logstore", f"--project_name={p}", "--logstore_name=big", "--shard_count=1")
    ok(run, "log", "create_index", f"--project_name={p}", "--logstore_name=big", '--index_detail={"line": {}}')
    put(run, p, "big", 250)
    pages = lines(run, "log", "get_log_all", f"--project={p}", "--logstore=big", "--from_time=1699999999",
                  "--to_time=now")
    assert [len(page) for page in pages] == [100, 100, 50]
    # The documented one-log-per-line filter.
    result = run("log", "get_log_all", f"--project={p}", "--logstore=big", "--from_time=1699999999",
                 "--to_time=now", "--query=7", "--jmes-filter=join('\\n', map(&to_string(@), @))")
    assert [json.loads(line)["n"] for line in result.out.splitlines()] == ["7"]


def test_index_and_logtail_and_machine_groups(project_name: str, run: Run, tmp_path: Path) -> None:
    p = f"--project_name={project_name}"
    ok(run, "log", "create_logstore", p, "--logstore_name=app")
    index_file = tmp_path / "index.json"
    index_file.write_text(json.dumps({"line": {"token": [" "]}, "keys": {"level": {"type": "text"}}}))
    ok(run, "log", "create_index", p, "--logstore_name=app", f"--index_detail=file://{index_file}")
    level_type = ["log", "get_index_config", p, "--logstore_name=app", "--jmes-filter=keys.level.type"]
    assert run(*level_type).out == "text\n"  # a string result prints raw
    ok(run, "log", "update_index", p, "--logstore_name=app", '--index_detail={"keys": {"level": {"type": "long"}}}')
    assert run(*level_type).out == "long\n"
    ok(run, "log", "delete_index", p, "--logstore_name=app")
    assert run("log", "get_index_config", p, "--logstore_name=app").code == 3

    config = {"configName": "cfg1", "inputType": "file", "outputType": "LogService",
              "inputDetail": {"logType": "common_reg_log", "logPath": "/var/log", "filePattern": "*.log",
                              "regex": "(.*)", "key": ["content"]},
              "outputDetail": {"logstoreName": "app"}}
    ok(run, "log", "create_logtail_config", p, f"--config_detail={json.dumps(config)}")
    assert ok(run, "log", "get_logtail_config", p, "--config_name=cfg1")["inputDetail"]["logPath"] == "/var/log"
    config["inputDetail"]["logPath"] = "/srv/log"
    ok(run, "log", "update_logtail_config", p, f"--config_detail={json.dumps(config)}")
    assert ok(run, "log", "list_logtail_config", p, "--logstore=app")["configs"] == ["cfg1"]

    group = {"group_name": "grp1", "machine_type": "ip", "machine_list": ["10.0.0.1"], "group_type": "",
             "group_attribute": {}}
    ok(run, "log", "create_machine_group", p, f"--group_detail={json.dumps(group)}")
    group["machine_list"] = ["10.0.0.1", "10.0.0.2"]
    ok(run, "log", "update_machine_group", p, f"--group_detail={json.dumps(group)}")
    assert ok(run, "log", "get_machine_group", p, "--group_name=grp1")["machineList"] == ["10.0.0.1", "10.0.0.2"]
    assert ok(run, "log", "list_machine_group", p)["machinegroups"] == ["grp1"]
    ok(run, "log", "apply_config_to_machine_group", p, "--config_name=cfg1", "--group_name=grp1")
    assert ok(run, "log", "get_machine_group_applied_configs", p, "--group_name=grp1")["configs"] == ["cfg1"]
    assert ok(run, "log", "get_config_applied_machine_groups", p, "--config_name=cfg1")["machinegroups"] == ["grp1"]
    ok(run, "log", "remove_config_to_machine_group", p, "--config_name=cfg1", "--group_name=grp1")
    ok(run, "log", "delete_machine_group", p, "--group_name=grp1")
    ok(run, "log", "delete_logtail_config", p, "--config_name=cfg1")


def test_consumer_groups(project_name: str, run: Run) -> None:
    ok(run, "log", "create_logstore", f"--project_name={project_name}", "--logstore_name=cgs", "--shard_count=2")
    base = [f"--project={project_name}", "--logstore=cgs", "--consumer_group=g1"]
    ok(run, "log", "create_consumer_group", *base, "--timeout=30", "--in_order=true")
    ok(run, "log", "update_consumer_group", *base, "--timeout=60")
    assert ok(run, "log", "list_consumer_group", f"--project={project_name}", "--logstore=cgs") == [
        {"name": "g1", "order": True, "timeout": 60}]
    cursor = ok(run, "log", "get_end_cursor", f"--project_name={project_name}", "--logstore_name=cgs",
                "--shard_id=1")["cursor"]
    ok(run, "log", "update_check_point", *base, "--shard=1", f"--check_point={cursor}")
    points = ok(run, "log", "get_check_point", *base, "--shard=1")
    assert [(p["shard"], p["checkpoint"]) for p in points] == [(1, cursor)]
    ok(run, "log", "delete_consumer_group", *base)
    assert ok(run, "log", "list_consumer_group", f"--project={project_name}", "--logstore=cgs") == []


def test_dashboards_saved_searches_alerts(project_name: str, run: Run) -> None:
    p = f"--project={project_name}"
    ok(run, "log", "create_dashboard", p, '--detail={"dashboardName": "d1", "displayName": "D1", "charts": []}')
    ok(run, "log", "update_dashboard", p, '--detail={"dashboardName": "d1", "displayName": "D2", "charts": []}')
    assert ok(run, "log", "get_dashboard", p, "--entity=d1")["displayName"] == "D2"
    assert ok(run, "log", "list_dashboard", p)["dashboards"] == ["d1"]
    ok(run, "log", "delete_dashboard", p, "--entity=d1")

    search = {"savedsearchName": "s1", "searchQuery": "*", "logstore": "web", "topic": "", "displayName": "S1"}
    ok(run, "log", "create_savedsearch", p, f"--detail={json.dumps(search)}")
    assert ok(run, "log", "get_savedsearch", p, "--entity=s1")["searchQuery"] == "*"
    assert ok(run, "log", "list_savedsearch", p, "--size=-1")["savedsearches"] == ["s1"]
    ok(run, "log", "delete_savedsearch", p, "--entity=s1")

    alert = {"name": "a1", "displayName": "A1", "type": "Alert", "state": "Enabled",
             "schedule": {"type": "FixedRate", "interval": "5m"},
             "configuration": {"condition": "total >= 100", "dashboard": "d1",
                               "queryList": [{"logStore": "web", "start": "-120s", "end": "now",
                                              "timeSpanType": "Custom", "chartTitle": "c",
                                              "query": "* | select count(1) as total"}],
                               "notificationList": [], "notifyThreshold": 1, "throttling": "5m"}}
    ok(run, "log", "create_alert", p, f"--detail={json.dumps(alert)}")
    ok(run, "log", "disable_alert", f"--project_name={project_name}", "--job_name=a1")
    assert ok(run, "log", "get_alert", p, "--entity=a1")["state"] == "Disabled"
    ok(run, "log", "enable_alert", f"--project_name={project_name}", "--job_name=a1")
    assert [a["name"] for a in ok(run, "log", "list_alert", p)["results"]] == ["a1"]
    ok(run, "log", "delete_alert", p, "--entity=a1")
    assert run("log", "get_alert", p, "--entity=a1").code == 3


def test_shippers(project_name: str, run: Run) -> None:
    ok(run, "log", "create_logstore", f"--project_name={project_name}", "--logstore_name=shp")
    base = [f"--project={project_name}", "--logstore=shp"]
    detail = {"shipperName": "oss-ship", "targetType": "oss",
              "targetConfiguration": {"ossBucket": "b1", "ossPrefix": "f1", "roleArn": "acs:ram::1:role/r",
                                      "bufferInterval": 300, "bufferSize": 256, "compressType": "none",
                                      "pathFormat": "%Y/%m/%d", "enable": True,
                                      "storage": {"format": "json", "detail": {"enableTag": False}}}}
    ok(run, "log", "create_shipper", *base, f"--detail={json.dumps(detail)}")
    assert ok(run, "log", "get_shipper", *base, "--entity=oss-ship")["targetType"] == "oss"
    assert ok(run, "log", "list_shipper", *base)["shipper"] == ["oss-ship"]
    tasks = ok(run, "log", "get_shipper_tasks", f"--project_name={project_name}", "--logstore_name=shp",
               "--shipper_name=oss-ship", "--start_time=1 day ago", "--end_time=now")
    assert tasks["count"] == 0
    ok(run, "log", "delete_shipper", *base, "--entity=oss-ship")


def test_copy_logstore_copy_data_and_dump(project_name: str, run: Run, tmp_path: Path) -> None:
    p = project_name
    ok(run, "log", "create_logstore", f"--project_name={p}", "--logstore_name=src", "--shard_count=2")
    ok(run, "log", "create_index", f"--project_name={p}", "--logstore_name=src", '--index_detail={"line": {}}')
    put(run, p, "src", 5, msg="中文")
    copied = ok(run, "log", "copy_logstore", f"--from_project={p}", "--from_logstore=src", "--to_logstore=dst")
    assert copied["index"] is True
    assert "line" in ok(run, "log", "get_index_config", f"--project_name={p}", "--logstore_name=dst")
    result = ok(run, "log", "copy_data", f"--project={p}", "--logstore=src", "--from_time=begin",
                "--to_logstore=dst", "--to_client=main")
    assert result["total_count"] == 5

    template = str(tmp_path / "dump_{}.jsonl")
    dumped = ok(run, "log", "pull_log_dump", f"--project_name={p}", "--logstore_name=dst", "--from_time=begin",
                "--to_time=end", f"--file_path={template}", "--no_escape=true")
    # only the shards that had logs get a file (as the official client)
    assert dumped["total_count"] == 5 and set(dumped["files"]) <= {template.format(0), template.format(1)}
    texts = [Path(path).read_text("utf-8") for path in dumped["files"]]
    logs = [json.loads(line) for text in texts for line in text.splitlines()]
    assert sorted(int(log["n"]) for log in logs) == [0, 1, 2, 3, 4]
    assert all(log["msg"] == "中文" for log in logs)
    assert all("中文" in text for text in texts)


def test_to_client_names_a_configured_account(project_name: str, run: Run, emulator: Emulator) -> None:
    ok(run, "log", "create_logstore", f"--project_name={project_name}", "--logstore_name=aaa")
    result = run("log", "copy_data", f"--project={project_name}", "--logstore=aaa", "--from_time=begin",
                 "--to_logstore=bbb", "--to_client=nowhere")
    assert result.code == 1 and "account 'nowhere' is not configured" in result.err
    ok(run, "configure", *emulator.credentials, emulator.endpoint, "second")
    ok(run, "log", "create_logstore", f"--project_name={project_name}", "--logstore_name=bbb")
    assert ok(run, "log", "copy_data", f"--project={project_name}", "--logstore=aaa", "--from_time=begin",
              "--to_logstore=bbb", "--to_client=second") == {"shards": {}, "total_count": 0}  # only shards with logs


@pytest.mark.parametrize("bad, message", [
    (["--shard_count=two"], "parameter 'shard_count' should be of type int"),
    (["--auto_split=maybe"], "parameter 'auto_split' should be of type bool"),
    (["--encrypt_conf=[1]"], "parameter 'encrypt_conf' should be of type Optional[Dict[str, Any]]"),
])
def test_bad_values_name_the_option(configured: Path, run: Run, bad: List[str], message: str) -> None:
    result = run("log", "create_logstore", "--project_name=p", "--logstore_name=l", *bad)
    assert result.code == 1 and message in result.err and result.out == ""


def test_bad_time_names_the_option_and_the_forms(configured: Path, run: Run) -> None:
    result = run("log", "get_log", "--project=p", "--logstore=l", "--from_time=someday", "--to_time=now")
    assert result.code == 1
    assert "parameter 'from_time'" in result.err and "1 hour ago" not in result.out and "ago" in result.err


def test_service_errors_exit_3_with_code_message_and_request_id(configured: Path, run: Run,
                                                                emulator: Emulator) -> None:
    result = run("log", "get_project", "--project_name=no-such-project-x")
    assert result.code == 3
    error = json.loads(result.first_line)
    assert list(error) == ["errorCode", "errorMessage", "requestId"]
    assert error["errorCode"] == "ProjectNotExist" and error["requestId"]

    access_id = emulator.credentials[0]
    result = run("log", "list_project", f"--access-id={access_id}", "--access-key=wrong-secret")
    assert result.code == 3 and json.loads(result.first_line)["errorCode"] == "SignatureNotMatch"
    assert "wrong-secret" not in result.out + result.err
