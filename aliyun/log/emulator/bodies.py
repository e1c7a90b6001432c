"""Request bodies: undo ``x-log-compresstype`` and enforce the service's size limits.

Limits (``aliyun.log.limits`` and PROTOCOL §4): a PutLogs body is at most :data:`MAX_RAW_BODY_BYTES` (10 MiB)
uncompressed; any request body is at most :data:`MAX_REQUEST_BODY_BYTES` as received (checked from
``Content-Length`` before reading it). Both answer ``PostBodyTooLarge`` (413).
"""

from __future__ import annotations

from typing import Mapping

from aliyun.log.limits import MAX_RAW_BODY_BYTES

from .core import ApiError, Request
from .parsing import parse_decimal

__all__ = ["MAX_RAW_BODY_BYTES", "MAX_REQUEST_BODY_BYTES", "body_too_large", "decompress_body", "payload"]

#: Largest body read at all (compressed data can be bigger than its raw form for random input).
MAX_REQUEST_BODY_BYTES = MAX_RAW_BODY_BYTES + (MAX_RAW_BODY_BYTES >> 3)

_COMPRESS_TYPES = ("lz4", "zstd", "deflate")


def body_too_large(size: int, limit: int = MAX_RAW_BODY_BYTES) -> ApiError:
    return ApiError(413, "PostBodyTooLarge", f"Body size {size} must little than {limit}")


def payload(request: Request) -> bytes:
    """The request body, decompressed (computed once per request)."""
    if request.decoded is None:
        request.decoded = decompress_body(request.body, request.headers)
    return request.decoded


def decompress_body(body: bytes, headers: Mapping[str, str], limit: int = MAX_RAW_BODY_BYTES) -> bytes:
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
    raw_size = parse_decimal(raw_text, "x-log-bodyrawsize", 0, code="InvalidBodyRawSize")
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
