"""Config/model classes of the management API: exact JSON round trips, class selection, validation, secrets."""

from __future__ import annotations

import base64
import copy
import json
import pickle
import random
import zlib

import pytest

from aliyun.log.errors import LogException
from aliyun.log.models.consumer_group import ConsumerGroupEntity
from aliyun.log.models.external_store import (
    ExternalStoreConfig,
    ExternalStoreConfigBase,
    ExternalStoreCsvConfig,
    ExternalStoreOssConfig,
)
from aliyun.log.models.index import (
    DEFAULT_TOKEN_LIST,
    IndexConfig,
    IndexJsonKeyConfig,
    IndexKeyConfig,
    IndexLineConfig,
)
from aliyun.log.models.logtail import (
    ApsaraFileConfigDetail,
    ConfigDetailBase,
    FullRegFileConfigDetail,
    JsonFileConfigDetail,
    LogtailConfigError,
    LogtailConfigGenerator,
    PluginConfigDetail,
    SeperatorFileConfigDetail,
    SimpleFileConfigDetail,
    SyslogConfigDetail,
)
from aliyun.log.models.machine_group import MachineGroupDetail
from aliyun.log.models.shipper import (
    OdpsShipperConfig,
    OssShipperConfig,
    ShipperTask,
    shipper_config_from_json,
    shipper_detail,
    shipper_from_detail,
)

# ======================================================================================================================
# Index

SEED_TOKENS = [
    ",",
    " ",
    '"',
    '"',
    ";",
    "=",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "?",
    "@",
    "&",
    "<",
    ">",
    "/",
    ":",
    "\n",
    "\t",
]

# The user guide's create_index example.
SEED_INDEX = {
    "keys": {
        "f1": {"caseSensitive": False, "token": SEED_TOKENS, "type": "text", "doc_value": True},
        "f2": {"doc_value": True, "type": "long"},
    },
    "storage": "pg",
    "ttl": 2,
    "index_mode": "v2",
    "line": {"caseSensitive": False, "token": SEED_TOKENS},
}

FULL_INDEX = {
    "line": {
        "token": [",", " ", "\n"],
        "caseSensitive": True,
        "chn": True,
        "include_keys": ["a", "b"],
        "auto_key_detect": True,
        "auto_key_count_limit": 50,
        "auto_text_keys": ["host"],
    },
    "keys": {
        "msg": {"type": "text", "token": [" "], "caseSensitive": False, "chn": False, "alias": "m", "doc_value": True},
        "status": {"type": "long", "doc_value": True, "alias": "code"},
        "latency": {"type": "double", "doc_value": False},
        "payload": {
            "type": "json",
            "token": [",", ";"],
            "caseSensitive": False,
            "doc_value": True,
            "index_all": False,
            "max_depth": 4,
            "json_keys": {
                "user.id": {"type": "long", "doc_value": True, "alias": "uid"},
                "user.name": {"type": "text", "doc_value": True},
                "cost": {"type": "double", "doc_value": False},
                "nested": {
                    "type": "json",
                    "doc_value": False,
                    "index_all": True,
                    "max_depth": -1,
                    "json_keys": {"deep": {"type": "long", "doc_value": True}},
                },
            },
        },
        "vec": {
            "type": "text",
            "token": [],
            "caseSensitive": False,
            "doc_value": False,
            "embedding": "model-x",
            "vector_index": {"dims": 3},
        },
    },
    "all_keys": {"type": "text", "token": ["~"], "caseSensitive": True, "doc_value": True},
    "ttl": 30,
    "max_text_len": 4096,
    "log_reduce": True,
    "log_reduce_white_list": ["msg"],
    "log_reduce_black_list": ["status"],
    "scan_index": False,
    "lastModifyTime": 1700000000,
    "index_mode": "v2",
    "storage": "pg",
}


def roundtrip_index(value):
    return IndexConfig().from_json(copy.deepcopy(value)).to_json()


def test_default_token_list_is_the_service_default():
    expected = [",", " ", "'", '"', ";", "=", "(", ")", "[", "]", "{", "}", "?", "@", "&", "<", ">", "/", ":"]
    assert [*expected, "\n", "\t", "\r"] == DEFAULT_TOKEN_LIST
    assert all(len(t) == 1 for t in DEFAULT_TOKEN_LIST)
    assert "\r" in DEFAULT_TOKEN_LIST and "'" in DEFAULT_TOKEN_LIST


@pytest.mark.parametrize("value", [SEED_INDEX, FULL_INDEX], ids=["seed", "full"])
def test_index_round_trip_exact(value):
    assert roundtrip_index(value) == value


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"line": {"token": [","]}},
        {"line": {"caseSensitive": True}},
        {"keys": {}},
        {"keys": {"a": {}}},
        {"keys": {"a": {"type": "long"}}},
        {"keys": {"a": {"type": "json"}}},
        {"keys": {"a": {"type": "json", "json_keys": {"x": {}}}}},
        {"keys": {"a": {"type": "long", "token": [","], "caseSensitive": False, "chn": False}}},
        {"log_reduce": False},
        {"ttl": 1},
        {"max_text_len": 0},
        {"all_keys": {"type": "text"}},
        {"keys": {"a": {"type": "text", "future_field": {"x": 1}}}, "future_root": [1, 2]},
        {"line": {"token": [], "future": True}},
    ],
)
def test_index_round_trip_of_partial_inputs_adds_nothing(value):
    assert roundtrip_index(value) == value


def _random_key(rng, depth=0):
    key_type = rng.choice(["text", "long", "double", "json"] if depth < 2 else ["text", "long", "double"])
    out = {}
    if rng.random() < 0.8:
        out["type"] = key_type
    else:
        key_type = "text"
    if key_type in ("text", "json") and rng.random() < 0.7:
        out["token"] = rng.sample(DEFAULT_TOKEN_LIST, rng.randint(0, 5))
    if rng.random() < 0.5:
        out["caseSensitive"] = rng.random() < 0.5
    if rng.random() < 0.3:
        out["chn"] = rng.random() < 0.5
    if rng.random() < 0.3:
        out["alias"] = f"alias{rng.randint(0, 9)}"
    if rng.random() < 0.7:
        out["doc_value"] = rng.random() < 0.5
    if key_type == "json":
        if rng.random() < 0.5:
            out["index_all"] = rng.random() < 0.5
        if rng.random() < 0.5:
            out["max_depth"] = rng.randint(-1, 10)
        if rng.random() < 0.7:
            out["json_keys"] = {f"k{i}": _random_key(rng, depth + 1) for i in range(rng.randint(0, 3))}
    return out


