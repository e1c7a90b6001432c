"""Attributes, getters, constructor forms and positional calls of aliyun-log-python-sdk 0.9.52 that scripts use,
end to end against the emulator where a service answer is involved."""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List

import pytest
from aliyun.log.es_migration.doc_logitem_converter import DocLogItemConverter
from aliyun.log.es_migration.index_logstore_mappings import IndexLogstoreMappings
from aliyun.log.es_migration.mapping_index_converter import (
    AliyunLogFieldType,
    MappingIndexConverter,
    field_type_handlers,
)

from aliyun.log import (
    CreateConsumerGroupResponse,
    CreateEntityResponse,
    LogClient,
    LogException,
    LogItem,
    PutLogsRequest,
    SimpleFileConfigDetail,
)
from aliyun.log.consumer import LogHubConfig
from aliyun.log.es_migration import MigrationConfig, MigrationManager

# -- LogException ----------------------------------------------------------------------------------------------------


def test_log_exception_positional_order_and_original_attributes() -> None:
    error = LogException("Code", "message", "req-1", 404, {"x-log-requestid": "req-1"}, '{"errorCode": "Code"}')
    assert (error.resp_status, error.resp_header, error.resp_body) == (404, {"x-log-requestid": "req-1"},
                                                                       '{"errorCode": "Code"}')
    assert (error.get_resp_status(), error.get_request_id()) == (404, "req-1")
    bare = LogException("Code", "message", resp_header="")  # the original's default
    # Documented difference: without a status the original says 200; ours says 0, so that an error the SDK detected
    # itself never looks like an answer of the service.
    assert bare.resp_header == {} and bare.resp_status == 0
    assert json.loads(bare.resp_body) == {"errorCode": "Code", "errorMessage": "message", "requestId": ""}


def test_service_errors_carry_the_response(client: LogClient, project: str) -> None:
    with pytest.raises(LogException) as info:
        client.get_logstore(project, "no-such-logstore")
    error = info.value
    assert error.resp_status == 404 and error.get_error_code() == "LogStoreNotExist"
    assert error.resp_header.get("x-log-requestid") == error.get_request_id() != ""
    assert json.loads(error.resp_body)["errorCode"] == "LogStoreNotExist"


# -- responses -------------------------------------------------------------------------------------------------------


def test_pull_log_response_getters_of_the_original(client: LogClient, project: str,
                                                   make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=1)
    items = [LogItem(1700000000 + i, [("n", str(i))]) for i in range(3)]
    client.put_logs(PutLogsRequest(project, logstore, "topic", "source", items))
    cursor = client.get_cursor(project, logstore, 0, "begin").get_cursor()
    pulled = client.pull_logs(project, logstore, 0, cursor)
    assert pulled.log_count == pulled.get_log_count() == 3
    assert pulled.loggroup_list.LogGroups[0].Logs[2].Contents[0].Value == "2"
    assert pulled.get_raw_log_group_count_before_query() == -1 and pulled.get_raw_size_before_query() == -1


def test_pull_log_response_reads_the_before_query_headers() -> None:
    from aliyun.log import PullLogResponse

    answer = PullLogResponse(b"", {"x-log-cursor": "c", "x-log-count": "0", "X-Log-Rawdatacount": "7",
                                   "x-log-rawdatasize": "4096"})
    assert (answer.get_raw_log_group_count_before_query(), answer.get_raw_size_before_query()) == (7, 4096)


def test_listing_and_logstore_getters_of_the_original(client: LogClient, project: str,
                                                      make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=2)
    listed = client.list_logstore(project)
    assert listed.logstores == [logstore] and listed.total_count == 1
    assert client.list_shards(project, logstore).count == 2
    assert client.get_logstore(project, logstore).get_enable_modify() is False


def test_response_constructors_take_the_original_keyword_names() -> None:
    assert CreateEntityResponse(headers={"x-log-requestid": "r"}, body="").get_request_id() == "r"
    assert CreateConsumerGroupResponse(headers={"x-log-requestid": "q"}).get_request_id() == "q"
    assert CreateConsumerGroupResponse({"x-log-requestid": "p"}, "").get_request_id() == "p"


def test_resource_usage_lists_logstores_with_consumer_groups(client: LogClient, project: str,
                                                             make_logstore: Callable[..., str]) -> None:
    busy, idle = make_logstore(shard_count=1), make_logstore(shard_count=1)
    client.create_consumer_group(project, busy, "group-a", 60)
    usage = client.get_resource_usage(project)
    assert usage["consumer_group"] == {"count": {"status": 1},
                                       "logstores": {busy: {"status": 1, "limitation": 30, "usage": "3.33%"}}}
    assert set(usage["shard"]["logstores"]) == {busy, idle}


# -- positional calls of the earlier API -----------------------------------------------------------------------------


