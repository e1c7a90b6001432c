"""The logging handlers' record -> contents rules, without a network: fields, KV / JSON extraction, key rules."""

from __future__ import annotations

import logging
import re
import sys
from typing import Any, Dict

import pytest

from aliyun.log.handlers import LogFields, QueuedLogHandler, SimpleLogHandler, sanitize_key
from aliyun.log.handlers._fields import DEFAULT_FIELDS, compile_kv_pattern, kv_pairs, resolve_fields, truncate_text
from aliyun.log.limits import key_problem


def handler(**options: Any) -> SimpleLogHandler:
    return SimpleLogHandler("http://127.0.0.1:9", "id", "secret", "project", "logstore", **options)


def record(msg: Any, *args: Any, **extra: Any) -> logging.LogRecord:
    logger = logging.getLogger("unit.handler")
    return logger.makeRecord("unit.handler", logging.INFO, __file__, 42, msg, args, None, "fn", extra or None)


def contents(h: SimpleLogHandler, rec: logging.LogRecord) -> Dict[str, str]:
    item = h.make_request(rec).get_log_items()[0]
    pairs = item.get_contents()
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys in {keys}"
    for key in keys:
        assert key_problem(key) is None, key
    return dict(pairs)  # type: ignore[arg-type]


# -- LogFields ---------------------------------------------------------------------------------------------------


def test_log_fields_name_real_record_attributes() -> None:
    rec = record("x")
    for member in LogFields:
        if member in (LogFields.asc_time, LogFields.task_name):
            continue  # set by a Formatter / only on Python >= 3.12
        assert hasattr(rec, member.value), member
    assert [m.name for m in DEFAULT_FIELDS] == [
        "record_name", "level", "func_name", "module", "file_path", "line_no", "process_id", "process_name",
        "thread_id", "thread_name",
    ]


def test_default_fields_and_message() -> None:
    got = contents(handler(), record("hello %s", "world"))
    assert got["message"] == "hello world"
    assert got["level"] == "INFO"
    assert got["record_name"] == "unit.handler"
    assert got["func_name"] == "fn"
    assert got["line_no"] == "42"
    assert got["file_path"] == __file__
    assert got["module"] == "test_handler_fields"
    assert got["process_id"].isdigit() and got["thread_id"].isdigit()
    assert set(got) == {"message", *(m.name for m in DEFAULT_FIELDS)}


@pytest.mark.parametrize("fields", [
    [LogFields.level, LogFields.func_name],
    ["level", "func_name"],
    ["levelname", "funcName"],
    "level, func_name",
    {LogFields.func_name, LogFields.level},
])
def test_fields_by_member_name_or_attribute(fields: Any) -> None:
    got = contents(handler(fields=fields), record("m"))
    assert set(got) == {"message", "level", "func_name"}


def test_set_fields_and_more_members() -> None:
    h = handler()
    h.set_fields([LogFields.level_no, LogFields.file_name, LogFields.created_timestamp, LogFields.asc_time])
    got = contents(h, record("m"))
    assert got["level_no"] == "20"
    assert got["file_name"] == "test_handler_fields.py"
    assert float(got["created_timestamp"]) > 1e9
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}$", got["asc_time"])


def test_builtin_prefix_suffix_apply_to_message_fields_and_extra() -> None:
    got = contents(handler(buildin_fields_prefix="__", buildin_fields_suffix="__", fields=["level"]),
                   record("m", user="bob"))
    assert got == {"__message__": "m", "__level__": "INFO", "__user__": "bob"}


