"""The SLS layer above the sender: addressing, signing, clock-skew re-signing, credential refresh, retries, errors.

Every LogClient call builds an :class:`ApiRequest` and hands it to :meth:`Transport.request`. The transport signs
each attempt afresh (so a retry never reuses a stale Date), retries what the :class:`RetryPolicy` says is transient,
re-signs with the server's clock after ``RequestTimeExpired``, refreshes credentials once after an authentication
error when the provider can refresh, and turns every failure into a :class:`LogException`. The bytes go through a
:class:`Sender` (by default :class:`RequestsSender`).

A Transport is safe to share between threads.
"""

from __future__ import annotations

import json
import logging
import time
from typing import TYPE_CHECKING, Callable, Dict, Mapping, Optional, Tuple, Union
from urllib.parse import urlencode

from ..errors import BAD_RESPONSE, CLIENT_CLOSED, REQUEST_ERROR, LogException
from ..version import API_VERSION, __version__
from .endpoint import Endpoint
from .http import HttpRequest, HttpResponse, Sender, SendError
from .messages import MAX_RESPONSE_RAW_SIZE, ApiRequest, ApiResponse
from .policy import DEFAULT_RETRY_POLICY, RetryPolicy, _retry_after, server_time
from .requests_sender import RequestsSender

if TYPE_CHECKING:  # pragma: no cover
    from ..auth import CredentialsProvider, SignerV1, SignerV4

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
        verify, proxies, pool_maxsize: options of the default :class:`RequestsSender` (ignored with ``sender``).
        sender: any :class:`Sender` (``MockTransport``, ``InProcessTransport``, your own); closed with the transport.
        max_response_raw_size: the largest decompressed answer accepted.
    """

    def __init__(
        self,
        endpoint: str,
        credentials_provider: CredentialsProvider,
        *,
        signer: Union[SignerV1, SignerV4],
        timeout: Timeout = (DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT),
        retry_policy: RetryPolicy = DEFAULT_RETRY_POLICY,
        verify: Union[bool, str] = True,
        proxies: Optional[Mapping[str, str]] = None,
        user_agent: Optional[str] = None,
        pool_maxsize: int = 16,
        sleep: Callable[[float], None] = time.sleep,
        sender: Optional[Sender] = None,
        max_response_raw_size: int = MAX_RESPONSE_RAW_SIZE,
    ) -> None:
        self.endpoint = Endpoint.parse(endpoint)
        self.credentials_provider = credentials_provider
        self.signer = signer
        self.timeout = _check_timeout(timeout)
        self.retry_policy = retry_policy
        self.user_agent = user_agent or default_user_agent()
        self.max_response_raw_size = max_response_raw_size
        self._sleep = sleep
        self._clock_offset = 0.0
        self._closed = False
        if sender is None:
            sender = RequestsSender(verify=verify, proxies=proxies, pool_maxsize=pool_maxsize)
        elif not isinstance(sender, Sender):
            raise TypeError(f"transport must be a Sender (with send() and close()), got {type(sender).__name__}")
        self.sender: Sender = sender

    def close(self) -> None:
        """Release the sender's connections; later calls raise ``ClientClosed``."""
        self._closed = True
        self.sender.close()

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
        target = req.path + ("?" + urlencode(req.params) if req.params else "")
        url = self.endpoint.url(req.project, target)
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
                if (error.error_code in AUTH_ERROR_CODES and not credentials_refreshed
                        and getattr(self.credentials_provider, "can_refresh", False)):
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
            "Content-Length": str(len(req.body)),
        }
        headers.update(req.headers)
        if not req.body:
            headers["x-log-bodyrawsize"] = "0"
        credentials = self.credentials_provider.get_credentials()
        self.signer.sign(req.method, req.path, req.params, headers, req.body, credentials, now=self.now())
        return headers

    def _send_once(self, req: ApiRequest, url: str) -> ApiResponse:
        request = HttpRequest(req.method, url, self.signed_headers(req), req.body)
        started = time.perf_counter()
        try:
            response = self.sender.send(request, self.timeout)
        except SendError as exc:
            raise LogException(REQUEST_ERROR, str(exc)) from exc
        headers = {name.lower(): value for name, value in response.headers.items()}
        logger.debug(
            "%s %s -> %d in %.1f ms (request id %s)",
            req.method, req.path, response.status, (time.perf_counter() - started) * 1000,
            headers.get("x-log-requestid") or "-",
        )
        if response.status == 200:
            return ApiResponse(response.status, headers, response.body, self.max_response_raw_size)
        raise _error_from_response(response, headers)

    def _adjust_clock(self, error: LogException) -> bool:
        hint = server_time(error.headers)
        if hint is None:
            return False
        self._clock_offset = hint - time.time()
        logger.warning("local clock differs from the server's by %.0f s; signing with the server's time",
                       self._clock_offset)
        return True


def _check_timeout(timeout: Timeout) -> Tuple[float, float]:
    try:
        if isinstance(timeout, (int, float)):
            pair = (float(timeout), float(timeout))
        else:
            pair = (float(timeout[0]), float(timeout[1]))
    except (TypeError, IndexError, ValueError):
        raise TypeError(f"timeout must be seconds or a (connect, read) pair, got {timeout!r}") from None
    if not all(0 < value < float("inf") for value in pair):
        raise ValueError(f"timeouts must be positive finite seconds, got {timeout!r}")
    return pair


def _error_from_response(response: HttpResponse, headers: Dict[str, str]) -> LogException:
    request_id = headers.get("x-log-requestid", "")
    body = response.body
    try:
        payload = json.loads(body) if body else None
    except (ValueError, RecursionError):
        payload = None
    if isinstance(payload, dict) and "errorCode" in payload:
        return LogException(
            str(payload["errorCode"]), str(payload.get("errorMessage", "")), request_id, response.status, headers,
            payload,
        )
    text = body[:512].decode("utf-8", "replace")
    return LogException(BAD_RESPONSE, f"HTTP {response.status} with an unexpected body: {text!r}", request_id,
                        response.status, headers, body)
