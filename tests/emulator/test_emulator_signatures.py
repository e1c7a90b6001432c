"""Signature verification: every shared vector is accepted; tampering, unknown keys and stale dates are not."""

from __future__ import annotations

import http.client
import json
from typing import Any, Dict, Iterator, Optional, Tuple

import pytest

from aliyun.log.auth import SignerV1, SignerV4
from aliyun.log.emulator import Emulator

from .emulator_helpers import Client, Clock, error_of, vectors_file

FROZEN = 1704164645.0  # 2024-01-02 03:04:05 UTC, the vectors' time
AUTH_CODES = {
    "Unauthorized",
    "SignatureNotMatch",
    "InvalidAccessKeyId",
    "RequestTimeExpired",
    "MissingAPIVersion",
    "InvalidAPIVersion",
    "InvalidDateFormat",
    "MissingDate",
}

with open(vectors_file(), encoding="utf-8") as _fh:
    VECTORS = json.load(_fh)
INPUTS = VECTORS["inputs"]


@pytest.fixture(scope="module")
def vector_emulator() -> Iterator[Emulator]:
    clock = Clock(FROZEN)
    keys = {INPUTS["access_key_id"]: INPUTS["access_key_secret"]}
    with Emulator(access_keys=keys, clock=clock) as emu:
        setup = Client(
            emu.endpoint, INPUTS["access_key_id"], INPUTS["access_key_secret"], clock=clock, project=INPUTS["project"]
        )
        setup.create_project(INPUTS["project"])
        setup.create_logstore(INPUTS["logstore"], shard_count=2)
        setup.close()
        yield emu


def replay(
    emu: Emulator,
    vector: Dict[str, Any],
    *,
    authorization: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
    target: Optional[str] = None,
    body: Optional[bytes] = None,
) -> Tuple[int, Dict[str, str], bytes]:
    """Send the vector's exact request over a socket (Host as given)."""
    conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
    try:
        conn.putrequest(vector["method"], target or vector["target"], skip_host=True, skip_accept_encoding=True)
        sent = dict(vector["headers"])
        sent.update(headers or {})
        sent["Authorization"] = authorization or vector["authorization"]
        for name, value in sent.items():
            conn.putheader(name, value.encode("utf-8"))
        payload = body if body is not None else bytes.fromhex(vector["body_hex"] or "")
        conn.endheaders(payload or None)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=[v["id"] for v in VECTORS["vectors"]])
def test_vector_is_accepted(vector_emulator: Emulator, vector: Dict[str, Any]) -> None:
    status, headers, body = replay(vector_emulator, vector)
    assert len(headers["x-log-requestid"]) == 24
    if status != 200:
        error = json.loads(body)
        assert status != 401 and error["errorCode"] not in AUTH_CODES, (status, error)
    if vector["id"] in ("V1-B", "V4-A", "V1-E", "V1-G", "V4-E", "V1-C", "V1-H", "V4-B"):
        assert status == 200, body
    if vector["id"] == "V1-J":  # its cursors are made up
        assert (status, json.loads(body)["errorCode"]) == (400, "InvalidCursor")


def _vector(vector_id: str) -> Dict[str, Any]:
    return next(v for v in VECTORS["vectors"] if v["id"] == vector_id)


@pytest.mark.parametrize(
    "vector_id,change",
    [
        ("V1-C", "body"),
        ("V4-B", "body"),
        ("V1-B", "query"),
        ("V4-A", "query"),
        ("V1-A", "header"),
        ("V4-F", "header"),
        ("V1-H", "signature"),
        ("V4-E", "host"),
    ],
)
def test_tampered_vector_is_rejected(vector_emulator: Emulator, vector_id: str, change: str) -> None:
    vector = _vector(vector_id)
    kwargs: Dict[str, Any] = {}
    if change == "body":
        body = bytearray.fromhex(vector["body_hex"])
        body[-1] ^= 0x01
        kwargs["body"] = bytes(body)
    elif change == "query":
        kwargs["target"] = vector["target"].replace("from=begin", "from=end")
    elif change == "header":
        kwargs["headers"] = {"x-log-bodyrawsize": "1"}
    elif change == "host":
        kwargs["headers"] = {"Host": "other-project.cn-hangzhou.log.aliyuncs.com"}
    elif change == "signature":
        kwargs["authorization"] = vector["authorization"][:-6] + "AAAAA="
    status, _headers, body = replay(vector_emulator, vector, **kwargs)
    assert status == 401, body
    assert json.loads(body)["errorCode"] == "SignatureNotMatch"


