"""The HTTP seam (senders), official addressing, and the SDK-side hardening of the SLS layer, without sockets."""

from __future__ import annotations

import json
import time
from typing import Any, Dict, List, Mapping, Optional, Tuple

import pytest

from aliyun.log import (
    Credentials,
    HttpRequest,
    HttpResponse,
    InProcessTransport,
    LogClient,
    LogException,
    MockTransport,
    RetryPolicy,
    SendError,
)
from aliyun.log.codec import compress, encode_log_group, log_group_list_from_groups
from aliyun.log.models.logitem import LogItem
from aliyun.log.transport import DEFAULT_RETRY_POLICY, Endpoint, HttpHeaders, Sender, server_time

FAST = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)


def answer(body: Any = None, status: int = 200, headers: Optional[Dict[str, str]] = None) -> HttpResponse:
    """A JSON answer with a request id."""
    data = b"" if body is None else json.dumps(body).encode()
    return HttpResponse.of(status, {"x-log-requestid": "REQ-1", **(headers or {})}, data)


def error(code: str, status: int, headers: Optional[Dict[str, str]] = None) -> HttpResponse:
    return answer({"errorCode": code, "errorMessage": "m"}, status, headers)


def mock_client(handler: Any, endpoint: str = "cn-hangzhou.log.aliyuncs.com", **options: Any
                ) -> Tuple[LogClient, MockTransport]:
    sender = MockTransport(handler)
    options.setdefault("retry_policy", FAST)
    return LogClient(endpoint, "id", "secret", transport=sender, **options), sender


def pull_body(count: int = 2) -> bytes:
    groups = [encode_log_group([LogItem(1_700_000_000 + i, [("n", str(i))])], "t", "s", []) for i in range(count)]
    return log_group_list_from_groups(groups)


# -- the seam ----------------------------------------------------------------------------------------------------------
def test_mock_transport_sees_the_signed_request_and_answers_it() -> None:
    client, sender = mock_client(lambda request: answer([{"shardID": 0, "status": "readwrite"}]))
    shards = client.list_shards("proj", "store")
    assert shards.get_shard_ids() == [0]
    assert shards.get_request_id() == "REQ-1"
    (request,) = sender.requests
    assert request.method == "GET"
    assert request.url == "http://proj.cn-hangzhou.log.aliyuncs.com:80/logstores/store/shards"
    assert request.headers["Host"] == "proj.cn-hangzhou.log.aliyuncs.com"
    assert request.headers["Authorization"].startswith("LOG id:")
    assert request.body == b""
    client.close()
    assert sender.closed


