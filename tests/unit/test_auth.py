"""Signing against the shared signature vectors, plus credentials and providers."""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any, Dict, List, Optional
from urllib.parse import parse_qsl, urlsplit

import pytest

from aliyun.log.auth import (
    EMPTY_SHA256,
    Credentials,
    CredentialsProvider,
    EnvironmentCredentialsProvider,
    RefreshingCredentialsProvider,
    SignerV1,
    SignerV4,
    StaticCredentialsProvider,
    format_v1_date,
    format_v4_date,
    parse_v1_date,
    parse_v4_date,
    v1_signature,
    v1_string_to_sign,
    v4_canonical_request,
    v4_signature,
    v4_string_to_sign,
)

VECTORS_NAME = "signature_vectors.json"
HERE = Path(__file__).resolve().parent
LOCAL_COPY = HERE / "data" / VECTORS_NAME


def _shared_vectors_path() -> Optional[Path]:
    """The shared vectors file: ``$SLS_SHARED_DIR/testdata``, else ``shared/`` beside or inside a parent dir."""
    env = os.environ.get("SLS_SHARED_DIR")
    if env:
        candidate = Path(env) / "testdata" / VECTORS_NAME
        return candidate if candidate.is_file() else None
    for parent in HERE.parents:  # <repo>/shared, then <repo>/../shared, ...
        candidate = parent / "shared" / "testdata" / VECTORS_NAME
        if candidate.is_file():
            return candidate
    return None


def _vectors_path() -> Optional[Path]:
    return LOCAL_COPY if LOCAL_COPY.is_file() else _shared_vectors_path()


def _load_vectors() -> Dict[str, Any]:
    path = _vectors_path()
    if path is None:
        return {"inputs": {}, "vectors": []}
    with open(path, encoding="utf-8") as fh:
        data: Dict[str, Any] = json.load(fh)
    return data


DATA = _load_vectors()
INPUTS: Dict[str, str] = DATA["inputs"]
VECTORS: List[Dict[str, Any]] = DATA["vectors"]

AK_ID = "testAccessKeyId"
AK_SECRET = "testAccessKeySecret"
TOKEN = "testSecurityToken"
REGION = "cn-hangzhou"
NOW = 1704164645.0  # Tue, 02 Jan 2024 03:04:05 GMT

SIGNER_ADDED = {
    "date",
    "x-log-date",
    "x-log-signaturemethod",
    "content-md5",
    "x-acs-security-token",
    "x-log-content-sha256",
    "authorization",
}


def _vector_ids() -> List[str]:
    return [vector["id"] for vector in VECTORS]


def _request_of(vector: Dict[str, Any]) -> Dict[str, Any]:
    target = urlsplit(vector["target"])
    params = dict(parse_qsl(target.query, keep_blank_values=True))
    headers = {name: value for name, value in vector["headers"].items() if name.lower() not in SIGNER_ADDED}
    body = bytes.fromhex(vector["body_hex"]) if vector["body_hex"] else b""
    token = vector["headers"].get("x-acs-security-token")
    return {
        "method": vector["method"],
        "path": target.path,
        "params": params,
        "headers": headers,
        "body": body,
        "credentials": Credentials(INPUTS["access_key_id"], INPUTS["access_key_secret"], token),
    }


def _sign_vector(vector: Dict[str, Any]) -> Dict[str, str]:
    req = _request_of(vector)
    if vector["version"] == "v1":
        signer: Any = SignerV1()
        now = parse_v1_date(vector["headers"]["Date"])
    else:
        signer = SignerV4(INPUTS["region"])
        now = parse_v4_date(vector["headers"]["x-log-date"])
    headers: Dict[str, str] = req["headers"]
    signer.sign(req["method"], req["path"], req["params"], headers, req["body"], req["credentials"], now=now)
    return headers


def _v1_headers(**extra: str) -> Dict[str, str]:
    headers = {"Host": "my-project.cn-hangzhou.log.aliyuncs.com", "x-log-apiversion": "0.6.0", "x-log-bodyrawsize": "0"}
    headers.update(extra)
    return headers


def _v1_auth(
    method: str = "GET",
    path: str = "/logstores/ls",
    params: Optional[Dict[str, str]] = None,
    headers: Optional[Dict[str, str]] = None,
    body: bytes = b"",
    credentials: Optional[Credentials] = None,
) -> Dict[str, str]:
    hdrs = dict(headers) if headers is not None else _v1_headers()
    SignerV1().sign(method, path, params or {}, hdrs, body, credentials or Credentials(AK_ID, AK_SECRET), now=NOW)
    return hdrs


