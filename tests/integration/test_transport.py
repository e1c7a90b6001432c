"""Signing, credentials, retries and failures, over real sockets."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator, List, Tuple

import pytest

from aliyun.log import (
    Credentials,
    LogClient,
    LogException,
    LogItem,
    PutLogsRequest,
    RefreshingCredentialsProvider,
    RetryPolicy,
)
from aliyun.log.emulator import Emulator

from ..conftest import unique_name

FAST_RETRIES = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)


def round_trip(client: LogClient) -> None:
    project = unique_name("rt")
    client.create_project(project, "")
    client.create_logstore(project, "store", shard_count=1)
    client.put_logs(PutLogsRequest(project, "store", logitems=[LogItem(1_700_000_000, [("k", "v")])]))
    [res] = list(client.pull_log(project, "store", 0, "begin", "end"))
    assert res.get_flatten_logs_json()[0]["k"] == "v"
    client.delete_project(project)


def test_v4_signing_works_end_to_end(emulator: Emulator) -> None:
    with LogClient(emulator.endpoint, *emulator.credentials, auth_version="v4", region="cn-hangzhou") as client:
        round_trip(client)


def test_sts_token_is_signed_and_accepted(emulator: Emulator) -> None:
    with LogClient(emulator.endpoint, *emulator.credentials, securityToken="sts-token") as client:
        round_trip(client)


def test_wrong_secret_is_rejected_without_retry(emulator: Emulator) -> None:
    key_id, _ = emulator.credentials
    with LogClient(emulator.endpoint, key_id, "wrong-secret", retry_policy=FAST_RETRIES) as client:
        with pytest.raises(LogException) as info:
            client.list_project()
    assert info.value.get_error_code() == "SignatureNotMatch"
    assert info.value.get_resp_status() == 401
    assert info.value.attempts == 1
    assert not info.value.retriable


def test_unknown_access_key(emulator: Emulator) -> None:
    with LogClient(emulator.endpoint, "nobody", "secret") as client, pytest.raises(LogException) as info:
        client.list_project()
    assert info.value.get_error_code() == "InvalidAccessKeyId"
    assert info.value.get_resp_status() == 401


def test_clock_skew_is_corrected_with_the_servers_time() -> None:
    with Emulator(port=0, clock=lambda: time.time() + 3600) as skewed:
        with LogClient(skewed.endpoint, *skewed.credentials) as client:
            round_trip(client)
            assert abs(client.transport.now() - (time.time() + 3600)) < 60


def test_refreshing_credentials_after_an_auth_error(emulator: Emulator) -> None:
    key_id, secret = emulator.credentials
    handed_out: List[Credentials] = []

    def fetch() -> Credentials:
        creds = Credentials(key_id, "stale-secret" if not handed_out else secret, expiration=time.time() + 3600)
        handed_out.append(creds)
        return creds

    with LogClient(emulator.endpoint, credentials_provider=RefreshingCredentialsProvider(fetch)) as client:
        assert client.list_project().get_count() >= 0
    assert len(handed_out) == 2


def test_credentials_auto_refresher_accepts_tuples(emulator: Emulator) -> None:
    with LogClient(emulator.endpoint, "placeholder", "placeholder") as client:
        client.set_credentials_auto_refresher(lambda: emulator.credentials)
        round_trip(client)


def test_environment_credentials(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> None:
    key_id, secret = emulator.credentials
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    with LogClient(emulator.endpoint) as client:
        round_trip(client)


def test_connection_refused_is_retried_then_reported() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with LogClient(f"http://127.0.0.1:{port}", "id", "secret", retry_policy=FAST_RETRIES,
                   timeout=(1, 1)) as client, pytest.raises(LogException) as info:
        client.list_project()
    assert info.value.get_error_code() == "LogRequestError"
    assert info.value.is_client_error
    assert info.value.attempts == 3


class _Scripted(BaseHTTPRequestHandler):
    """Answers each request with the next (status, headers, body) of the server's script."""

    def do_GET(self) -> None:
        server = self.server
        status, headers, body = server.script.pop(0)  # type: ignore[attr-defined]
        server.seen.append(time.monotonic())  # type: ignore[attr-defined]
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def scripted_server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Scripted)
    server.script = []  # type: ignore[attr-defined]
    server.seen = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _error(code: str, status: int, extra: Tuple[Tuple[str, str], ...] = ()) -> Tuple[int, dict, bytes]:
    headers = {"Content-Type": "application/json", "x-log-requestid": "ABCDEF0123456789ABCDEF01", **dict(extra)}
    return status, headers, json.dumps({"errorCode": code, "errorMessage": code.lower()}).encode()


def test_server_busy_is_retried_honouring_retry_after(scripted_server: ThreadingHTTPServer) -> None:
    ok = (200, {"Content-Type": "application/json"}, json.dumps({"count": 0, "total": 0, "projects": []}).encode())
    scripted_server.script.extend(  # type: ignore[attr-defined]
        [_error("ServerBusy", 503, (("Retry-After", "0.3"),)), _error("InternalServerError", 500), ok])
    port = scripted_server.server_address[1]
    policy = RetryPolicy(max_attempts=5, base_delay=0.01, max_delay=1.0)
    with LogClient(f"http://127.0.0.1:{port}", "id", "secret", retry_policy=policy) as client:
        assert client.list_project().get_count() == 0
    seen = scripted_server.seen  # type: ignore[attr-defined]
    assert len(seen) == 3
    assert seen[1] - seen[0] >= 0.29  # waited as told by Retry-After