@pytest.mark.parametrize(
    ("endpoint", "url", "host"),
    [
        ("https://cn-beijing.log.aliyuncs.com", "https://p.cn-beijing.log.aliyuncs.com:443/logstores", "p.cn-beijing"),
        ("cn-beijing.log.aliyuncs.com:8080", "http://p.cn-beijing.log.aliyuncs.com:8080/logstores", "p.cn-beijing"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000/logstores", "p.127.0.0.1"),
        ("localhost:9000", "http://localhost:9000/logstores", "p.localhost"),
        ("http://[::1]:9000", "http://[::1]:9000/logstores", "p.::1"),
    ],
)
def test_addressing_follows_the_official_sdk(endpoint: str, url: str, host: str) -> None:
    client, sender = mock_client(lambda request: answer({"count": 0, "total": 0, "logstores": []}), endpoint)
    client.list_logstore("p")
    assert sender.requests[0].url.split("?")[0] == url
    assert sender.requests[0].headers["Host"].startswith(host)
    assert ":" not in sender.requests[0].headers["Host"].replace("::1", "")  # never a port in Host


def test_calls_outside_a_project_go_to_the_endpoint_itself() -> None:
    client, sender = mock_client(lambda request: answer({"count": 0, "total": 0, "projects": []}))
    client.list_project()
    assert sender.requests[0].url.startswith("http://cn-hangzhou.log.aliyuncs.com:80/?")
    assert sender.requests[0].headers["Host"] == "cn-hangzhou.log.aliyuncs.com"


def test_endpoint_url_keeps_the_query_as_given() -> None:
    assert Endpoint.parse("h.example").url("p", "/x?a=1&b=%20") == "http://p.h.example:80/x?a=1&b=%20"


def test_http_headers_ignore_case_and_keep_names() -> None:
    headers = HttpHeaders([("X-Log-RequestId", "R"), ("Content-Type", "application/json")])
    assert headers["x-log-requestid"] == "R" and "CONTENT-TYPE" in headers
    assert list(headers) == ["X-Log-RequestId", "Content-Type"]
    assert len(headers) == 2 and headers.get("missing") is None


def test_a_plain_dict_of_headers_becomes_case_insensitive() -> None:
    response = HttpResponse(200, {"X-Log-RequestId": "R"}, b"[]")
    assert response.headers["x-log-requestid"] == "R"
    client, _ = mock_client(lambda request: response)
    assert client.list_shards("p", "s").get_request_id() == "R"


def test_http_response_of_checks_its_arguments() -> None:
    with pytest.raises(ValueError):
        HttpResponse.of(99)
    with pytest.raises(TypeError):
        HttpResponse.of(200, {}, "text")  # type: ignore[arg-type]


def test_senders_are_recognised_and_anything_else_is_refused() -> None:
    assert isinstance(MockTransport(lambda r: answer()), Sender)
    assert isinstance(InProcessTransport(lambda *a: (200, {}, b"")), Sender)
    with pytest.raises(TypeError, match="transport"):
        LogClient("cn-hangzhou.log.aliyuncs.com", "id", "secret", transport=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        MockTransport("not callable")  # type: ignore[arg-type]


def test_a_handler_answering_something_else_is_a_type_error() -> None:
    client, _ = mock_client(lambda request: {"status": 200})
    with pytest.raises(TypeError, match="HttpResponse"):
        client.list_shards("p", "s")


def test_send_error_is_a_retriable_request_error() -> None:
    calls: List[HttpRequest] = []

    def flaky(request: HttpRequest) -> HttpResponse:
        calls.append(request)
        if len(calls) < 3:
            raise SendError("connection refused")
        return answer([])

    client, _ = mock_client(flaky)
    assert client.list_shards("p", "s").get_count() == 0
    assert len(calls) == 3
    assert calls[0].headers["Date"] and calls[0].headers is not calls[2].headers  # each attempt signed afresh

    client, _ = mock_client(lambda request: (_ for _ in ()).throw(SendError("reset")))
    with pytest.raises(LogException) as info:
        client.list_shards("p", "s")
    assert info.value.get_error_code() == "LogRequestError"
    assert info.value.retriable and info.value.attempts == 3
    assert info.value.get_resp_status() != 200


def test_in_process_transport_calls_the_app_with_the_wire_target() -> None:
    seen: List[Tuple[str, str, Mapping[str, str], bytes]] = []

    def app(method: str, target: str, headers: Mapping[str, str], body: bytes
            ) -> Tuple[int, Mapping[str, str], bytes]:
        seen.append((method, target, headers, body))
        return 200, {"X-Log-Requestid": "APP", "Content-Type": "application/json"}, b'{"cursor": "MTA="}'

    client = LogClient("http://127.0.0.1:1", "id", "secret", transport=InProcessTransport(app))
    assert client.get_cursor("proj", "store", 3, "begin").get_cursor() == "MTA="
    method, target, headers, body = seen[0]
    assert (method, target, body) == ("GET", "/logstores/store/shards/3?type=cursor&from=begin", b"")
    assert headers["Host"] == "proj.127.0.0.1"
    assert "Authorization" in headers


def test_in_process_app_exceptions_propagate() -> None:
    def broken(*args: Any) -> Tuple[int, Mapping[str, str], bytes]:
        raise RuntimeError("bug in the app")

    client = LogClient("http://127.0.0.1:1", "id", "secret", transport=InProcessTransport(broken))
    with pytest.raises(RuntimeError, match="bug in the app"):
        client.list_shards("p", "s")


# -- one retry rule, refreshable providers -------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "status"), [("ServerBusy", 503), ("ParameterInvalid", 400), ("BadResponse", 502),
                                              ("WriteQuotaExceed", 403), ("LogRequestError", 0)])
