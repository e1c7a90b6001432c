"""Checks every response parser uses: a field of the wrong shape is a ``BadResponse``, never a raw exception.

Each helper takes the response headers, so the error carries the request id of the answer that was malformed.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional

from ..errors import BAD_RESPONSE, LogException

_MISSING = object()
_DECIMAL = re.compile(r"\s*[+-]?[0-9]+\s*\Z", re.ASCII)


def header(headers: Optional[Mapping[str, str]], name: str) -> Optional[str]:
    """Header ``name`` whatever its case (``None`` when absent)."""
    if not headers:
        return None
    if name in headers:
        return headers[name]
    lower = name.lower()
    for key, value in headers.items():
        if key.lower() == lower:
            return value
    return None


def request_id_of(headers: Optional[Mapping[str, str]]) -> str:
    """The ``x-log-requestid`` header, whatever its case."""
    return str(header(headers, "x-log-requestid") or "")


def bad_response(message: str, headers: Optional[Mapping[str, str]], body: Any = "") -> LogException:
    """A ``BadResponse`` LogException for an answer the SDK cannot accept (status 0: detected by the SDK)."""
    return LogException(BAD_RESPONSE, message, request_id_of(headers), 0, dict(headers or {}), body)


def require_dict(value: Any, what: str, headers: Optional[Mapping[str, str]]) -> Dict[str, Any]:
    """``value`` itself when it is a JSON object."""
    if not isinstance(value, dict):
        raise bad_response(f"{what} must be a JSON object, got {_kind(value)}", headers)
    return value


def require_list(value: Any, what: str, headers: Optional[Mapping[str, str]]) -> List[Any]:
    """``value`` itself when it is a JSON array."""
    if not isinstance(value, list):
        raise bad_response(f"{what} must be a JSON array, got {_kind(value)}", headers)
    return value


def require_int(value: Any, what: str, headers: Optional[Mapping[str, str]]) -> int:
    """An integer given as a JSON number without fraction or as a decimal string."""
    if isinstance(value, bool):
        raise bad_response(f"{what} must be an integer, got {value!r}", headers)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _DECIMAL.match(value):
        return int(value)
    raise bad_response(f"{what} must be an integer, got {_short(value)}", headers)


def require_str(value: Any, what: str, headers: Optional[Mapping[str, str]]) -> str:
    """``value`` itself when it is a string."""
    if not isinstance(value, str):
        raise bad_response(f"{what} must be a string, got {_kind(value)}", headers)
    return value


def field(body: Dict[str, Any], key: str, headers: Optional[Mapping[str, str]], default: Any = _MISSING) -> Any:
    """``body[key]``; a missing key is a ``BadResponse`` unless a default is given."""
    if key in body:
        return body[key]
    if default is _MISSING:
        raise bad_response(f"the answer has no {key!r} field", headers)
    return default


def int_field(body: Dict[str, Any], key: str, headers: Optional[Mapping[str, str]], default: Any = _MISSING) -> int:
    """``body[key]`` as an int (see :func:`require_int`); missing: ``default`` or ``BadResponse``."""
    value = field(body, key, headers, default)
    return value if value is default else require_int(value, f"field {key!r}", headers)


def int_header(headers: Mapping[str, str], name: str, default: Optional[int] = None) -> int:
    """Header ``name`` as a non-negative int; missing: ``default`` or ``BadResponse``."""
    value = header(headers, name)
    if value is None or value == "":
        if default is None:
            raise bad_response(f"the answer has no {name} header", headers)
        return default
    number = require_int(value, f"header {name}", headers)
    if number < 0:
        raise bad_response(f"header {name} must not be negative, got {number}", headers)
    return number


def require_header(headers: Mapping[str, str], name: str) -> str:
    """Header ``name``, which must be present and non-empty."""
    value = header(headers, name)
    if not value:
        raise bad_response(f"the answer has no {name} header", headers)
    return value


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
