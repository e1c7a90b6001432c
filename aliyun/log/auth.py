"""Credentials, credential providers and request signing (v1 ``hmac-sha1`` and v4 ``SLS4-HMAC-SHA256``).

The signers add their headers to the request's header dict in place, exactly as the official Python client sends
them. The pure functions below them (string to sign, canonical request, signature) are shared with the emulator,
which rebuilds the same strings from what it received to verify a request.

Header names may have any case everywhere; ``params`` is the decoded query (``dict[str, str]``), as it goes on
the wire before form-encoding.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import Callable, Mapping, MutableMapping, Optional, Protocol, Tuple, runtime_checkable
from urllib.parse import quote

__all__ = [
    "EMPTY_SHA256",
    "ENV_ACCESS_KEY_ID",
    "ENV_ACCESS_KEY_SECRET",
    "ENV_SECURITY_TOKEN",
    "Credentials",
    "CredentialsProvider",
    "EnvironmentCredentialsProvider",
    "RefreshingCredentialsProvider",
    "SignerV1",
    "SignerV4",
    "StaticCredentialsProvider",
    "format_v1_date",
    "format_v4_date",
    "parse_v1_date",
    "parse_v4_date",
    "v1_signature",
    "v1_string_to_sign",
    "v4_canonical_request",
    "v4_signature",
    "v4_string_to_sign",
]

logger = logging.getLogger("aliyun.log.auth")

ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"

#: Hex SHA-256 of the empty body (``x-log-content-sha256`` of bodiless v4 requests).
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

V4_ALGORITHM = "SLS4-HMAC-SHA256"
_V4_TERMINATOR = "aliyun_v4_request"

# Headers a signer owns: removed before (re-)signing so a retried request never carries stale values.
_SIGNER_HEADERS = frozenset(
    {
        "date",
        "x-log-date",
        "content-md5",
        "x-log-signaturemethod",
        "x-log-content-sha256",
        "x-acs-security-token",
        "authorization",
    }
)


# --------------------------------------------------------------------------------------------------------------------
# Credentials and providers


@dataclass(frozen=True)
class Credentials:
    """An access key pair, with the STS token and its expiry (unix seconds) for temporary credentials.

    ``repr`` masks the secret and the token.
    """

    access_key_id: str
    access_key_secret: str
    security_token: Optional[str] = None
    expiration: Optional[float] = None

    def __repr__(self) -> str:
        token = "None" if self.security_token is None else "'***'"
        return (
            f"Credentials(access_key_id={self.access_key_id!r}, access_key_secret='***', "
            f"security_token={token}, expiration={self.expiration!r})"
        )


@runtime_checkable
class CredentialsProvider(Protocol):
    """Anything that hands out the credentials to sign the next request with.

    ``can_refresh`` tells the transport whether ``invalidate()`` followed by ``get_credentials()`` may give
    different credentials, so that a request rejected for its credentials is worth one more try. A provider without
    the attribute is taken as unable to refresh.
    """

    #: True when invalidate() + get_credentials() may fetch new credentials.
    can_refresh: bool

    def get_credentials(self) -> Credentials:
        """The credentials to sign the next request with."""
        ...

    def invalidate(self) -> None:
        """Drop cached credentials (called after the service rejected them); the next call fetches anew."""
        ...


class StaticCredentialsProvider:
    """Fixed credentials given at construction."""

    can_refresh = False

    def __init__(self, access_key_id: str, access_key_secret: str, security_token: Optional[str] = None) -> None:
        if not access_key_id or not access_key_secret:
            raise ValueError("access_key_id and access_key_secret must be non-empty strings")
        self._credentials = Credentials(access_key_id, access_key_secret, security_token or None)

    def get_credentials(self) -> Credentials:
        return self._credentials

    def invalidate(self) -> None:
        """Nothing to refresh: static credentials stay as they are."""

    def __repr__(self) -> str:
        return f"StaticCredentialsProvider(access_key_id={self._credentials.access_key_id!r})"


class EnvironmentCredentialsProvider:
    """Credentials from ``ALIBABA_CLOUD_ACCESS_KEY_ID`` / ``_SECRET`` (and ``ALIBABA_CLOUD_SECURITY_TOKEN``).

    The variables are read at construction (a missing one raises ``ValueError`` naming it) and again on the first
    call after ``invalidate()``. The environment of a running process does not rotate by itself, so a rejected
    request is not retried with them (``can_refresh`` is false).
    """

    can_refresh = False

    def __init__(self) -> None:
        self._credentials: Optional[Credentials] = self._load()

    @staticmethod
    def _load() -> Credentials:
        access_key_id = os.environ.get(ENV_ACCESS_KEY_ID, "")
        access_key_secret = os.environ.get(ENV_ACCESS_KEY_SECRET, "")
        missing = [
            name
            for name, value in ((ENV_ACCESS_KEY_ID, access_key_id), (ENV_ACCESS_KEY_SECRET, access_key_secret))
            if not value
        ]
        if missing:
            raise ValueError(
                f"environment variable{'s' if len(missing) > 1 else ''} {' and '.join(missing)} not set or empty"
            )
        token = os.environ.get(ENV_SECURITY_TOKEN) or None
        return Credentials(access_key_id, access_key_secret, token)

    def get_credentials(self) -> Credentials:
        credentials = self._credentials
        if credentials is None:
            credentials = self._credentials = self._load()
        return credentials

    def invalidate(self) -> None:
        self._credentials = None

    def __repr__(self) -> str:
        return "EnvironmentCredentialsProvider()"


class RefreshingCredentialsProvider:
    """Temporary credentials from ``fetch()``, refreshed ``refresh_margin`` seconds before they expire.

    Thread-safe: one thread fetches at a time. While the current credentials are still valid but inside the margin,
    the other threads keep signing with them instead of waiting; when there are none, or they have expired, or
    after ``invalidate()``, callers wait for the fetch. If a refresh fails while the current credentials are still
    valid, they stay in use (a warning is logged and the next attempt waits ``retry_interval`` seconds); otherwise
    the fetch's exception propagates.
    """

    can_refresh = True

    def __init__(
        self,
        fetch: Callable[[], Credentials],
        refresh_margin: float = 300.0,
        clock: Callable[[], float] = time.time,
        *,
        retry_interval: float = 10.0,
    ) -> None:
        if not callable(fetch):
            raise TypeError("fetch must be a callable returning Credentials")
        if refresh_margin < 0:
            raise ValueError(f"refresh_margin must be >= 0, got {refresh_margin!r}")
        self._fetch = fetch
        self._margin = float(refresh_margin)
        self._clock = clock
        self._retry_interval = float(retry_interval)
        self._lock = threading.Lock()
        self._credentials: Optional[Credentials] = None
        self._invalidated = False
        self._next_attempt = float("-inf")  # earliest time for an optional (early) refresh after a failure

    def _state(self, credentials: Optional[Credentials], now: float) -> int:
        """0 = fresh, 1 = usable but should be refreshed, 2 = must be refreshed before use."""
        if credentials is None or self._invalidated:
            return 2
        expiration = credentials.expiration
        if expiration is None:
            return 0
        if expiration <= now:
            return 2
        if expiration - self._margin <= now:
            return 1 if now >= self._next_attempt else 0
        return 0

    def get_credentials(self) -> Credentials:
        credentials = self._credentials
        state = self._state(credentials, self._clock())
        if state == 0 and credentials is not None:
            return credentials
        if state == 1 and credentials is not None:
            if not self._lock.acquire(blocking=False):
                return credentials  # another thread is refreshing; these are still valid
        else:
            self._lock.acquire()
        try:
            return self._refresh_locked()
        finally:
            self._lock.release()

    def _refresh_locked(self) -> Credentials:
        current = self._credentials
        now = self._clock()
        state = self._state(current, now)
        if state == 0 and current is not None:
            return current  # refreshed by another thread while we waited
        self._invalidated = False
        try:
            fresh = self._fetch()
            if not isinstance(fresh, Credentials):
                raise TypeError(f"credentials fetch returned {type(fresh).__name__}, expected Credentials")
        except Exception as exc:
            if current is not None and (current.expiration is None or current.expiration > now):
                self._next_attempt = now + self._retry_interval
                logger.warning(
                    "credentials refresh failed (%s: %s); keeping the current credentials of %s (expire at %s)",
                    type(exc).__name__,
                    exc,
                    current.access_key_id,
                    current.expiration,
                )
                return current
            raise
        self._credentials = fresh
        self._next_attempt = float("-inf")
        return fresh

    def invalidate(self) -> None:
        self._invalidated = True

    def __repr__(self) -> str:
        return f"RefreshingCredentialsProvider(fetch={self._fetch!r}, refresh_margin={self._margin!r})"


# --------------------------------------------------------------------------------------------------------------------
# Dates

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS, 1)}


def format_v1_date(now: float) -> str:
    """RFC 1123 GMT date of the ``Date`` header, locale-independent: ``Tue, 02 Jan 2024 03:04:05 GMT``."""
    t = time.gmtime(now)
    return (
        f"{_WEEKDAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year:04d} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


def parse_v1_date(text: str) -> float:
    """Unix seconds of an RFC 1123 date such as ``Tue, 02 Jan 2024 03:04:05 GMT`` (weekday optional, not checked)."""
    parts = text.strip().split()
    if parts and parts[0].endswith(","):
        parts = parts[1:]
    try:
        day, month_name, year, clock, zone = parts
        if zone.upper() not in ("GMT", "UTC", "UT", "Z", "+0000"):
            raise ValueError
        hour, minute, second = clock.split(":")
        month = _MONTH_NUMBERS[month_name.capitalize()]
        moment = datetime(int(year), month, int(day), int(hour), int(minute), int(second), tzinfo=timezone.utc)
    except (ValueError, KeyError):
        raise ValueError(f"not an RFC 1123 GMT date: {text!r}") from None
    return moment.timestamp()


def format_v4_date(now: float) -> str:
    """ISO 8601 basic UTC time of v4's ``x-log-date``: ``20240102T030405Z``."""
    return time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))


