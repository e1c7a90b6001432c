"""The emulator's request, response and error types, and the parameter parsing shared by every handler.

Nothing here touches sockets or SQLite: a handler is a function ``handler(ctx, request, **path_params) ->
Response`` that raises :class:`ApiError` for every failure the service would answer with an error body.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

__all__ = [
    "MAX_BODY_SIZE",
    "ApiError",
    "Request",
    "Response",
    "bool_param",
    "int_param",
    "json_response",
    "logstore_not_exist",
    "page",
    "paging",
    "parameter_invalid",
    "parse_bool",
    "project_not_exist",
    "shard_not_exist",
]

#: Largest raw (uncompressed) body PutLogs accepts, as the service: "Body size ... must little than 10485760".
MAX_BODY_SIZE = 10 * 1024 * 1024

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


def project_not_exist(name: str) -> ApiError:
    return ApiError(404, "ProjectNotExist", f"The Project does not exist : {name}")


def logstore_not_exist(name: str) -> ApiError:
    return ApiError(404, "LogStoreNotExist", f"logstore {name} does not exist")


def shard_not_exist(shard: Any) -> ApiError:
    return ApiError(400, "ShardNotExist", f"Shard {shard} does not exist.")


class Request:
    """One parsed HTTP request.

    ``headers`` has lower-cased names. ``params`` is the form-decoded query (``+`` is a space, blank values kept;
    a repeated key keeps its last value). ``path`` is percent-decoded, ``raw_path`` is as received.
    ``project`` is the project named by the Host header, or None for a project-less call.
    """

    __slots__ = (
        "_payload",
        "body",
        "client_ip",
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
        self._payload: Optional[bytes] = None

    def payload(self) -> bytes:
        """The body, decompressed according to ``x-log-compresstype`` / ``x-log-bodyrawsize`` when present."""
        if self._payload is None:
            self._payload = decompress_body(self.body, self.headers)
        return self._payload

    def json(self, *, required: bool = True) -> Any:
        """The body as JSON (decompressed first); ``PostBodyInvalid`` when it is not JSON."""
        data = self.payload()
        if not data.strip():
            if required:
                raise ApiError(400, "PostBodyInvalid", "the request body is empty, a JSON document is expected")
            return None
        try:
            return json.loads(data)
        except (UnicodeDecodeError, ValueError) as exc:
            raise ApiError(400, "PostBodyInvalid", f"the request body is not valid JSON: {exc}") from None

    def json_object(self) -> Dict[str, Any]:
        body = self.json()
        if not isinstance(body, dict):
            raise ApiError(400, "PostBodyInvalid", "the request body must be a JSON object")
        return body

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


# --------------------------------------------------------------------------------------------------------------------
# Bodies


_COMPRESS_TYPES = ("lz4", "zstd", "deflate")


def decompress_body(body: bytes, headers: Mapping[str, str], limit: int = MAX_BODY_SIZE) -> bytes:
    """Undo ``x-log-compresstype``; enforce the raw size limit (``PostBodyTooLarge``, 413)."""
    compress_type = headers.get("x-log-compresstype", "").strip().lower()
    if not compress_type:
        if len(body) > limit:
            raise body_too_large(len(body), limit)
        return body
    if compress_type not in _COMPRESS_TYPES:
        raise ApiError(400, "InvalidCompressType", f"compress type {compress_type} is not supported")
    raw_text = headers.get("x-log-bodyrawsize")
    if raw_text is None:
        raise ApiError(400, "MissingBodyRawSize", "x-log-bodyrawsize is required for a compressed body")
    raw_text = raw_text.strip()
    if not raw_text.isdigit():
        raise ApiError(400, "InvalidBodyRawSize", f"invalid x-log-bodyrawsize: {raw_text!r}")
    raw_size = int(raw_text)
    if raw_size > limit:
        raise body_too_large(raw_size, limit)
    if not body:
        if raw_size:
            raise ApiError(400, "PostBodyUncompressError", "empty compressed body with a non-zero x-log-bodyrawsize")
        return b""
    from aliyun.log.codec import compression

    try:
        data = compression.decompress(body, compress_type, raw_size)
    except Exception as exc:  # CompressionError, or a codec error for corrupt input
        raise ApiError(
            400, "PostBodyUncompressError", f"cannot decompress the {compress_type} body of raw size {raw_size}: {exc}"
        ) from None
    if len(data) != raw_size:
        raise ApiError(
            400,
            "PostBodyUncompressError",
            f"the {compress_type} body decompresses to {len(data)} bytes, x-log-bodyrawsize says {raw_size}",
        )
    return data


def body_too_large(size: int, limit: int = MAX_BODY_SIZE) -> ApiError:
    return ApiError(413, "PostBodyTooLarge", f"Body size {size} must little than {limit}")


# --------------------------------------------------------------------------------------------------------------------
# Parameters

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


def parse_bool(value: Any, name: str) -> bool:
    """JSON booleans, ``True``/``False``/``true``/``false``/``1``/``0`` (any case), and 0/1."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
    raise parameter_invalid(f"{name} must be a boolean, got {value!r}")


def parse_int(value: Any, name: str, minimum: Optional[int] = None, maximum: Optional[int] = None) -> int:
    """An int from a JSON number or a decimal string, within [minimum, maximum]."""
    if isinstance(value, bool):
        raise parameter_invalid(f"{name} must be an integer, got {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    else:
        raise parameter_invalid(f"{name} must be an integer, got {value!r}")
    if minimum is not None and number < minimum:
        raise parameter_invalid(f"{name} must be >= {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise parameter_invalid(f"{name} must be <= {maximum}, got {number}")
    return number


def int_param(
    request: Request,
    name: str,
    default: Optional[int] = None,
    minimum: Optional[int] = None,
    maximum: Optional[int] = None,
) -> int:
    value = request.params.get(name)
    if value is None or value == "":
        if default is None:
            raise parameter_invalid(f"parameter {name} is required")
        return default
    return parse_int(value, name, minimum, maximum)


def bool_param(request: Request, name: str, default: bool = False) -> bool:
    value = request.params.get(name)
    if value is None or value == "":
        return default
    return parse_bool(value, name)


#: List APIs: ``size`` defaults to 100 and may not exceed 500.
MAX_PAGE_SIZE = 500


def paging(request: Request) -> Tuple[int, int]:
    """``(offset, size)`` of a list call (also read from headers, where Go puts them for some list APIs)."""
    headers = request.headers
    params = request.params
    offset_text = params.get("offset") or headers.get("offset") or "0"
    size_text = params.get("size") or headers.get("size") or "100"
    return parse_int(offset_text, "offset", 0), parse_int(size_text, "size", 0, MAX_PAGE_SIZE)


def page(items: List[Any], offset: int, size: int) -> List[Any]:
    return items[offset : offset + size]


def contains(filter_text: Optional[str]) -> Callable[[str], bool]:
    """A substring filter (empty or missing filter = everything)."""
    if not filter_text:
        return lambda _value: True
    return lambda value: filter_text in value


def require_keys(obj: Mapping[str, Any], names: Iterable[str]) -> None:
    for name in names:
        if name not in obj:
            raise parameter_invalid(f"{name} is required")