def test_retriable_is_what_the_default_policy_says(code: str, status: int) -> None:
    exc = LogException(code, "m", resp_status=status)
    assert exc.retriable is DEFAULT_RETRY_POLICY.should_retry(exc)


class CountingProvider:
    def __init__(self, can_refresh: Optional[bool]) -> None:
        if can_refresh is not None:
            self.can_refresh = can_refresh
        self.invalidated = 0

    def get_credentials(self) -> Credentials:
        return Credentials(f"id{self.invalidated}", "secret")

    def invalidate(self) -> None:
        self.invalidated += 1


@pytest.mark.parametrize(("can_refresh", "invalidations", "attempts"), [(True, 1, 2), (False, 0, 1), (None, 0, 1)])
def test_only_providers_that_can_refresh_are_asked_to(can_refresh: Optional[bool], invalidations: int,
                                                      attempts: int) -> None:
    provider = CountingProvider(can_refresh)
    sender = MockTransport(lambda request: error("SignatureNotMatch", 401))
    client = LogClient("cn-hangzhou.log.aliyuncs.com", credentials_provider=provider,
                       transport=sender, retry_policy=FAST)
    with pytest.raises(LogException):
        client.list_shards("p", "s")
    assert provider.invalidated == invalidations
    assert len(sender.requests) == attempts
    if can_refresh:
        assert sender.requests[1].headers["Authorization"].startswith("LOG id1:")


# -- clock hints ---------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("hint", ["nan", "inf", "-inf", "1e30", "-5", "garbage", "1e308"])
def test_implausible_clock_hints_are_ignored_and_never_poison_the_client(hint: str) -> None:
    answers = [error("RequestTimeExpired", 400, {"x-log-time": hint})]

    def handler(request: HttpRequest) -> HttpResponse:
        return answers.pop(0) if answers else answer([])

    client, _ = mock_client(handler)
    with pytest.raises(LogException) as info:
        client.list_shards("p", "s")
    assert info.value.get_error_code() == "RequestTimeExpired"
    assert client.list_shards("p", "s").get_count() == 0  # the server recovered: so does the client
    assert abs(client.transport.now() - time.time()) < 60


def test_a_plausible_clock_hint_re_signs_once() -> None:
    server_now = int(time.time()) + 7200
    answers = [error("RequestTimeExpired", 400, {"x-log-time": str(server_now)})]
    client, sender = mock_client(lambda request: answers.pop(0) if answers else answer([]))
    client.list_shards("p", "s")
    assert len(sender.requests) == 2
    assert abs(client.transport.now() - server_now) < 60


@pytest.mark.parametrize(("headers", "expected"), [
    ({"x-log-time": "1700000000"}, 1700000000.0),
    ({"x-log-time": "nan", "date": "Tue, 14 Nov 2023 22:13:20 GMT"}, 1700000000.0),
    ({"date": "Sat, 01 Jan 1910 00:00:00 GMT"}, None),
    ({"date": "not a date"}, None),
    ({}, None),
])
def test_server_time_reads_only_plausible_hints(headers: Dict[str, str], expected: Optional[float]) -> None:
    assert server_time(headers) == expected


# -- malformed 200 answers -----------------------------------------------------------------------------------------
def assert_bad_response(info: pytest.ExceptionInfo[LogException]) -> None:
    assert info.value.get_error_code() == "BadResponse"
    assert info.value.get_request_id() == "REQ-1"
    assert info.value.get_resp_status() != 200
    assert not info.value.retriable


