"""The one exception type of the SDK, with the service's error code and request id.

Service errors carry the ``errorCode`` / ``errorMessage`` the service answered with. Failures detected on the client
side (connection refused, a body that is not JSON or does not decompress, an invalid argument) use the client-side
codes below and have ``is_client_error`` set, so callers can tell the two apart. Their ``status`` is ``0`` (no HTTP
answer, or an answer the SDK refused), except ``BadResponse`` for an error answer it could not read, which keeps the
service's HTTP status.
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Union

# Client-side error codes (never sent by the service).
REQUEST_ERROR = "LogRequestError"  # connection refused/reset, DNS failure, timeout
BAD_RESPONSE = "BadResponse"  # an answer that is not what the protocol promises (shape, headers, compression)
INVALID_ARGUMENT = "InvalidArgument"  # caught before sending: a request the service would reject
CLIENT_CLOSED = "ClientClosed"  # a call on a LogClient after close()

CLIENT_ERROR_CODES = frozenset({REQUEST_ERROR, BAD_RESPONSE, INVALID_ARGUMENT, CLIENT_CLOSED})

# Error codes that are worth retrying: the same request may succeed later. The rule that uses them is
# aliyun.log.transport.RetryPolicy.should_retry, and nothing else.
RETRIABLE_ERROR_CODES = frozenset(
    {
        "InternalServerError",
        "ServerBusy",
        "RequestTimeout",
        "WriteQuotaExceed",
        "ShardWriteQuotaExceed",
        "ReadQuotaExceed",
        "ShardReadQuotaExceed",
        "ExceedQuota",
        "MetaOperationQpsLimitExceeded",
        REQUEST_ERROR,
    }
)


class LogException(Exception):
    """An error answered by Log Service, or detected by the SDK before or after talking to it.

    The positional parameters and getters are those of the original SDK so existing ``except`` blocks keep working.
    """

    def __init__(
        self,
        errorCode: str,
        errorMessage: str,
        requestId: str = "",
        resp_status: int = 0,
        resp_header: Union[Mapping[str, str], str, None] = "",
        resp_body: Any = "",
        *,
        attempts: int = 1,
    ) -> None:
        super().__init__(errorCode, errorMessage)
        self.error_code = errorCode
        self.message = errorMessage
        self.request_id = requestId or ""
        self.status = resp_status
        self.headers: Mapping[str, str] = resp_header if isinstance(resp_header, Mapping) else {}
        self.body = resp_body
        self.attempts = attempts

    def __str__(self) -> str:
        text = f"{self.error_code}: {self.message}"
        details = []
        if self.status and self.status != 200:
            details.append(f"status {self.status}")
        if self.request_id:
            details.append(f"request id {self.request_id}")
        if self.attempts > 1:
            details.append(f"after {self.attempts} attempts")
        return f"{text} ({', '.join(details)})" if details else text

    def __repr__(self) -> str:
        return (
            f"LogException(error_code={self.error_code!r}, message={self.message!r}, "
            f"request_id={self.request_id!r}, status={self.status!r})"
        )

    def __reduce__(self) -> Any:
        return (
            _rebuild,
            (self.error_code, self.message, self.request_id, self.status, dict(self.headers), self.body, self.attempts),
        )

    @property
    def is_client_error(self) -> bool:
        """True when the SDK itself detected the failure (no usable answer from the service)."""
        return self.error_code in CLIENT_ERROR_CODES

    @property
    def retriable(self) -> bool:
        """True when the default :class:`~aliyun.log.transport.RetryPolicy` would repeat the request."""
        from .transport.policy import DEFAULT_RETRY_POLICY

        return DEFAULT_RETRY_POLICY.should_retry(self)

    # the attribute names of the original SDK, beside ours (status, headers, body)
    @property
    def resp_status(self) -> int:
        return self.status

    @property
    def resp_header(self) -> Mapping[str, str]:
        return self.headers

    @property
    def resp_body(self) -> str:
        """The response body as text; without one, the error as JSON (``{"errorCode", "errorMessage",
        "requestId"}``), as the original SDK gave it."""
        if isinstance(self.body, bytes):
            return self.body.decode("utf-8", errors="replace")
        if isinstance(self.body, (dict, list)):
            return json.dumps(self.body)
        if self.body:
            return str(self.body)
        return json.dumps({"errorCode": self.error_code, "errorMessage": self.message, "requestId": self.request_id})

    def get_error_code(self) -> str:
        return self.error_code

    def get_error_message(self) -> str:
        return self.message

    def get_request_id(self) -> str:
        return self.request_id

    def get_resp_status(self) -> int:
        return self.status

    def get_resp_header(self) -> Mapping[str, str]:
        return self.headers

    def get_resp_body(self) -> Any:
        return self.body


def _rebuild(
    code: str, message: str, request_id: str, status: int, headers: Mapping[str, str], body: Any, attempts: int
) -> LogException:
    return LogException(code, message, request_id, status, headers, body, attempts=attempts)


def invalid_argument(message: str) -> LogException:
    """A LogException for a request rejected before it was sent."""
    return LogException(INVALID_ARGUMENT, message)
