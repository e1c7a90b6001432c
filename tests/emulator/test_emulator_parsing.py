"""Unit tests of the emulator's parsers (``parsing.py``) and the LogGroup scan of ``aliyun.log.codec.wire``."""

from __future__ import annotations

from typing import Any

import pytest

from aliyun.log.codec import CodecError, encode_log_group
from aliyun.log.codec.wire import longest_value, scan_log_group
from aliyun.log.emulator.core import ApiError
from aliyun.log.emulator.parsing import (
    MAX_JSON_DEPTH,
    NameRule,
    json_depth_exceeds,
    parse_bool,
    parse_decimal,
    parse_int,
    parse_json,
)


@pytest.mark.parametrize(("text", "value"), [("0", 0), (" 42 ", 42), ("-7", -7), ("9" * 18, int("9" * 18))])
def test_parse_decimal_accepts_ascii_digits(text: str, value: int) -> None:
    assert parse_decimal(text, "n") == value


@pytest.mark.parametrize("text", ["", " ", "²", "٣", "𝟗", "--1", "+1", "1.0", "1e3", "0x1", "9" * 21, "9" * 5000,
                                  "1 2", "\u00a01"])
def test_parse_decimal_refuses_everything_else(text: str) -> None:
    with pytest.raises(ApiError) as info:
        parse_decimal(text, "n", code="InvalidBodyRawSize")
    assert (info.value.status, info.value.code) == (400, "InvalidBodyRawSize")


@pytest.mark.parametrize(("value", "ok"), [(5, True), (5.0, True), ("5", True), (5.5, False), (True, False),
                                           (None, False), ([5], False), (1 << 63, False), (-(1 << 63), True),
                                           (float("inf"), False), (0, False), (11, False)])
def test_parse_int_bounds(value: Any, ok: bool) -> None:
    if ok and value != -(1 << 63):
        assert parse_int(value, "n", 1, 10) == 5
    elif ok:
        assert parse_int(value, "n") == value
    else:
        with pytest.raises(ApiError):
            parse_int(value, "n", 1, 10)


@pytest.mark.parametrize(("value", "result"), [("True", True), ("false", False), (1, True), ("", False)])
def test_parse_bool(value: Any, result: bool) -> None:
    assert parse_bool(value, "b") is result


def test_parse_bool_refuses_other_values() -> None:
    with pytest.raises(ApiError):
        parse_bool("maybe", "b")


def test_json_depth() -> None:
    deep = b"[" * (MAX_JSON_DEPTH + 1) + b"]" * (MAX_JSON_DEPTH + 1)
    assert json_depth_exceeds(deep)
    assert not json_depth_exceeds(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH)
    assert not json_depth_exceeds(b'["' + b"[" * 500 + b'"]')  # brackets in strings do not count
    assert not json_depth_exceeds(b'["\\"' + b"[" * 500 + b'"]')  # nor after an escaped quote
    with pytest.raises(ApiError) as info:
        parse_json(deep)
    assert info.value.code == "PostBodyInvalid"
    assert parse_json(b'{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}


def test_name_rule_matches_whole_names() -> None:
    rule = NameRule("logstore", r"[a-z][a-z0-9-]{1,10}[a-z0-9]", "letters")
    assert rule.check("abc") == "abc"
    for bad in ("abc\n", "\nabc", "ab", "ABC", None, 3):
        assert not rule.matches(bad)
        with pytest.raises(ApiError):
            rule.check(bad)


def test_scan_log_group() -> None:
    data = encode_log_group([{"__time__": 1, "a": "1", "b": "x" * 300}, {"__time__": 2, "a": "2"}], "topic", "src")
    scan = scan_log_group(data)
    assert sorted(scan.keys or []) == ["a", "b"] and scan.topic == b"topic" and scan.source == b"src"
    assert longest_value(data) == 300
    assert scan_log_group(b"").keys is None and longest_value(b"") == 0
    with pytest.raises(CodecError):
        scan_log_group(b"\xff\xff\xff")
