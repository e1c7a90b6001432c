"""The query engine on logs loaded directly (no HTTP): index semantics, search, SQL, histograms, topics, paging."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest

from aliyun.log.emulator.core import ApiError
from aliyun.log.emulator.query import IndexSpec, QueryEngine, choose_interval

T0 = 1_700_000_000
DEFAULT_TOKENS = list(", '\";=()[]{}?@&<>/:\n\t\r")

LOGS: List[Dict[str, Any]] = [
    {"__time__": T0 + 0, "__topic__": "web", "__source__": "10.0.0.1", "__tag__:env": "prod",
     "msg": "The quick brown fox", "status": "200", "latency": "0.25", "path": "/api/v1/users/7", "user": "Alice"},
    {"__time__": T0 + 1, "__topic__": "web", "__source__": "10.0.0.2", "__tag__:env": "prod",
     "msg": "brown quick dog", "status": "500", "latency": "1.5", "path": "/api/v2/search?q=x", "user": "bob"},
    {"__time__": T0 + 1, "__topic__": "api", "__source__": "10.0.0.1", "__tag__:env": "test",
     "msg": "ERROR disk full", "status": "99", "latency": "n/a", "path": "/health", "user": "ALICE"},
    {"__time__": T0 + 3, "__topic__": "api", "__source__": "192.168.1.9", "__tag__:env": "test",
     "msg": "error: timeout after 30s", "status": "404", "latency": "0.75", "path": "/static/app.js"},
    {"__time__": T0 + 5, "__topic__": "", "__source__": "10.0.0.3",
     "msg": "user login ok", "status": "200", "latency": "0.05", "user": "carol",
     "req": '{"user": {"id": 12, "name": "Carol"}, "tags": ["a", "b"]}'},
]

FULL_INDEX: Dict[str, Any] = {
    "line": {"token": DEFAULT_TOKENS, "caseSensitive": False},
    "keys": {
        "msg": {"type": "text", "token": DEFAULT_TOKENS, "caseSensitive": False, "doc_value": True},
        "status": {"type": "long", "doc_value": True, "alias": "code"},
        "latency": {"type": "double", "doc_value": True},
        "path": {"type": "text", "token": ["/", "?", "="], "doc_value": True},
        "user": {"type": "text", "token": DEFAULT_TOKENS, "caseSensitive": True, "doc_value": False},
        "req": {"type": "json", "doc_value": True, "json_keys": {"user.id": {"type": "long", "doc_value": True},
                                                                 "user.name": {"type": "text", "doc_value": True}}},
    },
}


@pytest.fixture(scope="module")
def engine() -> QueryEngine:
    eng = QueryEngine()
    eng.load_logs("p", "ls", LOGS)
    return eng


@pytest.fixture(scope="module")
def store(engine: QueryEngine) -> Any:
    return engine.load_logs("p", "ls", [])


def search(engine: QueryEngine, store: Any, query: str, config: Optional[Dict[str, Any]] = None,
           **kwargs: Any) -> List[Dict[str, str]]:
    spec = IndexSpec.from_config(FULL_INDEX if config is None else config)
    return engine.get_logs(store, spec, T0, T0 + 100, query, **kwargs).logs


def msgs(engine: QueryEngine, store: Any, query: str, config: Optional[Dict[str, Any]] = None) -> List[str]:
    return [log["msg"] for log in search(engine, store, query, config)]


def rows(engine: QueryEngine, store: Any, query: str, config: Optional[Dict[str, Any]] = None) -> List[Dict[str, str]]:
    return search(engine, store, query, config)


def test_results_are_strings_in_time_order(engine: QueryEngine, store: Any) -> None:
    logs = search(engine, store, "*")
    assert [log["msg"] for log in logs] == [log["msg"] for log in LOGS]
    first = logs[0]
    assert first["__time__"] == str(T0) and first["__topic__"] == "web" and first["__source__"] == "10.0.0.1"
    assert first["__tag__:env"] == "prod" and first["status"] == "200"
    assert all(isinstance(v, str) for log in logs for v in log.values())
    assert "user" not in logs[3]  # keys a log does not have are left out


def test_no_index(engine: QueryEngine, store: Any) -> None:
    with pytest.raises(ApiError) as info:
        engine.get_logs(store, IndexSpec.from_config(None), T0, T0 + 100, "*")
    assert info.value.code == "IndexConfigNotExist"
    with pytest.raises(ApiError):
        engine.histograms(store, IndexSpec.from_config(None), T0, T0 + 100, "*")


def test_full_text_terms_tokens_and_case(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "quick") == ["The quick brown fox", "brown quick dog"]
    assert msgs(engine, store, "QUICK") == ["The quick brown fox", "brown quick dog"]
    assert msgs(engine, store, "error") == ["ERROR disk full", "error: timeout after 30s"]
    assert msgs(engine, store, "timeout") == ["error: timeout after 30s"]
    assert msgs(engine, store, "time") == []  # whole tokens only
    assert msgs(engine, store, "users") == ["The quick brown fox"]  # path /api/v1/users/7 is split at '/'
    case_sensitive = {"line": {"token": DEFAULT_TOKENS, "caseSensitive": True}}
    assert msgs(engine, store, "error", case_sensitive) == ["error: timeout after 30s"]
    assert msgs(engine, store, "ERROR", case_sensitive) == ["ERROR disk full"]
    spaces_only = {"line": {"token": [" "], "caseSensitive": False}}
    assert msgs(engine, store, "error", spaces_only) == ["ERROR disk full"]  # "error:" is one token now
    assert msgs(engine, store, '"error:"', spaces_only) == ["error: timeout after 30s"]


def test_phrases_and_multi_token_words(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, '"quick brown"') == ["The quick brown fox"]
    assert msgs(engine, store, '#"brown quick"') == ["brown quick dog"]
    assert msgs(engine, store, "quick brown") == ["The quick brown fox", "brown quick dog"]  # two terms, any order
    assert msgs(engine, store, '"timeout after"') == ["error: timeout after 30s"]
    assert msgs(engine, store, "/api/v2") == ["brown quick dog"]  # a word with delimiters: every token must match


def test_wildcards(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "tim*") == ["error: timeout after 30s"]
    assert msgs(engine, store, "qu?ck") == ["The quick brown fox", "brown quick dog"]
    assert msgs(engine, store, "path: /api/*") == ["The quick brown fox", "brown quick dog"]
    assert msgs(engine, store, "path: v*") == ["The quick brown fox", "brown quick dog"]
    assert msgs(engine, store, "__source__: 10.0.*") == ["The quick brown fox", "brown quick dog", "ERROR disk full",
                                                         "user login ok"]
    assert msgs(engine, store, "user: *") == ["The quick brown fox", "brown quick dog", "ERROR disk full",
                                              "user login ok"]


def test_key_value_uses_the_field_index(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "user: Alice") == ["The quick brown fox"]  # caseSensitive field
    assert msgs(engine, store, "user: alice") == []
    assert msgs(engine, store, "msg: disk") == ["ERROR disk full"]
    assert msgs(engine, store, "path: search") == ["brown quick dog"]
    assert msgs(engine, store, "path: q") == ["brown quick dog"]  # '?' and '=' are this field's delimiters
    assert msgs(engine, store, "msg: nothing") == []
    with pytest.raises(ApiError, match="no field index"):
        search(engine, store, "nope: 1")
    with pytest.raises(ApiError, match="full-text"):
        search(engine, store, "quick", {"keys": {"msg": {"type": "text"}}})


def test_numeric_fields(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "status: 200") == ["The quick brown fox", "user login ok"]
    assert msgs(engine, store, "status >= 404") == ["brown quick dog", "error: timeout after 30s"]
    assert msgs(engine, store, "status > 99") == ["The quick brown fox", "brown quick dog", "error: timeout after 30s",
                                                  "user login ok"]  # numeric, not text order
    assert msgs(engine, store, "status = 99") == ["ERROR disk full"]
    assert msgs(engine, store, "latency in [0.25 1.5)") == ["The quick brown fox", "error: timeout after 30s"]
    assert msgs(engine, store, "latency in (0.25 1.5]") == ["brown quick dog", "error: timeout after 30s"]
    assert msgs(engine, store, "latency < 0.1") == ["user login ok"]  # "n/a" is not a number
    assert msgs(engine, store, f"__time__ >= {T0 + 3}") == ["error: timeout after 30s", "user login ok"]
    with pytest.raises(ApiError, match="long or double"):
        search(engine, store, "msg > 3")


def test_boolean_combinations(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "status: 200 and quick") == ["The quick brown fox"]
    assert msgs(engine, store, "status: 500 or status: 404") == ["brown quick dog", "error: timeout after 30s"]
    assert msgs(engine, store, "error not disk") == ["error: timeout after 30s"]
    assert msgs(engine, store, "not user: *") == ["error: timeout after 30s"]
    assert msgs(engine, store, "not user: Alice") == ["brown quick dog", "ERROR disk full", "error: timeout after 30s",
                                                      "user login ok"]  # logs without the field included
    assert msgs(engine, store, "(quick or error) and not status >= 500") == [
        "The quick brown fox", "ERROR disk full", "error: timeout after 30s"]


def test_topic_source_and_tags(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "__topic__: api") == ["ERROR disk full", "error: timeout after 30s"]
    assert [log["msg"] for log in search(engine, store, "*", topic="web")] == ["The quick brown fox",
                                                                             "brown quick dog"]
    assert msgs(engine, store, "__tag__:env: test") == ["ERROR disk full", "error: timeout after 30s"]
    assert msgs(engine, store, "__source__: 192.168.1.9") == ["error: timeout after 30s"]


def test_include_and_exclude_keys(engine: QueryEngine, store: Any) -> None:
    only_msg = {"line": {"token": DEFAULT_TOKENS, "include_keys": ["msg"]}}
    assert msgs(engine, store, "users", only_msg) == []
    assert msgs(engine, store, "quick", only_msg) == ["The quick brown fox", "brown quick dog"]
    no_path = {"line": {"token": DEFAULT_TOKENS, "exclude_keys": ["path"]}}
    assert msgs(engine, store, "search", no_path) == []


def test_json_fields(engine: QueryEngine, store: Any) -> None:
    assert msgs(engine, store, "req.user.id = 12") == ["user login ok"]
    assert msgs(engine, store, "req.user.name: carol") == ["user login ok"]
    assert rows(engine, store, '* | select "req.user.id" + 1 as n where "req.user.id" is not null') == [{"n": "13"}]


def test_time_range_is_half_open(engine: QueryEngine, store: Any) -> None:
    spec = IndexSpec.from_config(FULL_INDEX)
    logs = engine.get_logs(store, spec, T0 + 1, T0 + 5, "*").logs
    assert [log["__time__"] for log in logs] == [str(T0 + 1), str(T0 + 1), str(T0 + 3)]


def test_paging_reverse_and_offset(engine: QueryEngine, store: Any) -> None:
    spec = IndexSpec.from_config(FULL_INDEX)
    forward = [log["msg"] for log in engine.get_logs(store, spec, T0, T0 + 100, "*").logs]
    backward = [log["msg"] for log in engine.get_logs(store, spec, T0, T0 + 100, "*", reverse=True).logs]
    assert backward == forward[::-1]
    for reverse in (False, True):
        pages: List[str] = []
        offset = 0
        while True:
            page = engine.get_logs(store, spec, T0, T0 + 100, "*", line=2, offset=offset, reverse=reverse).logs
            pages.extend(log["msg"] for log in page)
            offset += len(page)
            if len(page) < 2:
                break
        assert pages == (backward if reverse else forward)
    assert [log["msg"] for log in engine.get_logs(store, spec, T0, T0 + 100, "*", line=1, offset=3).logs] == [
        forward[3]]
    assert engine.get_logs(store, spec, T0, T0 + 100, "*", line=0).logs == []


def test_sql_typed_columns_aliases_and_doc_value(engine: QueryEngine, store: Any) -> None:
    assert rows(engine, store, "* | select status, count(1) as c group by status order by status") == [
        {"status": "99", "c": "1"}, {"status": "200", "c": "2"}, {"status": "404", "c": "1"},
        {"status": "500", "c": "1"}]
    assert rows(engine, store, "* | select max(code) as m") == [{"m": "500"}]  # alias of status
    assert rows(engine, store, "* | select sum(latency) as s, count(latency) as n") == [{"s": "2.55", "n": "4"}]
    assert rows(engine, store, "* | select count(1) as c where status > 99") == [{"c": "4"}]
    assert rows(engine, store, "status: 200 | select __topic__, __source__, __time__") == [
        {"__topic__": "web", "__source__": "10.0.0.1", "__time__": str(T0)},
        {"__topic__": "", "__source__": "10.0.0.3", "__time__": str(T0 + 5)}]
    with pytest.raises(ApiError, match="Column 'user' cannot be resolved"):
        rows(engine, store, "* | select user")  # indexed without doc_value
    with pytest.raises(ApiError, match="Function nope not registered"):
        rows(engine, store, "* | select nope(1)")
    with pytest.raises(ApiError, match="Cannot cast"):
        rows(engine, store, "* | select cast(msg as bigint)")


def test_sql_meta(engine: QueryEngine, store: Any) -> None:
    result = engine.get_logs(store, IndexSpec.from_config(FULL_INDEX), T0, T0 + 100,
                             "status >= 200 | select status, count(1) as pv group by status order by pv desc, status")
    meta = result.meta
    assert meta["hasSQL"] is True and meta["progress"] == "Complete" and meta["count"] == 3
    assert meta["keys"] == ["status", "pv"] and meta["columnTypes"] == ["bigint", "bigint"]
    assert meta["whereQuery"] == "status >= 200" and meta["aggQuery"].startswith("select status")
    assert meta["processedRows"] == len(LOGS)
    plain = engine.get_logs(store, IndexSpec.from_config(FULL_INDEX), T0, T0 + 100, "status: 200 and quick").meta
    assert plain["hasSQL"] is False and plain["keys"] == ["status"]
    assert {"key": "", "term": "quick"} in plain["terms"]


def test_time_series_pads_missing_windows(engine: QueryEngine, store: Any) -> None:
    spec = IndexSpec.from_config(FULL_INDEX)
    result = engine.get_logs(store, spec, T0, T0 + 6,
                             "* | select time_series(__time__, '2s', '%H:%i:%s', '0') as t, count(1) as c "
                             "group by t order by t")
    assert result.logs == [{"t": "22:13:20", "c": "3"}, {"t": "22:13:22", "c": "1"}, {"t": "22:13:24", "c": "1"}]
    result = engine.get_logs(store, spec, T0 + 6, T0 + 10,
                             "* | select time_series(__time__, '2s', '%H:%i:%s', '0') as t, count(1) as c "
                             "group by t order by t")
    assert result.logs == [{"t": "22:13:26", "c": "0"}, {"t": "22:13:28", "c": "0"}]


def test_histograms(engine: QueryEngine, store: Any) -> None:
    spec = IndexSpec.from_config(FULL_INDEX)
    buckets, total = engine.histograms(store, spec, T0, T0 + 6, "*", interval=2)
    assert [(h.start, h.stop, h.count) for h in buckets] == [(T0, T0 + 2, 3), (T0 + 2, T0 + 4, 1),
                                                             (T0 + 4, T0 + 6, 1)]
    assert total == 5
    buckets, total = engine.histograms(store, spec, T0 + 1, T0 + 4, "error", interval=2)
    assert [(h.start, h.stop, h.count) for h in buckets] == [(T0 + 1, T0 + 3, 1), (T0 + 3, T0 + 4, 1)]
    assert total == 2
    buckets, _ = engine.histograms(store, spec, T0, T0 + 3600, "*")
    assert len(buckets) == 60 and buckets[0].start == T0 and buckets[-1].stop == T0 + 3600
    assert all(b.stop - b.start == 60 for b in buckets)
    assert choose_interval(0, 60) == 1 and choose_interval(0, 3600) == 60 and choose_interval(0, 86400) == 1800


def test_topics(engine: QueryEngine, store: Any) -> None:
    assert engine.topics(store, None, 100) == (["api", "web"], "")
    assert engine.topics(store, None, 1) == (["api"], "web")
    assert engine.topics(store, "web", 1) == (["web"], "")


def test_project_sql_reads_the_union(engine: QueryEngine) -> None:
    other = engine.load_logs("p", "other-ls", [{"__time__": T0, "status": "200", "msg": "x"}])
    main = engine.load_logs("p", "ls", [])
    spec = IndexSpec.from_config(FULL_INDEX)
    stores = {"ls": (main, spec), "other-ls": (other, IndexSpec.from_config({"keys": {"status": {"type": "long",
                                                                                           "doc_value": True}}}))}
    result = engine.project_sql(sorted(stores), stores.__getitem__,
                                "select status, count(1) as c from ls, other-ls where status = 200 group by status")
    assert result.logs == [{"status": "200", "c": "3"}]
    result = engine.project_sql(sorted(stores), stores.__getitem__, 'select count(1) as c from "other-ls"')
    assert result.logs == [{"c": "1"}]
    with pytest.raises(ApiError):
        engine.project_sql(sorted(stores), stores.__getitem__, "select 1")


def test_incremental_loading_adds_columns(engine: QueryEngine) -> None:
    store = engine.load_logs("p", "grow", [{"__time__": T0, "a": "1"}])
    engine.load_logs("p", "grow", [{"__time__": T0 + 1, "b": "2", "__time_ns_part__": 5}])
    spec = IndexSpec.from_config({"line": {}, "keys": {"a": {"type": "long", "doc_value": True},
                                                       "b": {"type": "long", "doc_value": True}}})
    logs = engine.get_logs(store, spec, T0, T0 + 10, "*").logs
    assert logs[0]["a"] == "1" and "b" not in logs[0]
    assert logs[1]["b"] == "2" and logs[1]["__time_ns_part__"] == "5"
    assert engine.get_logs(store, spec, T0, T0 + 10, "* | select sum(a) + sum(b) as s").logs == [{"s": "3"}]


def test_date_column_and_empty_values(engine: QueryEngine, store: Any) -> None:
    assert rows(engine, store, "* | select count(1) as c where __date__ >= '2023-11-14 22:13:21'") == [{"c": "4"}]
    assert msgs(engine, store, 'path: ""') == []
    assert msgs(engine, store, '","') == []


def test_copy_follows_the_storage() -> None:
    """Shards split and deleted, logstores deleted and re-created: the copy always matches the stored logs."""
    from aliyun.log.codec import encode_log_group
    from aliyun.log.emulator.storage import HASH_SPACE, Storage

    storage = Storage(None)
    engine = QueryEngine()
    spec = IndexSpec.from_config({"keys": {"n": {"type": "long", "doc_value": True}}})

    def put(ls: Any, values: List[int], key: Optional[int] = None) -> None:
        storage.append_group(ls, encode_log_group([{"__time__": T0, "n": str(v)} for v in values]), T0, key)

    def total(ls: Any) -> str:
        store = engine.sync(storage, ls)
        return engine.get_logs(store, spec, T0, T0 + 1, "* | select count(1) as c, sum(n) as s").logs[0]["s"]

    try:
        storage.create_project("p", {}, T0)
        ls = storage.create_logstore("p", "ls", {}, 1, T0)
        put(ls, [1, 2])
        assert total(ls) == "3"
        storage.split_shard(ls, 0, [HASH_SPACE // 2], T0)
        put(ls, [10], key=1)
        put(ls, [20], key=HASH_SPACE - 1)
        assert total(ls) == "33"
        storage.delete_shard(ls, 0)  # the readonly parent and its logs
        assert total(ls) == "30"
        storage.delete_logstore("p", "ls")
        again = storage.create_logstore("p", "ls", {}, 1, T0)
        put(again, [5])
        assert total(again) == "5"
        stores_before = len(engine._stores)
        storage.delete_logstore("p", "ls")
        engine._last_gc = 0.0
        other = storage.create_logstore("p", "other", {}, 1, T0)
        put(other, [7])
        assert total(other) == "7"
        assert len(engine._stores) == stores_before  # the deleted logstore's copy was dropped
    finally:
        engine.close()
        storage.close()
