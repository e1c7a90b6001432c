"""ES -> Log Service mapping: key names, values, dates, the type table, index configs (no server needed)."""

from __future__ import annotations

import json

import pytest

from aliyun.log.api.logs import check_key
from aliyun.log.es_migration.mapping import (
    ES_TYPE_TABLE,
    DocumentConverter,
    date_format_of,
    index_config_from_mapping,
    logstore_name_for_index,
    mapping_properties,
    merge_index_configs,
    parse_es_date,
    sls_key,
    to_text,
)
from aliyun.log.models.index import DEFAULT_TOKEN_LIST


@pytest.mark.parametrize("name, key", [
    ("message", "message"),
    ("@timestamp", "@timestamp"),  # names the service accepts are kept (the old rule rewrote these five)
    ("user-agent", "user-agent"),
    ("a.b.c", "a.b.c"),
    ("2fa", "2fa"),
    ("名 字", "名 字"),
    ("", "_"),
    ("日志", "日志"),
    ("__time__", "__time___"),
    ("__source__", "__source___"),
    ("_extract_others_", "_extract_others__"),
    ("_id", "_id"),
    ("_type", "_type"),
    ("x$y%z", "x$y%z"),
])
def test_sls_key(name: str, key: str) -> None:
    assert sls_key(name) == key
    check_key(key)  # put_logs accepts it


def test_sls_key_long_names_are_cut_with_a_hash() -> None:
    long_name = "field-" + "x" * 300
    key = sls_key(long_name)
    assert len(key.encode()) <= 128
    check_key(key)
    assert key != sls_key(long_name + "y")  # distinct names stay distinct
    assert sls_key(long_name) == key  # deterministic
    multibyte = "字" * 60  # 180 bytes
    assert len(sls_key(multibyte).encode()) <= 128
    check_key(sls_key(multibyte))


@pytest.mark.parametrize("index, logstore", [
    ("logs-2024.01.01", "logs-2024-01-01"),
    ("MyIndex", "myindex"),
    ("a", "a-es"),
    ("ab", "ab-es"),
    ("_x_", "x-es"),
    ("app+web", "app-web"),
])
def test_logstore_name_for_index(index: str, logstore: str) -> None:
    assert logstore_name_for_index(index) == logstore


def test_logstore_name_for_long_index() -> None:
    name = logstore_name_for_index("i" * 200)
    assert len(name) <= 63 and name[0].isalnum() and name[-1].isalnum()
    assert name != logstore_name_for_index("i" * 199)


@pytest.mark.parametrize("value, text", [
    ("plain", "plain"),
    (42, "42"),
    (-7, "-7"),
    (2**70, str(2**70)),
    (1.5, "1.5"),
    (1e20, "1e+20"),
    (0.1, "0.1"),
    (True, "true"),
    (False, "false"),
    (None, "null"),
    ({"a": 1, "b": [1, "x"]}, '{"a":1,"b":[1,"x"]}'),
    (["中", {"k": None}], '["中",{"k":null}]'),
    ([], "[]"),
])
def test_to_text(value: object, text: str) -> None:
    assert to_text(value) == text
    if not isinstance(value, str):
        assert text == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("value, unit, expected", [
    (1_700_000_000_123, "ms", (1_700_000_000, 123_000_000)),
    ("1700000000123", "ms", (1_700_000_000, 123_000_000)),
    (1_700_000_000, "s", (1_700_000_000, 0)),
    ("1700000000", "s", (1_700_000_000, 0)),
    (1_700_000_000.5, "s", (1_700_000_000, 500_000_000)),
    ("2024-01-02T03:04:05Z", "ms", (1_704_164_645, 0)),
    ("2024-01-02T03:04:05.123456789Z", "ms", (1_704_164_645, 123_456_789)),
    ("2024-01-02T11:04:05+08:00", "ms", (1_704_164_645, 0)),
    ("2024-01-02 03:04:05", "ms", (1_704_164_645, 0)),  # no zone: UTC, as Elasticsearch
    ("2024-01-02", "ms", (1_704_153_600, 0)),
    ("2024/01/02 03:04:05", "ms", (1_704_164_645, 0)),  # free form
    (["2024-01-02T03:04:05Z", "x"], "ms", (1_704_164_645, 0)),
])
def test_parse_es_date(value: object, unit: str, expected: tuple) -> None:
    assert parse_es_date(value, unit) == expected


@pytest.mark.parametrize("value", [None, True, "not a date", {"a": 1}, [], -5_000, "1800-01-01"])
def test_parse_es_date_rejects(value: object) -> None:
    assert parse_es_date(value) is None


def test_date_format_of() -> None:
    props = {"d": {"type": "date", "format": "epoch_second"}, "o": {"properties": {"t": {"type": "date"}}},
             "n": {"type": "long"}}
    assert date_format_of(props, "d") == "epoch_second"
    assert date_format_of(props, "o.t") is None
    assert date_format_of(props, "n") is None
    assert date_format_of(props, "missing") is None