def _v4_auth(
    method: str = "GET",
    path: str = "/logstores/ls",
    params: Optional[Dict[str, str]] = None,
    headers: Optional[Dict[str, str]] = None,
    body: bytes = b"",
    credentials: Optional[Credentials] = None,
) -> Dict[str, str]:
    hdrs = dict(headers) if headers is not None else _v1_headers()
    SignerV4(REGION).sign(method, path, params or {}, hdrs, body, credentials or Credentials(AK_ID, AK_SECRET), now=NOW)
    return hdrs


# --------------------------------------------------------------------------------------------------------------------
# Vectors


def test_vectors_are_available() -> None:
    assert _vectors_path() is not None, (
        f"{VECTORS_NAME} not found: expected {LOCAL_COPY}, $SLS_SHARED_DIR/testdata or a shared/testdata directory "
        "beside the repository"
    )
    assert len(VECTORS) >= 13
    assert {vector["version"] for vector in VECTORS} == {"v1", "v4"}


def test_local_copy_matches_shared_vectors() -> None:
    shared = _shared_vectors_path()
    if shared is None or not LOCAL_COPY.is_file():
        pytest.skip("shared signature vectors not found (set SLS_SHARED_DIR to compare the local copy)")
    with open(shared, encoding="utf-8") as a, open(LOCAL_COPY, encoding="utf-8") as b:
        assert json.load(a) == json.load(b), f"{LOCAL_COPY} is out of date: copy {shared} over it"


@pytest.mark.parametrize("vector", VECTORS, ids=_vector_ids())
def test_signer_reproduces_vector(vector: Dict[str, Any]) -> None:
    headers = _sign_vector(vector)
    assert headers["Authorization"] == vector["authorization"]
    for name, value in vector["headers"].items():
        assert headers.get(name) == value, name
    assert set(headers) == set(vector["headers"]) | {"Authorization"}


@pytest.mark.parametrize("vector", VECTORS, ids=_vector_ids())
def test_pure_functions_reproduce_vector(vector: Dict[str, Any]) -> None:
    req = _request_of(vector)
    headers = vector["headers"]
    secret = INPUTS["access_key_secret"]
    if vector["version"] == "v1":
        sts = v1_string_to_sign(req["method"], req["path"], req["params"], headers)
        assert sts == vector["string_to_sign"]
        assert vector["authorization"] == f"LOG {INPUTS['access_key_id']}:{v1_signature(secret, sts)}"
        # Header names in any case give the same string.
        assert (
            v1_string_to_sign(
                req["method"], req["path"], req["params"], {name.upper(): value for name, value in headers.items()}
            )
            == sts
        )
    else:
        canonical, signed = v4_canonical_request(
            req["method"], req["path"], req["params"], headers, headers["x-log-content-sha256"]
        )
        assert canonical == vector["canonical_request"]
        assert signed == canonical.split("\n")[-2]
        x_log_date = headers["x-log-date"]
        sts = v4_string_to_sign(x_log_date, INPUTS["region"], canonical)
        assert sts == vector["string_to_sign"]
        signature = v4_signature(secret, x_log_date[:8], INPUTS["region"], sts)
        assert vector["authorization"].endswith(f",Signature={signature}")
        assert (
            v4_canonical_request(
                req["method"],
                req["path"],
                req["params"],
                {name.title(): value for name, value in headers.items()},
                headers["x-log-content-sha256"],
            )[0]
            == canonical
        )


# --------------------------------------------------------------------------------------------------------------------
# v1 behaviour


def test_v1_tampering_changes_signature() -> None:
    base = _v1_auth("POST", params={"a": "1"}, body=b"payload")["Authorization"]
    assert _v1_auth("POST", params={"a": "1"}, body=b"payloaD")["Authorization"] != base
    assert _v1_auth("POST", params={"a": "2"}, body=b"payload")["Authorization"] != base
    assert _v1_auth("POST", params={"b": "1"}, body=b"payload")["Authorization"] != base
    assert _v1_auth("POST", path="/logstores/ls2", params={"a": "1"}, body=b"payload")["Authorization"] != base
    assert _v1_auth("PUT", params={"a": "1"}, body=b"payload")["Authorization"] != base
    tampered = _v1_headers(**{"x-log-bodyrawsize": "1"})
    assert _v1_auth("POST", params={"a": "1"}, headers=tampered, body=b"payload")["Authorization"] != base
    typed = _v1_headers(**{"Content-Type": "application/json"})
    assert _v1_auth("POST", params={"a": "1"}, headers=typed, body=b"payload")["Authorization"] != base
    assert (
        _v1_auth("POST", params={"a": "1"}, body=b"payload", credentials=Credentials(AK_ID, "other"))["Authorization"]
        != base
    )
    assert _v1_auth("POST", params={"a": "1"}, body=b"payload")["Authorization"] == base


