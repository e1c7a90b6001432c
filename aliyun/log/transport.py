"""The single HTTP path of the SDK: addressing, signing, retries, timeouts and error mapping.

Every LogClient call builds an :class:`ApiRequest` and hands it to :meth:`Transport.request`. The transport owns one
pooled ``requests.Session``; it signs each attempt afresh (so a retry never reuses a stale Date), retries what the
:class:`RetryPolicy` says is transient, re-signs with the server's clock after ``RequestTimeExpired``, refreshes
credentials once after an authentication error, and turns every failure into a :class:`LogException`.

A Transport is safe to share between threads.
"""

from __future__ import annotations

import json
import logging
import random
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Mapping, Optional, Tuple, Union
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter

from .errors import (
    BAD_RESPONSE,
    CLIENT_CLOSED,
    DECOMPRESS_ERROR,
    REQUEST_ERROR,
    RETRIABLE_ERROR_CODES,
    LogException,
)
from .version import API_VERSION, __version__

if TYPE_CHECKING:  # pragma: no cover
    from .auth import CredentialsProvider, SignerV1, SignerV4

logger = logging.getLogger("aliyun.log.transport")

Timeout = Union[float, Tuple[float, float]]

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 60.0

# Answers that fresh credentials may cure (a rotated secret shows up as SignatureNotMatch).
AUTH_ERROR_CODES = frozenset(
    {
        "Unauthorized",
        "InvalidAccessKeyId",
        "InvalidAccessKeyId.NotFound",
        "SecurityTokenExpired",
        "InvalidSecurityToken",
        "SignatureNotMatch",
    }
)


@dataclass(frozen=True)
class RetryPolicy:
    """When and how long to wait before repeating a failed request.

    Delays follow exponential backoff with full jitter: attempt ``n`` (1-based) waits a uniform random time in
    ``[0, min(max_delay, base_delay * 2 ** (n - 1))]``, unless the server sent ``Retry-After``, which is honoured
    (capped at ``max_delay``). Client errors (4xx) are never retried, except the throttling codes listed in
    ``retry_codes``.
    """

    max_attempts: int = 5
    base_delay: float = 0.2
    max_delay: float = 10.0
    retry_codes: FrozenSet[str] = RETRIABLE_ERROR_CODES
    retry_server_errors: bool = True

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {self.max_attempts!r}")
        if self.base_delay < 0 or self.max_delay < 0:
            raise ValueError("base_delay and max_delay must be >= 0")

    def should_retry(self, error: LogException) -> bool:
        """Whether ``error`` is worth another attempt."""
        if error.error_code in self.retry_codes:
            return True
        return self.retry_server_errors and error.status >= 500

    def backoff(self, attempt: int, rng: Callable[[], float] = random.random) -> float:
        """Seconds to wait after the ``attempt``-th failure (full jitter)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return ceiling * rng()


NO_RETRY = RetryPolicy(max_attempts=1)


@dataclass
class ApiRequest:
    """One REST call, before signing: the path is relative to the project (the project goes into the Host)."""

    method: str
    path: str
    params: Dict[str, str] = field(default_factory=dict)
    headers: Dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    project: Optional[str] = None


class ApiResponse:
    """A successful (HTTP 200) answer: status, headers with lower-case names, and the raw body."""

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: Dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def request_id(self) -> str:
        return self.headers.get("x-log-requestid", "")

    def json(self) -> Any:
        """The body parsed as JSON (``None`` for an empty body); ``BadResponse`` when it is not JSON."""
        body = self.decompressed_body()
        if not body:
            return None
        try:
            return json.loads(body)
        except ValueError as exc:
            raise LogException(
                BAD_RESPONSE,
                f"response body is not valid JSON: {exc}",
                self.request_id,
                self.status,
                self.headers,
                body[:2048],
            ) from None

    def decompressed_body(self) -> bytes:
        """The body decompressed according to ``x-log-compresstype`` / ``x-log-bodyrawsize``."""
        compress_type = self.headers.get("x-log-compresstype", "")
        if not compress_type or not self.body:
            return self.body
        from .codec.compression import CompressionError, decompress

        try:
            raw_size = int(self.headers.get("x-log-bodyrawsize", "-1"))
            return decompress(self.body, compress_type, raw_size)
        except (CompressionError, ValueError) as exc:
            raise LogException(
                DECOMPRESS_ERROR, f"cannot decompress {compress_type} response: {exc}", self.request_id, self.status,
                self.headers,
            ) from None


@dataclass(frozen=True)
class Endpoint:
    """A parsed endpoint: where connections go, and the host name put into ``Host``."""

    scheme: str
    host: str
    port: Optional[int]

    @classmethod
    def parse(cls, endpoint: str) -> Endpoint:
        """Accept ``host``, ``host:port``, ``http://host[:port]`` and ``https://host[:port]``."""
        text = (endpoint or "").strip()
        if not text:
            raise ValueError("endpoint must not be empty")
        if "://" not in text:
            text = "http://" + text
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https"):
            raise ValueError(f"endpoint scheme must be http or https, got {endpoint!r}")
        if not parts.hostname:
            raise ValueError(f"endpoint has no host: {endpoint!r}")
        try:
            port = parts.port
        except ValueError:
            raise ValueError(f"endpoint has an invalid port: {endpoint!r}") from None
        return cls(parts.scheme, parts.hostname, port)

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}" + (f":{self.port}" if self.port else "")

    def host_header(self, project: Optional[str]) -> str:
        """``<project>.<host>`` (no port, like the official clients) or the bare host."""
        return f"{project}.{self.host}" if project else self.host


