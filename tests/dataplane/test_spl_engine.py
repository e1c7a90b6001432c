"""The SPL interpreter as a pure module: parsing, errors with positions, and each command's semantics."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aliyun.log.codec import encode_log_group, flatten_log_groups, log_group_list_from_groups
from aliyun.log.emulator.spl import SplError, apply_to_group, compile_spl


def run(spl: str, **row: str) -> Optional[Dict[str, Any]]:
    return compile_spl(spl).run(dict(row))


@pytest.mark.parametrize("spl, row, kept", [
    ("* | where status = '200'", {"status": "200"}, True),
    ("* | where status = '200'", {"status": "404"}, False),
    ("* | where status != '200'", {}, False),  # null compares to nothing
    ("* | where cast(latency as bigint) > 100", {"latency": "150"}, True),
    ("* | where latency > 100", {"latency": "99"}, False),
    ("* | where latency >= 99.5 and latency < 100", {"latency": "99.7"}, True),
    ("* | where a = '1' or b = '2'", {"b": "2"}, True),
    ("* | where not (a = '1')", {"a": "2"}, True),
    ("* | where path like '/api/%'", {"path": "/api/v1"}, True),
    ("* | where path not like '/api/_'", {"path": "/api/v1"}, True),
    ("* | where regexp_like(ip, '^10\\.')", {"ip": "10.1.2.3"}, True),
    ("* | where missing is null", {}, True),
    ("* | where present is not null", {"present": ""}, True),
    ("* | where method in ('GET', 'HEAD')", {"method": "HEAD"}, True),
    ("* | where code between 200 and 299", {"code": "302"}, False),
    ("* | where \"__tag__:host\" = 'h1'", {"__tag__:host": "h1"}, True),
    ("* | where __tag__:host = 'h1'", {"__tag__:host": "h1"}, True),
    ("* | where lower(m) = 'get' and length(m) = 3", {"m": "GeT"}, True),
])
def test_where(spl: str, row: Dict[str, str], kept: bool) -> None:
    assert (compile_spl(spl).run(dict(row)) is not None) is kept


def test_extend_string_and_arithmetic() -> None:
    out = run("* | extend u = upper(m), n = cast(a as bigint) * 2 + 1, r = 7 / 2, f = 7.0 / 2, "
              "s = substr(p, 2, 3), c = concat(m, '-', p), k = m || '!', x = split_part(p, '/', 2), "
              "z = 1 / 0", m="get", a="20", p="/abc/def")
    assert out == {"m": "get", "a": "20", "p": "/abc/def", "u": "GET", "n": "41", "r": "3", "f": "3.5",
                   "s": "abc", "c": "get-/abc/def", "k": "get!", "x": "abc"}  # 1/0 is null: no field


def test_project_away_rename() -> None:
    assert run("* | project b, a", a="1", b="2", c="3") == {"b": "2", "a": "1"}
    assert run("* | project-away a, missing", a="1", b="2") == {"b": "2"}
    assert run("* | project-rename x = a", a="1", b="2") == {"b": "2", "x": "1"}


def test_parse_json_regexp_csv() -> None:
    out = run("* | parse-json body", body='{"a": "x", "n": 3, "o": {"k": 1}}')
    assert out is not None and (out["a"], out["n"], out["o"]) == ("x", "3", '{"k":1}')
    out = run("* | parse-json -prefix='j_' -mode='preserve' body", body='{"a": "new"}', j_a="old")
    assert out is not None and out["j_a"] == "old"
    out = run("* | parse-regexp line, '(\\S+) (\\d+)' as ip, code", line="10.0.0.1 404 rest")
    assert out is not None and (out["ip"], out["code"]) == ("10.0.0.1", "404")
    out = run("* | parse-regexp line, '(?P<verb>[A-Z]+) (?P<path>\\S+)'", line="GET /x HTTP/1.1")
    assert out is not None and (out["verb"], out["path"]) == ("GET", "/x")
    out = run("* | parse-csv -delim='|' line as a, b, c", line='1|"x|y"|3')
    assert out is not None and (out["a"], out["b"], out["c"]) == ("1", "x|y", "3")


@pytest.mark.parametrize("spl, position, words", [
    ("* | wher a = 1", "line 1:4", "mismatched input 'wher'"),
    ("* | where a = ", "line 1:14", "'<EOF>'"),
    ("status | where a = 1", "line 1:0", "expecting '*'"),
    ("* | where a = 'open", "line 1:14", "token recognition error"),
    ("* | where nosuch(a)", "line 1:10", "function 'nosuch' is not supported"),
    ("* | project", "line 1:11", "expecting a field name"),
    ("* | parse-regexp a, '(x' as b", "line 1:20", "invalid regular expression"),
    ("* | where a = 1 b", "line 1:16", "expecting '|' or <EOF>"),
])
def test_errors_name_the_position(spl: str, position: str, words: str) -> None:
    with pytest.raises(SplError) as info:
        compile_spl(spl)
    assert str(info.value).startswith(position) and words in str(info.value)


def test_apply_to_group_keeps_metadata_and_drops_empty_groups() -> None:
    group = encode_log_group(
        [{"__time__": 1700000000, "__time_ns_part__": 5, "status": "200", "path": "/a"},
         {"__time__": 1700000001, "status": "500"}], "topic", "src", [("host", "h1")])
    out = apply_to_group(compile_spl("* | where status = '200' | project path"), group)
    assert out is not None
    logs = flatten_log_groups(log_group_list_from_groups([out]))
    assert logs == [{"__time__": 1700000000, "__time_ns_part__": 5, "__topic__": "topic", "__source__": "src",
                     "__tag__:host": "h1", "path": "/a"}]
    assert apply_to_group(compile_spl("* | where status = 'none'"), group) is None


def test_non_utf8_values_pass_through() -> None:
    group = encode_log_group([{"__time__": 1, "b": b"\xff\xfe", "a": "1"}])
    out = apply_to_group(compile_spl("* | where a = '1'"), group)
    assert out is not None and b"\xff\xfe" in out


def test_statements_too_deep_or_too_long_are_refused() -> None:
    with pytest.raises(SplError, match="too deeply"):
        compile_spl("* | where " + "(" * 5000 + "a = 1" + ")" * 5000)
    chained = compile_spl("* | where " + " and ".join(["a = '1'"] * 5000))
    with pytest.raises(SplError, match="too deeply"):
        chained.run({"a": "1"})
    with pytest.raises(SplError, match="longer than"):
        compile_spl("* | where a = '" + "x" * 70_000 + "'")


WORDS = ["*", "|", "where", "extend", "project", "project-away", "project-rename", "parse-json", "parse-csv",
         "parse-regexp", "a", "b", "x", "=", "!=", "<", ">=", "'1'", "'abc'", "1", "2.5", "0", "(", ")", ",", "and",
         "or", "not", "like", "'%b%'", "is", "null", "in", "between", "cast", "as", "bigint", "double", "-", "+", "*",
         "/", "%", "||", "'(\\\\w)'", "lower", "upper", "substr", "lpad", "power", "regexp_like", "json_extract",
         "split_part", "coalesce", "if", "case", "when", "then", "else", "end", "-delim='|'", "-prefix='p'"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), max_size=16),
       row=st.dictionaries(st.sampled_from(["a", "b", "x", "c"]),
                           st.one_of(st.text(max_size=8), st.sampled_from(['{"k": 1}', "1", "-3.5", "1|2"])),
                           max_size=4))
def test_any_statement_compiles_or_names_its_error_and_never_crashes(words: List[str], row: Dict[str, str]) -> None:
    text = " ".join(["*", "|", *words])
    try:
        program = compile_spl(text)
    except SplError:
        return
    result = program.run(dict(row))
    assert result is None or all(isinstance(v, str) for v in result.values())