def parse_v4_date(text: str) -> float:
    """Unix seconds of a ``YYYYMMDDTHHMMSSZ`` time."""
    if len(text) != 16 or text[8] != "T" or text[15] != "Z" or not (text[:8] + text[9:15]).isdigit():
        raise ValueError(f"not a YYYYMMDDTHHMMSSZ time: {text!r}")
    try:
        moment = datetime(
            int(text[0:4]),
            int(text[4:6]),
            int(text[6:8]),
            int(text[9:11]),
            int(text[11:13]),
            int(text[13:15]),
            tzinfo=timezone.utc,
        )
    except ValueError:
        raise ValueError(f"not a YYYYMMDDTHHMMSSZ time: {text!r}") from None
    return moment.timestamp()


# --------------------------------------------------------------------------------------------------------------------
# Pure signing functions


def _is_log_header(name: str, include_meta: bool) -> bool:
    return (name.startswith("x-log-") or name.startswith("x-acs-")) and (
        include_meta or not name.startswith("x-log-meta-")
    )


def v1_string_to_sign(
    method: str,
    path: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    *,
    include_meta: bool = False,
) -> str:
    """The v1 string to sign (PROTOCOL §2.1).

    Canonical headers are every ``x-log-*`` / ``x-acs-*`` header except ``x-log-date`` and (as the Python client
    does; pass ``include_meta=True`` for Go/Java) ``x-log-meta-*``. The resource uses the decoded query values.
    """
    lower = {name.lower(): value for name, value in headers.items()}
    canonical = sorted(
        (name, value) for name, value in lower.items() if name != "x-log-date" and _is_log_header(name, include_meta)
    )
    resource = path
    if params:
        resource += "?" + "&".join(f"{key}={params[key]}" for key in sorted(params))
    return "".join(
        (
            method.upper(),
            "\n",
            lower.get("content-md5", ""),
            "\n",
            lower.get("content-type", ""),
            "\n",
            lower.get("date", ""),
            "\n",
            "".join(f"{name}:{value}\n" for name, value in canonical),
            resource,
        )
    )