def _random_index(rng):
    out = {}
    if rng.random() < 0.7:
        line = {}
        for key, make in (
            ("token", lambda: rng.sample(DEFAULT_TOKEN_LIST, rng.randint(0, 8))),
            ("caseSensitive", lambda: rng.random() < 0.5),
            ("chn", lambda: rng.random() < 0.5),
            ("include_keys", lambda: ["a"]),
            ("auto_key_detect", lambda: rng.random() < 0.5),
            ("auto_text_keys", lambda: ["t"]),
        ):
            if rng.random() < 0.5:
                line[key] = make()
        out["line"] = line
    if rng.random() < 0.8:
        out["keys"] = {f"f{i}": _random_key(rng) for i in range(rng.randint(0, 5))}
    for key, make in (
        ("ttl", lambda: rng.randint(1, 3650)),
        ("max_text_len", lambda: rng.randint(64, 16384)),
        ("log_reduce", lambda: rng.random() < 0.5),
        ("log_reduce_white_list", lambda: ["f0"]),
        ("log_reduce_black_list", lambda: ["f1"]),
        ("scan_index", lambda: rng.random() < 0.5),
        ("all_keys", lambda: _random_key(rng)),
        ("lastModifyTime", lambda: rng.randint(1, 2**31)),
        ("index_mode", lambda: "v2"),
    ):
        if rng.random() < 0.4:
            out[key] = make()
    return out


def test_index_round_trip_of_random_valid_configs():
    rng = random.Random(20240601)
    for _ in range(500):
        value = _random_index(rng)
        assert roundtrip_index(value) == value, value
        # and the result is stable once more
        assert roundtrip_index(roundtrip_index(value)) == value


def test_index_from_json_is_an_instance_method_returning_self():
    config = IndexConfig()
    assert config.from_json(SEED_INDEX) is config
    assert config.ttl == 2
    assert set(config.key_config_list) == {"f1", "f2"}
    assert config.key_config_list["f2"].index_type == "long"
    assert config.line_config.token_list == SEED_TOKENS
    line = IndexLineConfig()
    assert line.from_json({"token": []}) is line
    key = IndexKeyConfig()
    assert key.from_json({"type": "double"}) is key


def test_index_built_from_constructors():
    json_keys = IndexJsonKeyConfig(index_all=False, max_depth=3)
    json_keys.add_key("a.b", "long", doc_value=True, alias="ab")
    json_keys.add_key("c", "text")
    config = IndexConfig(
        line_config=IndexLineConfig(token_list=[",", " "], case_sensitive=True, chinese=True),
        key_config_list={
            "t": IndexKeyConfig(),
            "l": IndexKeyConfig(index_type="long", doc_value=True),
            "d": IndexKeyConfig(index_type="double", alias="dd"),
            "j": IndexKeyConfig(index_type="json", json_key_config=json_keys, token_list=[";"], doc_value=True),
        },
        log_reduce=True,
        scan_index=True,
    )
    config.set_docvalue_max_text_len(2048)
    config.set_log_reduce_white_list(["t"])
    assert config.to_json() == {
        "line": {"token": [",", " "], "caseSensitive": True, "auto_text_keys": [], "chn": True,
                 "auto_key_detect": False},
        "keys": {
            "t": {"type": "text", "token": DEFAULT_TOKEN_LIST, "caseSensitive": False, "doc_value": False},
            "l": {"type": "long", "doc_value": True},
            "d": {"type": "double", "alias": "dd", "doc_value": False},
            "j": {
                "type": "json",
                "token": [";"],
                "caseSensitive": False,
                "doc_value": True,
                "index_all": False,
                "max_depth": 3,
                "json_keys": {
                    "a.b": {"type": "long", "alias": "ab", "doc_value": True},
                    "c": {"type": "text", "doc_value": False},
                },
            },
        },
        "max_text_len": 2048,
        "log_reduce": True,
        "log_reduce_white_list": ["t"],
        "scan_index": True,
    }
    # and back
    assert IndexConfig().from_json(config.to_json()) == config


def test_index_defaults_and_unset_fields_are_omitted():
    assert IndexConfig().to_json() == {}
    assert IndexConfig(ttl=7).to_json() == {}  # deprecated; the official client does not send it either
    assert IndexConfig().from_json({"ttl": 7}).to_json() == {"ttl": 7}  # but a round trip keeps it
    # the official client's keys, in its order (the body bytes are signed)
    assert list(IndexLineConfig().to_json().items()) == [
        ("token", DEFAULT_TOKEN_LIST), ("caseSensitive", False), ("auto_text_keys", []), ("chn", False),
        ("auto_key_detect", False)]
    assert "auto_key_count_limit" not in IndexLineConfig(auto_key_count_limit=10).to_json()
    assert "auto_key_detect" not in IndexLineConfig(auto_key_detect=None).to_json()
    assert IndexLineConfig().from_json({"token": [","]}).to_json() == {"token": [","]}
    line = IndexLineConfig(auto_key_detect=True, auto_key_count_limit=10, auto_text_keys=["h"])
    assert line.to_json()["auto_key_detect"] is True
    assert line.to_json()["auto_key_count_limit"] == 10
    assert line.to_json()["auto_text_keys"] == ["h"]
    assert "chn" not in IndexKeyConfig().to_json()
    assert IndexKeyConfig(chinese=False).to_json()["chn"] is False
    out = IndexKeyConfig(embedding="m", vector_index={"dims": 8}).to_json()
    assert out["embedding"] == "m" and out["vector_index"] == {"dims": 8}
    assert None not in IndexConfig().from_json(FULL_INDEX).to_json().values()


def test_index_json_type_gets_a_default_json_config():
    key = IndexKeyConfig(index_type="json")
    assert isinstance(key.get_json_key_config(), IndexJsonKeyConfig)
    assert key.to_json()["index_all"] is True
    assert key.to_json()["max_depth"] == -1
    assert key.to_json()["json_keys"] == {}
    replacement = IndexJsonKeyConfig(json_keys={"x": {"type": "double", "doc_value": True}})
    key.set_json_key_config(replacement)
    assert key.get_json_key_config() is replacement
    assert key.to_json()["json_keys"] == {"x": {"type": "double", "doc_value": True}}


def test_index_changes_after_from_json_are_emitted():
    config = IndexConfig().from_json({"line": {"token": [","]}, "keys": {"a": {"type": "long"}}})
    config.line_config.case_sensitive = True
    config.key_config_list["a"].doc_value = True
    config.log_reduce = True
    config.key_config_list["b"] = IndexKeyConfig(index_type="double")
    assert config.to_json() == {
        "line": {"token": [","], "caseSensitive": True},
        "keys": {"a": {"type": "long", "doc_value": True}, "b": {"type": "double", "doc_value": False}},
        "log_reduce": True,
    }


