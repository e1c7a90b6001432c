"""Hardening: malformed numbers and JSON, names, body binding of v1 signatures, STS tokens, secrets, control-plane
authentication, request size caps and the service's data limits. After every rejected request nothing is stored."""

from __future__ import annotations

import hashlib
import json
import socket
import time
from typing import Any, Dict, Iterator, List, Optional, Tuple

import pytest
import requests

from aliyun.log import LogClient, LogException, LogItem, PutLogsRequest
from aliyun.log.auth import Credentials, RefreshingCredentialsProvider, SignerV1
from aliyun.log.emulator import Emulator

from .emulator_helpers import Client, Clock, error_of, make_group

HUGE = "9" * 5000


def stored_groups(emu: Emulator) -> int:
    return int(requests.get(emu.endpoint + "/_emulator/health", timeout=10).json()["logGroups"])


@pytest.fixture
def store(api: Client) -> Iterator[str]:
    api.create_logstore("hard", shard_count=1)
    yield "hard"


def raw_exchange(emu: Emulator, request: bytes) -> Tuple[int, Dict[str, Any]]:
    """Send raw bytes; the status and JSON error body of the answer (the connection must answer)."""
    host, port = emu.endpoint.rsplit("/", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request)
        chunks: List[bytes] = []
        while True:
            data = sock.recv(65536)
            if not data:
                break
            chunks.append(data)
    answer = b"".join(chunks)
    assert answer, "the connection was dropped without an answer"
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)


# -- 1. numbers ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("length", ["²", "--1", "-1", "1e3", " ", HUGE, "٣"])
def test_malformed_content_length_answers_400(emu: Emulator, length: str) -> None:
    request = f"POST /logstores/x/shards/lb HTTP/1.1\r\nHost: p.127.0.0.1\r\nContent-Length: {length}\r\n\r\n"
    status, body = raw_exchange(emu, request.encode("utf-8"))
    assert (status, body["errorCode"]) == (400, "ParameterInvalid")


@pytest.mark.parametrize("raw_size", ["²", "--1", HUGE, "1.5", "0x10"])
def test_malformed_bodyrawsize_answers_400(emu: Emulator, api: Client, store: str, raw_size: str) -> None:
    before = stored_groups(emu)
    response = api.put(store, make_group(), headers={"x-log-bodyrawsize": raw_size})
    assert error_of(response) == (400, "InvalidBodyRawSize")
    assert stored_groups(emu) == before


@pytest.mark.parametrize("value", ["²", "--1", HUGE, "1.0", "٣"])
def test_malformed_query_numbers_answer_400(api: Client, store: str, value: str) -> None:
    cursor = api.cursor(store, 0)
    assert error_of(api.pull_raw(store, 0, cursor, count=value))[0] == 400  # type: ignore[arg-type]
    for path, params in (
        ("/logstores", {"offset": value}),
        ("/logstores", {"size": value}),
        (f"/logstores/{store}", {"type": "log", "from": "0", "to": "10", "line": value}),
        (f"/logstores/{store}/shards/0", {"action": "split", "shardCount": value}),
        (f"/logstores/{store}/shards/{value}", {"type": "cursor", "from": "begin"}),
    ):
        method = "POST" if "action" in params else "GET"
        assert error_of(api.request(method, path, params))[0] == 400, (path, params)


@pytest.mark.parametrize("when", ["²", "--1", HUGE, -1, 1 << 40, 1.5, True, None])
def test_malformed_json_time_answers_invalid_timestamp(emu: Emulator, api: Client, store: str, when: Any) -> None:
    before = stored_groups(emu)
    body = {"__logs__": [{"__time__": when, "k": "v"}]}
    response = api.request("POST", f"/logstores/{store}/shards/lb", json_body=body, compress_type="lz4")
    assert error_of(response) == (400, "InvalidTimestamp")
    assert stored_groups(emu) == before


def test_json_numbers_beyond_int64_are_refused(api: Client) -> None:
    body = {"logstoreName": "big-ttl", "ttl": 10 ** 30, "shardCount": 1}
    assert error_of(api.request("POST", "/logstores", json_body=body)) == (400, "ParameterInvalid")
    query = {"from": 0, "to": 10, "query": "*", "line": 10 ** 30, "offset": 0}
    api.create_logstore("int64", shard_count=1)
    assert error_of(api.request("POST", "/logstores/int64/logs", json_body=query)) == (400, "ParameterInvalid")


