"""The emulator's request, response and error-answer types.

Nothing here touches sockets or SQLite: a handler is a function ``handler(ctx, request, **path_params) ->
Response`` that parses the request (``parsing.py``), calls a backend (``backends/``) and formats the answer. It
raises :class:`ApiError` for malformed requests; backends raise domain errors (``errors.py``) that the dispatcher
maps to the service's answers.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Tuple

__all__ = ["JSON_TYPE", "PROTOBUF_TYPE", "ApiError", "Request", "Response", "json_response", "parameter_invalid"]

JSON_TYPE = "application/json"
PROTOBUF_TYPE = "application/x-protobuf"


class ApiError(Exception):
    """An error answered as ``{"errorCode", "errorMessage", "requestId"}`` with an HTTP status.

    ``extra`` adds keys to the error body (the service adds e.g. ``accessDeniedDetail``); ``headers`` adds
    response headers.
    """

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        extra: Optional[Mapping[str, Any]] = None,
        headers: Optional[Mapping[str, str]] = None,
    ) -> None:
        super().__init__(code, message)
        self.status = status
        self.code = code
        self.message = message
        self.extra = dict(extra) if extra else None
        self.headers = dict(headers) if headers else None

    def __repr__(self) -> str:
        return f"ApiError({self.status}, {self.code!r}, {self.message!r})"


def parameter_invalid(message: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", message)


class Request:
    """One parsed HTTP request.

    ``headers`` has lower-cased names. ``params`` is the form-decoded query (``+`` is a space, blank values kept;
    a repeated key keeps its last value). ``path`` is percent-decoded, ``raw_path`` is as received.
    ``project`` is the project named by the Host header, or None for a project-less call.
    """

    __slots__ = (
        "body",
        "client_ip",
        "decoded",
        "headers",
        "host",
        "method",
        "now",
        "params",
        "path",
        "project",
        "raw_path",
        "request_id",
    )

    def __init__(
        self,
        method: str,
        path: str,
        raw_path: str,
        params: Dict[str, str],
        headers: Dict[str, str],
        body: bytes,
        host: str,
        project: Optional[str],
        client_ip: str,
        request_id: str,
        now: float,
    ) -> None:
        self.method = method
        self.path = path
        self.raw_path = raw_path
        self.params = params
        self.headers = headers
        self.body = body
        self.host = host
        self.project = project
        self.client_ip = client_ip
        self.request_id = request_id
        self.now = now
        self.decoded: Optional[bytes] = None  # the body decompressed, see bodies.payload

    def __repr__(self) -> str:
        return f"Request({self.method} {self.raw_path} project={self.project!r})"


class Response:
    """What a handler answers: status 200 (the service never uses 201/204), body bytes, content type, headers."""

    __slots__ = ("body", "content_type", "headers", "status")

    def __init__(
        self,
        body: bytes = b"",
        *,
        status: int = 200,
        content_type: str = JSON_TYPE,
        headers: Optional[List[Tuple[str, str]]] = None,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers if headers is not None else []


def json_response(obj: Any, headers: Optional[List[Tuple[str, str]]] = None) -> Response:
    return Response(json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), headers=headers)
