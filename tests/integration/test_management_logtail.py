"""Logtail configs against the emulator: every detail class round trips through create → get; list, update,
delete and the errors of each."""

from __future__ import annotations

from typing import Callable, List

import pytest

from aliyun.log import (
    ApsaraFileConfigDetail,
    ConfigDetailBase,
    FullRegFileConfigDetail,
    JsonFileConfigDetail,
    LogClient,
    LogException,
    LogtailConfigGenerator,
    PluginConfigDetail,
    SeperatorFileConfigDetail,
    SimpleFileConfigDetail,
    SyslogConfigDetail,
)
from aliyun.log.api import base


def _code(call: Callable[[], object]) -> tuple:
    with pytest.raises(LogException) as info:
        call()
    return info.value.get_error_code(), info.value.get_resp_status()


def every_detail(logstore: str) -> List[ConfigDetailBase]:
    return [
        SimpleFileConfigDetail(logstore, "simple-cfg", "/var/log/app", "*.log", topicFormat="none",
                               filterKey=["level"], filterRegex=["ERROR|WARN"]),
        SeperatorFileConfigDetail(logstore, "sep-cfg", "/var/log/csv", "*.csv", "a|b|c", "|", ["a", "b", "c"],
                                  timeKey="a", timeFormat="%Y-%m-%d", fileEncoding="utf8", maxDepth=3),
        FullRegFileConfigDetail(logstore, "reg-cfg", "/var/log/nginx", "access.log",
                                '1.2.3.4 - - [01/Jan/2024:00:00:00] "GET /"', logBeginRegex=r"\d+\..*",
                                regex=r"(\S+) - - \[([^\]]+)\] \"(\w+) ([^\"]+)\"",
                                key=["ip", "time", "method", "url"], timeFormat="%d/%b/%Y:%H:%M:%S",
                                enableRawLog=True, preserve=False, preserveDepth=2),
        JsonFileConfigDetail(logstore, "json-cfg", "/var/log/json", "*.json", timeKey="ts",
                             timeFormat="%s", localStorage=False),
        ApsaraFileConfigDetail(logstore, "apsara-cfg", "/var/log/apsara", "*.LOG", r"\[\d+-\d+-\d+.*",
                               topicFormat="group_topic"),
        SyslogConfigDetail(logstore, "syslog-cfg", "local0", localStorage=True),
        PluginConfigDetail(logstore, "plugin-cfg",
                           {"inputs": [{"type": "service_docker_stdout", "detail": {"Stdout": True}}],
                            "flushers": []}),
        # a streamlog input has no dedicated class: the generic one keeps it as it is
        ConfigDetailBase(logstore, "stream-cfg", "streamlog", tag="stream", shardHashKey=["ip"]),
    ]


def test_every_detail_class_round_trips(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    for detail in every_detail(logstore):
        client.create_logtail_config(project, detail)
        got = client.get_logtail_config(project, detail.config_name)
        config = got.logtail_config
        assert type(config) is type(detail), detail.config_name
        assert got.get_config() is config
        assert got.get_config_name() == detail.config_name and got.get_logstore_name() == logstore
        assert isinstance(config.create_time, int) and config.last_modify_time == config.create_time
        assert got.get_create_time() == config.create_time
        config.create_time = config.last_modify_time = None
        assert config == detail, (config.to_json(), detail.to_json())
    names = client.list_logtail_config(project).get_configs()
    assert sorted(names) == sorted(d.config_name for d in every_detail(logstore))


def test_generator_json_update_and_delete(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    other = make_logstore(shard_count=1)
    config_json = {
        "configName": "from-json",
        "inputType": "file",
        "inputDetail": {"logType": "json_log", "logPath": "/log", "filePattern": "*.json", "localStorage": True,
                        "timeFormat": "", "topicFormat": "none", "timeKey": ""},
        "outputType": "LogService",
        "outputDetail": {"logstoreName": logstore},
    }
    client.create_logtail_config(project, LogtailConfigGenerator.generate_config(config_json))
    assert client.get_logtail_config(project, "from-json").get_body()["inputDetail"] == config_json["inputDetail"]

    changed = JsonFileConfigDetail(other, "from-json", "/other", "*.log")
    client.update_logtail_config(project, changed)
    got = client.get_logtail_config(project, "from-json")
    assert got.get_logstore_name() == other and got.logtail_config.input_detail["logPath"] == "/other"
    assert got.get_last_modify_time() >= got.get_create_time()

    client.update_logtail_config(project, {**config_json})  # a plain dict is accepted too
    assert client.get_logtail_config(project, "from-json").get_logstore_name() == logstore

    client.delete_logtail_config(project, "from-json")
    assert _code(lambda: client.get_logtail_config(project, "from-json")) == ("ConfigNotExist", 404)
    assert _code(lambda: client.delete_logtail_config(project, "from-json")) == ("ConfigNotExist", 404)
    assert _code(lambda: client.update_logtail_config(project, changed)) == ("ConfigNotExist", 404)


def test_config_errors(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    detail = SimpleFileConfigDetail(logstore, "dup-cfg", "/log", "*.log")
    client.create_logtail_config(project, detail)
    assert _code(lambda: client.create_logtail_config(project, detail)) == ("ConfigAlreadyExist", 400)
    missing_store = SimpleFileConfigDetail("no-such-store", "cfg-2", "/log", "*.log")
    assert _code(lambda: client.create_logtail_config(project, missing_store)) == ("LogStoreNotExist", 404)
    assert _code(lambda: client.create_logtail_config("no-such-proj-cfg", detail)) == ("ProjectNotExist", 404)
    bad = {"configName": "bad-cfg", "inputType": "file", "inputDetail": "not an object",
           "outputDetail": {"logstoreName": logstore}}
    with pytest.raises(LogException):  # the generator refuses it before anything is sent
        client.create_logtail_config(project, bad)
    assert _code(lambda: client.create_logtail_config(project, 42))[0] == "InvalidArgument"  # type: ignore[arg-type]


def test_list_filters_paging_and_iterator(
    client: LogClient, project: str, make_logstore: Callable[..., str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = make_logstore(shard_count=1), make_logstore(shard_count=1)
    names = []
    for i in range(5):
        store = first if i % 2 == 0 else second
        name = f"cfg-{i}"
        client.create_logtail_config(project, SimpleFileConfigDetail(store, name, "/log", "*.log"))
        names.append(name)
    page = client.list_logtail_config(project, size=2)
    assert page.get_configs_count() == 2 and page.get_configs_total() == 5 and page.get_count() == 2
    assert client.list_logtail_config(project, offset=4, size=10).get_configs() == ["cfg-4"]
    assert client.list_logtail_config(project, logstore=first, size=-1).get_configs() == ["cfg-0", "cfg-2", "cfg-4"]
    assert client.list_logtail_config(project, config="cfg-3").get_configs() == ["cfg-3"]
    assert list(client.iter_logtail_configs(project, page_size=2)) == names
    monkeypatch.setattr(base, "MAX_PAGE_SIZE", 2)  # size=-1 now needs three pages
    everything = client.list_logtail_config(project, size=-1)
    assert everything.get_configs() == names and everything.get_total() == 5 and everything.get_count() == 5