# -- 2. nesting ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "code"), [
    ("/logstores", "PostBodyInvalid"),
    ("/dashboards", "ParameterInvalid"),
    ("/logstores/hard/index", "IndexInfoInvalid"),
    ("/logstores/hard/shards/lb", "PostBodyInvalid"),
])
def test_deeply_nested_json_answers_400(emu: Emulator, api: Client, store: str, path: str, code: str) -> None:
    before = stored_groups(emu)
    body = b"[" * 100_000 + b"]" * 100_000
    response = api.request("POST", path, body=body, headers={"Content-Type": "application/json"})
    assert error_of(response) == (400, code)
    assert stored_groups(emu) == before


def test_moderate_nesting_is_accepted(api: Client) -> None:
    nested: Any = {"leaf": 1}
    for _ in range(40):
        nested = {"n": nested}
    dashboard = {"dashboardName": "nested", "charts": [{"search": nested}]}
    api.ok(api.request("POST", "/dashboards", json_body=dashboard))


# -- 3. names --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "body"), [
    ("/logstores", {"logstoreName": "abc\n", "ttl": 1, "shardCount": 1}),
    ("/logstores/hard/consumergroups", {"consumerGroup": "cg\n", "timeout": 10}),
    ("/dashboards", {"dashboardName": "dash\n"}),
    ("/machinegroups", {"groupName": "group\n"}),
])
def test_names_ending_in_a_newline_are_refused(api: Client, store: str, path: str, body: Dict[str, Any]) -> None:
    assert error_of(api.request("POST", path, json_body=body)) == (400, "ParameterInvalid")


def test_project_name_ending_in_a_newline_is_refused(api: Client) -> None:
    response = api.request("POST", "/", json_body={"projectName": "newline-project\n"}, project=None)
    assert error_of(response) == (400, "ParameterInvalid")


# -- 4. v1 signatures bind the body ----------------------------------------------------------------------------------

def _signed_headers(emu: Emulator, method: str, path: str, body: bytes, project: str) -> Dict[str, str]:
    headers = {"Host": f"{project}.127.0.0.1", "x-log-apiversion": "0.6.0", "x-log-bodyrawsize": str(len(body)),
               "Content-Type": "application/x-protobuf"}
    SignerV1().sign(method, path, {}, headers, body, Credentials(*emu.credentials), None)
    return headers


def test_a_signature_for_an_empty_body_cannot_carry_a_body(emu: Emulator, api: Client, store: str) -> None:
    before = stored_groups(emu)
    path = f"/logstores/{store}/shards/lb"
    headers = _signed_headers(emu, "POST", path, b"", api.project or "")
    assert "Content-MD5" not in headers
    replay = requests.post(emu.endpoint + path, data=make_group([{"evil": "1"}]), headers=headers, timeout=10)
    assert error_of(replay) == (400, "MissingContentMD5")
    # adding a matching Content-MD5 does not help: it is signed
    body = make_group([{"evil": "2"}])
    forged = dict(headers, **{"Content-MD5": hashlib.md5(body).hexdigest().upper()})
    assert error_of(requests.post(emu.endpoint + path, data=body, headers=forged, timeout=10)) == (
        401, "SignatureNotMatch")
    assert stored_groups(emu) == before


def test_content_md5_must_match_the_body(emu: Emulator, api: Client, store: str) -> None:
    before = stored_groups(emu)
    path = f"/logstores/{store}/shards/lb"
    headers = _signed_headers(emu, "POST", path, make_group([{"k": "signed"}]), api.project or "")
    tampered = make_group([{"k": "other!"}])
    assert error_of(requests.post(emu.endpoint + path, data=tampered, headers=headers, timeout=10)) == (
        401, "SignatureNotMatch")
    assert stored_groups(emu) == before


def test_the_sdk_sends_content_md5_and_is_accepted(emu: Emulator, api: Client, store: str) -> None:
    with LogClient(emu.endpoint, *emu.credentials) as client:
        client.put_logs(PutLogsRequest(api.project, store, logitems=[LogItem(contents=[("k", "v")])]))
    assert len(api.pull_all(store, 0)) == 1


# -- 5. STS tokens ---------------------------------------------------------------------------------------------------

