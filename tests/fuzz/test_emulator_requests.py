"""Fuzzing the emulator's request parsers through ``Emulator.app``: headers, query parameters, numbers, names, JSON
bodies and signatures. Invariant: never a 5xx, always the service's JSON error body."""

from __future__ import annotations

import json
from typing import Any, Dict

from hypothesis import given
from hypothesis import strategies as st

from .conftest import INDEXED, LOGSTORE, Target, assert_service_answer

# Text a client could put in a header value (latin-1 on the wire, no line breaks).
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255, exclude_characters="\x7f"), max_size=80)
header_name = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz-0123456789"), min_size=1, max_size=24)
any_text = st.text(max_size=60)
number_text = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(st.sampled_from("0123456789-+ .e²³¹٣𝟗x"), max_size=30),
    st.just("9" * 5000),
    any_text,
)

LS = f"/logstores/{LOGSTORE}"
GET_ROUTES = [
    ("/", {}),
    ("/logstores", {}),
    (LS, {}),
    (LS, {"type": "log"}),
    (LS, {"type": "histogram"}),
    (LS, {"type": "topic"}),
    (f"{LS}/shards", {}),
    (f"{LS}/shards/0", {"type": "cursor"}),
    (f"{LS}/shards/0", {"type": "cursor_time"}),
    (f"{LS}/shards/0", {"type": "log"}),
    (f"{LS}/consumergroups", {}),
    (f"{LS}/index", {}),
    ("/configs", {}),
    ("/machinegroups", {}),
    ("/dashboards", {}),
    ("/jobs", {}),
    ("/logs", {}),
    ("/jobs/job-1/jobinstances", {}),
    ("/pipelineconfigs", {}),
    (f"{LS}/meteringmode", {}),
    ("/tags", {"resourceType": "project"}),
    ("/resource-policies", {"resourceType": "project"}),
    ("/resources", {}),
    ("/topostores", {}),
    ("/topostores/topo/nodes", {}),
]
NUMBER_PARAMS = ["count", "offset", "size", "line", "from", "to", "shardCount", "interval", "shard"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=20,
)

JSON_ROUTES = [
    ("POST", "/logstores", "logstoreName"),
    ("PUT", LS, "logstoreName"),
    ("POST", f"{LS}/consumergroups", "consumerGroup"),
    ("PUT", f"{LS}/consumergroups/cg", "timeout"),
    ("POST", f"{LS}/consumergroups/cg", "consumer"),
    ("POST", f"{LS}/index", "keys"),
    ("POST", f"{LS}/logs", "query"),
    ("POST", f"{LS}/shards/lb", "__logs__"),
    ("POST", "/configs", "configName"),
    ("POST", "/machinegroups", "groupName"),
    ("POST", "/dashboards", "dashboardName"),
    ("POST", "/savedsearches", "savedsearchName"),
    ("POST", "/jobs", "name"),
    ("POST", "/externalstores", "externalStoreName"),
    ("POST", f"{LS}/shipper", "shipperName"),
    ("PUT", "/", "description"),
    ("PUT", "/jobs/job-1", "schedule"),
    ("POST", "/pipelineconfigs", "configName"),
    ("PUT", f"{LS}/meteringmode", "meteringMode"),
    ("PUT", f"{LS}/multimodalconfiguration", "status"),
    ("PUT", f"{LS}/modification", "enabled"),
    ("POST", "/tag", "tags"),
    ("POST", "/untag", "tags"),
    ("PUT", "/resourcegroup", "resourceGroupId"),
    ("PUT", "/resource-policies", "policyDocument"),
    ("POST", "/resources", "schema"),
    ("POST", "/resources/res/records", "value"),
    ("PUT", "/resources/res/records", "records"),
    ("POST", "/topostores", "tag"),
    ("PUT", "/topostores/topo/nodes", "nodes"),
]


@given(route=st.sampled_from(GET_ROUTES), extra=st.dictionaries(header_name, header_text, max_size=6))
def test_arbitrary_headers(target: Target, route: Any, extra: Dict[str, str]) -> None:
    path, params = route
    assert_service_answer(target.request("GET", path, params, headers=extra), (path, extra))


@given(route=st.sampled_from(GET_ROUTES), params=st.dictionaries(any_text, any_text, max_size=6))
def test_arbitrary_query_parameters(target: Target, route: Any, params: Dict[str, str]) -> None:
    path, fixed = route
    merged = {**params, **fixed}
    assert_service_answer(target.request("GET", path, merged), (path, merged))


@given(route=st.sampled_from(GET_ROUTES), name=st.sampled_from(NUMBER_PARAMS), value=number_text)
def test_number_parameters(target: Target, route: Any, name: str, value: str) -> None:
    path, fixed = route
    params = {**fixed, name: value}
    assert_service_answer(target.request("GET", path, params), params)


@given(name=st.sampled_from(["x-log-bodyrawsize", "offset", "size", "x-log-hashkey"]), value=number_text)
def test_number_headers(target: Target, name: str, value: str) -> None:
    headers = {name: value.encode("utf-8").decode("latin-1"), "x-log-compresstype": "lz4"}
    answer = target.request("POST", f"{LS}/shards/lb", body=b"\x00" * 8, headers=headers)
    assert_service_answer(answer, headers)
    assert answer[0] != 200


