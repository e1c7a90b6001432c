"""Index configs against the emulator: create / get / update / delete, round trips of every key type, errors."""

from __future__ import annotations

from typing import Callable

import pytest

from aliyun.log import (
    IndexConfig,
    IndexJsonKeyConfig,
    IndexKeyConfig,
    IndexLineConfig,
    LogClient,
    LogException,
)
from aliyun.log.api.index import index_body


def _code(call: Callable[[], object]) -> tuple:
    with pytest.raises(LogException) as info:
        call()
    return info.value.get_error_code(), info.value.get_resp_status()


def _round_trip(client: LogClient, project: str, logstore: str, config: IndexConfig) -> IndexConfig:
    got = client.get_index_config(project, logstore).get_index_config()
    assert isinstance(got.modify_time, int) and got.modify_time > 0
    got.modify_time = None
    assert got == config, (got.to_json(), config.to_json())
    return got


def full_index() -> IndexConfig:
    json_key = IndexJsonKeyConfig(index_all=False, max_depth=3)
    json_key.add_key("user.id", "long", doc_value=True)
    json_key.add_key("user.name", "text", alias="user_name")
    json_key.add_key("ratio", "double")
    config = IndexConfig(
        line_config=IndexLineConfig(token_list=list(",; "), case_sensitive=True, chinese=True,
                                    exclude_keys=["secret"]),
        key_config_list={
            "message": IndexKeyConfig(token_list=list(" ,"), case_sensitive=True, doc_value=True, alias="msg",
                                      chinese=False),
            "status": IndexKeyConfig(index_type="long", doc_value=True, alias="code"),
            "latency": IndexKeyConfig(index_type="double", doc_value=True),
            "payload": IndexKeyConfig(index_type="json", doc_value=True, json_key_config=json_key),
        },
        log_reduce=True,
        scan_index=False,
    )
    config.set_docvalue_max_text_len(4096)
    config.set_log_reduce_white_list(["message"])
    return config


def test_index_lifecycle_and_round_trip_of_every_key_type(
    client: LogClient, project: str, make_logstore: Callable[..., str]
) -> None:
    logstore = make_logstore()
    config = full_index()
    assert client.create_index(project, logstore, config).get_request_id()
    got = _round_trip(client, project, logstore, config)
    payload = got.key_config_list["payload"].get_json_key_config()
    assert payload is not None and set(payload.json_keys) == {"user.id", "user.name", "ratio"}
    assert payload.json_keys["user.id"].index_type == "long"
    assert got.key_config_list["status"].alias == "code"
    assert got.line_config is not None and got.line_config.chinese is True

    updated = IndexConfig(key_config_list={"status": IndexKeyConfig(index_type="long")})
    client.update_index(project, logstore, updated)
    _round_trip(client, project, logstore, updated)

    client.delete_index(project, logstore)
    assert _code(lambda: client.get_index_config(project, logstore)) == ("IndexConfigNotExist", 404)
    assert _code(lambda: client.delete_index(project, logstore)) == ("IndexConfigNotExist", 404)
    assert _code(lambda: client.update_index(project, logstore, updated)) == ("IndexConfigNotExist", 404)


def test_index_from_the_user_guide_json_and_a_dict(
    client: LogClient, project: str, make_logstore: Callable[..., str]
) -> None:
    guide_json = {
        "keys": {"f1": {"caseSensitive": False, "token": [",", " "], "type": "text"},
                 "f2": {"doc_value": True, "type": "long"}},
        "storage": "pg",
        "ttl": 2,
        "index_mode": "v2",
        "line": {"caseSensitive": False, "token": [",", " ", '"', ";", "=", "(", ")"]},
    }
    logstore = make_logstore()
    client.create_index(project, logstore, IndexConfig().from_json(guide_json))
    got = client.get_index_config(project, logstore)
    body = dict(got.get_body())
    body.pop("lastModifyTime")
    assert body == guide_json  # unknown keys (storage, index_mode) kept verbatim

    other = make_logstore()
    client.create_index(project, other, guide_json)  # a plain dict works too
    assert client.get_index_config(project, other).get_index_config().ttl == 2


def test_index_errors(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore()
    config = IndexConfig(line_config=IndexLineConfig())
    assert _code(lambda: client.get_index_config(project, logstore)) == ("IndexConfigNotExist", 404)
    client.create_index(project, logstore, config)
    assert _code(lambda: client.create_index(project, logstore, config)) == ("IndexAlreadyExist", 400)
    assert _code(lambda: client.create_index(project, "no-such-store", config)) == ("LogStoreNotExist", 404)
    assert _code(lambda: client.create_index("no-such-project-idx", logstore, config)) == ("ProjectNotExist", 404)
    other = make_logstore()
    # no line and no keys: rejected by the service
    assert _code(lambda: client.create_index(project, other, IndexConfig())) == ("IndexInfoInvalid", 400)
    bad_type = {"keys": {"a": {"type": "date"}}}
    assert _code(lambda: client.create_index(project, other, bad_type)) == ("IndexInfoInvalid", 400)
    assert _code(lambda: client.create_index(project, other, "not a config"))[0] == "InvalidArgument"


def test_index_body_drops_the_server_time() -> None:
    config = IndexConfig(line_config=IndexLineConfig())
    config.modify_time = 1700000000
    assert "lastModifyTime" not in index_body(config)
    with pytest.raises(LogException) as info:
        index_body("nope")  # type: ignore[arg-type]
    assert info.value.get_error_code() == "InvalidArgument"


def test_deleting_the_logstore_deletes_its_index(
    client: LogClient, project: str, make_logstore: Callable[..., str]
) -> None:
    logstore = make_logstore(shard_count=1)
    client.create_index(project, logstore, IndexConfig(line_config=IndexLineConfig()))
    client.delete_logstore(project, logstore)
    client.create_logstore(project, logstore, shard_count=1)
    assert _code(lambda: client.get_index_config(project, logstore)) == ("IndexConfigNotExist", 404)