def test_index_to_json_returns_independent_copies():
    config = IndexConfig().from_json(FULL_INDEX)
    out = config.to_json()
    out["keys"]["msg"]["token"].append("X")
    out["line"]["token"].clear()
    out["storage"] = "other"
    assert config.to_json() == FULL_INDEX
    source = copy.deepcopy(FULL_INDEX)
    config = IndexConfig().from_json(source)
    source["keys"]["payload"]["json_keys"]["user.id"]["alias"] = "changed"
    assert config.to_json() == FULL_INDEX


def test_index_original_attribute_names_still_work():
    key = IndexKeyConfig(chinese=True)
    assert key.chn is True
    line = IndexLineConfig()
    line.chn = False
    assert line.to_json()["chn"] is False
    config = IndexConfig()
    config.set_log_reduce_black_list(["x"])
    config.set_scan_index(False)
    assert config.log_reduce_black_list == ["x"] and config.to_json()["scan_index"] is False
    assert config.modify_time is None
    assert IndexConfig().from_json({"lastModifyTime": 5}).modify_time == 5


def test_index_equality_and_repr():
    assert IndexConfig().from_json(FULL_INDEX) == IndexConfig().from_json(copy.deepcopy(FULL_INDEX))
    assert IndexConfig().from_json(FULL_INDEX) != IndexConfig()
    assert IndexKeyConfig(index_type="long") == IndexKeyConfig(index_type="long")
    assert "long" in repr(IndexKeyConfig(index_type="long"))
    assert "IndexConfig(" in repr(IndexConfig().from_json(FULL_INDEX))


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: IndexKeyConfig(index_type="string"), "index_type"),
        (lambda: IndexKeyConfig(token_list=",;"), "token_list"),
        (lambda: IndexKeyConfig(token_list=[1]), "token_list"),
        (lambda: IndexKeyConfig(case_sensitive="yes"), "case_sensitive"),
        (lambda: IndexKeyConfig(doc_value=1), "doc_value"),
        (lambda: IndexKeyConfig(alias=3), "alias"),
        (lambda: IndexKeyConfig(chinese="no"), "chinese"),
        (lambda: IndexKeyConfig(index_type="json", json_key_config={"index_all": True}), "json_key_config"),
        (lambda: IndexLineConfig(include_keys="a"), "include_keys"),
        (lambda: IndexLineConfig(auto_key_count_limit="5"), "auto_key_count_limit"),
        (lambda: IndexConfig(ttl=True), "ttl"),
        (lambda: IndexConfig(ttl="1"), "ttl"),
        (lambda: IndexConfig(line_config={"token": []}), "line_config"),
        (lambda: IndexConfig(key_config_list={"a": {"type": "long"}}), "key_config_list"),
        (lambda: IndexConfig(key_config_list=[IndexKeyConfig()]), "key_config_list"),
        (lambda: IndexConfig(all_keys_config="x"), "all_keys_config"),
        (lambda: IndexConfig(log_reduce="true"), "log_reduce"),
        (lambda: IndexConfig().set_docvalue_max_text_len(-1), "max_len"),
        (lambda: IndexConfig().set_log_reduce_white_list("a"), "white_list"),
        (lambda: IndexConfig().set_scan_index(1), "scan_index"),
        (lambda: IndexJsonKeyConfig().add_key("a", "json"), "key_type"),
        (lambda: IndexJsonKeyConfig(max_depth=-2), "max_depth"),
        (lambda: IndexConfig().from_json([1, 2]), "json_value"),
    ],
)
def test_index_bad_arguments_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


# ======================================================================================================================
# Logtail configs

# The user guide's create_logtail_config example.
SEED_LOGTAIL = {
    "configName": "json_1",
    "inputDetail": {"logType": "json_log", "filePattern": "test.log", "logPath": "/json_1"},
    "inputType": "file",
    "outputDetail": {"logstoreName": "logstore3"},
}


def server_config(input_type, detail, **root):
    """A config as the service answers it (all defaults present, server timestamps)."""
    out = {
        "configName": "cfg-1",
        "inputType": input_type,
        "inputDetail": detail,
        "outputType": "LogService",
        "outputDetail": {"logstoreName": "store-1", "endpoint": "cn-hangzhou-intranet.log.aliyuncs.com"},
        "createTime": 1700000000,
        "lastModifyTime": 1700000100,
    }
    out.update(root)
    return out


FILE_COMMON = {
    "logPath": "/var/log/app",
    "filePattern": "*.log",
    "localStorage": True,
    "topicFormat": "none",
    "fileEncoding": "utf8",
    "maxDepth": 10,
    "preserve": True,
    "preserveDepth": 1,
    "filterKey": [],
    "filterRegex": [],
    "discardUnmatch": True,
    "dockerFile": False,
}

SERVER_CONFIGS = {
    SimpleFileConfigDetail: server_config(
        "file",
        dict(FILE_COMMON, logType="common_reg_log", regex="(.*)", key=["content"], timeFormat="", logBeginRegex=".*"),
    ),
    FullRegFileConfigDetail: server_config(
        "file",
        dict(
            FILE_COMMON,
            logType="common_reg_log",
            logBeginRegex=r"\d+-\d+-\d+.*",
            regex=r"(\S+) (\S+) (.*)",
            key=["time", "level", "msg"],
            timeFormat="%Y-%m-%d %H:%M:%S",
        ),
        logSample="2024-01-01 00:00:00 INFO hello",
    ),
    SeperatorFileConfigDetail: server_config(
        "file",
        dict(
            FILE_COMMON,
            logType="delimiter_log",
            separator="|",
            quote='"',
            key=["city", "population", "location"],
            timeKey="",
            timeFormat="",
            autoExtend=True,
        ),
        logSample="shanghai|2000|east",
    ),
    JsonFileConfigDetail: server_config("file", dict(FILE_COMMON, logType="json_log", timeKey="time", timeFormat="%s")),
    ApsaraFileConfigDetail: server_config(
        "file", dict(FILE_COMMON, logType="apsara_log", logBeginRegex=r"\[\d+-\d+-\d+ \d+:\d+:\d+\.\d+.*")
    ),
    SyslogConfigDetail: server_config("syslog", {"tag": "nginx", "localStorage": True}),
    PluginConfigDetail: server_config(
        "plugin",
        {
            "plugin": {
                "inputs": [{"type": "service_docker_stdout", "detail": {"Stdout": True, "Stderr": True}}],
                "processors": [{"type": "processor_json", "detail": {"SourceKey": "content"}}],
            },
            "localStorage": True,
        },
    ),
    ConfigDetailBase: server_config("streamlog", {"streamlogTag": "x", "localStorage": True}),
}