def test_v1_unsigned_headers_do_not_matter() -> None:
    base = _v1_auth()["Authorization"]
    assert _v1_auth(headers=_v1_headers(**{"User-Agent": "x", "Accept": "y"}))["Authorization"] == base
    assert _v1_auth(headers=_v1_headers(Host="other.host"))["Authorization"] == base
    assert _v1_auth(headers=_v1_headers(**{"x-log-meta-foo": "bar"}))["Authorization"] == base


def test_v1_content_md5_only_with_body() -> None:
    assert "Content-MD5" not in _v1_auth(body=b"")
    md5 = _v1_auth("POST", body=b"[0, 1]")["Content-MD5"]
    assert md5 == "264884439B70AB09A86BC848421C6DE6"


def test_v1_security_token_is_signed() -> None:
    sts_creds = Credentials(AK_ID, AK_SECRET, TOKEN)
    signed = _v1_auth(credentials=sts_creds)
    assert signed["x-acs-security-token"] == TOKEN
    assert signed["Authorization"] != _v1_auth()["Authorization"]
    other = _v1_auth(credentials=Credentials(AK_ID, AK_SECRET, "otherToken"))
    assert other["Authorization"] != signed["Authorization"]
    sts = v1_string_to_sign("GET", "/logstores/ls", {}, signed)
    assert "x-acs-security-token:testSecurityToken\n" in sts


def test_v1_x_log_date_is_a_verbatim_unsigned_copy() -> None:
    signed = _v1_auth()
    assert signed["x-log-date"] == signed["Date"] == "Tue, 02 Jan 2024 03:04:05 GMT"
    sts = v1_string_to_sign("GET", "/logstores/ls", {}, signed)
    assert "x-log-date" not in sts
    changed = dict(signed, **{"x-log-date": "anything"})
    assert v1_string_to_sign("GET", "/logstores/ls", {}, changed) == sts
    assert list(signed)[-1] == "x-log-date"  # added after signing


def test_v1_meta_headers_optional() -> None:
    headers = _v1_headers(**{"x-log-meta-a": "1", "Date": "d"})
    assert "x-log-meta-a" not in v1_string_to_sign("GET", "/", {}, headers)
    assert "x-log-meta-a:1\n" in v1_string_to_sign("GET", "/", {}, headers, include_meta=True)


def test_v1_resource_uses_decoded_sorted_params() -> None:
    sts = v1_string_to_sign("GET", "/p", {"b": "x y", "a": "", "c": "错/&="}, {"Date": "d"})
    assert sts.endswith("\n/p?a=&b=x y&c=错/&=")
    assert v1_string_to_sign("GET", "/p", {}, {"Date": "d"}).endswith("\n/p")


def test_resigning_replaces_signer_headers() -> None:
    headers = _v1_headers()
    signer = SignerV1()
    signer.sign("GET", "/", {}, headers, b"", Credentials(AK_ID, AK_SECRET, TOKEN), now=NOW)
    first = dict(headers)
    signer.sign("GET", "/", {}, headers, b"", Credentials(AK_ID, AK_SECRET), now=NOW + 60)
    assert "x-acs-security-token" not in headers
    assert headers["Date"] == format_v1_date(NOW + 60) != first["Date"]
    fresh = _v1_headers()
    signer.sign("GET", "/", {}, fresh, b"", Credentials(AK_ID, AK_SECRET), now=NOW + 60)
    assert headers == fresh
    # Lower-case leftovers from elsewhere are replaced too, never duplicated.
    odd = _v1_headers(authorization="stale", date="stale")
    signer.sign("GET", "/", {}, odd, b"", Credentials(AK_ID, AK_SECRET), now=NOW)
    assert "authorization" not in odd and "date" not in odd
    assert odd["Authorization"] == _v1_auth("GET", "/")["Authorization"]


