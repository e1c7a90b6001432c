"""Verification of signed requests (PROTOCOL §2), with the SDK's pure signing functions.

Order of checks, each with the service's error: ``x-log-apiversion`` (``MissingAPIVersion`` /
``InvalidAPIVersion``, 400) → ``Authorization`` present (``Unauthorized``, 401) and well-formed
(``ParameterInvalid``, 400) → access key known (``InvalidAccessKeyId``, 401) → date present and parseable
(``MissingDate`` / ``InvalidDateFormat``, 400) and within 15 minutes of the emulator clock
(``RequestTimeExpired``, 400; the server time is also in ``x-log-time``) → body digest and signature
(``SignatureNotMatch``, 401) → security token of a temporary key.

Body binding: a v1 request with a body must carry ``Content-MD5`` (uppercase hex MD5 of the body as sent, which the
SDKs send and sign), else ``MissingContentMD5`` (400); a digest that differs from the body is ``SignatureNotMatch``
(401). So a signature made for one body cannot be replayed with another. v4 binds the body through
``x-log-content-sha256`` (the hash of the received body is what is signed, unless the client signs
``UNSIGNED-PAYLOAD``).

Temporary (STS) credentials: a request signed with a temporary key id must carry its ``x-acs-security-token``
(``Unauthorized``, 401, when missing or different) before its expiration on the emulator clock
(``SecurityTokenExpired``, 401). A token sent with a permanent key is signed like any header and otherwise ignored.

v1: the canonical headers exclude ``x-log-date`` (Python sends it unsigned); ``Date`` falls back to ``x-log-date``;
``x-log-meta-*`` are first left out (Python) and, on mismatch, included (Go / Java). v4: the signed headers are
``content-type``, ``host`` and the ``x-log-*`` / ``x-acs-*`` headers, as received.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from typing import Dict, Iterable, Mapping, NamedTuple, Optional

from aliyun.log.auth import (
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
from aliyun.log.version import API_VERSION

from .core import ApiError, Request

__all__ = ["MAX_CLOCK_SKEW", "TemporaryCredential", "Verifier"]

logger = logging.getLogger("aliyun.log.emulator")

#: Largest accepted difference between the request's date and the emulator clock, in seconds.
MAX_CLOCK_SKEW = 15 * 60

_V1_PREFIX = "LOG "
_V4_PREFIX = "SLS4-HMAC-SHA256 "
_UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD"


def _unauthorized(message: str) -> ApiError:
    return ApiError(401, "Unauthorized", message)


def _signature_mismatch(signature: str, string_to_sign: str) -> ApiError:
    # ``stringToSign`` is an emulator extra (like S3's StringToSign): it shows what a client should have signed.
    return ApiError(
        401, "SignatureNotMatch", f"Signature {signature} not matched.", extra={"stringToSign": string_to_sign}
    )


class TemporaryCredential(NamedTuple):
    """An STS credential the emulator accepts until ``expiration`` (unix seconds of the emulator clock)."""

    access_key_id: str
    access_key_secret: str
    security_token: str
    expiration: float


class Verifier:
    """Checks the signature of requests against ``keys`` (access key id → secret) and temporary credentials."""

    def __init__(
        self,
        keys: Mapping[str, str],
        enabled: bool = True,
        max_skew: float = MAX_CLOCK_SKEW,
        temporary: Iterable[TemporaryCredential] = (),
    ) -> None:
        self.keys: Dict[str, str] = dict(keys)
        self.enabled = enabled
        self.max_skew = max_skew
        self.temporary: Dict[str, TemporaryCredential] = {}
        for credential in temporary:
            self.add_temporary(credential)

    def add_temporary(self, credential: TemporaryCredential) -> None:
        """Accept (or replace) a temporary credential; its key id must not be a permanent key."""
        if not credential.access_key_id or not credential.access_key_secret or not credential.security_token:
            raise ValueError("a temporary credential needs a key id, a secret and a security token")
        if credential.access_key_id in self.keys:
            raise ValueError(f"access key id {credential.access_key_id} is already a permanent key")
        self.temporary[credential.access_key_id] = credential

    def verify(self, req: Request) -> None:
        if not self.enabled:
            return
        headers = req.headers
        version = headers.get("x-log-apiversion")
        if version is None:
            raise ApiError(400, "MissingAPIVersion", "x-log-apiversion header is missing")
        if version.strip() != API_VERSION:
            raise ApiError(400, "InvalidAPIVersion", f"api version {version} is not supported, use {API_VERSION}")
        authorization = headers.get("authorization")
        if not authorization:
            raise _unauthorized("Authorization header is missing")
        if authorization.startswith(_V1_PREFIX):
            self._verify_v1(req, authorization[len(_V1_PREFIX) :].strip())
        elif authorization.startswith(_V4_PREFIX):
            self._verify_v4(req, authorization[len(_V4_PREFIX) :].strip())
        else:
            raise ApiError(
                400, "ParameterInvalid", "invalid authorization header: expected 'LOG ...' or 'SLS4-HMAC-SHA256 ...'"
            )

    # ----------------------------------------------------------------------------------------------------------------

    def _secret(self, access_key_id: str) -> str:
        secret = self.keys.get(access_key_id)
        if secret is not None:
            return secret
        temporary = self.temporary.get(access_key_id)
        if temporary is None:
            raise ApiError(401, "InvalidAccessKeyId", f"AccessKeyId {access_key_id} is not found.")
        return temporary.access_key_secret

    def _check_token(self, req: Request, access_key_id: str) -> None:
        """A temporary key needs its own, unexpired security token."""
        temporary = self.temporary.get(access_key_id)
        if temporary is None:
            return
        token = req.headers.get("x-acs-security-token", "")
        if not hmac.compare_digest(token.encode("utf-8", "replace"), temporary.security_token.encode("utf-8")):
            raise _unauthorized("The security token you provided is invalid.")
        if req.now >= temporary.expiration:
            raise ApiError(401, "SecurityTokenExpired", "The security token you provided has expired.")

    def _check_time(self, request_time: float, text: str, req: Request, v4: bool) -> None:
        if abs(request_time - req.now) > self.max_skew:
            server = format_v4_date(req.now) if v4 else format_v1_date(req.now)
            raise ApiError(
                400,
                "RequestTimeExpired",
                f"Request time {text} has been expired while server time is {server}.",
            )

    def _verify_v1(self, req: Request, credential: str) -> None:
        access_key_id, sep, signature = credential.rpartition(":")
        if not sep or not access_key_id or not signature:
            raise ApiError(400, "ParameterInvalid", "invalid authorization header: expected 'LOG <id>:<signature>'")
        secret = self._secret(access_key_id)
        headers = req.headers
        date = headers.get("date") or headers.get("x-log-date")
        if not date:
            raise ApiError(400, "MissingDate", "Date header is missing")
        try:
            request_time = parse_v1_date(date)
        except ValueError:
            raise ApiError(400, "InvalidDateFormat", f"invalid Date {date!r}, expected RFC 1123 GMT") from None
        self._check_time(request_time, date, req, v4=False)
        declared_md5 = headers.get("content-md5")
        if req.body:
            if not declared_md5:
                raise ApiError(400, "MissingContentMD5", "a request with a body must carry Content-MD5 (hex MD5)")
            actual = hashlib.md5(req.body, usedforsecurity=False).hexdigest()
            if declared_md5.strip().lower() != actual:
                raise ApiError(401, "SignatureNotMatch", "Content-MD5 does not match the body.")
        sign_headers = headers
        if "date" not in headers:
            sign_headers = dict(headers)
            sign_headers["date"] = date
        attempts = [(req.raw_path, False)]
        if any(name.startswith("x-log-meta-") for name in headers):
            attempts.append((req.raw_path, True))
        if req.path != req.raw_path:
            attempts.append((req.path, False))
        first: Optional[str] = None
        for path, include_meta in attempts:
            string_to_sign = v1_string_to_sign(req.method, path, req.params, sign_headers, include_meta=include_meta)
            if hmac.compare_digest(v1_signature(secret, string_to_sign).encode(), signature.encode("utf-8", "replace")):
                self._check_token(req, access_key_id)
                return
            first = first or string_to_sign
        logger.info("v1 signature mismatch for %s %s; string to sign: %r", req.method, req.raw_path, first)
        raise _signature_mismatch(signature, first or "")

    def _verify_v4(self, req: Request, rest: str) -> None:
        fields: Dict[str, str] = {}
        for part in rest.split(","):
            name, sep, value = part.strip().partition("=")
            if sep:
                fields[name.strip()] = value.strip()
        credential = fields.get("Credential", "")
        signature = fields.get("Signature", "")
        scope = credential.rsplit("/", 4)
        if len(scope) != 5 or not signature or scope[3] != "sls" or scope[4] != "aliyun_v4_request":
            raise ApiError(
                400,
                "ParameterInvalid",
                "invalid authorization header: expected 'SLS4-HMAC-SHA256 Credential=<id>/<yyyymmdd>/<region>/sls/"
                "aliyun_v4_request,Signature=<hex>'",
            )
        access_key_id, date8, region = scope[0], scope[1], scope[2]
        secret = self._secret(access_key_id)
        headers = req.headers
        x_log_date = headers.get("x-log-date")
        if not x_log_date:
            raise ApiError(400, "MissingDate", "x-log-date header is missing")
        try:
            request_time = parse_v4_date(x_log_date.strip())
        except ValueError:
            raise ApiError(
                400, "InvalidDateFormat", f"invalid x-log-date {x_log_date!r}, expected YYYYMMDDTHHMMSSZ"
            ) from None
        self._check_time(request_time, x_log_date, req, v4=True)
        declared = headers.get("x-log-content-sha256")
        if declared is not None and declared.strip() == _UNSIGNED_PAYLOAD:
            payload_hash = _UNSIGNED_PAYLOAD
        else:
            payload_hash = hashlib.sha256(req.body).hexdigest()
            if declared is not None and declared.strip().lower() != payload_hash:
                raise ApiError(401, "SignatureNotMatch", "x-log-content-sha256 does not match the body.")
        attempts = [(req.raw_path, False)]
        if any(name.startswith("x-log-meta-") for name in headers):
            attempts.append((req.raw_path, True))
        if req.path != req.raw_path:
            attempts.append((req.path, False))
        first: Optional[str] = None
        for path, include_meta in attempts:
            canonical, _signed = v4_canonical_request(
                req.method, path, req.params, headers, payload_hash, include_meta=include_meta
            )
            string_to_sign = v4_string_to_sign(x_log_date, region, canonical)
            expected = v4_signature(secret, date8, region, string_to_sign)
            if hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
                self._check_token(req, access_key_id)
                return
            first = first or canonical
        logger.info("v4 signature mismatch for %s %s; canonical request: %r", req.method, req.raw_path, first)
        raise _signature_mismatch(signature, first or "")
