"""RetryPolicy, LogException and endpoint parsing: pure functions."""

from __future__ import annotations

import pickle

import pytest

from aliyun.log import LogException, RetryPolicy
from aliyun.log.transport import Endpoint, _retry_after


def test_backoff_is_full_jitter_with_a_cap() -> None:
    policy = RetryPolicy(max_attempts=10, base_delay=0.5, max_delay=4.0)
    assert policy.backoff(1, rng=lambda: 1.0) == 0.5
    assert policy.backoff(2, rng=lambda: 1.0) == 1.0
    assert policy.backoff(3, rng=lambda: 1.0) == 2.0
    assert policy.backoff(4, rng=lambda: 1.0) == 4.0
    assert policy.backoff(9, rng=lambda: 1.0) == 4.0  # capped
    assert policy.backoff(3, rng=lambda: 0.0) == 0.0
    assert policy.backoff(3, rng=lambda: 0.25) == 0.5


@pytest.mark.parametrize(
    ("code", "status", "retry"),
    [
        ("ServerBusy", 503, True),
        ("InternalServerError", 500, True),
        ("RequestTimeout", 500, True),
        ("WriteQuotaExceed", 403, True),
        ("ShardReadQuotaExceed", 403, True),
        ("LogRequestError", 0, True),
        ("SomethingNew", 502, True),
        ("ParameterInvalid", 400, False),
        ("SignatureNotMatch", 401, False),
        ("ProjectNotExist", 404, False),
        ("BadResponse", 200, False),
    ],
)
def test_what_is_retried(code: str, status: int, retry: bool) -> None:
    error = LogException(code, "m", resp_status=status)
    assert RetryPolicy().should_retry(error) is retry
    assert error.retriable is retry


def test_policy_arguments_are_checked() -> None:
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(base_delay=-1)


def test_retry_after_header() -> None:
    assert _retry_after({"retry-after": "2"}, 10) == 2
    assert _retry_after({"retry-after": "200"}, 10) == 10
    assert _retry_after({}, 10) is None
    assert _retry_after({"retry-after": "soon"}, 10) is None


def test_log_exception_getters_and_pickling() -> None:
    error = LogException("ShardNotExist", "Shard 9 does not exist.", "REQ1", 400, {"x-log-requestid": "REQ1"},
                         {"errorCode": "ShardNotExist"})
    assert error.get_error_code() == "ShardNotExist"
    assert error.get_error_message() == "Shard 9 does not exist."
    assert error.get_request_id() == "REQ1"
    assert error.get_resp_status() == 400
    assert error.get_resp_body() == {"errorCode": "ShardNotExist"}
    assert str(error) == "ShardNotExist: Shard 9 does not exist. (status 400, request id REQ1)"
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.error_code, copy.message, copy.request_id, copy.status) == ("ShardNotExist",
                                                                             "Shard 9 does not exist.", "REQ1", 400)


@pytest.mark.parametrize(
    ("text", "base", "host_header"),
    [
        ("cn-hangzhou.log.aliyuncs.com", "http://cn-hangzhou.log.aliyuncs.com", "p.cn-hangzhou.log.aliyuncs.com"),
        ("https://cn-beijing.log.aliyuncs.com", "https://cn-beijing.log.aliyuncs.com",
         "p.cn-beijing.log.aliyuncs.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080", "p.127.0.0.1"),
        ("127.0.0.1:8080", "http://127.0.0.1:8080", "p.127.0.0.1"),
        ("localhost", "http://localhost", "p.localhost"),
    ],
)
def test_endpoint_parsing(text: str, base: str, host_header: str) -> None:
    endpoint = Endpoint.parse(text)
    assert endpoint.base_url == base
    assert endpoint.host_header("p") == host_header
    assert endpoint.host_header(None) == host_header[2:]


@pytest.mark.parametrize("text", ["", "ftp://x", "http://", "http://host:notaport"])
def test_bad_endpoints(text: str) -> None:
    with pytest.raises(ValueError):
        Endpoint.parse(text)
