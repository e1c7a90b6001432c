"""``aliyun.log.util`` of the original SDK: the ``Util`` helper bag and a few free functions.

Signing helpers delegate to :mod:`aliyun.log.auth`, so ``Util.hmac_sha1`` and the signers can never disagree.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import socket
from collections.abc import Iterable as IterableABC
from collections.abc import Mapping as MappingABC
from datetime import datetime, timedelta, tzinfo
from typing import Any, Callable, Dict, Mapping, MutableMapping, Optional, Tuple, TypeVar, Union
from urllib.parse import quote, urlencode

from ..auth import v1_signature, v1_string_to_sign

__all__ = [
    "UTC",
    "ZERO",
    "PrefixLoggerAdapter",
    "Util",
    "base64_decodestring",
    "base64_encodestring",
    "is_stats_query",
    "object_name_encode",
    "require_python3",
    "utc",
]

F = TypeVar("F", bound=Callable[..., Any])
Text = Union[str, bytes]


def _as_bytes(value: Text) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def _as_text(value: Text) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def base64_encodestring(value: Text) -> str:
    """MIME base64 of ``value`` (text is UTF-8 encoded first), with a newline every 76 characters and at the end."""
    return base64.encodebytes(_as_bytes(value)).decode("utf-8")


def base64_decodestring(value: Text) -> str:
    """The UTF-8 text that ``value`` (MIME base64) encodes."""
    return base64.decodebytes(_as_bytes(value)).decode("utf-8")


_DOTTED_QUAD = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$")
_QUOTED = re.compile(r'"[^"]*"')
_PIPE_SELECT = re.compile(r"\|.*\bselect\b", re.IGNORECASE | re.DOTALL)


class Util:
    """Static helpers of the original SDK (headers, signing pieces, text conversion)."""

    @staticmethod
    def is_row_ip(ip: str) -> bool:
        """True for a dotted-quad IPv4 address such as ``"10.0.0.1"``."""
        return bool(_DOTTED_QUAD.match(ip)) and all(int(part) < 256 for part in ip.split("."))

    @staticmethod
    def get_host_ip(log_host: str) -> str:
        """The local address that routes to ``log_host`` (``"127.0.0.1"`` when there is no route)."""
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                sock.connect((log_host, 80))
                return str(sock.getsockname()[0])
        except OSError:
            return "127.0.0.1"

    @staticmethod
    def cal_md5(content: bytes) -> str:
        """Uppercase hex MD5, the ``Content-MD5`` of signature v1."""
        return hashlib.md5(content, usedforsecurity=False).hexdigest().upper()

    @staticmethod
    def hmac_sha1(content: Text, key: Text) -> str:
        """Base64 HMAC-SHA1 of ``content`` keyed by ``key`` (the v1 signature)."""
        return v1_signature(_as_text(key), _as_text(content))

    @staticmethod
    def canonicalized_log_headers(headers: Mapping[str, Any]) -> str:
        """The ``name:value\\n`` lines of the signed ``x-log-*`` / ``x-acs-*`` headers, sorted by name."""
        return "".join(f"{key}:{headers[key]}\n" for key in sorted(headers) if Util._is_extra_sign_header(key))

    @staticmethod
    def _is_extra_sign_header(key: str) -> bool:
        lower = key.lower()
        return lower.startswith("x-acs-") or (lower.startswith("x-log-") and not lower.startswith("x-log-meta-"))

    @staticmethod
    def url_encode(params: MutableMapping[str, Any]) -> str:
        """``params`` as a query string (lists repeat the key)."""
        return urlencode(params, True)

    @staticmethod
    def canonicalized_resource(resource: str, params: Optional[Mapping[str, Any]]) -> str:
        """``resource?k=v&...`` with the keys sorted and the values not encoded, as signature v1 signs it."""
        if not params:
            return resource
        texts = {key: _as_text(value) if isinstance(value, bytes) else str(value) for key, value in params.items()}
        signed = v1_string_to_sign("GET", resource, texts, {})
        return signed[signed.rindex("\n") + 1:]

    @staticmethod
    def convert_unicode_to_str(data: Any) -> Any:
        """``data`` with every ``bytes`` (also inside mappings and sequences) decoded as UTF-8."""
        if isinstance(data, bytes):
            return data.decode("utf-8")
        if isinstance(data, MappingABC):
            return {Util.convert_unicode_to_str(k): Util.convert_unicode_to_str(v) for k, v in data.items()}
        if isinstance(data, IterableABC) and not isinstance(data, str):
            return type(data)(map(Util.convert_unicode_to_str, data))  # type: ignore[call-arg]
        return data

    @staticmethod
    def h_v_t(header: Mapping[str, Any], key: str) -> Any:
        """The value of header ``key`` (as given or in Title-Case); ``ValueError`` when it is missing."""
        for name in (key, key.title()):
            if name in header:
                return header[name]
        raise ValueError(f"Unexpected header in response, missing: {key} headers:\n{header}")

    @staticmethod
    def h_v_td(header: Mapping[str, Any], key: str, default: Any) -> Any:
        """The value of header ``key`` (as given or in Title-Case), or ``default``."""
        return header[key] if key in header else header.get(key.title(), default)

    @staticmethod
    def v_or_d(value: Any, default: Any = None) -> Any:
        """``value`` unless it is None, then ``default``."""
        return default if value is None else value


ZERO = timedelta(0)


class UTC(tzinfo):
    """The UTC time zone (``datetime.timezone.utc`` does the same; kept for code written against this class)."""

    def utcoffset(self, dt: Optional[datetime]) -> timedelta:
        return ZERO

    def tzname(self, dt: Optional[datetime]) -> str:
        return "UTC"

    def dst(self, dt: Optional[datetime]) -> timedelta:
        return ZERO


utc = UTC()


def is_stats_query(query: Optional[str]) -> bool:
    """True for an analytic query (``search | select ...``), False for a plain search."""
    return bool(query) and bool(_PIPE_SELECT.search(_QUOTED.sub("", query or "")))


class PrefixLoggerAdapter(logging.LoggerAdapter):  # type: ignore[type-arg]
    """A logger adapter that prefixes every message and adds ``extra`` fields to every record."""

    def __init__(self, prefix: str, extra: Dict[str, Any], logger: logging.Logger, *args: Any, **kwargs: Any) -> None:
        super().__init__(logger, *args, **kwargs)
        self._prefix = prefix
        self._extra = extra

    def process(self, msg: Any, kwargs: MutableMapping[str, Any]) -> Tuple[Any, MutableMapping[str, Any]]:
        kwargs["extra"] = {**kwargs.get("extra", {}), **self._extra}
        return f"{self._prefix}{msg}", kwargs


def require_python3(func: F) -> F:
    """A no-op decorator: the original marked Python-3-only functions with it; this SDK is Python 3 only."""
    return func


def object_name_encode(object_name: str) -> str:
    """``object_name`` percent-encoded for a URL path (``/`` kept)."""
    return quote(object_name)
