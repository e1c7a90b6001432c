"""Unit tests of the field components and the restricted parser."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Optional

import pytest

from aliyun.log.etl import CSV, JSON, KV, LOOKUP, PSV, REGEX, SPLIT, TSV, ZIP, V
from aliyun.log.etl.components.base import FieldComponent
from aliyun.log.etl.components.lookup import TABLE_CACHE
from aliyun.log.etl.errors import SettingError
from aliyun.log.etl.restrict_config_parser import InvalidETLConfig, RestrictConfigParser


# -- set modes -------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "absent", "empty_target", "filled_target", "empty_value"), [
    ("fill", True, True, False, True),
    ("add", True, False, False, True),
    ("overwrite", True, True, True, True),
    ("fill-auto", True, True, False, False),
    ("add-auto", True, False, False, False),
    ("overwrite-auto", True, True, True, False),
    (None, True, True, False, False),
    ("bogus", True, True, False, False),
])
def test_set_modes(mode: Optional[str], absent: bool, empty_target: bool, filled_target: bool,
                   empty_value: bool) -> None:
    component = FieldComponent(mode)
    assert component.set({}, "t", "new") is absent
    assert component.set({"t": ""}, "t", "new") is empty_target
    assert component.set({"t": "old"}, "t", "new") is filled_target
    assert component.set({}, "t", "") is empty_value


# -- KV --------------------------------------------------------------------------------------------------------------
def test_kv_spec_example_and_options() -> None:
    assert KV({"f": 'a=1 b = "x y" 9z=2 url=http://x'}, "f") == {"f": 'a=1 b = "x y" 9z=2 url=http://x', "a": "1",
                                                                 "b": "x y", "url": "http"}
    event = KV(sep="(?:=|:)", prefix="p_", suffix="_s")({"f": "k1:v1 k2=v2"}, "f")
    assert event["p_k1_s"] == "v1" and event["p_k2_s"] == "v2"
    escaped = KV(escape=True)({"f": 'q="say \\"hi\\""'}, "f")
    assert escaped["q"] == 'say "hi"'
    quirk = KV(prefix="p_")({"f": "a=new", "a": "old"}, "f")  # the mode looks at the bare key
    assert "p_a" not in quirk


# -- REGEX -----------------------------------------------------------------------------------------------------------
def test_regex_forms() -> None:
    assert REGEX(r"(\w+):(\d+)", {r"k_\1": r"\2"})({"msg": "cpu:7 mem:3"}, "msg") == {
        "msg": "cpu:7 mem:3", "k_cpu": "7", "k_mem": "3"}
    assert REGEX(r"(?P<a>\d+)-(\d+)", ["x", "y"])({"m": "1-2"}, "m") == {"m": "1-2", "a": "1", "x": "1", "y": "2"}
    assert REGEX(r"\d+", ["first", "second"])({"m": "a1b22c333"}, "m") == {"m": "a1b22c333", "first": "1",
                                                                          "second": "22"}
    assert REGEX(r"\d+", "whole")({"m": "ab12"}, "m")["whole"] == "12"
    # with fields_info, a non-matching input stops the remaining ones
    assert "n" not in REGEX(r"(?P<n>\d+)", "w")({"a": "x", "b": "5"}, ["a", "b"])
    assert REGEX(r"(?P<n>\d+)")({"a": "x", "b": "5"}, ["a", "b"])["n"] == "5"
    with pytest.raises(SettingError):
        REGEX("(")


# -- CSV -------------------------------------------------------------------------------------------------------------
def test_delimited() -> None:
    assert CSV("a, b")({"v": '1, "2,3", 4'}, "v") == {"v": '1, "2,3", 4', "a": "1", "b": "2,3"}
    assert TSV("a,b")({"v": "1\t2"}, "v")["b"] == "2"
    assert PSV(["a", "b"])({"v": "1|2\n3|4"}, "v") == {"v": "1|2\n3|4", "a": "1", "b": "2"}
    assert "a" not in CSV("a,b", restrict=True)({"v": "1,2,3"}, "v")
    assert CSV("a")({}, "v") == {}


# -- JSON ------------------------------------------------------------------------------------------------------------
def test_json_spec_example() -> None:
    value = '{"svc":{"port":80,"tags":["a"]}}'
    assert JSON({"j": value}, "j") == {"j": value, "port": "80", "tags_0": "a"}
    full = JSON(fmt="full")({"j": value}, "j")
    assert full["j.svc.port"] == "80" and full["j.svc.tags.tags_0"] == "a"
    assert JSON(jmes="svc.port", output="p")({"j": value}, "j") == {"j": value, "p": "80"}
    assert JSON({"j": "not json"}, "j") == {"j": "not json"}
    assert JSON(include_node=r"_.*")({"j": '{"_u": 1, "v": 2}'}, "j") == {"j": '{"_u": 1, "v": 2}', "_u": "1"}
    with pytest.raises(SettingError):
        JSON(jmes="[[")


# -- LOOKUP ----------------------------------------------------------------------------------------------------------
def test_lookup_dict_mode() -> None:
    lookup = LOOKUP({"a": "A", "*": "other"}, "out")
    assert lookup({"k": "A"}, "k")["out"] == "A"
    assert lookup({"k": "zzz"}, "k")["out"] == "other"
    first_hit = LOOKUP({"x": "X", "y": "Y"}, "out")({"k1": "x", "k2": "y"}, ["k1", "k2"])
    assert first_hit["out"] == "X"
    with pytest.raises(SettingError):
        LOOKUP({"a": "b"}, ["out"])


def test_lookup_table(tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("c,l,tier\ncn,1,gold\nus,*,silver\n*,2,bronze\n")
    lookup = LOOKUP(str(table), [("tier", "t")])
    assert lookup({"c": "CN", "l": "1"}, ["c", "l"])["t"] == "gold"
    assert lookup({"c": "us", "l": "9"}, ["c", "l"])["t"] == "silver"
    assert lookup({"c": "de", "l": "2"}, ["c", "l"])["t"] == "bronze"
    assert "t" not in lookup({"c": "de", "l": "3"}, ["c", "l"])
    assert "t" not in lookup({"c": "cn"}, ["c", "l"])  # a missing input field: nothing happens
    assert lookup({"country": "cn", "l": "1"}, [("country", "c"), "l"])["t"] == "gold"
    with pytest.raises(SettingError):
        LOOKUP(str(table), "missing_column")
    with pytest.raises(SettingError):
        LOOKUP("http://example.com/t.csv", "tier")
    # quirk: case_insensitive is not part of the cache key
    again = LOOKUP(str(table), "tier", case_insensitive=False)
    assert again.table is lookup.table and again({"c": "CN", "l": "1"}, ["c", "l"])["tier"] == "gold"


def test_lookup_index_agrees_with_a_linear_scan(tmp_path: Path) -> None:
    rng = random.Random(7)
    values = ["a", "B", "c", "*"]
    rows = [(rng.choice(values), rng.choice(values), str(i)) for i in range(200)]
    path = tmp_path / "big.csv"
    path.write_text("x,y,id\n" + "".join(f"{x},{y},{i}\n" for x, y, i in rows))
    TABLE_CACHE.clear()
    lookup = LOOKUP(str(path), "id")
    for x in "abcdB":
        for y in "abcdB":
            expected = next((i for rx, ry, i in rows if rx in ("*", x) or rx.lower() == x.lower()
                             if ry == "*" or ry.lower() == y.lower()), None)
            assert lookup({"x": x, "y": y}, ["x", "y"]).get("id") == expected


# -- SPLIT, ZIP, V ---------------------------------------------------------------------------------------------------
def test_split() -> None:
    assert SPLIT({"tags": "a, b"}, "tags") == [{"tags": "a"}, {"tags": "b"}]
    assert SPLIT({"tags": '["x", 1]'}, "tags") == [{"tags": "x"}, {"tags": "1"}]
    assert SPLIT({"tags": "solo"}, "tags") == {"tags": "solo"}
    assert SPLIT(jmes="l", output="o")({"d": '{"l": ["p", "q"]}'}, "d") == [{"d": '{"l": ["p", "q"]}', "o": "p"},
                                                                          {"d": '{"l": ["p", "q"]}', "o": "q"}]
    assert SPLIT(jmes="l")({"d": "not json"}, "d") == {"d": "not json"}
    splitter = SPLIT()
    splitter({"a": "1"}, "a")
    assert splitter({"b": "2,3"}, "b") == [{"b": "2,3", "a": "2"}, {"b": "2,3", "a": "3"}]  # remembers "a"


def test_zip_and_v() -> None:
    assert ZIP("a", "b")({"a": "x,y", "b": "1,2,3"}) == "x#1,y#2"
    assert ZIP("a", "b", combine_sep=":", sep="|")({"a": '["p q", "r"]', "b": "1,2"}) == "p q:1|r:2"
    assert ZIP("a", "missing")({"a": "x"}) is None
    assert V("a", "b")({"b": "", "c": "x"}) == ""
    assert V("a")({}) is None
    assert V("a")({"a": "1", "t": "x"}, "t") == {"a": "1", "t": "1"}
    assert V("a")({"t": "x"}, "t") == {}
    with pytest.raises(SettingError):
        V()


# -- restricted parser -----------------------------------------------------------------------------------------------
GOOD = '''from aliyun.log.etl_core import *
KEEP_EVENT_1 = [{"a": "x"}, True]
DROP_FIELDS_2 = [F_TAGS, "b"]
TRANSFORM_EVENT_3 = [(ANY, ("m", KV)), (ALL, ("j", JSON(depth=2))), (True, {"v": V("a")}), (True, [("n", r"\\d", "d")])]
RENAME_FIELDS_4 = {"a": None, "b": b"x", "c": 1.5}
'''


def test_restricted_parser_accepts_the_dsl() -> None:
    RestrictConfigParser().parse(GOOD)


@pytest.mark.parametrize(("source", "fragment"), [
    ("import os\n", "Import"),
    ("from os import path\n", "unknown import: os"),
    ("def f():\n    pass\n", "FunctionDef"),
    ("KEEP_EVENT_1 = lambda e: True\n", "Lambda"),
    ("KEEP_EVENT_1 = x.y\n", "Attribute"),
    ("KEEP_EVENT_1 = [1][0]\n", "Subscript"),
    ("KEEP_EVENT_1 = -1\n", "UnaryOp"),
    ("KEEP_EVENT_1 = {1, 2}\n", "Set"),
    ('"""doc"""\n', "Expr"),
    ("KEEP_EVENT_1 += [1]\n", "AugAssign"),
    ("KEEP_EVENT_1, KEEP_EVENT_2 = 1, 2\n", "single name"),
    ("KEEP_EVENT_1 = ...\n", "constant"),
    ('KEEP_EVENT_1 = {"a": NOT("x")}\n', "unknown call id detected: NOT"),
    ("KEEP_EVENT_1 = str.lower('A')\n", "call type"),
    ("OTHER = 1\n", "unknown assign detected: OTHER"),
    ("KEEP_EVENT_1 = EMPTY\n", "unknown load detected: EMPTY"),
])
def test_restricted_parser_rejects_with_the_line(source: str, fragment: str) -> None:
    with pytest.raises(InvalidETLConfig) as info:
        RestrictConfigParser().parse("from aliyun.log.etl_core import *\n\n" + source)
    assert fragment in str(info.value) and "line 3" in str(info.value)


def test_restricted_runner_checks_before_importing(tmp_path: Path) -> None:
    from aliyun.log.etl import Runner

    marker = tmp_path / "imported"
    config = tmp_path / "etl_unsafe_cfg.py"
    config.write_text(f"import pathlib\npathlib.Path({str(marker)!r}).write_text('x')\n")
    with pytest.raises(InvalidETLConfig, match="line 1"):
        Runner(str(config), restricted=True)
    assert not marker.exists()
    safe = tmp_path / "etl_safe_cfg.py"
    safe.write_text(GOOD)
    assert Runner(str(safe), restricted=True)({"a": "x", "m": "k=v"})["k"] == "v"  # type: ignore[index]