def v1_signature(secret: str, string_to_sign: str) -> str:
    """Base64 HMAC-SHA1 of the string to sign, keyed by the access key secret."""
    digest = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


def _rfc3986(value: str) -> str:
    return quote(value, safe="-_.~")


def v4_canonical_request(
    method: str,
    path: str,
    params: Mapping[str, str],
    headers: Mapping[str, str],
    payload_hash: str,
    *,
    include_meta: bool = False,
) -> Tuple[str, str]:
    """The v4 canonical request and its signed-headers list (PROTOCOL §2.2).

    Signed headers: ``content-type``, ``host`` and every ``x-log-*`` / ``x-acs-*`` header (``x-log-meta-*`` only
    with ``include_meta=True``). Query keys and values are RFC 3986 percent-encoded; an empty value gives ``key``.
    """
    lower = {name.lower(): value for name, value in headers.items()}
    names = sorted(
        name for name in lower if name == "content-type" or name == "host" or _is_log_header(name, include_meta)
    )
    signed_headers = ";".join(names)
    canonical_headers = "".join(f"{name}:{lower[name].strip()}\n" for name in names)
    query = "&".join(
        f"{key}={value}" if value else key
        for key, value in sorted((_rfc3986(key), _rfc3986(value)) for key, value in params.items())
    )
    canonical = f"{method.upper()}\n{path}\n{query}\n{canonical_headers}\n{signed_headers}\n{payload_hash}"
    return canonical, signed_headers