def test_extra_attributes_and_white_list() -> None:
    rec = record("m", user="bob", n=3, ratio=0.5, payload={"a": [1, "x"]}, nothing=None, raw=b"\xffab")
    got = contents(handler(fields=["level"]), rec)
    assert got["user"] == "bob" and got["n"] == "3" and got["ratio"] == "0.5"
    assert got["payload"] == '{"a": [1, "x"]}'
    assert got["raw"] == "\\xffab"
    assert "nothing" not in got
    white = contents(handler(fields=["level", "user"], extra=False), rec)
    assert white == {"message": "m", "level": "INFO", "user": "bob"}
    no_extra = contents(handler(fields=["level"], extra=False), rec)
    assert no_extra == {"message": "m", "level": "INFO"}


def test_extra_clashing_with_a_field_is_renamed() -> None:
    got = contents(handler(fields=["level"]), record("m", level="custom"))
    assert got["level"] == "INFO" and got["level_1"] == "custom"


def test_skip_message_and_built_in_root_field() -> None:
    h = handler(fields=["level", "line_no"])
    h.built_in_root_field = "meta"
    got = contents(h, record("m", user="bob"))
    assert got["user"] == "bob"
    import json

    assert json.loads(got["meta"]) == {"message": "m", "level": "INFO", "line_no": "42"}
    h.skip_message = True
    h.built_in_root_field = ""
    assert contents(h, record("m")) == {"level": "INFO", "line_no": "42"}


def test_formatter_output_is_the_message() -> None:
    h = handler(fields=["level"])
    h.setFormatter(logging.Formatter("%(levelname)s|%(name)s|%(message)s"))
    assert contents(h, record("x=%d", 5))["message"] == "INFO|unit.handler|x=5"


def test_options_from_config_strings() -> None:
    h = QueuedLogHandler("http://127.0.0.1:9", "id", "secret", "p", "l", None, None, "100", "0.5", "1", "10",
                         extract_kv="true", extra="false")
    assert (h.queue_size, h.put_wait, h.close_wait, h.batch_size) == (100, 0.5, 1.0, 10)
    assert h.extract_kv is True and h.extra is False
    assert h.batch_size <= h.queue_size
    with pytest.raises(ValueError):
        QueuedLogHandler("http://127.0.0.1:9", "id", "secret", "p", "l", drop_policy="explode")
    with pytest.raises(ValueError):
        handler(extract_kv=True, extract_kv_sep="(unclosed")


# -- keys --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("user.id", "user.id"),  # keys the service accepts are kept (the old rule rewrote these three)
    ("http-status", "http-status"),
    ("2xx", "2xx"),
    ("@timestamp", "@timestamp"),
    ("__time__", "__time___"),
    ("__topic__", "__topic___"),
    ("", "_"),
    ("姓名", "姓名"),
    ("a b:c", "a b:c"),
    (b"k\xff", "k\ufffd"),
    ("x" * 200, "x" * 128),
    ("键" * 50, "键" * 42),
])
def test_sanitize_key(raw: Any, expected: str) -> None:
    assert sanitize_key(raw) == expected
    assert key_problem(expected) is None


# -- KV extraction: the seed guide's cases c1..c12 ---------------------------------------------------------------

C8 = """i=c8, k1="hello # 换行
world" k2="good
morning"
"""

KV_CASES = [
    ("c1", "=", "i=c1, k1=v1,k2=v2 k3=v3", {"i": "c1", "k1": "v1", "k2": "v2", "k3": "v3"}),
    ("c2", "=", 'i=c2, k1=" v 1 ", k2="v 2" k3="~!@#=`;.>"', {"i": "c2", "k1": "v 1", "k2": "v 2", "k3": "~!@#=`;.>"}),
    ("c3", "=", "i=c3, k1=你好 k2=他们", {"i": "c3", "k1": "你好", "k2": "他们"}),
    ("c4", "=", "i=c4, 姓名=小明 年龄=中文 ", {"i": "c4", "姓名": "小明", "年龄": "中文"}),
    ("c5", "=", 'i=c5, 姓名="小明" 年龄="中文"', {"i": "c5", "姓名": "小明", "年龄": "中文"}),
    ("c6", "=", "i=c6, 姓名=中文 年龄=中文", {"i": "c6", "姓名": "中文", "年龄": "中文"}),
    ("c7", "=", 'i=c7, 姓名="小明" 年龄=中文 ', {"i": "c7", "姓名": "小明", "年龄": "中文"}),
    ("c8", "=", C8, {"i": "c8", "k1": "hello # 换行\nworld", "k2": "good\nmorning"}),
    ("c9", ":", "k1:v1 k2:v2", {"k1": "v1", "k2": "v2"}),
    ("c10", "(?:=|:)", "k1=v1 k2:v2", {"k1": "v1", "k2": "v2"}),
    ("c11", "(?:=|:)", "k3 = v3", {"k3": "v3"}),
    ("c12", "(?:=|:)", "k4 : v4", {"k4": "v4"}),
]


