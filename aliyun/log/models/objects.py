"""Responses of the object APIs (files stored next to a logstore)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from .response import Headers, LogResponse, header_value

__all__ = ["GetObjectResponse", "PutObjectResponse"]


class PutObjectResponse(LogResponse):
    def __init__(self, header: Optional[Headers], resp: Any = "") -> None:
        super().__init__(header, resp)

    def get_etag(self) -> Optional[str]:
        return header_value(self.headers, "ETag") or None


class GetObjectResponse(PutObjectResponse):
    """The object's bytes (``get_body()``), its content type and ETag, and every response header."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)

    def get_content_type(self) -> str:
        return header_value(self.headers, "Content-Type")

    def get_headers(self) -> Dict[str, str]:
        return self.headers

    def _summary(self) -> Any:
        return f"<{len(self.body or b'')} bytes>"