@pytest.mark.parametrize("cls", list(SERVER_CONFIGS), ids=lambda c: c.__name__)
def test_generator_picks_class_and_round_trips_service_configs(cls):
    value = SERVER_CONFIGS[cls]
    config = LogtailConfigGenerator.generate_config(copy.deepcopy(value))
    assert type(config) is cls
    assert config.to_json() == value
    assert LogtailConfigGenerator.from_json(value) == config


def test_generator_on_the_user_guide_example():
    config = LogtailConfigGenerator.generate_config(copy.deepcopy(SEED_LOGTAIL))
    assert isinstance(config, JsonFileConfigDetail)
    out = config.to_json()
    # every given field is kept...
    assert out["configName"] == "json_1"
    assert out["inputType"] == "file"
    assert out["outputDetail"] == {"logstoreName": "logstore3"}
    for key, val in SEED_LOGTAIL["inputDetail"].items():
        assert out["inputDetail"][key] == val
    # ...and the service defaults are filled in
    assert out["outputType"] == "LogService"
    assert out["inputDetail"]["localStorage"] is True
    assert out["inputDetail"]["timeFormat"] == ""
    assert out["inputDetail"]["topicFormat"] == "none"
    # stable from then on
    assert LogtailConfigGenerator.generate_config(out).to_json() == out


def test_generator_loads_json_text_examples():
    text = """{"configName": "sep-1", "inputType": "file", "logSample": "a|b",
               "inputDetail": {"logType": "delimiter_log", "logPath": "/x", "filePattern": "*.log",
                               "separator": "|", "key": ["a", "b"]},
               "outputDetail": {"logstoreName": "ls1"}}"""
    config = LogtailConfigGenerator.generate_config(json.loads(text))
    assert isinstance(config, SeperatorFileConfigDetail)
    assert config.to_json()["inputDetail"]["autoExtend"] is True
    assert config.log_sample == "a|b"
    assert config.config_name == "sep-1" and config.logstore_name == "ls1"


@pytest.mark.parametrize(
    ("detail", "root", "expected"),
    [
        ({"regex": "(.*)", "key": ["content"]}, {}, SimpleFileConfigDetail),
        ({}, {}, SimpleFileConfigDetail),
        ({"regex": r"(\d+) (.*)", "key": ["a", "b"]}, {}, FullRegFileConfigDetail),
        ({"logBeginRegex": r"\d+.*"}, {}, FullRegFileConfigDetail),
        ({}, {"logSample": "x y"}, FullRegFileConfigDetail),
    ],
)
def test_generator_common_reg_log_simple_vs_full(detail, root, expected):
    value = {
        "configName": "c1",
        "inputType": "file",
        "inputDetail": dict({"logType": "common_reg_log", "logPath": "/a", "filePattern": "*.log"}, **detail),
        "outputDetail": {"logstoreName": "ls1"},
        **root,
    }
    assert type(LogtailConfigGenerator.generate_config(value)) is expected


def test_generator_unknown_log_type_is_kept_opaquely():
    value = server_config("file", {"logType": "future_log", "logPath": "/a", "filePattern": "*", "localStorage": True})
    config = LogtailConfigGenerator.generate_config(value)
    assert type(config) is ConfigDetailBase
    assert config.to_json() == value


@pytest.mark.parametrize(
    "value",
    [
        {"configName": "c1", "inputDetail": {"logType": "json_log"}, "outputDetail": {"logstoreName": "l1"}},
        {"configName": "c1", "inputType": "file", "inputDetail": {"logPath": "/a"}, "outputDetail": {}},
        {"configName": "c1", "inputType": "file", "outputDetail": {"logstoreName": "l1"}},
        {"configName": "c1", "inputType": 3, "inputDetail": {}, "outputDetail": {"logstoreName": "l1"}},
        "not a dict",
    ],
)
def test_generator_rejects_unclassifiable_configs(value):
    with pytest.raises(LogtailConfigError) as info:
        LogtailConfigGenerator.generate_config(value)
    # both a ValueError and, as in the original SDK, a LogException with code InvalidInput
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, LogException)
    assert info.value.get_error_code() == "InvalidInput"
    again = pickle.loads(pickle.dumps(info.value))
    assert type(again) is LogtailConfigError and again.message == info.value.message


@pytest.mark.parametrize(
    ("helper", "value", "missing"),
    [
        (LogtailConfigGenerator.generate_json_config, {"inputDetail": {"logPath": "/a"}}, "filePattern"),
        (
            LogtailConfigGenerator.generate_separator_config,
            {"inputDetail": {"logPath": "/a", "filePattern": "*"}},
            "separator",
        ),
        (
            LogtailConfigGenerator.generate_apsara_config,
            {"inputDetail": {"logPath": "/a", "filePattern": "*"}},
            "logBeginRegex",
        ),
        (LogtailConfigGenerator.generate_syslog_config, {"inputType": "syslog", "inputDetail": {}}, "tag"),
        (LogtailConfigGenerator.generate_plugin_config, {"inputType": "plugin", "inputDetail": {}}, "plugin"),
        (LogtailConfigGenerator.generate_simple_log_config, {"outputDetail": {}}, "logstoreName"),
        (LogtailConfigGenerator.generate_full_regex_config, {"configName": None}, "configName"),
    ],
)
def test_from_json_requires_mandatory_fields(helper, value, missing):
    base = {
        "configName": "c1",
        "inputType": "file",
        "inputDetail": {"logPath": "/a", "filePattern": "*"},
        "outputDetail": {"logstoreName": "l1"},
    }
    base.update(value)
    if value.get("configName", "") is None:
        del base["configName"]
    with pytest.raises(ValueError, match=missing):
        helper(base)


def test_from_json_of_a_class_checks_the_input_type():
    with pytest.raises(ValueError, match="inputType"):
        SyslogConfigDetail.from_json(SERVER_CONFIGS[JsonFileConfigDetail])


def test_each_generate_helper_builds_its_class():
    helpers = {
        SimpleFileConfigDetail: LogtailConfigGenerator.generate_simple_log_config,
        FullRegFileConfigDetail: LogtailConfigGenerator.generate_full_regex_config,
        SeperatorFileConfigDetail: LogtailConfigGenerator.generate_separator_config,
        JsonFileConfigDetail: LogtailConfigGenerator.generate_json_config,
        ApsaraFileConfigDetail: LogtailConfigGenerator.generate_apsara_config,
        SyslogConfigDetail: LogtailConfigGenerator.generate_syslog_config,
        PluginConfigDetail: LogtailConfigGenerator.generate_plugin_config,
    }
    for cls, helper in helpers.items():
        config = helper(SERVER_CONFIGS[cls])
        assert type(config) is cls
        assert config.to_json() == SERVER_CONFIGS[cls]