@pytest.mark.parametrize("name, sep, message, expected", KV_CASES, ids=[case[0] for case in KV_CASES])
def test_kv_cases_of_the_guide(name: str, sep: str, message: str, expected: Dict[str, str]) -> None:
    got = contents(handler(extract_kv=True, extract_kv_sep=sep, fields=["level"]), record(message))
    assert got == {"message": message, "level": "INFO", **expected}


def test_kv_pattern_details() -> None:
    pattern = compile_kv_pattern("=")
    assert kv_pairs(pattern, 'a="" b=c.d-e f= "x" url=http://h') == [
        ("a", ""), ("b", "c.d-e"), ("f", "x"), ("url", "http")
    ]
    assert kv_pairs(compile_kv_pattern("|"), "a|1 b|2") == [("a", "1"), ("b", "2")]  # one character is literal
    assert kv_pairs(compile_kv_pattern("."), "a.1 b=2") == [("a", "1")]


def test_kv_conflict_with_builtin_field() -> None:
    message = 'student="xiao ming" level=3'
    got = contents(handler(extract_kv=True, fields=["level"]), record(message))
    assert got == {"message": message, "level": "INFO", "student": "xiao ming", "level_1": "3"}
    prefixed = contents(handler(extract_kv=True, fields=["level"], buildin_fields_prefix="__",
                                buildin_fields_suffix="__"), record(message))
    assert prefixed == {"__message__": message, "__level__": "INFO", "student": "xiao ming", "level": "3"}
    kv_prefixed = contents(handler(extract_kv=True, fields=["level"], extract_kv_prefix="kv_",
                                   extract_kv_suffix="_x"), record(message))
    assert kv_prefixed == {"message": message, "level": "INFO", "kv_student_x": "xiao ming", "kv_level_x": "3"}


def test_kv_drop_message_only_when_pairs_were_found() -> None:
    h = handler(extract_kv=True, extract_kv_drop_message=True, fields=["level"])
    assert contents(h, record("get error, reason=103 return_code=333 agent_type=ios")) == {
        "level": "INFO", "reason": "103", "return_code": "333", "agent_type": "ios"}
    assert contents(h, record("no pairs here")) == {"message": "no pairs here", "level": "INFO"}


def test_kv_uses_the_rendered_message_and_sanitises_keys() -> None:
    got = contents(handler(extract_kv=True, fields=[]), record("user.id=%d http-status=%s 2xx=1 __time__=5", 7, 200))
    assert got == {"message": "user.id=7 http-status=200 2xx=1 __time__=5", "user.id": "7", "http-status": "200",
                   "2xx": "1", "__time___": "5"}
    repeated = contents(handler(extract_kv=True, fields=[]), record("a=1 a=2 a_1=3"))
    assert repeated == {"message": "a=1 a=2 a_1=3", "a": "1", "a_1": "2", "a_1_1": "3"}


# -- JSON extraction ---------------------------------------------------------------------------------------------


def test_json_dict_message_of_the_guide() -> None:
    data = {"name": "小明", "score": 100.0}
    got = contents(handler(extract_json=True, fields=["level"]), record(data))
    assert got == {"message": str(data), "level": "INFO", "name": "小明", "score": "100.0"}


