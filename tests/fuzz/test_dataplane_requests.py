"""Fuzzing the data-plane parsers (SPL, pack ids, delete / update bodies, async SQL, store views, substores,
objects) through ``Emulator.app``. Invariant: never a 5xx, always the service's JSON error body."""

from __future__ import annotations

import json
from typing import Any, Dict

from hypothesis import given
from hypothesis import strategies as st

from .conftest import INDEXED, LOGSTORE, Target, assert_service_answer
from .test_emulator_requests import any_text, json_values, number_text

LS = f"/logstores/{LOGSTORE}"
IX = f"/logstores/{INDEXED}"

spl_text = st.one_of(
    any_text,
    st.lists(st.sampled_from(["*", "|", "where", "extend", "project", "project-away", "parse-json", "parse-csv",
                              "parse-regexp", "a", "b", "=", "'x'", "1", "(", ")", ",", "and", "or", "not", "like",
                              "is", "null", "cast", "as", "bigint", "-", "+", "/", "'(\\d+)'", '"q"', "in"]),
             max_size=14).map(" ".join),
)


@given(query=spl_text, extra=st.dictionaries(st.sampled_from(["count", "end_cursor", "processor"]), number_text,
                                              max_size=2))
def test_spl_pulls(target: Target, query: str, extra: Dict[str, str]) -> None:
    answer = target.request("GET", f"{IX}/shards/0", {"type": "cursor", "from": "begin"})
    assert answer[0] == 200, answer
    params = {"type": "log", "cursor": json.loads(answer[2])["cursor"], "pullMode": "scan_on_stream",
              "query": query, **extra}
    assert_service_answer(target.request("GET", f"{IX}/shards/0", params), params)


@given(params=st.fixed_dictionaries({"type": st.just("context_log")}, optional={
    "pack_id": any_text, "pack_meta": any_text, "back_lines": number_text, "forward_lines": number_text}))
def test_context_logs(target: Target, params: Dict[str, str]) -> None:
    assert_service_answer(target.request("GET", IX, params), params)


JSON_ROUTES = [
    ("POST", f"{IX}/deletelogtasks", "query"),
    ("POST", f"{IX}/deletelogs", "rowId"),
    ("POST", f"{IX}/updatelogs", "data"),
    ("POST", "/asyncsql", "query"),
    ("POST", "/sqlinstance", "cu"),
    ("POST", "/storeviews", "name"),
    ("PUT", "/storeviews/view-1", "stores"),
    ("POST", f"{LS}/substores", "name"),
    ("PUT", f"{LS}/substores/sub-1", "keys"),
    ("PUT", f"/metricstores/{LOGSTORE}/meteringmode", "meteringMode"),
    ("POST", "/jobs", "configuration"),
]


@given(route=st.sampled_from(JSON_ROUTES), value=json_values, name=any_text)
def test_json_bodies(target: Target, route: Any, value: Any, name: str) -> None:
    method, path, field = route
    body = value if not isinstance(value, dict) else {field: name, **value}
    assert_service_answer(target.json(method, path, body), (path, body))


@given(path=st.sampled_from([f"{LS}/deletelogtasks/{{}}", "/asyncsql/{}", "/storeviews/{}",
                             f"{LS}/substores/{{}}", f"{LS}/objects/{{}}"]),
       name=st.text(st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="/?#%"), min_size=1,
                    max_size=40),
       params=st.dictionaries(st.sampled_from(["offset", "line", "taskId", "type"]), number_text, max_size=2))
def test_named_reads(target: Target, path: str, name: str, params: Dict[str, str]) -> None:
    full = path.format(name)
    assert_service_answer(target.request("GET", full, params), (full, params))


@given(body=st.binary(max_size=300), headers=st.dictionaries(
    st.sampled_from(["Content-Type", "x-log-meta-a", "x-log-compresstype", "x-log-bodyrawsize"]),
    st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=20), max_size=3))
def test_objects(target: Target, body: bytes, headers: Dict[str, str]) -> None:
    answer = target.request("PUT", f"{LS}/objects/fuzz/object.bin", body=body, headers=headers)
    assert_service_answer(answer, headers)
    if answer[0] == 200:
        got = target.request("GET", f"{LS}/objects/fuzz/object.bin")
        assert got[0] == 200 and got[2] == body