def _v4_scope(date8: str, region: str) -> str:
    return f"{date8}/{region}/sls/{_V4_TERMINATOR}"


def v4_string_to_sign(x_log_date: str, region: str, canonical_request: str) -> str:
    """``SLS4-HMAC-SHA256\\n<x-log-date>\\n<scope>\\n<hex sha256(canonical request)>``."""
    digest = hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()
    return f"{V4_ALGORITHM}\n{x_log_date}\n{_v4_scope(x_log_date[:8], region)}\n{digest}"


@lru_cache(maxsize=64)
def _v4_signing_key(secret: str, date8: str, region: str) -> bytes:
    key = ("aliyun_v4" + secret).encode("utf-8")
    for part in (date8, region, "sls", _V4_TERMINATOR):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def v4_signature(secret: str, date8: str, region: str, string_to_sign: str) -> str:
    """Lowercase hex HMAC-SHA256 of the string to sign with the derived v4 key (cached per secret/day/region)."""
    return hmac.new(_v4_signing_key(secret, date8, region), string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


# --------------------------------------------------------------------------------------------------------------------
# Signers


def _drop_signer_headers(headers: MutableMapping[str, str]) -> None:
    stale = [name for name in headers if name.lower() in _SIGNER_HEADERS]
    for name in stale:
        del headers[name]


class SignerV1:
    """Signature v1 (``hmac-sha1``), the default of every SLS client."""

    auth_version = "v1"

    def sign(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        headers: MutableMapping[str, str],
        body: Optional[bytes],
        credentials: Credentials,
        now: Optional[float] = None,
    ) -> None:
        """Add ``Date``, ``x-log-signaturemethod``, ``Content-MD5`` (non-empty body), ``x-acs-security-token``
        (STS), ``Authorization`` and the unsigned ``x-log-date`` copy of ``Date`` to ``headers``."""
        _drop_signer_headers(headers)
        date = format_v1_date(time.time() if now is None else now)
        headers["Date"] = date
        headers["x-log-signaturemethod"] = "hmac-sha1"
        if body:
            headers["Content-MD5"] = hashlib.md5(body, usedforsecurity=False).hexdigest().upper()
        if credentials.security_token:
            headers["x-acs-security-token"] = credentials.security_token
        signature = v1_signature(credentials.access_key_secret, v1_string_to_sign(method, path, params, headers))
        headers["Authorization"] = f"LOG {credentials.access_key_id}:{signature}"
        headers["x-log-date"] = date

    def __repr__(self) -> str:
        return "SignerV1()"


class SignerV4:
    """Signature v4 (``SLS4-HMAC-SHA256``), scoped to a region id such as ``cn-hangzhou``."""

    auth_version = "v4"

    def __init__(self, region: str) -> None:
        if not isinstance(region, str) or not region.strip():
            raise ValueError(f"signature v4 needs a region id such as 'cn-hangzhou', got {region!r}")
        self.region = region.strip()

    def sign(
        self,
        method: str,
        path: str,
        params: Mapping[str, str],
        headers: MutableMapping[str, str],
        body: Optional[bytes],
        credentials: Credentials,
        now: Optional[float] = None,
    ) -> None:
        """Add ``x-log-date``, ``x-log-content-sha256``, ``x-acs-security-token`` (STS) and ``Authorization``
        to ``headers``."""
        _drop_signer_headers(headers)
        x_log_date = format_v4_date(time.time() if now is None else now)
        payload_hash = hashlib.sha256(body).hexdigest() if body else EMPTY_SHA256
        headers["x-log-date"] = x_log_date
        headers["x-log-content-sha256"] = payload_hash
        if credentials.security_token:
            headers["x-acs-security-token"] = credentials.security_token
        canonical, _ = v4_canonical_request(method, path, params, headers, payload_hash)
        date8 = x_log_date[:8]
        signature = v4_signature(
            credentials.access_key_secret, date8, self.region, v4_string_to_sign(x_log_date, self.region, canonical)
        )
        headers["Authorization"] = (
            f"{V4_ALGORITHM} Credential={credentials.access_key_id}/{_v4_scope(date8, self.region)},"
            f"Signature={signature}"
        )

    def __repr__(self) -> str:
        return f"SignerV4(region={self.region!r})"


# The signer objects of the original SDK, at the path it had them (``from aliyun.log.auth import AuthV4``).
from ._legacy.signing import AUTH_VERSION_1, AUTH_VERSION_4, AuthBase, AuthV1, AuthV4, make_auth  # noqa: E402,F401