@pytest.mark.parametrize(("call", "body"), [
    (lambda c: c.get_cursor("p", "s", 0, "begin"), {}),
    (lambda c: c.get_cursor("p", "s", 0, "begin"), {"cursor": 5}),
    (lambda c: c.get_cursor("p", "s", 0, "begin"), []),
    (lambda c: c.get_cursor_time("p", "s", 0, "MTA="), {"cursor_time": "soon"}),
    (lambda c: c.list_shards("p", "s"), {"shards": []}),
    (lambda c: c.list_shards("p", "s"), [{"status": "readwrite"}]),
    (lambda c: c.list_shards("p", "s"), [3]),
    (lambda c: c.list_logstore("p"), ["store"]),
    (lambda c: c.list_logstore("p"), {"logstores": "store", "count": 1}),
    (lambda c: c.list_logstore("p"), {"logstores": [], "count": "many"}),
    (lambda c: c.get_logstore("p", "s"), {"ttl": [1]}),
    (lambda c: c.get_project("p"), "project"),
    (lambda c: c.heart_beat("p", "s", "g", "c", []), {"shards": [0]}),
    (lambda c: c.get_check_point("p", "s", "g"), [{"checkpoint": "x"}]),
    (lambda c: c.list_consumer_group("p", "s"), [["g"]]),
])
def test_malformed_json_answers_are_bad_responses(call: Any, body: Any) -> None:
    client, _ = mock_client(lambda request: answer(body))
    with pytest.raises(LogException) as info:
        call(client)
    assert_bad_response(info)


def test_an_answer_that_is_not_json_is_a_bad_response() -> None:
    client, _ = mock_client(lambda request: HttpResponse.of(200, {"x-log-requestid": "REQ-1"}, b"<html>"))
    with pytest.raises(LogException) as info:
        client.list_shards("p", "s")
    assert_bad_response(info)


def pull_answer(body: bytes, **headers: str) -> HttpResponse:
    base = {"x-log-requestid": "REQ-1", "x-log-cursor": "MTA=", "x-log-count": "2",
            "x-log-bodyrawsize": str(len(body))}
    base.update({key.replace("_", "-"): value for key, value in headers.items()})
    return HttpResponse.of(200, {k: v for k, v in base.items() if v != "-"}, body)


@pytest.mark.parametrize("response", [
    pull_answer(pull_body(), x_log_count="many"),
    pull_answer(pull_body(), x_log_count="-1"),
    pull_answer(pull_body(), x_log_cursor="-"),
    pull_answer(pull_body(), x_log_bodyrawsize="big", x_log_compresstype="lz4"),
    pull_answer(b"\xff\xfe garbage", x_log_compresstype="zstd"),
    pull_answer(compress(pull_body(), "zstd"), x_log_compresstype="brotli",
                x_log_bodyrawsize=str(len(pull_body()))),
])
def test_malformed_pull_answers_are_bad_responses(response: HttpResponse) -> None:
    client, _ = mock_client(lambda request: response)
    with pytest.raises(LogException) as info:
        client.pull_logs("p", "s", 0, "MTA=")
    assert_bad_response(info)


@pytest.mark.parametrize("response", [
    pull_answer(b"\x0a\xff\xff\xff\x0f"),
    # lz4 bodies are decompressed when first read (flattened in the same pass): a wrong raw size fails then
    pull_answer(compress(pull_body(), "lz4"), x_log_compresstype="lz4"),
    pull_answer(compress(pull_body(), "lz4")[:-3], x_log_compresstype="lz4", x_log_bodyrawsize=str(len(pull_body()))),
])
def test_a_corrupt_pull_body_fails_as_bad_response_when_read(response: HttpResponse) -> None:
    client, _ = mock_client(lambda request: response)
    res = client.pull_logs("p", "s", 0, "MTA=")
    for read in (res.get_flatten_logs_json, res.get_loggroup_list, res.get_log_count):
        with pytest.raises(LogException) as info:
            read()
        assert_bad_response(info)