def test_unknown_access_key(vector_emulator: Emulator) -> None:
    vector = _vector("V1-B")
    status, _, body = replay(
        vector_emulator, vector, authorization=vector["authorization"].replace("testAccessKeyId", "someoneElse")
    )
    assert (status, json.loads(body)["errorCode"]) == (401, "InvalidAccessKeyId")
    vector = _vector("V4-A")
    status, _, body = replay(
        vector_emulator, vector, authorization=vector["authorization"].replace("testAccessKeyId", "someoneElse")
    )
    assert (status, json.loads(body)["errorCode"]) == (401, "InvalidAccessKeyId")


def test_default_dev_key_is_replaced_by_access_keys(vector_emulator: Emulator) -> None:
    c = Client(vector_emulator.endpoint, "sls-emulator-dev-key", "sls-emulator-dev-secret", clock=lambda: FROZEN)
    assert error_of(c.request("GET", "/")) == (401, "InvalidAccessKeyId")
    c.close()


@pytest.mark.parametrize("signer", [SignerV1(), SignerV4("cn-hangzhou")], ids=["v1", "v4"])
@pytest.mark.parametrize("offset", [16 * 60, -16 * 60])
def test_request_time_expired(vector_emulator: Emulator, signer: Any, offset: int) -> None:
    c = Client(vector_emulator.endpoint, INPUTS["access_key_id"], INPUTS["access_key_secret"], signer=signer)
    response = c.request("GET", "/", now=FROZEN + offset)
    assert error_of(response) == (400, "RequestTimeExpired")
    assert response.headers["x-log-time"] == str(int(FROZEN))
    message = response.json()["errorMessage"]
    assert message.startswith("Request time ") and "has been expired while server time is" in message
    # 14 minutes off is fine
    assert c.request("GET", "/", now=FROZEN + offset * 14 / 16).status_code == 200
    c.close()


def test_missing_authorization_and_api_version(vector_emulator: Emulator) -> None:
    vector = _vector("V1-G")
    headers = {k: v for k, v in vector["headers"].items()}
    conn = http.client.HTTPConnection("127.0.0.1", vector_emulator.port, timeout=10)
    conn.request("GET", vector["target"], headers=headers)
    response = conn.getresponse()
    assert (response.status, json.loads(response.read())["errorCode"]) == (401, "Unauthorized")
    del headers["x-log-apiversion"]
    conn.request("GET", vector["target"], headers=dict(headers, Authorization=vector["authorization"]))
    response = conn.getresponse()
    assert (response.status, json.loads(response.read())["errorCode"]) == (400, "MissingAPIVersion")
    conn.request(
        "GET",
        vector["target"],
        headers=dict(headers, Authorization=vector["authorization"], **{"x-log-apiversion": "0.5.0"}),
    )
    response = conn.getresponse()
    assert (response.status, json.loads(response.read())["errorCode"]) == (400, "InvalidAPIVersion")
    conn.close()


def test_v1_without_date_uses_x_log_date_and_meta_headers(vector_emulator: Emulator) -> None:
    vector = _vector("V1-G")
    headers = dict(vector["headers"])
    del headers["Date"]  # a proxy dropped it: x-log-date still carries it
    status, _, body = replay(vector_emulator, dict(vector, headers=headers))
    assert status == 200, body
    # Go/Java sign x-log-meta-* headers, Python does not: both are accepted.
    c = Client(vector_emulator.endpoint, INPUTS["access_key_id"], INPUTS["access_key_secret"], clock=lambda: FROZEN)
    assert c.request("GET", "/", headers={"x-log-meta-a": "1"}).status_code == 200  # Python: unsigned

    from aliyun.log import auth

    hdrs = {
        "Host": "127.0.0.1",
        "x-log-apiversion": "0.6.0",
        "x-log-bodyrawsize": "0",
        "Date": auth.format_v1_date(FROZEN),
        "x-log-signaturemethod": "hmac-sha1",
        "x-log-meta-a": "1",
    }
    sts = auth.v1_string_to_sign("GET", "/", {}, hdrs, include_meta=True)
    hdrs["Authorization"] = f"LOG {INPUTS['access_key_id']}:{auth.v1_signature(INPUTS['access_key_secret'], sts)}"
    assert c.session.get(vector_emulator.endpoint + "/", headers=hdrs).status_code == 200
    c.close()


def test_signature_error_shows_string_to_sign(vector_emulator: Emulator) -> None:
    vector = _vector("V1-B")
    status, _, body = replay(vector_emulator, vector, headers={"x-log-bodyrawsize": "7"})
    error = json.loads(body)
    assert status == 401 and error["errorCode"] == "SignatureNotMatch"
    assert "x-log-bodyrawsize:7" in error["stringToSign"]


def test_no_auth_mode() -> None:
    with Emulator(auth=False) as emu:
        conn = http.client.HTTPConnection("127.0.0.1", emu.port, timeout=10)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200 and json.loads(response.read())["total"] == 0
        conn.close()
