"""The one place where request text becomes values: numbers, booleans, names, JSON documents, paging.

Every rule answers the service's 400 error (``ParameterInvalid`` unless the caller names another code), never a
500: numbers are ASCII decimal digits only (``str.isdigit`` would accept ``²``) with at most :data:`MAX_DIGITS`
digits and explicit bounds; names are matched whole (``fullmatch``: ``"abc\\n"`` is not a name); JSON bodies are
bounded in size and nesting depth before they are parsed.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any, Callable, List, Optional, Pattern, Tuple

from .core import ApiError, Request, parameter_invalid

__all__ = [
    "MAX_DIGITS",
    "MAX_JSON_DEPTH",
    "MAX_PAGE_SIZE",
    "NameRule",
    "bool_param",
    "contains",
    "int_param",
    "json_body",
    "page",
    "paging",
    "parse_bool",
    "parse_decimal",
    "parse_int",
    "parse_json",
]

#: Longest accepted decimal number (2**64 has 20 digits); longer text is refused before ``int()`` sees it.
MAX_DIGITS = 20
#: Every parsed integer is a signed 64-bit value (|n| < 2**63), as in the service.
INT64 = 1 << 63
#: Deepest accepted nesting of JSON arrays / objects in a request body.
MAX_JSON_DEPTH = 100
#: List APIs: ``size`` defaults to 100 and may not exceed 500.
MAX_PAGE_SIZE = 500

_ASCII_DIGITS = re.compile(rf"-?[0-9]{{1,{MAX_DIGITS}}}")


def _number_error(code: str, name: str, value: Any, detail: str = "an integer") -> ApiError:
    shown = value if not isinstance(value, str) or len(value) <= 40 else value[:40] + "..."
    return ApiError(400, code, f"{name} must be {detail}, got {shown!r}")


def _bounded(number: int, name: str, minimum: Optional[int], maximum: Optional[int], code: str) -> int:
    if not -INT64 <= number < INT64:
        raise ApiError(400, code, f"{name} is out of the 64-bit integer range")
    if minimum is not None and number < minimum:
        raise ApiError(400, code, f"{name} must be >= {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise ApiError(400, code, f"{name} must be <= {maximum}, got {number}")
    return number


def parse_decimal(
    text: str,
    name: str,
    minimum: Optional[int] = None,
    maximum: Optional[int] = None,
    code: str = "ParameterInvalid",
) -> int:
    """A decimal integer from text (headers, query parameters): optional ``-``, ASCII digits, surrounding blanks."""
    stripped = text.strip(" \t")
    if not _ASCII_DIGITS.fullmatch(stripped):
        raise _number_error(code, name, text)
    return _bounded(int(stripped), name, minimum, maximum, code)


def parse_int(
    value: Any,
    name: str,
    minimum: Optional[int] = None,
    maximum: Optional[int] = None,
    code: str = "ParameterInvalid",
) -> int:
    """An int from a JSON number (integral floats included) or decimal text, within [minimum, maximum]."""
    if isinstance(value, bool):
        raise _number_error(code, name, value)
    if isinstance(value, int):
        return _bounded(value, name, minimum, maximum, code)
    if isinstance(value, float) and value.is_integer():
        return _bounded(int(value), name, minimum, maximum, code)
    if isinstance(value, str):
        return parse_decimal(value, name, minimum, maximum, code)
    raise _number_error(code, name, value)


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


def int_param(
    request: Request,
    name: str,
    default: Optional[int] = None,
    minimum: Optional[int] = None,
    maximum: Optional[int] = None,
) -> int:
    """A query parameter as an int; ``default`` when absent or empty (required when ``default`` is None)."""
    value = request.params.get(name)
    if value is None or value == "":
        if default is None:
            raise parameter_invalid(f"parameter {name} is required")
        return default
    return parse_decimal(value, name, minimum, maximum)


def bool_param(request: Request, name: str, default: bool = False) -> bool:
    value = request.params.get(name)
    if value is None or value == "":
        return default
    return parse_bool(value, name)


def paging(request: Request) -> Tuple[int, int]:
    """``(offset, size)`` of a list call (also read from headers, where Go puts them for some list APIs)."""
    headers = request.headers
    params = request.params
    offset_text = params.get("offset") or headers.get("offset") or "0"
    size_text = params.get("size") or headers.get("size") or "100"
    return parse_decimal(offset_text, "offset", 0), parse_decimal(size_text, "size", 0, MAX_PAGE_SIZE)


def page(items: List[Any], offset: int, size: int) -> List[Any]:
    return items[offset : offset + size]


def contains(filter_text: Optional[str]) -> Callable[[str], bool]:
    """A substring filter (empty or missing filter = everything)."""
    if not filter_text:
        return lambda _value: True
    return lambda value: filter_text in value


# --------------------------------------------------------------------------------------------------------------------
# Names


class NameRule:
    """A resource name rule: ``pattern`` must match the WHOLE name; ``rule`` describes it in error messages."""

    __slots__ = ("label", "pattern", "rule")

    def __init__(self, label: str, pattern: str, rule: str) -> None:
        self.label = label
        self.pattern: Pattern[str] = re.compile(pattern)
        self.rule = rule

    def matches(self, name: Any) -> bool:
        return isinstance(name, str) and self.pattern.fullmatch(name) is not None

    def check(self, name: Any) -> str:
        """``name`` when it follows the rule; ``ParameterInvalid`` otherwise."""
        if not self.matches(name):
            raise parameter_invalid(f"invalid {self.label} name {name!r}: {self.rule}")
        return str(name)


# --------------------------------------------------------------------------------------------------------------------
# JSON

_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DEPTH_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def json_depth_exceeds(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether arrays / objects in ``data`` nest deeper than ``limit`` (strings are skipped)."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return False
    brackets = _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS)
    return max(itertools.accumulate(_DEPTH_STEP[b] for b in brackets), default=0) > limit


def parse_json(data: bytes, code: str = "PostBodyInvalid", what: str = "the request body") -> Any:
    """``data`` as JSON; ``code`` (400) when it is not JSON or nests deeper than :data:`MAX_JSON_DEPTH`."""
    if json_depth_exceeds(data):
        raise ApiError(400, code, f"{what} nests JSON deeper than {MAX_JSON_DEPTH} levels")
    try:
        return json.loads(data)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ApiError(400, code, f"{what} is not valid JSON: {exc}") from None


def json_body(
    request: Request,
    expect: Optional[type] = dict,
    *,
    required: bool = True,
    code: str = "PostBodyInvalid",
) -> Any:
    """The (decompressed) body as JSON of type ``expect`` (None: any); ``code`` (400) when it is not.

    The error code policy: ``PostBodyInvalid`` unless an API area answers its own (index APIs
    ``IndexInfoInvalid``, named entities ``ParameterInvalid``). An empty body is None when not ``required``.
    """
    from .bodies import payload

    data = payload(request)
    if not data.strip():
        if required:
            raise ApiError(400, code, "the request body is empty, a JSON document is expected")
        return None
    value = parse_json(data, code)
    if expect is not None and not isinstance(value, expect):
        kind = "a JSON object" if expect is dict else "a JSON array" if expect is list else expect.__name__
        raise ApiError(400, code, f"the request body must be {kind}")
    return value