def test_sts_tokens_are_checked_and_expire() -> None:
    clock = Clock(time.time())
    sts = ("STS.tmp-id", "tmp-secret", "token-1", clock.now + 600)
    with Emulator(clock=clock, temporary_credentials=[sts]) as emu:
        with LogClient(emu.endpoint, "STS.tmp-id", "tmp-secret", securityToken="token-1") as client:
            assert client.list_project().get_count() == 0
        for token in ("wrong", None):
            with LogClient(emu.endpoint, "STS.tmp-id", "tmp-secret", securityToken=token) as client:
                with pytest.raises(LogException) as info:
                    client.list_project()
                assert (info.value.get_resp_status(), info.value.get_error_code()) == (401, "Unauthorized")
        clock.advance(601)
        with LogClient(emu.endpoint, "STS.tmp-id", "tmp-secret", securityToken="token-1") as client:
            with pytest.raises(LogException) as info:
                client.list_project()
            assert (info.value.get_resp_status(), info.value.get_error_code()) == (401, "SecurityTokenExpired")
        # rotation through the control plane (signed with the emulator's key), then a refreshing client recovers
        admin = Client(emu.endpoint, *emu.credentials, clock=clock)
        rotated = {"accessKeyId": "STS.tmp-id", "accessKeySecret": "tmp-secret-2", "securityToken": "token-2",
                   "expiration": int(clock.now) + 600}
        admin.ok(admin.request("PUT", "/_emulator/credentials", json_body=rotated, project=None))
        handed_out: List[Credentials] = []

        def fetch() -> Credentials:
            old = not handed_out
            creds = Credentials("STS.tmp-id", "tmp-secret" if old else "tmp-secret-2",
                                "token-1" if old else "token-2", expiration=time.time() + 3600)
            handed_out.append(creds)
            return creds

        with LogClient(emu.endpoint, credentials_provider=RefreshingCredentialsProvider(fetch)) as client:
            assert client.list_project().get_count() == 0
        assert len(handed_out) == 2
        admin.close()


def test_unsigned_credential_rotation_is_refused() -> None:
    with Emulator() as emu:
        body = {"accessKeyId": "x", "accessKeySecret": "y", "securityToken": "z", "expiration": 1}
        response = requests.put(emu.endpoint + "/_emulator/credentials", json=body, timeout=10)
        assert error_of(response)[0] in (400, 401)
        assert emu.verifier.temporary == {}


# -- 7. secrets -----------------------------------------------------------------------------------------------------

def test_cli_takes_keys_from_a_file_and_the_environment_and_never_prints_them(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .test_emulator_durability import start_cli

    key_file = tmp_path / "keys"
    key_file.write_text("# comment\nfile-key:file-secret-123\n", encoding="utf-8")
    monkeypatch.setenv("SLS_EMULATOR_ACCESS_KEYS", "env-key:env-secret-456")
    proc, endpoint, lines = start_cli("--access-key-file", str(key_file), "--sts", "STS.cli:cli-secret-789:tok")
    text = "\n".join(lines)
    assert "secret-" not in text and "tok" not in text.replace("stop", "")
    for key_id, secret in (("env-key", "env-secret-456"), ("file-key", "file-secret-123")):
        api = Client(endpoint, key_id, secret)
        assert api.ok(api.request("GET", "/", project=None)).json()["total"] == 0
        api.close()
    proc.terminate()
    assert proc.wait(timeout=10) == 0


# -- 9. control plane, size caps -------------------------------------------------------------------------------------

def test_unsigned_control_calls_need_the_flag() -> None:
    with Emulator() as emu:
        api = Client(emu.endpoint, *emu.credentials, project="kept-project")
        api.create_project("kept-project")
        assert error_of(requests.post(emu.endpoint + "/_emulator/reset", timeout=10))[0] in (400, 401)
        assert api.ok(api.request("GET", "/")).json()["projectName"] == "kept-project"
        api.close()
    with Emulator(allow_unsigned_control=True) as emu:
        assert requests.post(emu.endpoint + "/_emulator/reset", timeout=10).status_code == 200


def test_oversized_heads_and_bodies_are_refused_before_reading(emu: Emulator) -> None:
    filler = "".join(f"x-filler-{i}: {'a' * 1000}\r\n" for i in range(80))
    status, body = raw_exchange(emu, f"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n{filler}\r\n".encode())
    assert (status, body["errorCode"]) == (431, "ParameterInvalid")
    request = b"POST /logstores/x/shards/lb HTTP/1.1\r\nHost: p.127.0.0.1\r\nContent-Length: 50000000\r\n\r\n"
    status, body = raw_exchange(emu, request)  # nothing of the body is sent: the answer comes without reading it
    assert (status, body["errorCode"]) == (413, "PostBodyTooLarge")


# -- 10. the service's data limits -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("group", "code"), [
    (make_group([{"k": "v"}], topic="t" * 129), "PostBodyInvalid"),
    (make_group([{"k": "v"}], source="s" * 129), "PostBodyInvalid"),
    (make_group([{"k" * 129: "v"}]), "InvalidKey"),
    (make_group([{"k": "v" * (1024 * 1024 + 1)}]), "InvalidLogSize"),
])
def test_limits_of_protobuf_bodies(emu: Emulator, api: Client, store: str, group: bytes, code: str) -> None:
    before = stored_groups(emu)
    assert error_of(api.put(store, group)) == (400, code)
    assert stored_groups(emu) == before