def test_client_errors_are_not_retried(scripted_server: ThreadingHTTPServer) -> None:
    scripted_server.script.extend([_error("ParameterInvalid", 400)] * 3)  # type: ignore[attr-defined]
    port = scripted_server.server_address[1]
    with LogClient(f"http://127.0.0.1:{port}", "id", "secret", retry_policy=FAST_RETRIES) as client:
        with pytest.raises(LogException) as info:
            client.list_project()
    assert info.value.get_error_code() == "ParameterInvalid"
    assert info.value.get_request_id() == "ABCDEF0123456789ABCDEF01"
    assert len(scripted_server.seen) == 1  # type: ignore[attr-defined]
    assert "ParameterInvalid" in str(info.value) and "ABCDEF0123456789ABCDEF01" in str(info.value)


def test_non_json_error_body_is_a_bad_response(scripted_server: ThreadingHTTPServer) -> None:
    scripted_server.script.append((502, {"Content-Type": "text/html"}, b"<html>bad gateway</html>"))  # type: ignore
    port = scripted_server.server_address[1]
    with LogClient(f"http://127.0.0.1:{port}", "id", "secret", retry_policy=RetryPolicy(max_attempts=1)) as client:
        with pytest.raises(LogException) as info:
            client.list_project()
    assert info.value.get_error_code() == "BadResponse"
    assert info.value.get_resp_status() == 502
    assert "bad gateway" in info.value.get_error_message()


def test_use_after_close(emulator: Emulator) -> None:
    client = LogClient(emulator.endpoint, *emulator.credentials)
    client.list_project()
    client.close()
    with pytest.raises(LogException) as info:
        client.list_project()
    assert info.value.get_error_code() == "ClientClosed"


def test_data_survives_an_emulator_restart(tmp_path: object) -> None:
    data_dir = str(tmp_path)
    with Emulator(port=0, data_dir=data_dir) as first, LogClient(first.endpoint, *first.credentials) as client:
        client.create_project("durable", "")
        client.create_logstore("durable", "store", shard_count=2)
        client.put_logs(PutLogsRequest("durable", "store", logitems=[LogItem(1, [("n", str(i))])
                                                                      for i in range(20)]))
    with Emulator(port=0, data_dir=data_dir) as second, LogClient(second.endpoint, *second.credentials) as client:
        values = sorted(int(log["n"]) for shard in (0, 1)
                        for res in client.pull_log("durable", "store", shard, "begin", "end")
                        for log in res.get_flatten_logs_json())
    assert values == list(range(20))


def test_retry_delays_follow_the_policy_with_a_fake_clock(scripted_server: ThreadingHTTPServer) -> None:
    """The transport sleeps through its injected clock: full-jitter backoff, capped, Retry-After first."""
    from aliyun.log import StaticCredentialsProvider
    from aliyun.log.auth import SignerV1
    from aliyun.log.transport import ApiRequest, Transport

    ok = (200, {"Content-Type": "application/json"}, b"{}")
    scripted_server.script.extend(  # type: ignore[attr-defined]
        [_error("ServerBusy", 503)] * 4 + [_error("WriteQuotaExceed", 403, (("Retry-After", "7"),)), ok])
    slept: List[float] = []
    policy = RetryPolicy(max_attempts=6, base_delay=1.0, max_delay=3.0)
    transport = Transport(f"http://127.0.0.1:{scripted_server.server_address[1]}",
                          StaticCredentialsProvider("id", "secret"), signer=SignerV1(), retry_policy=policy,
                          sleep=slept.append)
    started = time.monotonic()
    assert transport.request(ApiRequest("GET", "/")).status == 200
    assert time.monotonic() - started < 2  # nothing really waited
    assert len(slept) == 5
    for attempt, delay in enumerate(slept[:4], start=1):
        assert 0 <= delay <= min(3.0, 1.0 * 2 ** (attempt - 1))
    assert slept[4] == 3.0  # Retry-After: 7, capped at max_delay
    transport.close()


def test_retries_stop_at_max_attempts(scripted_server: ThreadingHTTPServer) -> None:
    from aliyun.log import StaticCredentialsProvider
    from aliyun.log.auth import SignerV1
    from aliyun.log.transport import ApiRequest, Transport

    scripted_server.script.extend([_error("InternalServerError", 500)] * 3)  # type: ignore[attr-defined]
    slept: List[float] = []
    transport = Transport(f"http://127.0.0.1:{scripted_server.server_address[1]}",
                          StaticCredentialsProvider("id", "secret"), signer=SignerV1(),
                          retry_policy=RetryPolicy(max_attempts=3), sleep=slept.append)
    with pytest.raises(LogException) as info:
        transport.request(ApiRequest("GET", "/"))
    assert info.value.attempts == 3
    assert "after 3 attempts" in str(info.value)
    assert len(slept) == 2
    transport.close()


def test_one_kept_alive_connection_serves_every_kind_of_answer(client: LogClient, project: str,
                                                               make_logstore: Callable[..., str]) -> None:
    """Bodies are read in one read of their length, and the connection goes back to the pool each time: answers
    with and without a body, errors and lz4 pulls all reuse one connection."""
    logstore = make_logstore(shard_count=1)
    for i in range(10):
        client.put_logs(PutLogsRequest(project, logstore, "", "", [LogItem(1_700_000_000, [("n", str(i))])]))
        client.list_logstore(project)
        with pytest.raises(LogException):
            client.get_logstore(project, "missing-logstore")
    cursor = client.get_begin_cursor(project, logstore, 0).get_cursor()
    assert len(client.pull_logs(project, logstore, 0, cursor, 100).get_flatten_logs_json()) == 10
    pools = client.transport.sender._session.adapters["http://"].poolmanager.pools  # type: ignore[attr-defined]
    made = [pools[key].num_connections for key in pools.keys()]  # noqa: SIM118 - the container is not iterable
    assert made == [1], made