def test_constructor_json_of_each_class():
    simple = SimpleFileConfigDetail("store-1", "simple-1", "/var/log", "*.log", enableRawLog=True, maxDepth=3)
    assert simple.to_json() == {
        "configName": "simple-1",
        "inputType": "file",
        "inputDetail": {
            "logPath": "/var/log",
            "filePattern": "*.log",
            "enableRawLog": True,
            "maxDepth": 3,
            "localStorage": True,
            "logType": "common_reg_log",
            "regex": "(.*)",
            "key": ["content"],
            "timeFormat": "",
            "topicFormat": "none",
        },
        "outputType": "LogService",
        "outputDetail": {"logstoreName": "store-1"},
    }

    full = FullRegFileConfigDetail(
        "store-1",
        "full-1",
        "/var/log",
        "*.log",
        "1 a",
        logBeginRegex=r"\d+.*",
        regex=r"(\d+) (.*)",
        key=["n", "rest"],
        localStorage=False,
    )
    out = full.to_json()
    assert out["logSample"] == "1 a"
    assert out["inputDetail"]["regex"] == r"(\d+) (.*)"
    assert out["inputDetail"]["key"] == ["n", "rest"]
    assert out["inputDetail"]["localStorage"] is False
    assert out["inputDetail"]["logType"] == "common_reg_log"

    sep = SeperatorFileConfigDetail(
        "store-1",
        "sep-1",
        "/d",
        "*.csv",
        "a\tb",
        "\t",
        ["a", "b"],
        timeKey="a",
        timeFormat="%s",
        createTime=10,
        modifyTime=20,
    )
    out = sep.to_json()
    assert out["inputDetail"]["separator"] == "\t"
    assert out["inputDetail"]["timeKey"] == "a"
    assert out["inputDetail"]["logType"] == "delimiter_log"
    assert out["inputDetail"]["autoExtend"] is True
    assert (out["createTime"], out["modifyTime"]) == (10, 20)
    assert "createTime" not in out["inputDetail"]

    js = JsonFileConfigDetail("store-1", "json-1", "/d", "*.json", timeKey="t", timeFormat="%s")
    assert js.to_json()["inputDetail"]["logType"] == "json_log"
    assert js.to_json()["inputDetail"]["timeKey"] == "t"

    aps = ApsaraFileConfigDetail("store-1", "aps-1", "/d", "*.LOG", r"\[\d+.*", topicFormat="group_topic")
    assert aps.to_json()["inputDetail"]["logType"] == "apsara_log"
    assert aps.to_json()["inputDetail"]["topicFormat"] == "group_topic"

    syslog = SyslogConfigDetail("store-1", "sys-1", "nginx", localStorage=False)
    assert syslog.to_json()["inputType"] == "syslog"
    assert syslog.to_json()["inputDetail"] == {"tag": "nginx", "localStorage": False}

    plugin_body = {"inputs": [{"type": "metric_mock", "detail": {}}]}
    plugin = PluginConfigDetail("store-1", "plugin-1", plugin_body, enableTag=True)
    assert plugin.to_json()["inputType"] == "plugin"
    assert plugin.to_json()["inputDetail"] == {"plugin": plugin_body, "enableTag": True, "localStorage": True}
    assert PluginConfigDetail("store-1", "plugin-1", json.dumps(plugin_body), enableTag=True) == plugin

    for config in (simple, full, sep, js, aps, syslog, plugin):
        again = LogtailConfigGenerator.generate_config(config.to_json())
        assert type(again) is type(config)
        assert again == config


def test_constructor_extended_items_and_root_fields():
    config = SimpleFileConfigDetail(
        "store-1",
        "simple-1",
        "/var/log",
        "*.log",
        dockerFile=True,
        dockerIncludeLabel={"app": "x"},
        createTime=5,
        logSample="line",
        ignored=None,
    )
    out = config.to_json()
    assert out["inputDetail"]["dockerFile"] is True
    assert out["inputDetail"]["dockerIncludeLabel"] == {"app": "x"}
    assert "ignored" not in out["inputDetail"]
    assert out["createTime"] == 5 and out["logSample"] == "line"
    assert "createTime" not in out["inputDetail"] and "logSample" not in out["inputDetail"]
    assert config.value == out
    assert config.log_type == "common_reg_log"


def test_logtail_to_json_returns_independent_copies():
    config = LogtailConfigGenerator.generate_config(SERVER_CONFIGS[SeperatorFileConfigDetail])
    out = config.to_json()
    out["inputDetail"]["key"].append("zzz")
    out["outputDetail"]["endpoint"] = "x"
    assert config.to_json() == SERVER_CONFIGS[SeperatorFileConfigDetail]