def test_limits_at_the_boundary_are_accepted(api: Client, store: str) -> None:
    group = make_group([{"k" * 128: "v" * (1024 * 1024)}], topic="t" * 128, source="s" * 128)
    api.ok(api.put(store, group))


@pytest.mark.parametrize(("body", "code"), [
    ({"__topic__": "t" * 129, "__logs__": [{"__time__": 1, "k": "v"}]}, "PostBodyInvalid"),
    ({"__source__": "s" * 129, "__logs__": [{"__time__": 1, "k": "v"}]}, "PostBodyInvalid"),
    ({"__logs__": [{"__time__": 1, "k" * 129: "v"}]}, "InvalidKey"),
    ({"__logs__": [{"__time__": 1, "k": "v" * (1024 * 1024 + 1)}]}, "InvalidLogSize"),
])
def test_limits_of_json_bodies(emu: Emulator, api: Client, store: str, body: Dict[str, Any], code: str) -> None:
    before = stored_groups(emu)
    response = api.request("POST", f"/logstores/{store}/shards/lb", json_body=body, compress_type="lz4")
    assert error_of(response) == (400, code)
    assert stored_groups(emu) == before


# -- nothing stored after a rejected request -------------------------------------------------------------------------

def test_nothing_is_stored_after_any_rejected_request(emu: Emulator, api: Client, store: str) -> None:
    path = f"/logstores/{store}/shards/lb"
    group = make_group([{"k": "v"}])
    before = stored_groups(emu)
    other = Client(emu.endpoint, emu.credentials[0], "wrong-secret", project=api.project)
    rejected: List[requests.Response] = [
        other.put(store, group),  # bad signature
        requests.post(emu.endpoint + path, data=make_group([{"k": "tampered"}]), timeout=10,
                      headers=_signed_headers(emu, "POST", path, group, api.project or "")),  # MD5 of another body
        api.put(store, b"\xff\xff\xff", compress_type=None),  # malformed protobuf
        api.put(store, make_group([{"__time__": "reserved"}])),  # reserved key
        api.put(store, make_group([{"k": "v" * (1024 * 1024 + 1)}])),  # over the value limit
        api.put(store, group, headers={"x-log-bodyrawsize": "²"}),  # malformed number
    ]
    emu.add_temporary_credential("STS.bad", "s", "good-token", time.time() + 60)
    sts = Client(emu.endpoint, "STS.bad", "s", project=api.project)
    sts_put = sts.put(store, group, headers={"x-acs-security-token": "bad-token"})
    rejected.append(sts_put)  # bad token
    for response in rejected:
        assert 400 <= response.status_code < 500, response.text
        assert set(response.json()) >= {"errorCode", "errorMessage", "requestId"}
    assert stored_groups(emu) == before
    assert api.pull_all(store, 0) == []
    other.close()
    sts.close()


def test_rejected_requests_never_crash(emu: Emulator, api: Client) -> None:
    """A few inputs that used to reach a 500 or drop the connection."""
    probes: List[Tuple[str, str, Optional[Dict[str, str]], bytes]] = [
        ("GET", "/logstores", {"size": "²"}, b""),
        ("POST", "/logstores", None, b"[" * 5000),
        ("POST", "/logstores", None, b'{"logstoreName": "a", "ttl": "\xc2\xb2"}'),
    ]
    for method, path, params, body in probes:
        response = api.request(method, path, params, body, headers={"Content-Type": "application/json"})
        assert 400 <= response.status_code < 500, response.text