def test_list_logtail_config_takes_offset_and_size_positionally(client: LogClient, project: str,
                                                                make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    names = [f"cfg-{n}" for n in range(3)]
    for name in names:
        client.create_logtail_config(project, SimpleFileConfigDetail(logstore, name, "/var/log", "*.log"))
    everything = client.list_logtail_config(project).get_configs()
    assert sorted(everything) == names
    assert client.list_logtail_config(project, 1, 1).get_configs() == everything[1:2]
    assert client.list_logtail_config(project, 2).get_configs() == everything[2:]
    assert client.list_logtail_config(project, logstore, "cfg-1").get_configs() == ["cfg-1"]


def test_es_migration_takes_the_earlier_order(client: LogClient, project: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    seen: List[Dict[str, Any]] = []
    monkeypatch.setattr(MigrationManager, "migrate", lambda self: seen.append(vars(self)) or "report")
    assert client.es_migration("es-node:9200", project) == "report"  # es_migration(hosts, project_name)
    assert client.es_migration("/tmp/cache", "es-node:9200", project) == "report"  # the original order
    first, second = seen
    assert first["project_name"] == second["project_name"] == project
    assert first["hosts"] == second["hosts"] and first["hosts"].nodes[0]["host"] == "es-node"
    assert second["cache_path"] == "/tmp/cache"
    with pytest.raises(TypeError, match="hosts and project_name"):
        client.es_migration("es-node:9200")


# -- consumer and migration configuration ----------------------------------------------------------------------------


def test_loghub_config_consumer_group_time_out() -> None:
    config = LogHubConfig("http://127.0.0.1:1", "id", "key", "project", "logstore", "group", "consumer",
                          heartbeat_interval=10)
    assert config.consumer_group_time_out == config.consumer_group_timeout == 20
    config.consumer_group_time_out = 90  # set after construction, as scripts of the original do
    assert config.consumer_group_timeout == 90
    with pytest.raises(ValueError, match="consumer_group_time_out"):
        config.consumer_group_time_out = 0


def test_migration_manager_from_a_migration_config(tmp_path: Any) -> None:
    config = MigrationConfig(str(tmp_path), endpoint="cn-hangzhou.log.aliyuncs.com", access_key_id="id",
                             access_key="key", project_name="proj", hosts="localhost:9200", indexes="a,b",
                             logstore_index_mappings='{"ls": "a*"}', source="src", batch_size=10)
    for manager in (MigrationManager(config=config), MigrationManager(config)):
        assert (manager.endpoint, manager.project_name, manager.indexes) == ("cn-hangzhou.log.aliyuncs.com", "proj",
                                                                             "a,b")
        assert manager.batch_size == 10 and manager.pool_size == 10 and manager.retries_failed == 10
        assert manager.cache_path == str(tmp_path) and manager.scroll == "1d" and manager.source == "src"
        assert manager.mappings == [("ls", ["a*"])]
    assert config.get("project_name") == "proj" and config.get("topic", "none") == "none"
    with pytest.raises(TypeError, match="either"):
        MigrationManager(config=config, hosts="other:9200")


# -- Elasticsearch converters ----------------------------------------------------------------------------------------


def test_doc_logitem_converter() -> None:
    doc = {"_index": "logs", "_id": "7", "_source": {"msg": "hi", "at": "2024-01-01T00:00:00Z", "obj": {"a": 1}}}
    item = DocLogItemConverter.to_log_item(doc, "at")
    contents = dict(item.get_contents())
    assert item.get_time() == 1704067200 and contents["msg"] == "hi" and json.loads(contents["obj"]) == {"a": 1}
    assert contents["_id"] == "7" and DocLogItemConverter.get_index(doc) == "logs"


def test_index_logstore_mappings() -> None:
    mappings = IndexLogstoreMappings(["app-1", "app-2", "audit"], '{"apps": "app-*"}')
    assert mappings.get_logstore("app-1") == mappings.get_logstore("app-2") == "apps"
    assert mappings.get_logstore("audit") == "audit" and mappings.get_logstore("other") is None
    assert sorted(mappings.get_all_logstores()) == ["apps", "audit"]
    assert mappings.get_indexes("apps") == ["app-1", "app-2"] and mappings.get_indexes("none") == []
    assert sorted(mappings.get_all_indexes()) == ["app-1", "app-2", "audit"]


def test_mapping_index_converter() -> None:
    mapping = {"properties": {"msg": {"type": "text"}, "n": {"type": "long"}, "ratio": {"type": "float"},
                              "obj": {"properties": {"x": {"type": "keyword"}}}, "blob": {"type": "binary"}}}
    config = MappingIndexConverter.to_index_config(mapping)
    assert config is not None
    keys = config.key_config_list
    assert keys["msg"].index_type == AliyunLogFieldType.TEXT and keys["n"].index_type == AliyunLogFieldType.LONG
    assert keys["ratio"].index_type == AliyunLogFieldType.DOUBLE and keys["obj"].index_type == AliyunLogFieldType.JSON
    assert "blob" not in keys and "_id" in keys
    assert MappingIndexConverter.to_index_config({}) is None
    assert set(MappingIndexConverter.to_key_config_list(mapping["properties"])) == set(keys)
    assert field_type_handlers["integer"]().index_type == "long" and "binary" not in field_type_handlers


def test_migration_response_has_the_log_response_getters() -> None:
    from aliyun.log.es_migration import MigrationResponse

    answer = MigrationResponse([], 1.5, hosts="h", project="p")
    assert answer.get_body() == {"total_count": 0, "new_count": 0, "success_count": 0, "fail_count": 0,
                                 "interrupted_count": 0, "elapsed": 1.5}
    assert (answer.get_all_headers(), answer.get_header("x"), answer.get_request_id()) == ({}, "", "")