def test_logtail_repr():
    config = SyslogConfigDetail("store-1", "sys-1", "nginx")
    assert repr(config) == "SyslogConfigDetail(configName='sys-1', logstoreName='store-1', inputType='syslog')"
    assert "logType='json_log'" in repr(LogtailConfigGenerator.generate_config(SEED_LOGTAIL))


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: SimpleFileConfigDetail("store-1", "-bad", "/a", "*"), "configName"),
        (lambda: SimpleFileConfigDetail("store-1", "x", "/a", "*"), "configName"),
        (lambda: SimpleFileConfigDetail("Store_1", "cfg-1", "/a", "*"), "logstoreName"),
        (lambda: SimpleFileConfigDetail(None, "cfg-1", "/a", "*"), "logstoreName"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "", "*"), "logPath"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", 5), "filePattern"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", "*", localStorage="yes"), "localStorage"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", "*", maxDepth=True), "maxDepth"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", "*", maxDepth=-1), "maxDepth"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", "*", filterKey="a"), "filterKey"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", "*", filterKey=["a"], filterRegex=[]), "filterRegex"),
        (lambda: SimpleFileConfigDetail("store-1", "cfg-1", "/a", "*", createTime="now"), "createTime"),
        (lambda: SeperatorFileConfigDetail("store-1", "cfg-1", "/a", "*", "s", "", ["a"]), "separator"),
        (lambda: SeperatorFileConfigDetail("store-1", "cfg-1", "/a", "*", "s", "|", "a,b"), "key"),
        (lambda: SeperatorFileConfigDetail("store-1", "cfg-1", "/a", "*", "s", "|", []), "key"),
        (lambda: SeperatorFileConfigDetail("store-1", "cfg-1", "/a", "*", 1, "|", ["a"]), "logSample"),
        (lambda: FullRegFileConfigDetail("store-1", "cfg-1", "/a", "*", "s", regex=1), "regex"),
        (lambda: JsonFileConfigDetail("store-1", "cfg-1", "/a", "*", timeKey=1), "timeKey"),
        (lambda: ApsaraFileConfigDetail("store-1", "cfg-1", "/a", "*", None), "logBeginRegex"),
        (lambda: SyslogConfigDetail("store-1", "cfg-1", ""), "tag"),
        (lambda: PluginConfigDetail("store-1", "cfg-1", ["inputs"]), "plugin"),
        (lambda: PluginConfigDetail("store-1", "cfg-1", "{not json"), "plugin"),
        (lambda: ConfigDetailBase("store-1", "cfg-1", ""), "inputType"),
    ],
)
def test_logtail_bad_arguments_raise_value_error_naming_them(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


# ======================================================================================================================
# Machine groups

# The user guide's create_machine_group example (snake_case keys).
SEED_MACHINE_GROUP = {
    "group_name": "group_name1",
    "machine_list": ["machine1", "machine2"],
    "machine_type": "userdefined",
    "group_type": "Armory",
    "group_attribute": {"externalName": "ex name", "groupTopic": "topic x"},
}

SERVER_MACHINE_GROUP = {
    "groupName": "group-1",
    "groupType": "",
    "machineIdentifyType": "ip",
    "machineList": ["192.168.1.1", "192.168.1.2"],
    "groupAttribute": {"externalName": "", "groupTopic": "web"},
    "createTime": 1700000000,
    "lastModifyTime": 1700000500,
}


def test_machine_group_user_guide_example():
    group = MachineGroupDetail()
    assert group.from_json(SEED_MACHINE_GROUP) is group
    assert group.to_json() == {
        "groupName": "group_name1",
        "groupType": "Armory",
        "machineIdentifyType": "userdefined",
        "machineList": ["machine1", "machine2"],
        "groupAttribute": {"externalName": "ex name", "groupTopic": "topic x"},
    }


def test_machine_group_round_trip_of_service_json():
    group = MachineGroupDetail().from_json(copy.deepcopy(SERVER_MACHINE_GROUP))
    assert group.to_json() == SERVER_MACHINE_GROUP
    assert (group.create_time, group.last_modify_time) == (1700000000, 1700000500)
    extended = dict(SERVER_MACHINE_GROUP, futureField={"a": 1})
    assert MachineGroupDetail().from_json(extended).to_json() == extended


def test_machine_group_constructor():
    group = MachineGroupDetail("group-1", "ip", ["10.0.0.1"], group_attribute={"groupTopic": "t"})
    assert group.to_json() == {
        "groupName": "group-1",
        "groupType": "",
        "machineIdentifyType": "ip",
        "machineList": ["10.0.0.1"],
        "groupAttribute": {"groupTopic": "t"},
    }
    assert MachineGroupDetail().from_json(group.to_json()) == group
    assert "group-1" in repr(group)


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"group_name": "bad name"}, "group_name"),
        ({"group_name": 5}, "group_name"),
        ({"machine_type": "hostname"}, "machine_type"),
        ({"machine_list": "10.0.0.1"}, "machine_list"),
        ({"machine_list": [1]}, "machine_list"),
        ({"group_type": None}, "group_type"),
        ({"group_attribute": ["x"]}, "group_attribute"),
        ({"group_attribute": {"groupTopic": 1}}, "group_attribute"),
    ],
)
def test_machine_group_bad_arguments(kwargs, argument):
    with pytest.raises(ValueError, match=argument):
        MachineGroupDetail(**kwargs)


# ======================================================================================================================
# Shippers

# The user guide's create_shipper examples.
SEED_OSS_CSV_SHIPPER = {
    "shipperName": "oss-ship-test1",
    "targetConfiguration": {
        "bufferInterval": 300,
        "bufferSize": 256,
        "compressType": "none",
        "enable": True,
        "ossBucket": "bucket1",
        "ossPrefix": "bucket_folder1",
        "pathFormat": "%Y/%m/%d/%H/%M",
        "roleArn": "acs:ram::1234:role/aliyunlogdefaultrole",
        "storage": {
            "detail": {"columns": ["k3", "k4"], "delimiter": "|", "header": False, "nullIdentifier": "", "quote": '"'},
            "format": "csv",
        },
    },
    "targetType": "oss",
}
SEED_OSS_JSON_SHIPPER = {
    "shipperName": "oss-ship-test1",
    "targetConfiguration": {
        "bufferInterval": 300,
        "bufferSize": 256,
        "compressType": "snappy",
        "enable": True,
        "ossBucket": "bucket1",
        "ossPrefix": "bucket_folder1",
        "pathFormat": "%Y/%m/%d/%H/%M",
        "roleArn": "acs:ram::1234:role/aliyunlogdefaultrole",
        "storage": {"detail": {"columns": []}, "format": "json"},
    },
    "targetType": "oss",
}
ODPS_SHIPPER = {
    "shipperName": "odps-ship-1",
    "targetType": "odps",
    "targetConfiguration": {
        "odpsEndpoint": "http://service.odps.aliyun.com/api",
        "odpsProject": "proj",
        "odpsTable": "tbl",
        "fields": ["__time__", "k1"],
        "partitionColumn": ["__partition_time__"],
        "partitionTimeFormat": "yyyy_MM_dd_HH",
        "bufferInterval": 1800,
    },
}


@pytest.mark.parametrize("detail", [SEED_OSS_CSV_SHIPPER, SEED_OSS_JSON_SHIPPER, ODPS_SHIPPER])
def test_shipper_round_trip(detail):
    name, config = shipper_from_detail(copy.deepcopy(detail))
    assert name == detail["shipperName"]
    assert shipper_detail(name, config) == detail


def test_oss_shipper_defaults_and_keywords():
    config = OssShipperConfig("bucket1", "prefix/", "acs:ram::1:role/r")
    assert config.to_json() == {
        "ossBucket": "bucket1",
        "ossPrefix": "prefix/",
        "roleArn": "acs:ram::1:role/r",
        "bufferInterval": 300,
        "bufferSize": 128,
        "compressType": "snappy",
    }
    config = OssShipperConfig(
        "b", "p", "arn", 600, 256, "none", path_format="%Y/%m", storage={"format": "json"}, enable=False
    )
    out = config.to_json()
    assert (out["pathFormat"], out["storage"], out["enable"]) == ("%Y/%m", {"format": "json"}, False)
    assert OssShipperConfig.from_json(out) == config
    assert shipper_detail("oss-1", config)["targetType"] == "oss"