@given(route=st.sampled_from(JSON_ROUTES), value=json_values, name=any_text)
def test_json_bodies(target: Target, route: Any, value: Any, name: str) -> None:
    method, path, field = route
    before = target.stored_groups()
    body = value if not isinstance(value, dict) else {field: name, **value}
    answer = target.json(method, path, body)
    assert_service_answer(answer, (path, body))
    if answer[0] != 200 and path.endswith("/shards/lb"):
        assert target.stored_groups() == before


@given(route=st.sampled_from(JSON_ROUTES), raw=st.binary(max_size=200) | st.sampled_from(
    [b"[" * 5000, b'{"a":' * 3000, b"1e999999", b'"\\ud800"', b"-" * 50, b"\xff\xfe"]))
def test_raw_json_bodies(target: Target, route: Any, raw: bytes) -> None:
    method, path, _field = route
    answer = target.request(method, path, body=raw, headers={"Content-Type": "application/json"})
    assert_service_answer(answer, (path, raw[:100]))


@given(kind=st.sampled_from([("/logstores", "logstoreName", {"ttl": 1, "shardCount": 1}),
                             (f"{LS}/consumergroups", "consumerGroup", {"timeout": 10}),
                             ("/dashboards", "dashboardName", {}),
                             ("/machinegroups", "groupName", {})]),
       name=st.text(max_size=70) | st.from_regex(r"[a-z0-9][a-z0-9_-]{1,20}[a-z0-9]\n?", fullmatch=True))
def test_names(target: Target, kind: Any, name: str) -> None:
    path, field, rest = kind
    answer = target.json("POST", path, {field: name, **rest})
    assert_service_answer(answer, name)
    if answer[0] == 200:
        assert "\n" not in name and name.isascii() and name == name.strip()


@given(name=st.text(max_size=70))
def test_project_names(target: Target, name: str) -> None:
    answer = target.json("POST", "/", {"projectName": name}, project=None)
    assert_service_answer(answer, name)
    if answer[0] == 200:
        assert name.isascii() and "\n" not in name
        assert target.request("DELETE", "/", project=name)[0] == 200


AUTH_HEADERS = ["Authorization", "Date", "x-log-date", "Content-MD5", "x-log-content-sha256", "x-log-apiversion",
                "x-acs-security-token", "x-log-signaturemethod"]


#: Headers a signer does not sign: changing them may leave the signature valid.
UNSIGNED = {"v1": {"x-log-date"}, "v4": {"date", "content-md5"}}


@given(sign=st.sampled_from(["v1", "v4"]), name=st.sampled_from(AUTH_HEADERS), value=header_text,
       body=st.binary(max_size=40))
def test_tampered_signatures_are_rejected(target: Target, sign: str, name: str, value: str, body: bytes) -> None:
    """Changing a signed header after signing is always rejected with a 4xx (never accepted, never a 5xx)."""
    from aliyun.log.auth import SignerV1, SignerV4

    headers = target.headers(extra={"Content-Type": "application/json"})
    signer = SignerV1() if sign == "v1" else SignerV4("cn-hangzhou")
    signer.sign("PUT", LS, {}, headers, body, target.credentials, None)
    original = {k.lower(): v for k, v in headers.items()}.get(name.lower())
    headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
    headers[name] = value
    answer = target.emulator.app("PUT", LS, headers, body)
    assert_service_answer(answer, (name, value))
    if value.strip() != original and name.lower() not in UNSIGNED[sign]:
        assert answer[0] != 200, (name, value, original)


@given(authorization=header_text, date=header_text, md5=header_text, body=st.binary(max_size=40))
def test_arbitrary_credentials(target: Target, authorization: str, date: str, md5: str, body: bytes) -> None:
    headers = target.headers(extra={"Authorization": authorization, "Date": date, "x-log-date": date,
                                    "Content-MD5": md5})
    answer = target.emulator.app("POST", f"{LS}/shards/lb", headers, body)
    assert_service_answer(answer, headers)
    assert answer[0] in (400, 401, 403, 404, 413)


query_text = st.text(max_size=80) | st.sampled_from([
    "* | select count(1) as c", "n > 3 and s: word1", "* | select n, count(1) group by n order by n limit 5",
    "* | select ", "a and (b", "n: [1 TO", "* | select * from x where", "* | select sum(n) / 0",
]).flatmap(lambda base: st.tuples(st.just(base), st.text(max_size=10)).map("".join))


@given(query=query_text, kind=st.sampled_from(["log", "histogram"]), reverse=st.sampled_from(["true", "x", ""]))
def test_queries(target: Target, query: str, kind: str, reverse: str) -> None:
    params = {"type": kind, "from": "1699999990", "to": "1700000100", "query": query, "reverse": reverse}
    assert_service_answer(target.request("GET", f"/logstores/{INDEXED}", params), params)
    body = {"from": 1699999990, "to": 1700000100, "query": query, "line": 10, "offset": 0}
    assert_service_answer(target.json("POST", f"/logstores/{INDEXED}/logs", body), body)
    project_sql = {"query": f"select count(1) from {INDEXED} where {query}"}
    assert_service_answer(target.request("GET", "/logs", project_sql), project_sql)


def test_error_bodies_are_json(target: Target) -> None:
    """The invariant itself: an error answer parses as the service's error object."""
    status, headers, body = target.request("GET", "/logstores/none-such")
    assert status == 404 and json.loads(body)["errorCode"] == "LogStoreNotExist"
    assert_service_answer((status, headers, body))