def test_converter_contents_time_and_collisions() -> None:
    converter = DocumentConverter("meta.when", "epoch_second||epoch_millis")
    hit = {"_index": "idx", "_id": "7", "_source": {
        "a.b": 1, "__time__": 2, "__time___": 3, "_id": "own", "@timestamp": "x", "meta": {"when": 1_700_000_000},
        "tags": ["x", "y"]}}
    log, size = converter.convert(hit)
    contents = dict(log.contents)
    assert contents == {"_id": "7", "_index": "idx", "a.b": "1", "__time___": "2", "__time____2": "3",
                        "_id_2": "own", "@timestamp": "x", "meta": '{"when":1700000000}', "tags": '["x","y"]'}
    assert log.timestamp == 1_700_000_000 and log.time_nano_part is None
    assert size == sum(len(k.encode()) + len(v.encode()) for k, v in contents.items())
    assert converter.time_fallbacks == 0

    no_time = converter.convert({"_index": "idx", "_id": "8", "_type": "_doc", "_source": {"x": "é"}})[0]
    assert dict(no_time.contents)["_type"] == "_doc"
    assert converter.time_fallbacks == 1
    flat = DocumentConverter("meta.when").convert({"_index": "i", "_id": "1", "_source": {"meta.when": 5000}})[0]
    assert flat.timestamp == 5  # a dotted name stored flat; epoch millis by default


def test_type_table_covers_the_guide() -> None:
    guide = {
        "text": "text", "keyword": "text-no-tokens", "long": "long", "integer": "long", "short": "long",
        "byte": "long", "double": "double", "float": "double", "half_float": "double", "scaled_float": "double",
        "date": "text", "boolean": "text-no-tokens", "binary": None, "integer_range": "json",
        "float_range": "json", "long_range": "json", "double_range": "json", "date_range": "json",
        "ip_range": "text-no-tokens", "object": "json", "nested": None, "geo_point": "text", "geo_shape": "text",
        "ip": "text-no-tokens", "completion": None, "token_count": None, "murmur3": None, "percolator": None,
        "join": None,
    }
    for es_type, kind in guide.items():
        assert ES_TYPE_TABLE[es_type] == kind, es_type


def test_index_config_from_mapping() -> None:
    props = mapping_properties({"mappings": {"properties": {
        "msg": {"type": "text", "fields": {"raw": {"type": "keyword"}}},
        "level": {"type": "keyword"},
        "n": {"type": "integer"},
        "r": {"type": "scaled_float", "scaling_factor": 10},
        "ok": {"type": "boolean"},
        "user": {"properties": {"name": {"type": "keyword"}, "geo": {"properties": {"lat": {"type": "double"}}},
                                "tags": {"type": "nested", "properties": {"x": {"type": "long"}}}}},
        "span": {"type": "long_range"},
        "blob": {"type": "binary"},
        "@timestamp": {"type": "date"},
        "unknown": {"type": "some_plugin_type"},
    }}})
    config = index_config_from_mapping(props).to_json()
    keys = config["keys"]
    assert config["line"]["token"] == DEFAULT_TOKEN_LIST
    assert keys["msg"]["type"] == "text" and keys["msg"]["token"] == DEFAULT_TOKEN_LIST
    assert keys["level"] == {"type": "text", "token": [], "caseSensitive": False, "doc_value": True}
    assert keys["n"]["type"] == "long" and keys["r"]["type"] == "double"
    assert keys["ok"]["token"] == []
    assert keys["user"]["type"] == "json"
    assert set(keys["user"]["json_keys"]) == {"name", "geo.lat"}
    assert keys["user"]["json_keys"]["geo.lat"]["type"] == "double"
    assert keys["span"]["type"] == "json" and not keys["span"].get("json_keys")
    assert "blob" not in keys
    assert keys["@timestamp"]["type"] == "text"
    assert keys["unknown"]["type"] == "text"
    assert {"_id", "_index", "_type"} <= set(keys)


def test_mapping_properties_with_a_type_level() -> None:
    assert mapping_properties({"mappings": {"_doc": {"properties": {"a": {"type": "long"}}}}}) == \
        {"a": {"type": "long"}}
    assert mapping_properties({"mappings": {}}) == {}


def test_merge_index_configs() -> None:
    a = index_config_from_mapping({"x": {"type": "long"}, "y": {"type": "text"}})
    b = index_config_from_mapping({"x": {"type": "keyword"}, "z": {"type": "double"}})
    merged = merge_index_configs([a, b])
    assert merged is not None
    keys = merged.to_json()["keys"]
    assert keys["x"]["type"] == "text" and keys["x"]["token"] == DEFAULT_TOKEN_LIST  # conflict: plain text
    assert keys["y"]["type"] == "text" and keys["z"]["type"] == "double"
    assert merge_index_configs([]) is None