def test_the_declared_raw_size_is_bounded_before_inflating() -> None:
    zstandard = pytest.importorskip("zstandard")
    bomb_size = 64 * 1024 * 1024
    bomb = zstandard.ZstdCompressor(level=3).compress(b"\0" * bomb_size)
    inflated: List[int] = []
    real_decompress = zstandard.ZstdDecompressor.decompress

    def counting_decompress(self: Any, *args: Any, **kwargs: Any) -> bytes:
        inflated.append(1)
        return real_decompress(self, *args, **kwargs)  # type: ignore[no-any-return]

    client, _ = mock_client(lambda request: pull_answer(bomb, x_log_compresstype="zstd",
                                                        x_log_bodyrawsize=str(bomb_size)))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(zstandard.ZstdDecompressor, "decompress", counting_decompress)
        with pytest.raises(LogException) as info:
            client.pull_logs("p", "s", 0, "MTA=")
    assert_bad_response(info)
    assert "more than" in info.value.get_error_message()
    assert not inflated  # refused before inflating anything


def test_a_body_that_inflates_to_another_size_is_refused() -> None:
    body = pull_body()
    client, _ = mock_client(lambda request: pull_answer(compress(body, "deflate"), x_log_compresstype="deflate",
                                                        x_log_bodyrawsize=str(len(body) - 1)))
    with pytest.raises(LogException) as info:
        client.pull_logs("p", "s", 0, "MTA=")
    assert_bad_response(info)


def test_a_well_formed_compressed_pull_answer_reads() -> None:
    body = pull_body(3)
    client, _ = mock_client(lambda request: pull_answer(compress(body, "lz4"), x_log_compresstype="lz4",
                                                        x_log_bodyrawsize=str(len(body)), x_log_count="3"))
    res = client.pull_logs("p", "s", 0, "MTA=")
    assert [log["n"] for log in res.get_flatten_logs_json()] == ["0", "1", "2"]
    assert (res.get_next_cursor(), res.get_loggroup_count(), res.get_raw_size()) == ("MTA=", 3, len(body))


# -- arguments checked at the client level -------------------------------------------------------------------------
@pytest.mark.parametrize(("args", "kind", "words"), [
    (("htp://cn-hangzhou.log.aliyuncs.com", "id", "secret"), ValueError, "http or https"),
    (("", "id", "secret"), ValueError, "endpoint"),
    (("   ", "id", "secret"), ValueError, "endpoint"),
    ((None, "id", "secret"), TypeError, "endpoint"),
    (("cn-hangzhou.log.aliyuncs.com", 123, "secret"), TypeError, "accessKeyId"),
    (("cn-hangzhou.log.aliyuncs.com", "id", b"secret"), TypeError, "accessKey"),
    (("cn-hangzhou.log.aliyuncs.com", "id", "secret", 7), TypeError, "securityToken"),
    (("cn-hangzhou.log.aliyuncs.com", "id", None), ValueError, "accessKey"),
])
def test_wrong_client_arguments_name_the_argument(args: Tuple[Any, ...], kind: type, words: str) -> None:
    with pytest.raises(kind, match=words):
        LogClient(*args)


def test_sdk_detected_errors_do_not_report_status_200() -> None:
    client, _ = mock_client(lambda request: answer([]))
    with pytest.raises(LogException) as info:
        client.list_shards("", "s")
    assert info.value.get_error_code() == "InvalidArgument"
    assert info.value.get_resp_status() == 0
    client.close()
    with pytest.raises(LogException) as info:
        client.list_shards("p", "s")
    assert (info.value.get_error_code(), info.value.get_resp_status()) == ("ClientClosed", 0)


def test_the_mock_transport_examples_of_the_internals_page_run_as_written() -> None:
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "internals.md").read_text(encoding="utf-8")
    section = page[page.index("## transport/"):page.index("## emulator/")]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert len(blocks) == 3
    for block in blocks:
        exec(compile(block, "docs/internals.md", "exec"), {"__name__": "docs_example"})
