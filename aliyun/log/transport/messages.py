"""An SLS call before signing (:class:`ApiRequest`) and its successful answer (:class:`ApiResponse`)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Optional, TypeVar

from ..models.validation import bad_response, int_header

#: The largest decompressed body the SDK accepts unless told otherwise (a declared size above it is refused before
#: inflating anything): far above what the service answers, far below what would exhaust memory.
MAX_RESPONSE_RAW_SIZE = 64 * 1024 * 1024 - 1

T = TypeVar("T")


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

    __slots__ = ("body", "headers", "max_raw_size", "status")

    def __init__(self, status: int, headers: Dict[str, str], body: bytes,
                 max_raw_size: int = MAX_RESPONSE_RAW_SIZE) -> None:
        self.status = status
        self.headers = headers
        self.body = body
        self.max_raw_size = max_raw_size

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
        except (ValueError, RecursionError) as exc:
            raise bad_response(f"response body is not valid JSON: {exc}", self.headers, body[:2048]) from None

    def decompressed_body(self) -> bytes:
        """The body decompressed according to ``x-log-compresstype`` / ``x-log-bodyrawsize``.

        The declared raw size is checked against ``max_raw_size`` before inflating, and the inflated body must have
        exactly that size.
        """
        if not self.headers.get("x-log-compresstype", "") or not self.body:
            return self.body
        from ..codec.compression import decompress

        return self.decompressed(decompress)

    def checked_raw_size(self) -> int:
        """``x-log-bodyrawsize``: ``BadResponse`` when it is missing or above ``max_raw_size``."""
        raw_size = int_header(self.headers, "x-log-bodyrawsize")
        if raw_size > self.max_raw_size:
            raise bad_response(f"the answer declares {raw_size} bytes uncompressed, more than the "
                               f"{self.max_raw_size} accepted", self.headers)
        return raw_size

    def decompressed(self, convert: Callable[[bytes, str, int], T]) -> T:
        """``convert(body, compress_type, raw_size)`` for a compressed body, with the checks of
        :meth:`decompressed_body`: the raw size is checked first, and a body that does not decompress raises
        ``BadResponse``. ``convert`` decompresses, and may do more in the same pass (flatten the logs)."""
        compress_type = self.headers.get("x-log-compresstype", "")
        raw_size = self.checked_raw_size()
        from ..codec.compression import CompressionError

        try:
            return convert(self.body, compress_type, raw_size)
        except CompressionError as exc:
            raise bad_response(f"cannot decompress the {compress_type} answer: {exc}", self.headers) from None
