"""The search-syntax parser of the emulator's query engine (the part of a query before ``|``)."""

from __future__ import annotations

import pytest

from aliyun.log.emulator.query.search import (
    And,
    Compare,
    MatchAll,
    Not,
    Or,
    Range,
    SearchSyntaxError,
    Term,
    describe,
    parse_search,
    split_query,
)


@pytest.mark.parametrize("text", ["", "   ", "*", " * "])
def test_match_all(text: str) -> None:
    assert parse_search(text) == MatchAll()


def test_terms_and_phrases() -> None:
    assert parse_search("error") == Term("error")
    assert parse_search('"http error"') == Term("http error", quoted=True)
    assert parse_search('#"http error"') == Term("http error", quoted=True)
    assert parse_search("err*") == Term("err*", wildcard=True)
    assert parse_search("ad?r") == Term("ad?r", wildcard=True)
    assert parse_search('"a*b"') == Term("a*b", quoted=True)  # wildcards are literal inside quotes
    assert parse_search("/api/v1/users") == Term("/api/v1/users")


def test_key_value_forms() -> None:
    assert parse_search("status: 500") == Term("500", "status")
    assert parse_search("status:500") == Term("500", "status")
    assert parse_search('ua: "Windows NT"') == Term("Windows NT", "ua", quoted=True)
    assert parse_search("uri: /api/*") == Term("/api/*", "uri", wildcard=True)
    assert parse_search("uri: *") == Term("*", "uri", wildcard=True)
    assert parse_search('"my key": x') == Term("x", "my key")
    assert parse_search("http.method: GET") == Term("GET", "http.method")


def test_system_fields() -> None:
    assert parse_search("__topic__: web") == Term("web", "__topic__")
    assert parse_search("__source__: 10.0.*") == Term("10.0.*", "__source__", wildcard=True)
    assert parse_search("__tag__:__client_ip__: 1.2.3.4") == Term("1.2.3.4", "__tag__:__client_ip__")
    assert parse_search("__tag__:env:prod") == Term("prod", "__tag__:env")


def test_comparisons_and_ranges() -> None:
    assert parse_search("latency > 100") == Compare("latency", ">", 100)
    assert parse_search("latency>=1.5") == Compare("latency", ">=", 1.5)
    assert parse_search("latency < -2") == Compare("latency", "<", -2)
    assert parse_search("latency <= 3") == Compare("latency", "<=", 3)
    assert parse_search("status = 200") == Compare("status", "=", 200)
    assert parse_search("status: >= 500") == Compare("status", ">=", 500)
    assert parse_search("t in [10 20)") == Range("t", 10, 20, True, False)
    assert parse_search("t IN (0.5 1]") == Range("t", 0.5, 1, False, True)


def test_precedence_and_implicit_and() -> None:
    a, b, c = Term("a"), Term("b"), Term("c")
    assert parse_search("a and b or c") == Or([And([a, b]), c])
    assert parse_search("a or b and c") == Or([a, And([b, c])])
    assert parse_search("a b") == And([a, b])
    assert parse_search("a b or c") == Or([And([a, b]), c])
    assert parse_search("a and (b or c)") == And([a, Or([b, c])])
    assert parse_search("not a") == Not(a)
    assert parse_search("not a and b") == And([Not(a), b])
    assert parse_search("a not b") == And([a, Not(b)])
    assert parse_search("a and not b") == And([a, Not(b)])
    assert parse_search("not (a or b)") == Not(Or([a, b]))
    assert parse_search("A AND b OR NOT c") == Or([And([Term("A"), b]), Not(c)])


def test_realistic_query() -> None:
    tree = parse_search('status >= 500 and (request_method: POST or request_method: PUT) not "health check"')
    assert tree == And(
        [
            Compare("status", ">=", 500),
            Or([Term("POST", "request_method"), Term("PUT", "request_method")]),
            Not(Term("health check", quoted=True)),
        ]
    )


def test_keywords_in_quotes_and_escapes() -> None:
    assert parse_search('"and"') == Term("and", quoted=True)
    assert parse_search('msg: "say \\"hi\\""') == Term('say "hi"', "msg", quoted=True)
    assert parse_search("a\\:b") == Term("a:b")
    assert parse_search("path: C\\(x\\)") == Term("C(x)", "path")


@pytest.mark.parametrize(
    "text",
    ['"open', "a and", "(a or b", "a)", "and a", "status >", "t in [1 x)", "t in [1 2", ": x", "a or or b"],
)
def test_syntax_errors(text: str) -> None:
    with pytest.raises(SearchSyntaxError) as info:
        parse_search(text)
    assert text.strip() and str(info.value)


def test_split_query() -> None:
    assert split_query("status: 500 | select count(1)") == ("status: 500", "select count(1)")
    assert split_query("* | select a || b") == ("*", "select a || b")
    assert split_query('msg: "a|b" | select 1') == ('msg: "a|b"', "select 1")
    assert split_query("error") == ("error", None)
    assert split_query(None) == ("", None)
    assert split_query("| select 1") == ("", "select 1")


def test_describe_round_trips() -> None:
    for text in ["a and (b or not c)", "status >= 500", "t in [1 2)", 'k: "x y"', "__tag__:a: b"]:
        tree = parse_search(text)
        assert parse_search(describe(tree)) == tree
