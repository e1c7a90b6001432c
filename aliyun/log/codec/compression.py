"""Body compression of PutLogs requests and PullLogs responses (``x-log-compresstype``).

``lz4`` is a raw LZ4 *block* (no frame, no size prefix; the size travels in ``x-log-bodyrawsize``), ``zstd`` a
standard zstd frame (level 1, needs the ``zstd`` extra), ``deflate`` a zlib stream, and ``""`` means uncompressed.
Every failure -- an unknown type, corrupt data, a size that does not match -- raises :class:`CompressionError`.
"""

from __future__ import annotations

import zlib
from typing import Any, List, Optional

from ..version import install_hint

__all__ = ["CompressionError", "available_compressions", "compress", "decompress"]

_ZSTD_LEVEL = 1
_KINDS = ("lz4", "zstd", "deflate", "")
_zstd_module: Optional[Any] = None


class CompressionError(ValueError):
    """A body that cannot be compressed or decompressed as its ``x-log-compresstype`` says."""


def _zstd() -> Any:
    global _zstd_module
    if _zstd_module is None:
        try:
            import zstandard
        except ImportError:
            raise CompressionError(
                f"zstd compression needs the zstandard package: {install_hint('zstd')}"
            ) from None
        _zstd_module = zstandard
    return _zstd_module


def _lz4_block() -> Any:
    try:
        import lz4.block
    except ImportError:  # pragma: no cover - lz4 is a hard dependency
        raise CompressionError("lz4 compression needs the lz4 package: pip install lz4") from None
    return lz4.block


def available_compressions() -> List[str]:
    """The compress types usable in this environment: ``lz4``, ``deflate`` and, with zstandard, ``zstd``."""
    names = []
    try:
        _lz4_block()
        names.append("lz4")
    except CompressionError:  # pragma: no cover
        pass
    try:
        _zstd()
        names.append("zstd")
    except CompressionError:
        pass
    names.append("deflate")
    return names


def compress(data: bytes, compress_type: str) -> bytes:
    """Compress ``data`` as ``compress_type`` (``lz4``, ``zstd``, ``deflate``; ``""`` returns it unchanged)."""
    kind = compress_type.lower() if compress_type else ""
    if kind == "lz4":
        return _lz4_block().compress(data, store_size=False)  # type: ignore[no-any-return]
    if kind == "zstd":
        return _zstd().ZstdCompressor(level=_ZSTD_LEVEL).compress(data)  # type: ignore[no-any-return]
    if kind == "deflate":
        return zlib.compress(data)
    if kind == "":
        return bytes(data)
    raise CompressionError(f"unknown compress type {compress_type!r}; use lz4, zstd or deflate")


def decompress(data: bytes, compress_type: str, raw_size: int) -> bytes:
    """Decompress ``data`` to exactly ``raw_size`` bytes (the value of ``x-log-bodyrawsize``)."""
    kind = compress_type.lower() if compress_type else ""
    if raw_size < 0:
        raise CompressionError(f"invalid raw size {raw_size} for a {compress_type or 'plain'} body")
    if not data and raw_size == 0 and kind in _KINDS:
        return b""
    if kind == "lz4":
        try:
            out = _lz4_block().decompress(data, uncompressed_size=raw_size)
        except Exception as exc:  # lz4.block.LZ4BlockError, or a size the library refuses
            raise CompressionError(f"cannot decompress lz4 body of {len(data)} bytes to {raw_size}: {exc}") from None
    elif kind == "zstd":
        zstandard = _zstd()
        try:
            declared = zstandard.frame_content_size(data)
            if declared > raw_size:  # refuse before allocating what a corrupt header claims
                raise CompressionError(f"zstd frame declares {declared} bytes, but the raw size is {raw_size}")
            out = zstandard.ZstdDecompressor().decompress(data, max_output_size=raw_size)
        except zstandard.ZstdError as exc:
            raise CompressionError(f"cannot decompress zstd body of {len(data)} bytes: {exc}") from None
    elif kind == "deflate":
        try:
            dec = zlib.decompressobj()
            out = dec.decompress(data, raw_size + 1)
            if not dec.eof:
                raise CompressionError(f"deflate body of {len(data)} bytes is truncated or larger than {raw_size}")
        except zlib.error as exc:
            raise CompressionError(f"cannot decompress deflate body of {len(data)} bytes: {exc}") from None
    elif kind == "":
        out = bytes(data)
    else:
        raise CompressionError(f"unknown compress type {compress_type!r}; use lz4, zstd or deflate")
    if len(out) != raw_size:
        raise CompressionError(
            f"{kind or 'plain'} body decompresses to {len(out)} bytes, but its raw size is {raw_size}"
        )
    return out  # type: ignore[no-any-return]
