"""Property-based tests of every SDK response parser, driven through MockTransport.

Each call is answered with a 200 whose JSON shape, headers, body bytes, compression type and declared raw size
are random or mutated from a well-formed answer. Whatever the answer, the SDK either returns a response whose
accessors work, or raises ``LogException`` with code ``BadResponse`` (never a raw ``AttributeError``,
``KeyError``, codec or decompression error). The number of examples comes from the registered hypothesis profile.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, List, Tuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliyun.log import LogClient, LogException
from aliyun.log.codec import compress, encode_log_group, log_group_list_from_groups
from aliyun.log.models.logitem import LogItem
from aliyun.log.models.query import GetHistogramsRequest, GetLogsRequest, ListTopicsRequest
from aliyun.log.models.response import LogResponse, PullLogResponse
from aliyun.log.transport import HttpRequest, HttpResponse, MockTransport, RetryPolicy

fuzz_settings = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

Call = Callable[[LogClient], Any]

# name -> (call, a well-formed JSON body)
JSON_CALLS: Dict[str, Tuple[Call, Any]] = {
    "get_project": (lambda c: c.get_project("p"), {"projectName": "p", "description": "d", "status": "Normal"}),
    "list_project": (lambda c: c.list_project(), {"count": 1, "total": 1, "projects": [{"projectName": "p"}]}),
    "get_logstore": (lambda c: c.get_logstore("p", "s"),
                     {"logstoreName": "s", "ttl": 30, "shardCount": 2, "autoSplit": True, "maxSplitShard": 64}),
    "list_logstore": (lambda c: c.list_logstore("p"), {"count": 1, "total": 1, "logstores": ["s"]}),
    "list_shards": (lambda c: c.list_shards("p", "s"),
                    [{"shardID": 0, "status": "readwrite", "inclusiveBeginKey": "0" * 32,
                      "exclusiveEndKey": "f" * 32, "createTime": 1700000000}]),
    "split_shard": (lambda c: c.split_shard("p", "s", 0, "8" + "0" * 31), [{"shardID": 1, "status": "readwrite"}]),
    "get_cursor": (lambda c: c.get_cursor("p", "s", 0, "begin"), {"cursor": "MTA="}),
    "get_cursor_time": (lambda c: c.get_cursor_time("p", "s", 0, "MTA="), {"cursor_time": 1700000000}),
    "get_logs": (lambda c: c.get_logs(GetLogsRequest("p", "s", 1700000000, 1700000100, query="*")),
                 {"meta": {"progress": "Complete", "count": 1, "keys": ["a"], "hasSQL": False},
                  "data": [{"__time__": "1700000000", "__source__": "h", "a": "1"}]}),
    "get_histograms": (lambda c: c.get_histograms(GetHistogramsRequest("p", "s", 1700000000, 1700000100)),
                       [{"from": 1700000000, "to": 1700000100, "count": 3, "progress": "Complete"}]),
    "list_topics": (lambda c: c.list_topics(ListTopicsRequest("p", "s")), ["t1", "t2"]),
    "list_consumer_group": (lambda c: c.list_consumer_group("p", "s"), [{"name": "g", "timeout": 20, "order": False}]),
    "heart_beat": (lambda c: c.heart_beat("p", "s", "g", "c", [0]), [0, 1]),
    "get_check_point": (lambda c: c.get_check_point("p", "s", "g"),
                        [{"shard": 0, "checkpoint": "MTA=", "updateTime": 1, "consumer": "c"}]),
    "get_index_config": (lambda c: c.get_index_config("p", "s"),
                         {"line": {"token": [",", " "], "caseSensitive": False},
                          "keys": {"a": {"type": "text", "token": [","]}}, "lastModifyTime": 1}),
    "get_logtail_config": (lambda c: c.get_logtail_config("p", "cfg"),
                           {"configName": "cfg", "outputType": "LogService",
                            "outputDetail": {"logstoreName": "s"}, "inputType": "file",
                            "inputDetail": {"logType": "common_reg_log", "logPath": "/var/log",
                                            "filePattern": "*.log"}}),
    "list_logtail_config": (lambda c: c.list_logtail_config("p"), {"count": 1, "total": 1, "configs": ["cfg"]}),
    "get_machine_group": (lambda c: c.get_machine_group("p", "g"),
                          {"groupName": "g", "machineIdentifyType": "ip", "machineList": ["10.0.0.1"],
                           "groupAttribute": {"groupTopic": "t"}}),
    "list_machine_group": (lambda c: c.list_machine_group("p"), {"count": 1, "total": 1, "machinegroups": ["g"]}),
    "list_machines": (lambda c: c.list_machines("p", "g"),
                      {"count": 1, "total": 1, "machines": [{"ip": "10.0.0.1", "lastHeartbeatTime": 1}]}),
    "get_machine_group_applied_configs": (lambda c: c.get_machine_group_applied_configs("p", "g"),
                                          {"count": 1, "configs": ["cfg"]}),
    "get_config_applied_machine_groups": (lambda c: c.get_config_applied_machine_groups("p", "cfg"),
                                          {"count": 1, "machinegroups": ["g"]}),
    "get_dashboard": (lambda c: c.get_dashboard("p", "d"), {"dashboardName": "d", "charts": []}),
    "list_dashboard": (lambda c: c.list_dashboard("p"),
                       {"count": 1, "total": 1, "dashboards": ["d"], "dashboardItems": [{"dashboardName": "d"}]}),
    "list_alert": (lambda c: c.list_alert("p"), {"count": 1, "total": 1, "results": [{"name": "a"}]}),
    "get_shipper": (lambda c: c.get_shipper("p", "s", "sh"),
                    {"shipperName": "sh", "targetType": "oss",
                     "targetConfiguration": {"ossBucket": "b", "ossPrefix": "p", "roleArn": "r",
                                             "bufferInterval": 300, "bufferSize": 256, "compressType": "none",
                                             "storage": {"format": "json", "detail": {"enableTag": False}}}}),
    "get_shipper_tasks": (lambda c: c.get_shipper_tasks("p", "s", "sh", 1700000000, 1700000100),
                          {"count": 1, "total": 1, "statistics": {"running": 0, "success": 1, "fail": 0},
                           "tasks": [{"id": "t", "taskStatus": "success", "taskMessage": "", "taskCreateTime": 1,
                                      "taskLastDataReceiveTime": 1, "taskFinishTime": 1}]}),
    "get_external_store": (lambda c: c.get_external_store("p", "es"),
                           {"externalStoreName": "es", "storeType": "rds-vpc",
                            "parameter": {"vpc-id": "v", "instance-id": "i", "host": "h", "port": "3306",
                                          "username": "u", "password": "x", "db": "d", "table": "t",
                                          "region": "cn-hangzhou"}}),
    "list_external_store": (lambda c: c.list_external_store("p"), {"count": 1, "total": 1, "externalstores": ["es"]}),
}

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True),
                    st.text(max_size=8))
json_values = st.recursive(
    scalars, lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children,
                                                                                max_size=4),
    max_leaves=12,
)


def mutations(valid: Any) -> st.SearchStrategy[Any]:
    """``valid`` itself, or with one field (or item) replaced by random JSON or removed, recursively."""
    options: List[st.SearchStrategy[Any]] = [st.just(valid), json_values]
    if isinstance(valid, dict) and valid:
        keys = st.sampled_from(sorted(valid))
        options.append(keys.map(lambda k: {key: value for key, value in valid.items() if key != k}))
        options.append(st.tuples(keys, json_values).map(lambda kv: {**valid, kv[0]: kv[1]}))
        options.append(keys.flatmap(lambda k: mutations(valid[k]).map(lambda v: {**valid, k: v})))
    if isinstance(valid, list) and valid:
        options.append(json_values.map(lambda v: [*valid[:-1], v]))
        options.append(mutations(valid[0]).map(lambda v: [v, *valid[1:]]))
    return st.one_of(options)


COMPRESS_TYPES = st.sampled_from(["", "lz4", "zstd", "deflate", "gzip", "snappy", "LZ4"])
SIZE_TEXT = st.one_of(st.integers(-3, 1 << 20).map(str), st.just(str(1 << 40)), st.text(max_size=6))


@st.composite
def encoded(draw: st.DrawFn, raw: bytes) -> Tuple[bytes, Dict[str, str]]:
    """``raw`` sent plain or compressed, with a true or a random declared size and compression type."""
    headers: Dict[str, str] = {}
    kind = draw(COMPRESS_TYPES)
    body = raw
    if kind:
        headers["x-log-compresstype"] = kind
        if kind.lower() in ("lz4", "zstd", "deflate") and draw(st.booleans()):
            body = compress(raw, kind.lower())
        headers["x-log-bodyrawsize"] = draw(st.one_of(st.just(str(len(raw))), SIZE_TEXT))
    elif draw(st.booleans()):
        headers["x-log-bodyrawsize"] = draw(SIZE_TEXT)
    if draw(st.booleans()):
        body = draw(st.binary(max_size=64))
    return body, headers


HEADER_VALUES = st.one_of(st.just("2"), st.just(""), st.just("MTA="), st.just("many"), st.just("-1"),
                          st.integers(0, 2**64).map(str), st.text(max_size=6))


@st.composite
def extra_headers(draw: st.DrawFn) -> Dict[str, str]:
    names = ["x-log-count", "x-log-cursor", "x-log-progress", "x-log-nexttoken", "x-log-query-info",
             "x-log-processed-rows", "x-log-elapsed-millisecond", "x-log-has-sql", "x-log-cpu-sec"]
    chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=4))
    return {name: draw(HEADER_VALUES) for name in chosen}


def client_answering(response: HttpResponse) -> LogClient:
    return LogClient("cn-hangzhou.log.aliyuncs.com", "id", "secret", transport=MockTransport(lambda r: response),
                     retry_policy=RetryPolicy(max_attempts=1))


def read_everything(result: Any) -> None:
    """Call the accessors a user calls on a response (they must not fail on what the parser accepted)."""
    if isinstance(result, PullLogResponse):
        result.get_flatten_logs_json()
        result.get_loggroup_json_list()
        result.get_log_count()
        result.get_next_cursor()
    elif isinstance(result, LogResponse):
        result.get_body()
        result.get_request_id()
        for name in ("get_count", "get_total", "get_shard_ids", "get_cursor", "get_cursor_time", "get_shards",
                     "get_logs", "get_histograms", "get_topics", "get_consumer_group_names", "get_index_config",
                     "get_config", "get_machine_group", "get_entities", "get_tasks", "get_external_store_config"):
            getter = getattr(result, name, None)
            if callable(getter):
                getter()


def assert_only_bad_response(call: Call, response: HttpResponse) -> None:
    try:
        read_everything(call(client_answering(response)))
    except LogException as exc:
        assert exc.get_error_code() == "BadResponse", exc
        assert exc.get_request_id() == "REQ"
        assert exc.get_resp_status() != 200


@fuzz_settings
@given(data=st.data(), name=st.sampled_from(sorted(JSON_CALLS)))
def test_json_parsers_raise_only_bad_response(data: st.DataObject, name: str) -> None:
    call, valid = JSON_CALLS[name]
    body_json = data.draw(mutations(valid), label="json")
    try:
        raw = json.dumps(body_json).encode()
    except ValueError:  # a float the encoder refuses
        return
    body, headers = data.draw(encoded(raw), label="encoding")
    headers.update(data.draw(extra_headers(), label="headers"))
    headers["x-log-requestid"] = "REQ"
    assert_only_bad_response(call, HttpResponse.of(200, headers, body))


def valid_pull_body() -> bytes:
    groups = [encode_log_group([LogItem(1700000000 + i, [("k", f"v{i}")])], "t", "s", [("tag", "x")])
              for i in range(3)]
    return log_group_list_from_groups(groups)


@st.composite
def mutated_bytes(draw: st.DrawFn, valid: bytes) -> bytes:
    data = bytearray(valid)
    for _ in range(draw(st.integers(0, 4))):
        if not data:
            break
        index = draw(st.integers(0, len(data) - 1))
        data[index] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(data)))
    return bytes(data[:cut]) + draw(st.binary(max_size=8))


@fuzz_settings
@given(data=st.data())
def test_pull_logs_raises_only_bad_response(data: st.DataObject) -> None:
    raw = data.draw(st.one_of(st.just(valid_pull_body()), mutated_bytes(valid_pull_body())), label="raw")
    body, headers = data.draw(encoded(raw), label="encoding")
    headers.update(data.draw(extra_headers(), label="headers"))
    headers["x-log-requestid"] = "REQ"
    assert_only_bad_response(lambda c: c.pull_logs("p", "s", 0, "MTA="), HttpResponse.of(200, headers, body))


@fuzz_settings
@given(status=st.integers(300, 599), body=st.one_of(st.binary(max_size=64),
                                                     mutations({"errorCode": "X", "errorMessage": "m"}).map(
                                                         lambda v: json.dumps(v).encode())),
       headers=extra_headers())
def test_error_answers_always_become_log_exceptions(status: int, body: bytes, headers: Dict[str, str]) -> None:
    client = client_answering(HttpResponse.of(status, {**headers, "x-log-requestid": "REQ"}, body))
    try:
        client.list_shards("p", "s")
    except LogException as exc:
        assert exc.get_resp_status() == status
        assert exc.get_request_id() == "REQ"
    else:
        raise AssertionError(f"HTTP {status} was taken as a success")


def test_every_request_of_the_fuzzed_calls_is_well_formed() -> None:
    """The calls above really reach the sender (a typo in a call would make the properties vacuous)."""
    seen: List[HttpRequest] = []

    def handler(request: HttpRequest) -> HttpResponse:
        seen.append(request)
        return HttpResponse.of(200, {"x-log-requestid": "REQ"}, b"")

    client = LogClient("cn-hangzhou.log.aliyuncs.com", "id", "secret", transport=MockTransport(handler))
    for call, _ in JSON_CALLS.values():
        try:
            call(client)
        except LogException as exc:
            assert exc.get_error_code() == "BadResponse"
    assert len(seen) == len(JSON_CALLS)
    for call, valid in JSON_CALLS.values():
        response = HttpResponse.of(200, {"x-log-requestid": "REQ", "x-log-count": "1"}, json.dumps(valid).encode())
        read_everything(call(client_answering(response)))  # the well-formed answers parse