def test_odps_shipper():
    config = OdpsShipperConfig("http://odps", "proj", "tbl", ["__time__", "a"], ["__partition_time__"], "yyyy_MM_dd")
    assert config.to_json() == {
        "odpsEndpoint": "http://odps",
        "odpsProject": "proj",
        "odpsTable": "tbl",
        "fields": ["__time__", "a"],
        "partitionColumn": ["__partition_time__"],
        "partitionTimeFormat": "yyyy_MM_dd",
        "bufferInterval": 1800,
    }
    assert OdpsShipperConfig.from_json(config.to_json()) == config
    assert shipper_config_from_json("odps", config.to_json()) == config
    assert shipper_detail("odps-1", config)["targetType"] == "odps"
    assert "proj" in repr(config)


def test_shipper_task_round_trip():
    task = {
        "id": "abc-1",
        "taskStatus": "fail",
        "taskMessage": "denied",
        "taskCreateTime": 1700000000,
        "taskLastDataReceiveTime": 1700000100,
        "taskFinishTime": 1700000200,
    }
    parsed = ShipperTask.from_json(task)
    assert parsed.task_id == "abc-1" and parsed.task_status == "fail"
    assert parsed.to_json() == task
    assert ShipperTask("abc-1", "fail", "denied", 1700000000, 1700000100, 1700000200) == parsed


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: OssShipperConfig("", "p", "arn"), "oss_bucket"),
        (lambda: OssShipperConfig("b", None, "arn"), "oss_prefix"),
        (lambda: OssShipperConfig("b", "p", "arn", buffer_interval="300"), "buffer_interval"),
        (lambda: OssShipperConfig("b", "p", "arn", buffer_mb=0), "buffer_mb"),
        (lambda: OssShipperConfig("b", "p", "arn", compress_type=None), "compress_type"),
        (lambda: OssShipperConfig("b", "p", "arn", storage="json"), "storage"),
        (lambda: OdpsShipperConfig("e", "p", "t", "a,b", [], "f"), "log_fields_list"),
        (lambda: OdpsShipperConfig("e", "p", "t", [], [], "f", bufferInterval=True), "bufferInterval"),
        (lambda: shipper_detail("x", OssShipperConfig("b", "p", "arn")), "name"),
        (lambda: shipper_detail("ship-1", {"ossBucket": "b"}), "config"),
        (lambda: shipper_config_from_json("kafka", {}), "target_type"),
        (lambda: shipper_from_detail({"shipperName": "s1"}), "targetType"),
    ],
)
def test_shipper_bad_arguments(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


# ======================================================================================================================
# External stores

# The user guide's create_external_store example.
SEED_RDS_STORE = {
    "externalStoreName": "rds_store4",
    "storeType": "rds-vpc",
    "parameter": {
        "vpc-id": "vpc-m5eq4irc1pucpk85frr5j",
        "instance-id": "i-m5eeo2whsnfg4kzq54ah",
        "host": "1.2.3.4",
        "port": "3306",
        "username": "root",
        "password": "123",
        "db": "meta",
        "table": "join_meta",
        "region": "cn-qingdao",
    },
}
OSS_STORE = {
    "externalStoreName": "oss_store",
    "storeType": "oss",
    "parameter": {
        "endpoint": "oss-cn-hangzhou.aliyuncs.com",
        "bucket": "bkt",
        "accessid": "AKID",
        "accesskey": "TOPSECRETKEY",
        "objects": ["a/b.csv"],
        "columns": [{"name": "id", "type": "bigint"}, {"name": "name", "type": "varchar"}],
    },
}


@pytest.mark.parametrize(
    ("value", "cls"),
    [
        (SEED_RDS_STORE, ExternalStoreConfig),
        (dict(SEED_RDS_STORE, parameter=dict(SEED_RDS_STORE["parameter"], timezone="+08:00")), ExternalStoreConfig),
        (dict(SEED_RDS_STORE, parameter=dict(SEED_RDS_STORE["parameter"], timezone="")), ExternalStoreConfig),
        (OSS_STORE, ExternalStoreOssConfig),
        (
            {"externalStoreName": "c", "storeType": "csv", "parameter": {"columns": [], "objects": ["x"]}},
            ExternalStoreCsvConfig,
        ),
        (
            {"externalStoreName": "k", "storeType": "future", "parameter": {"a": 1}, "extra": True},
            ExternalStoreConfigBase,
        ),
    ],
)
def test_external_store_from_json_picks_class_and_round_trips(value, cls):
    config = ExternalStoreConfigBase.from_json(copy.deepcopy(value))
    assert type(config) is cls
    assert config.to_json() == value


def test_external_store_rds_constructor():
    config = ExternalStoreConfig(
        "rds_store4",
        "cn-qingdao",
        "rds-vpc",
        "vpc-m5eq4irc1pucpk85frr5j",
        "i-m5eeo2whsnfg4kzq54ah",
        "1.2.3.4",
        "3306",
        "root",
        "123",
        "meta",
        "join_meta",
    )
    # the official client's body: parameter keys in its order, an empty timezone sent
    expected = dict(SEED_RDS_STORE, parameter=dict(SEED_RDS_STORE["parameter"], timezone=""))
    assert json.dumps(config.to_json()) == json.dumps(expected)
    with_tz = ExternalStoreConfig("s", "r", "rds-vpc", None, None, "h", 3306, "u", "p", "db", "t", timezone="+08:00")
    assert with_tz.to_json()["parameter"]["timezone"] == "+08:00"
    assert "vpc-id" not in with_tz.to_json()["parameter"]
    assert ExternalStoreConfig.from_json(with_tz.to_json()) == with_tz


def test_external_store_oss_constructor():
    p = OSS_STORE["parameter"]
    config = ExternalStoreOssConfig(
        "oss_store", p["objects"], p["columns"], p["endpoint"], p["bucket"], p["accessid"], p["accesskey"]
    )
    assert config.to_json() == OSS_STORE
    assert config == ExternalStoreOssConfig.from_json(OSS_STORE)


def test_external_store_secrets_are_hidden(capsys):
    rds = ExternalStoreConfigBase.from_json(SEED_RDS_STORE)
    oss = ExternalStoreConfigBase.from_json(OSS_STORE)
    generic = ExternalStoreConfigBase.from_json({"externalStoreName": "g", "storeType": "x", "parameter": {"k": 1}})
    assert "123" not in repr(rds).replace("1.2.3.4", "")
    assert "TOPSECRETKEY" not in repr(oss)
    assert "******" in repr(rds) and "******" in repr(oss)
    for config in (rds, oss, generic):
        config.log_print()
    printed = capsys.readouterr().out
    assert "TOPSECRETKEY" not in printed
    assert "password ******" in printed
    assert "accesskey ******" in printed
    assert "rds_store4" in printed and "AKID" in printed
    # the request body still carries them
    assert rds.to_json()["parameter"]["password"] == "123"
    assert oss.to_json()["parameter"]["accesskey"] == "TOPSECRETKEY"


def test_external_store_csv_from_file(tmp_path, capsys):
    data = b"id,name\n1,alice\n2,bob\n"
    path = tmp_path / "users.csv"
    path.write_bytes(data)
    columns = [{"name": "id", "type": "bigint"}, {"name": "name", "type": "varchar"}]
    config = ExternalStoreCsvConfig("csv_store", str(path), columns)
    out = config.to_json()
    assert out["storeType"] == "csv"
    assert out["parameter"]["externalStoreCsvSize"] == len(data)
    assert zlib.decompress(base64.standard_b64decode(out["parameter"]["externalStoreCsv"])) == data
    assert out["parameter"]["objects"] == [str(path)]
    assert config.get_csv_content() == data
    assert ExternalStoreCsvConfig("csv_store", "file://" + str(path), columns).get_csv_content() == data
    again = ExternalStoreConfigBase.from_json(out)
    assert type(again) is ExternalStoreCsvConfig and again.to_json() == out
    # a service answer: objects only
    answer = ExternalStoreCsvConfig("csv_store", ["users.csv"], columns, resp=True)
    assert answer.to_json()["parameter"] == {"columns": columns, "objects": ["users.csv"]}
    assert answer.get_csv_content() is None
    answer.log_print()
    assert "csv_store" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (
            lambda: ExternalStoreConfig("", "r", "rds-vpc", None, None, "h", "1", "u", "p", "d", "t"),
            "externalStoreName",
        ),
        (lambda: ExternalStoreConfig("s", "r", "rds-vpc", None, None, "h", 1.5, "u", "p", "d", "t"), "port"),
        (lambda: ExternalStoreConfig("s", "r", "rds-vpc", None, None, "h", "1", "u", 5, "d", "t"), "password"),
        (lambda: ExternalStoreConfig("s", "r", "rds-vpc", None, None, "h", "1", "u", "p", "", "t"), "database"),
        (lambda: ExternalStoreOssConfig("s", "a.csv", [], "e", "b", "i", "k"), "objects"),
        (lambda: ExternalStoreOssConfig("s", ["a"], [{"type": "x"}], "e", "b", "i", "k"), "columns"),
        (lambda: ExternalStoreOssConfig("s", ["a"], [], "e", "b", "i", ""), "accesskey"),
        (lambda: ExternalStoreCsvConfig("s", "/no/such/file.csv", []), "externalStoreCsvFile"),
        (lambda: ExternalStoreCsvConfig("s", ["x"], []), "externalStoreCsvFile"),
        (lambda: ExternalStoreConfigBase.from_json({"storeType": "x"}), "externalStoreName"),
        (lambda: ExternalStoreConfigBase.from_json("x"), "json_value"),
    ],
)
def test_external_store_bad_arguments(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


# ======================================================================================================================
# Consumer groups


def test_consumer_group_entity():
    entity = ConsumerGroupEntity("cg-1", 60)
    assert entity.get_consumer_group_name() == "cg-1"
    assert entity.get_timeout() == 60
    assert entity.is_in_order() is False
    entity.set_in_order(True)
    entity.set_timeout(30)
    entity.set_consumer_group_name("cg_2")
    assert entity.to_json() == {"consumerGroup": "cg_2", "timeout": 30, "order": True}
    assert json.loads(entity.to_request_json()) == {"consumerGroup": "cg_2", "timeout": 30, "order": True}
    assert isinstance(entity.to_request_json(), bytes)
    assert entity.to_string() == "ConsumerGroup [consumerGroupName=cg_2, timeout=30, inOrder=True]"
    assert str(entity) == entity.to_string()
    assert "cg_2" in repr(entity)


def test_consumer_group_from_list_answer():
    entity = ConsumerGroupEntity.from_json({"name": "cg-1", "timeout": 20, "order": True})
    assert entity == ConsumerGroupEntity("cg-1", 20, True)
    assert ConsumerGroupEntity.from_json({"consumerGroup": "cg-1", "timeout": 20, "order": True}) == entity
    with pytest.raises(ValueError, match="name"):
        ConsumerGroupEntity.from_json({"timeout": 20})


@pytest.mark.parametrize(
    ("make", "argument"),
    [
        (lambda: ConsumerGroupEntity("bad name", 10), "consumer_group_name"),
        (lambda: ConsumerGroupEntity("x" * 129, 10), "consumer_group_name"),
        (lambda: ConsumerGroupEntity("cg", 0), "timeout"),
        (lambda: ConsumerGroupEntity("cg", "10"), "timeout"),
        (lambda: ConsumerGroupEntity("cg", 10, in_order=1), "in_order"),
        (lambda: ConsumerGroupEntity("cg", 10).set_timeout(True), "timeout"),
        (lambda: ConsumerGroupEntity("cg", 10).set_consumer_group_name(""), "consumer_group_name"),
        (lambda: ConsumerGroupEntity("cg", 10).set_in_order(None), "in_order"),
    ],
)
def test_consumer_group_bad_arguments(make, argument):
    with pytest.raises(ValueError, match=argument):
        make()


def test_request_bodies_keep_the_official_key_order():
    """The body bytes are signed (Content-MD5) and compared with the official client's: key order matters."""
    group = MachineGroupDetail("group", "ip", ["10.0.0.1"], "", {"groupTopic": "t"})
    assert list(group.to_json()) == ["groupName", "groupType", "groupAttribute", "machineIdentifyType",
                                     "machineList"]
    logtail = SimpleFileConfigDetail("store", "cfg", "/var/log", "*.log", logSample="x")
    assert list(logtail.to_json()) == ["configName", "logSample", "inputDetail", "inputType", "outputDetail",
                                       "outputType"]
    p = OSS_STORE["parameter"]
    oss = ExternalStoreOssConfig("o", p["objects"], p["columns"], p["endpoint"], p["bucket"], p["accessid"],
                                 p["accesskey"])
    assert list(oss.to_json()["parameter"]) == ["endpoint", "bucket", "accessid", "accesskey", "columns", "objects"]
    rds = ExternalStoreConfig("s", "r", "rds-vpc", "v", "i", "h", 3306, "u", "p", "db", "t")
    assert list(rds.to_json()["parameter"]) == ["vpc-id", "instance-id", "host", "port", "username", "password",
                                                "db", "table", "region", "timezone"]