def default_user_agent() -> str:
    import platform

    return f"aliyun-log-python-sdk/{__version__} python/{platform.python_version()} {platform.system().lower()}"


class Transport:
    """Sends :class:`ApiRequest` objects to one endpoint, with signing and retries.

    Args:
        endpoint: the service endpoint (``cn-hangzhou.log.aliyuncs.com``, ``https://...``, ``http://127.0.0.1:8080``).
        credentials_provider: where access keys come from (asked on every attempt, so rotation takes effect).
        signer: a :class:`~aliyun.log.auth.SignerV1` or :class:`~aliyun.log.auth.SignerV4`.
        timeout: seconds, or ``(connect, read)``; always finite.
        retry_policy: see :class:`RetryPolicy`.
        verify: ``True``, ``False`` or the path of a CA bundle (https only).
        proxies: a requests-style mapping such as ``{"https": "http://proxy:3128"}``; ``None`` uses the environment.
        pool_maxsize: connections kept per host.
    """

    def __init__(
        self,
        endpoint: str,
        credentials_provider: CredentialsProvider,
        *,
        signer: Union[SignerV1, SignerV4],
        timeout: Timeout = (DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT),
        retry_policy: RetryPolicy = RetryPolicy(),
        verify: Union[bool, str] = True,
        proxies: Optional[Mapping[str, str]] = None,
        user_agent: Optional[str] = None,
        pool_maxsize: int = 16,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = Endpoint.parse(endpoint)
        self.credentials_provider = credentials_provider
        self.signer = signer
        self.timeout = _check_timeout(timeout)
        self.retry_policy = retry_policy
        self.verify = verify
        self.proxies = dict(proxies) if proxies else None
        self.user_agent = user_agent or default_user_agent()
        self._pool_maxsize = pool_maxsize
        self._sleep = sleep
        self._clock_offset = 0.0
        self._closed = False
        self._session = self._new_session()

    # -- session -------------------------------------------------------------------------------------------------
    def _new_session(self) -> requests.Session:
        # Made when the client is, not on first use: a first request sent while the interpreter shuts down (a
        # logging handler delivering its queue at exit) must not import anything.
        session = requests.Session()
        adapter = HTTPAdapter(pool_connections=4, pool_maxsize=self._pool_maxsize, max_retries=0)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        if self.proxies is not None:
            session.trust_env = False
            session.proxies.update(self.proxies)
        return session

    def close(self) -> None:
        """Release pooled connections; later calls raise ``ClientClosed``."""
        self._closed = True
        self._session.close()

    @property
    def closed(self) -> bool:
        return self._closed

    def now(self) -> float:
        """The current time as the server sees it (corrected after a ``RequestTimeExpired``)."""
        return time.time() + self._clock_offset

    # -- requests ------------------------------------------------------------------------------------------------
    def request(self, req: ApiRequest, *, retry_policy: Optional[RetryPolicy] = None) -> ApiResponse:
        """Send ``req`` and return the 200 answer, or raise :class:`LogException`."""
        if self._closed:
            raise LogException(CLIENT_CLOSED, "the client has been closed")
        policy = retry_policy or self.retry_policy
        url = self.endpoint.base_url + req.path
        if req.params:
            url += "?" + urlencode(req.params)
        clock_fixed = False
        credentials_refreshed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._send_once(req, url)
            except LogException as error:
                error.attempts = attempt
                if error.error_code == "RequestTimeExpired" and not clock_fixed and self._adjust_clock(error):
                    clock_fixed = True
                    attempt -= 1  # a re-sign with the corrected clock is not a retry
                    continue
                if error.error_code in AUTH_ERROR_CODES and not credentials_refreshed and self._can_refresh():
                    self.credentials_provider.invalidate()
                    credentials_refreshed = True
                    attempt -= 1  # fresh credentials: not a retry of the same request
                    continue
                if attempt >= policy.max_attempts or not policy.should_retry(error):
                    raise
                delay = _retry_after(error.headers, policy.max_delay)
                if delay is None:
                    delay = policy.backoff(attempt)
                logger.debug(
                    "retrying %s %s after %s (attempt %d of %d, waiting %.3fs)",
                    req.method, req.path, error.error_code, attempt, policy.max_attempts, delay,
                )
                self._sleep(delay)

    def signed_headers(self, req: ApiRequest) -> Dict[str, str]:
        """The headers ``req`` goes out with, signed with the current credentials and clock."""
        headers = {
            "Host": self.endpoint.host_header(req.project),
            "User-Agent": self.user_agent,
            "x-log-apiversion": API_VERSION,
        }
        headers.update(req.headers)
        if "x-log-bodyrawsize" not in headers and "x-log-compresstype" not in headers:
            headers["x-log-bodyrawsize"] = str(len(req.body))
        credentials = self.credentials_provider.get_credentials()
        self.signer.sign(req.method, req.path, req.params, headers, req.body, credentials, now=self.now())
        return headers

    def _send_once(self, req: ApiRequest, url: str) -> ApiResponse:
        headers = self.signed_headers(req)
        session = self._session
        started = time.perf_counter()
        try:
            resp = session.request(
                req.method,
                url,
                data=req.body or None,
                headers=headers,
                timeout=self.timeout,
                verify=self.verify,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            logger.debug("%s %s failed: %s", req.method, req.path, type(exc).__name__)
            raise LogException(REQUEST_ERROR, f"{req.method} {req.path} failed: {exc}") from exc
        resp_headers = {k.lower(): v for k, v in resp.headers.items()}
        body = resp.content
        request_id = resp_headers.get("x-log-requestid", "")
        logger.debug(
            "%s %s -> %d in %.1f ms (request id %s)",
            req.method, req.path, resp.status_code, (time.perf_counter() - started) * 1000, request_id or "-",
        )
        if resp.status_code == 200:
            return ApiResponse(resp.status_code, resp_headers, body)
        raise _error_from_response(resp.status_code, resp_headers, body)

    def _can_refresh(self) -> bool:
        from .auth import RefreshingCredentialsProvider

        return isinstance(self.credentials_provider, RefreshingCredentialsProvider)

    def _adjust_clock(self, error: LogException) -> bool:
        server_time = _server_time(error.headers)
        if server_time is None:
            return False
        self._clock_offset = server_time - time.time()
        logger.warning("local clock differs from the server's by %.0f s; signing with the server's time",
                       self._clock_offset)
        return True


def _check_timeout(timeout: Timeout) -> Tuple[float, float]:
    if isinstance(timeout, (int, float)):
        pair = (float(timeout), float(timeout))
    else:
        pair = (float(timeout[0]), float(timeout[1]))
    if not all(value > 0 for value in pair):
        raise ValueError(f"timeouts must be positive seconds, got {timeout!r}")
    return pair


def _error_from_response(status: int, headers: Dict[str, str], body: bytes) -> LogException:
    request_id = headers.get("x-log-requestid", "")
    try:
        payload = json.loads(body) if body else None
    except ValueError:
        payload = None
    if isinstance(payload, dict) and "errorCode" in payload:
        return LogException(
            str(payload["errorCode"]), str(payload.get("errorMessage", "")), request_id, status, headers, payload,
        )
    text = body[:512].decode("utf-8", "replace")
    return LogException(BAD_RESPONSE, f"HTTP {status} with an unexpected body: {text!r}", request_id, status, headers,
                        body)


def _server_time(headers: Mapping[str, str]) -> Optional[float]:
    value = headers.get("x-log-time")
    if value:
        try:
            return float(value)
        except ValueError:
            pass
    date = headers.get("date")
    if date:
        try:
            return parsedate_to_datetime(date).timestamp()
        except (TypeError, ValueError):
            return None
    return None


def _retry_after(headers: Mapping[str, str], cap: float) -> Optional[float]:
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return min(cap, max(0.0, float(value)))
    except ValueError:
        try:
            return min(cap, max(0.0, parsedate_to_datetime(value).timestamp() - time.time()))
        except (TypeError, ValueError):
            return None