def test_sign_uses_current_time_by_default() -> None:
    headers = _v1_headers()
    before = time.time()
    SignerV1().sign("GET", "/", {}, headers, b"", Credentials(AK_ID, AK_SECRET))
    assert before - 2 <= parse_v1_date(headers["Date"]) <= time.time() + 1


# --------------------------------------------------------------------------------------------------------------------
# v4 behaviour


def test_v4_headers() -> None:
    signed = _v4_auth(credentials=Credentials(AK_ID, AK_SECRET, TOKEN))
    assert signed["x-log-date"] == "20240102T030405Z"
    assert signed["x-log-content-sha256"] == EMPTY_SHA256
    assert signed["x-acs-security-token"] == TOKEN
    assert "Date" not in signed and "Content-MD5" not in signed and "x-log-signaturemethod" not in signed
    assert signed["Authorization"].startswith(
        "SLS4-HMAC-SHA256 Credential=testAccessKeyId/20240102/cn-hangzhou/sls/aliyun_v4_request,Signature="
    )
    _, signed_headers = v4_canonical_request("GET", "/logstores/ls", {}, signed, EMPTY_SHA256)
    assert "x-acs-security-token" in signed_headers.split(";")
    assert "authorization" not in signed_headers


def test_v4_tampering_changes_signature() -> None:
    base = _v4_auth("POST", params={"a": "1"}, body=b"payload")
    assert base["x-log-content-sha256"] != EMPTY_SHA256
    auth = base["Authorization"]
    assert _v4_auth("POST", params={"a": "1"}, body=b"payloaD")["Authorization"] != auth
    assert _v4_auth("POST", params={"a": "2"}, body=b"payload")["Authorization"] != auth
    assert (
        _v4_auth("POST", params={"a": "1"}, body=b"payload", headers=_v1_headers(Host="other.host"))["Authorization"]
        != auth
    )
    assert (
        _v4_auth("POST", params={"a": "1"}, body=b"payload", credentials=Credentials(AK_ID, AK_SECRET, TOKEN))[
            "Authorization"
        ]
        != auth
    )
    assert (
        _v4_auth("POST", params={"a": "1"}, body=b"payload", headers=_v1_headers(**{"User-Agent": "ua"}))[
            "Authorization"
        ]
        == auth
    )


def test_v4_canonical_query_encoding() -> None:
    canonical, _ = v4_canonical_request("GET", "/", {"q": "a b*/~+", "empty": "", "k": "错"}, {}, EMPTY_SHA256)
    assert canonical.split("\n")[2] == "empty&k=%E9%94%99&q=a%20b%2A%2F~%2B"


def test_v4_signing_key_region_and_date_matter() -> None:
    sts = "SLS4-HMAC-SHA256\n20240102T030405Z\nscope\nhash"
    base = v4_signature(AK_SECRET, "20240102", REGION, sts)
    assert v4_signature(AK_SECRET, "20240103", REGION, sts) != base
    assert v4_signature(AK_SECRET, "20240102", "cn-beijing", sts) != base
    assert v4_signature("x", "20240102", REGION, sts) != base
    assert v4_signature(AK_SECRET, "20240102", REGION, sts) == base


@pytest.mark.parametrize("region", ["", "  ", None])
def test_v4_requires_region(region: Any) -> None:
    with pytest.raises(ValueError, match="region"):
        SignerV4(region)


# --------------------------------------------------------------------------------------------------------------------
# Dates


def test_date_formats_round_trip() -> None:
    assert format_v1_date(NOW) == "Tue, 02 Jan 2024 03:04:05 GMT"
    assert format_v4_date(NOW) == "20240102T030405Z"
    assert parse_v1_date("Tue, 02 Jan 2024 03:04:05 GMT") == NOW
    assert parse_v1_date("02 Jan 2024 03:04:05 GMT") == NOW
    assert parse_v4_date("20240102T030405Z") == NOW
    for moment in (0.0, 951782400.0, 1709208000.0, 4102444799.0):
        assert parse_v1_date(format_v1_date(moment)) == moment
        assert parse_v4_date(format_v4_date(moment)) == moment
    assert format_v1_date(NOW + 0.999) == format_v1_date(NOW)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "yesterday",
        "Tue, 02 Foo 2024 03:04:05 GMT",
        "Tue, 02 Jan 2024 03:04:05 PST",
        "Tue, 32 Jan 2024 03:04:05 GMT",
        "Tue, 02 Jan 2024 03:04 GMT",
        "20240102T030405Z",
    ],
)
def test_parse_v1_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="RFC 1123"):
        parse_v1_date(text)


