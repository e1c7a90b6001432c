"""Option values to Python values: the conversions chosen from type hints and from ``:type`` docstring lines."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

import pytest

from aliyun.log import GetLogsRequest, IndexConfig, LogClient, LogItem, MachineGroupDetail, PutLogsRequest
from aliyun.log.cli.convert import (
    ConversionError,
    convert_value,
    converter_for,
    docstring_converter,
    resolve_hints,
)


def convert(hint: Any, value: Any, raw: str = "", doc_type: str = "") -> Any:
    return converter_for(hint, raw, doc_type, lambda name: f"client:{name}")(value)


@pytest.mark.parametrize("text, expected", [("true", True), ("T", True), ("1", True), ("Yes", True), ("y", True),
                                            ("false", False), ("f", False), ("0", False), ("NO", False)])
def test_bool(text: str, expected: bool) -> None:
    assert convert(bool, text) is expected
    assert convert(Optional[bool], text) is expected


def test_scalars_and_errors() -> None:
    assert convert(int, "-1") == -1 and convert(float, "1.5") == 1.5 and convert(str, "x") == "x"
    with pytest.raises(ConversionError, match=r"parameter 'size' should be of type int, but got type=str, "
                                              r"value='ten'"):
        convert_value("size", "ten", converter_for(int, "int", "", str), "int")
    with pytest.raises(ConversionError, match="parameter 'flag' should be of type bool"):
        convert_value("flag", "maybe", converter_for(bool, "bool", "", str), "bool")


def test_structures(tmp_path: Path) -> None:
    assert convert(Dict[str, Any], '{"a": 1}') == {"a": 1}
    with pytest.raises(ValueError):
        convert(Dict[str, Any], "[1]")
    path = tmp_path / "detail.json"
    path.write_text('{"from": "file"}')
    assert convert(Optional[Mapping[str, Any]], f"file://{path}") == {"from": "file"}
    # string lists split on commas, spaces and bars; a JSON array is not parsed from the command line
    assert convert(List[str], "a,b c|d") == ["a", "b", "c", "d"]
    assert convert(Sequence[str], '["a"]') == ['["a"]']
    assert convert(Sequence[int], '[1, "2"]') == [1, 2]
    assert convert(Union[Mapping[str, Any], str], "plain") == "plain"
    assert convert(Union[Mapping[str, Any], str], '{"k": "v"}') == {"k": "v"}
    assert convert(Union[str, int, float, None], "1d") == "1d"
    assert convert(Union[str, int, float, None], "3600") == 3600


def test_times_and_accounts() -> None:
    hint = Union[int, float, str]
    assert convert(hint, "begin", "TimeValue") == "begin"
    assert convert(hint, "1700000000", "TimeValue") == 1700000000
    assert isinstance(convert(hint, "1 hour ago", "Optional[TimeValue]"), int)
    with pytest.raises(ValueError, match="someday"):
        convert(hint, "someday", "TimeValue")
    assert convert(Any, "bj", "Optional[LogClient]") == "client:bj"


def test_request_classes_from_json() -> None:
    request = convert(GetLogsRequest, json.dumps({"project": "p", "logstore": "l", "fromTime": "1700000000",
                                                  "toTime": "now", "line": "50", "reverse": "true"}))
    assert (request.get_line(), request.get_reverse(), request.get_from()) == (50, True, 1700000000)
    with pytest.raises(ValueError, match="GetLogsRequest has no bogus"):
        convert(GetLogsRequest, '{"project": "p", "bogus": 1}')

    put = convert(PutLogsRequest, json.dumps({
        "project": "p", "logstore": "l", "topic": "t", "hashKey": "0" * 32, "compress": "false",
        "logtags": [["k", "v"]],
        "logitems": [{"timestamp": 1700000000, "contents": [["a", "1"]]}, {"contents": {"b": "2"}}]}))
    assert [item.get_contents() for item in put.get_log_items()] == [[("a", "1")], [("b", "2")]]
    assert isinstance(put.get_log_items()[0], LogItem) and put.get_log_items()[0].get_time() == 1700000000
    assert (put.get_compress(), put.get_log_tags(), put.get_hash_key()) == (False, [("k", "v")], "0" * 32)
    with pytest.raises(TypeError, match=r"parameter .logitems. .*\[key, value\]"):
        convert(PutLogsRequest, '{"logitems": [{"contents": [["a", 1]]}]}')

    index = convert(IndexConfig, '{"line": {"token": [","]}, "keys": {"k": {"type": "long"}}}')
    assert isinstance(index, IndexConfig) and index.to_json()["keys"]["k"]["type"] == "long"
    group = convert(MachineGroupDetail, '{"group_name": "g1", "machine_type": "ip", "machine_list": ["1.1.1.1"]}')
    assert group.to_json()["machineList"] == ["1.1.1.1"]


def test_docstring_types() -> None:
    def make(name: str) -> str:
        return name

    assert docstring_converter("int list", make)('["1", 2]') == [1, 2]
    assert docstring_converter("string list", make)("a, b") == ["a", "b"]
    assert docstring_converter("dict/string", make)("raw text") == "raw text"
    assert docstring_converter("dict or string", make)('{"a": 1}') == {"a": 1}
    assert docstring_converter("list<LogItem>", make)('[{"contents": [["k", "v"]]}]')[0].get_contents() == [
        ("k", "v")]
    assert isinstance(docstring_converter("IndexConfig", make)('{"line": {}}'), IndexConfig)
    assert docstring_converter("LogClient", make)("bj") == "bj"
    # An Any-typed parameter takes its docstring's type.
    assert converter_for(Any, "", "int", make)("5") == 5


def test_every_command_parameter_has_a_converter() -> None:
    from aliyun.log.cli.catalog import commands_of

    for name, command in commands_of(LogClient).items():
        hints = resolve_hints(getattr(LogClient, name))
        for param in command.params:
            assert callable(converter_for(hints[param.name], param.annotation, param.doc_type, str)), (name, param)


def test_hints_resolve_names_imported_only_for_type_checking() -> None:
    def method(request: Any, other: Any, count: int = 1) -> None:
        """A method of a module that imports its request class under TYPE_CHECKING only."""

    method.__annotations__.update(request="Optional[GetProjectLogsRequest]", other="NoSuchName")
    hints = resolve_hints(method)
    from aliyun.log import GetProjectLogsRequest

    assert hints == {"request": Optional[GetProjectLogsRequest], "other": Any, "count": int}