def test_json_string_message_values_as_json_text() -> None:
    text = '{"a": 1, "b": {"c": [1, "二"]}, "d": null, "e": true, "f": "s"}'
    got = contents(handler(extract_json=True, extract_json_drop_message=True, fields=[]), record(text))
    assert got == {"a": "1", "b": '{"c": [1, "二"]}', "d": "null", "e": "true", "f": "s"}
    assert contents(handler(extract_json=True, extract_json_drop_message=True, fields=[]), record("{not json")) == {
        "message": "{not json"}


def test_json_prefix_suffix_conflict_and_dict_copy() -> None:
    data = {"student": "xiao ming", "level": 3, "a.b": 1}
    h = handler(extract_json=True, fields=["level"])
    rec = record(data)
    snapshot = h._capture(rec)  # captured now ...
    data["student"] = "changed"  # ... so a later change does not leak in
    got = dict(h._make_item(snapshot[0], snapshot[1]).get_contents())
    assert got["student"] == "xiao ming" and got["level"] == "INFO" and got["level_1"] == "3" and got["a.b"] == "1"
    prefixed = contents(handler(extract_json=True, fields=["level"], extract_json_prefix="j_",
                                extract_json_suffix="_"), record({"level": 3}))
    assert prefixed["j_level_"] == "3" and prefixed["level"] == "INFO"


def test_json_before_kv_when_both_are_on() -> None:
    h = handler(extract_json=True, extract_kv=True, fields=[])
    assert contents(h, record('{"a": "x=1"}')) == {"message": '{"a": "x=1"}', "a": "x=1"}
    assert contents(h, record("x=1")) == {"message": "x=1", "x": "1"}
    assert h.extract_dict({"k": 1}) == [("k", "1")]
    assert h.extract_kv_str(b"k=v") == [("k", "v")]


# -- values --------------------------------------------------------------------------------------------------------


def test_message_captured_at_emit_time() -> None:
    args = [1, 2]
    h = handler(fields=[])
    rec = record("list %s", args)
    captured = h._capture(rec, True)
    args.append(3)
    assert h._make_item(captured[0], captured[1]).get_contents() == [("message", "list [1, 2]")]


def test_bytes_message_and_truncation() -> None:
    assert contents(handler(fields=[]), record(b"caf\xc3\xa9 \xff"))["message"] == "café \\xff"
    h = handler(fields=[], max_value_bytes=1000)
    got = contents(h, record("é" * 2000, user="x" * 5000))
    assert len(got["message"].encode()) <= 1000 and "[truncated, 4000 bytes in total]" in got["message"]
    assert len(got["user"].encode()) <= 1000
    assert h.stats["truncated"] >= 2
    assert truncate_text("short", 1000) == "short"


def test_exception_text_and_stack_info() -> None:
    h = handler(fields=[])
    try:
        raise KeyError("boom")
    except KeyError:
        rec = logging.getLogger("u").makeRecord("u", logging.ERROR, __file__, 1, "failed", (), sys.exc_info(), "f")
    message = contents(h, rec)["message"]
    assert message.startswith("failed\nTraceback (most recent call last):")
    assert message.endswith("KeyError: 'boom'")
    rec2 = record("with stack")
    rec2.stack_info = "Stack (most recent call last):\n  frame"
    assert contents(h, rec2)["message"] == "with stack\nStack (most recent call last):\n  frame"


def test_resolve_fields_white_list_only_without_extra() -> None:
    members, names = resolve_fields(["level", "user_id", "message", "exc_info"], extra=False)
    assert [m for m, _ in members] == [LogFields.level] and names == ["user_id"]
    members, names = resolve_fields(["level", "user_id"], extra=True)
    assert names == []
    with pytest.raises(TypeError):
        resolve_fields([3], extra=True)
