"""``aliyun.log.compress`` of the original SDK, on top of :mod:`aliyun.log.codec.compression`.

Failures raise :class:`~aliyun.log.LogException` (``UnsupportedCompressType`` / ``DecompressError``) as there.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Mapping, Optional

from ..codec.compression import CompressionError, available_compressions, compress, decompress
from ..errors import LogException

__all__ = ["CompressType", "Compressor", "lz_compresss", "lz_decompress", "zstd_compress", "zstd_decompress"]

UNSUPPORTED = "UnsupportedCompressType"


class CompressType(Enum):
    """The body compressions of PutLogs / PullLogs; ``str()`` gives the ``x-log-compresstype`` value."""

    UNCOMPRESSED = 1
    LZ4 = 2
    ZSTD = 3

    @staticmethod
    def default_compress_type() -> CompressType:
        return CompressType.LZ4

    @staticmethod
    def from_nullable_str(compress_type: Optional[str]) -> CompressType:
        """``"lz4"`` / ``"zstd"`` to their member; anything else to the default (LZ4)."""
        return {"lz4": CompressType.LZ4, "zstd": CompressType.ZSTD}.get(
            compress_type or "", CompressType.default_compress_type()
        )

    def __str__(self) -> str:
        return _HEADER_VALUES[self]


_HEADER_VALUES = {CompressType.UNCOMPRESSED: "", CompressType.LZ4: "lz4", CompressType.ZSTD: "zstd"}


def _run(data: bytes, kind: str, raw_size: Optional[int] = None) -> bytes:
    """Compress (``raw_size`` None) or decompress ``data``; LogException for an unusable type or corrupt data."""
    if kind not in available_compressions() and kind != "":
        raise LogException(UNSUPPORTED, f"Unsupported compress type {kind!r} (available: {available_compressions()})")
    try:
        return compress(data, kind) if raw_size is None else decompress(data, kind, raw_size)
    except CompressionError as exc:
        raise LogException("DecompressError", str(exc)) from None


def lz_compresss(data: bytes) -> bytes:
    """A raw LZ4 block (no size prefix). The name keeps the original's spelling."""
    return _run(data, "lz4")


def lz_decompress(raw_size: int, data: bytes) -> bytes:
    return _run(data, "lz4", raw_size)


def zstd_compress(data: bytes) -> bytes:
    return _run(data, "zstd")


def zstd_decompress(raw_size: int, data: bytes) -> bytes:
    return _run(data, "zstd", raw_size)


def _check_type(compress_type: Any) -> CompressType:
    if not isinstance(compress_type, CompressType):
        raise LogException(UNSUPPORTED, f"Unsupported compress type: {compress_type!r}")
    return compress_type


class Compressor:
    """Compress / decompress bodies by :class:`CompressType`."""

    @staticmethod
    def compress(data: bytes, compress_type: CompressType) -> bytes:
        return _run(data, str(_check_type(compress_type)))

    @staticmethod
    def decompress(data: bytes, raw_size: int, compress_type: CompressType) -> bytes:
        return _run(data, str(_check_type(compress_type)), raw_size)

    @staticmethod
    def decompress_response(header: Mapping[str, Any], response: bytes) -> bytes:
        """A response body decompressed as its ``x-log-compresstype`` / ``x-log-bodyrawsize`` headers say."""
        lower = {str(key).lower(): value for key, value in header.items()}
        kind = str(lower.get("x-log-compresstype", "")).lower()
        if not kind:
            return response
        raw_size = int(lower.get("x-log-bodyrawsize", 0))
        if raw_size == 0:
            return b""
        return _run(response, "deflate" if kind == "gzip" else kind, raw_size)