@pytest.mark.parametrize(
    "text", ["", "20240102T030405", "20241302T030405Z", "2024-01-02T03:04:05Z", "20240102X030405Z", "2024010aT030405Z"]
)
def test_parse_v4_date_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="YYYYMMDDTHHMMSSZ"):
        parse_v4_date(text)


# --------------------------------------------------------------------------------------------------------------------
# Credentials and providers


def test_credentials_repr_hides_secrets() -> None:
    creds = Credentials("myKeyId", "superSecretValue", "superSecretToken", 123.0)
    for text in (repr(creds), str(creds)):
        assert "superSecretValue" not in text and "superSecretToken" not in text
        assert "myKeyId" in text and "123.0" in text
    assert "security_token=None" in repr(Credentials("id", "superSecretValue"))
    provider = StaticCredentialsProvider("myKeyId", "superSecretValue", "superSecretToken")
    assert "superSecret" not in repr(provider)


def test_credentials_frozen_and_comparable() -> None:
    creds = Credentials("id", "secret")
    with pytest.raises(AttributeError):
        creds.access_key_secret = "x"  # type: ignore[misc]
    assert creds == Credentials("id", "secret")
    assert hash(creds) == hash(Credentials("id", "secret"))


def test_static_provider() -> None:
    provider = StaticCredentialsProvider("id", "secret", "token")
    assert provider.get_credentials() == Credentials("id", "secret", "token")
    provider.invalidate()
    assert provider.get_credentials() == Credentials("id", "secret", "token")
    assert StaticCredentialsProvider("id", "secret", "").get_credentials().security_token is None
    assert isinstance(provider, CredentialsProvider)
    with pytest.raises(ValueError):
        StaticCredentialsProvider("", "secret")


def test_environment_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "envId")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "envSecret")
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    provider = EnvironmentCredentialsProvider()
    assert provider.get_credentials() == Credentials("envId", "envSecret")
    assert isinstance(provider, CredentialsProvider)

    monkeypatch.setenv("ALIBABA_CLOUD_SECURITY_TOKEN", "envToken")
    assert provider.get_credentials().security_token is None  # cached until invalidated
    provider.invalidate()
    assert provider.get_credentials() == Credentials("envId", "envSecret", "envToken")


@pytest.mark.parametrize("missing", ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"])
def test_environment_provider_names_missing_variable(monkeypatch: pytest.MonkeyPatch, missing: str) -> None:
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "envId")
    monkeypatch.setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "envSecret")
    monkeypatch.delenv(missing)
    with pytest.raises(ValueError, match=missing):
        EnvironmentCredentialsProvider()
    monkeypatch.setenv(missing, "")
    with pytest.raises(ValueError, match=missing):
        EnvironmentCredentialsProvider()


def test_environment_provider_names_both_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_ID", raising=False)
    monkeypatch.delenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", raising=False)
    with pytest.raises(ValueError) as info:
        EnvironmentCredentialsProvider()
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in str(info.value)
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in str(info.value)


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Fetcher:
    """Hands out numbered credentials expiring ``lifetime`` seconds after the fake clock's now."""

    def __init__(self, clock: FakeClock, lifetime: float = 3600.0) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.calls = 0
        self.fail: Optional[Exception] = None
        self.delay = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> Credentials:
        with self._lock:
            self.calls += 1
            number = self.calls
        if self.delay:
            time.sleep(self.delay)
        if self.fail is not None:
            raise self.fail
        return Credentials(f"id{number}", f"secret{number}", f"token{number}", self.clock.now + self.lifetime)


def test_refreshing_provider_refreshes_before_expiry() -> None:
    clock = FakeClock()
    fetch = Fetcher(clock)
    provider = RefreshingCredentialsProvider(fetch, refresh_margin=300.0, clock=clock)
    assert isinstance(provider, CredentialsProvider)
    assert fetch.calls == 0  # lazy
    first = provider.get_credentials()
    assert first.access_key_id == "id1" and first.expiration == 4600.0
    clock.now = 4299.0  # 301 s left: still fresh
    assert provider.get_credentials() is first
    assert fetch.calls == 1
    clock.now = 4300.0  # margin reached
    second = provider.get_credentials()
    assert second.access_key_id == "id2"
    assert provider.get_credentials() is second
    assert fetch.calls == 2


def test_refreshing_provider_refreshes_expired_and_without_expiration() -> None:
    clock = FakeClock()
    fetch = Fetcher(clock)
    provider = RefreshingCredentialsProvider(fetch, clock=clock)
    provider.get_credentials()
    clock.now += 10_000
    assert provider.get_credentials().access_key_id == "id2"

    never = RefreshingCredentialsProvider(lambda: Credentials("id", "secret"), clock=clock)
    creds = never.get_credentials()
    clock.now += 10**9
    assert never.get_credentials() is creds


def test_refreshing_provider_after_invalidate() -> None:
    clock = FakeClock()
    fetch = Fetcher(clock)
    provider = RefreshingCredentialsProvider(fetch, clock=clock)
    provider.get_credentials()
    provider.invalidate()
    assert fetch.calls == 1  # lazily, on the next call
    assert provider.get_credentials().access_key_id == "id2"
    assert provider.get_credentials().access_key_id == "id2"
    assert fetch.calls == 2


def test_refreshing_provider_fetches_once_under_concurrency() -> None:
    clock = FakeClock()
    fetch = Fetcher(clock)
    fetch.delay = 0.05
    provider = RefreshingCredentialsProvider(fetch, clock=clock)
    barrier = threading.Barrier(16)
    results: List[Credentials] = []

    def worker() -> None:
        barrier.wait()
        results.append(provider.get_credentials())

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fetch.calls == 1
    assert len(results) == 16 and all(creds.access_key_id == "id1" for creds in results)

    # Inside the margin: one thread refreshes, the others keep signing with the still valid credentials.
    clock.now += 3600 - 100
    barrier = threading.Barrier(16)
    results.clear()
    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fetch.calls == 2
    assert {creds.access_key_id for creds in results} <= {"id1", "id2"}
    assert provider.get_credentials().access_key_id == "id2"


def test_refreshing_provider_keeps_valid_credentials_on_failure(caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    fetch = Fetcher(clock)
    provider = RefreshingCredentialsProvider(fetch, clock=clock, retry_interval=10.0)
    first = provider.get_credentials()
    clock.now = first.expiration - 100  # type: ignore[operator]
    fetch.fail = RuntimeError("sts unavailable")
    with caplog.at_level(logging.WARNING, logger="aliyun.log.auth"):
        assert provider.get_credentials() is first
    assert fetch.calls == 2
    assert any("sts unavailable" in record.getMessage() for record in caplog.records)
    assert all(
        "secret1" not in record.getMessage() and "token1" not in record.getMessage() for record in caplog.records
    )
    assert all(record.name == "aliyun.log.auth" for record in caplog.records)

    assert provider.get_credentials() is first  # no new attempt within retry_interval
    assert fetch.calls == 2
    clock.now += 10
    assert provider.get_credentials() is first
    assert fetch.calls == 3

    # invalidate() forces an attempt; a failure still keeps the unexpired credentials.
    provider.invalidate()
    assert provider.get_credentials() is first
    assert fetch.calls == 4

    fetch.fail = None
    clock.now += 10
    assert provider.get_credentials().access_key_id == "id5"


def test_refreshing_provider_raises_when_expired() -> None:
    clock = FakeClock()
    fetch = Fetcher(clock)
    provider = RefreshingCredentialsProvider(fetch, clock=clock)
    first = provider.get_credentials()
    clock.now = first.expiration  # type: ignore[assignment]
    fetch.fail = RuntimeError("sts unavailable")
    with pytest.raises(RuntimeError, match="sts unavailable"):
        provider.get_credentials()
    with pytest.raises(RuntimeError):
        provider.get_credentials()  # retried on every call once expired
    assert fetch.calls == 3
    fetch.fail = None
    assert provider.get_credentials().access_key_id == "id4"


def test_refreshing_provider_first_fetch_failure_raises() -> None:
    def broken() -> Credentials:
        raise OSError("no network")

    provider = RefreshingCredentialsProvider(broken)
    with pytest.raises(OSError, match="no network"):
        provider.get_credentials()


def test_refreshing_provider_rejects_wrong_fetch_result() -> None:
    provider = RefreshingCredentialsProvider(lambda: ("id", "secret"))  # type: ignore[arg-type, return-value]
    with pytest.raises(TypeError, match="Credentials"):
        provider.get_credentials()
    with pytest.raises(TypeError):
        RefreshingCredentialsProvider("not callable")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        RefreshingCredentialsProvider(lambda: Credentials("a", "b"), refresh_margin=-1)
