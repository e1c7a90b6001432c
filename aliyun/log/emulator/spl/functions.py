"""Values and scalar functions of SPL expressions.

Log fields are text. Like the service, comparisons of text with text are textual; unlike the service's strict
typing, arithmetic and comparisons with a number read numeric text as a number (``latency > 100`` works without a
``cast``), and text that is not a number is null there. A runtime failure (a ``cast`` that does not convert, a
division by zero, a bad argument) makes the value null instead of failing the whole pull.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any, Callable, Dict, Optional, Pattern, Tuple, Union

__all__ = ["FUNCTIONS", "Value", "cast", "compare", "like_pattern", "to_number", "to_text"]

Value = Union[None, str, int, float, bool]

#: The longest text a function builds (the service's value limit).
MAX_TEXT = 1024 * 1024


def to_number(value: Value) -> Optional[Union[int, float]]:
    """A number from a value (text is parsed; booleans are 1/0); None when it is not a number."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def to_text(value: Value) -> Optional[str]:
    """How a value is written back into a log field (booleans as ``true``/``false``)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return f"{value:.1f}"
    return str(value)


def _to_bool(value: Value) -> Optional[bool]:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    lowered = value.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return None


def compare(left: Value, right: Value) -> Optional[int]:
    """-1/0/1, numeric when either side is a number, else textual; None when a side is null or not comparable."""
    if left is None or right is None:
        return None
    if isinstance(left, str) and isinstance(right, str):
        return (left > right) - (left < right)
    a, b = to_number(left), to_number(right)
    if a is None or b is None:
        return None
    return (a > b) - (a < b)


def cast(value: Value, type_name: str) -> Value:
    """``cast(value as type)``: bigint, double, varchar, boolean; ValueError when the value does not convert."""
    if value is None:
        return None
    kind = type_name.lower()
    if kind in ("bigint", "int", "integer", "smallint", "tinyint", "long"):
        number = to_number(value)
        if number is None:
            raise ValueError(f"cannot cast '{to_text(value)}' to {type_name}")
        return int(number) if isinstance(number, int) else round(number)
    if kind in ("double", "real", "float", "decimal"):
        number = to_number(value)
        if number is None:
            raise ValueError(f"cannot cast '{to_text(value)}' to {type_name}")
        return float(number)
    if kind in ("varchar", "string", "char", "text", "json"):
        return to_text(value)
    if kind == "boolean":
        flag = _to_bool(value)
        if flag is None:
            raise ValueError(f"cannot cast '{to_text(value)}' to boolean")
        return flag
    raise ValueError(f"unknown type {type_name}")


@lru_cache(maxsize=256)
def like_pattern(pattern: str) -> Pattern[str]:
    """SQL ``LIKE``: ``%`` any run, ``_`` one character, everything else literal."""
    parts = [".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern]
    return re.compile("".join(parts) + r"\Z", re.DOTALL)


@lru_cache(maxsize=256)
def _regex(pattern: str) -> Pattern[str]:
    return re.compile(pattern)


def _text_args(func: Callable[..., Value]) -> Callable[..., Value]:
    """Null in, null out; other arguments as text."""

    def wrapper(*args: Value) -> Value:
        if any(arg is None for arg in args):
            return None
        return func(*(to_text(arg) for arg in args))

    return wrapper


def _number_args(func: Callable[..., Value]) -> Callable[..., Value]:
    def wrapper(*args: Value) -> Value:
        numbers = [to_number(arg) for arg in args]
        if any(number is None for number in numbers):
            return None
        return func(*numbers)

    return wrapper


def _substr(text: str, start: str, length: Optional[str] = None) -> str:
    begin = int(start)
    begin = begin - 1 if begin > 0 else len(text) + begin
    if length is None:
        return text[max(begin, 0):]
    return text[max(begin, 0):max(begin, 0) + int(length)]


def _split_part(text: str, delimiter: str, index: str) -> Optional[str]:
    parts = text.split(delimiter)
    position = int(index)
    return parts[position - 1] if 1 <= position <= len(parts) else None


def _regexp_extract(text: str, pattern: str, group: str = "0") -> Optional[str]:
    match = _regex(pattern).search(text)
    return match.group(int(group)) if match else None


def _regexp_replace(text: str, pattern: str, replacement: str = "") -> str:
    return _regex(pattern).sub(re.sub(r"\$(\d+)", r"\\\1", replacement), text)


def _json_path(document: str, path: str) -> Tuple[bool, Any]:
    try:
        node: Any = json.loads(document)
    except ValueError:
        return False, None
    steps = re.findall(r"\.([^.\[]+)|\[(\d+)\]|\[\"([^\"]+)\"\]", path[1:] if path.startswith("$") else path)
    for key, index, quoted in steps:
        if isinstance(node, dict) and (key or quoted) in node:
            node = node[key or quoted]
        elif isinstance(node, list) and index and int(index) < len(node):
            node = node[int(index)]
        else:
            return False, None
    return True, node


def _json_extract_scalar(document: str, path: str) -> Optional[str]:
    found, node = _json_path(document, path)
    if not found or isinstance(node, (dict, list)) or node is None:
        return None
    return to_text(node)


def _json_extract(document: str, path: str) -> Optional[str]:
    found, node = _json_path(document, path)
    return json.dumps(node, ensure_ascii=False, separators=(",", ":")) if found else None


def _round(number: Union[int, float], digits: Union[int, float] = 0) -> Union[int, float]:
    rounded = round(number, int(digits))
    return rounded if isinstance(number, float) else int(rounded)


def _pad(text: str, size: str, pad: str, left: bool) -> str:
    """``lpad`` / ``rpad``: ``text`` cut or padded with ``pad`` to ``size`` characters (at most 1 MiB)."""
    width = int(size)
    if not 0 <= width <= MAX_TEXT or not pad:
        raise ValueError(f"pad size must be 0..{MAX_TEXT} with a non-empty pad")
    if len(text) >= width:
        return text[:width]
    filler = (pad * (width // len(pad) + 1))[:width - len(text)]
    return filler + text if left else text + filler


def _coalesce(*args: Value) -> Value:
    return next((arg for arg in args if arg is not None), None)


def _if(condition: Value, then: Value, otherwise: Value = None) -> Value:
    return then if condition is True else otherwise


def _concat(*args: Value) -> Value:
    if any(arg is None for arg in args):
        return None
    return "".join(to_text(arg) or "" for arg in args)


def _extreme(pick: Callable[..., Any]) -> Callable[..., Value]:
    def function(*args: Value) -> Value:
        if any(arg is None for arg in args):
            return None
        numbers = [to_number(arg) for arg in args]
        if all(number is not None for number in numbers):
            return pick(numbers)  # type: ignore[no-any-return]
        return pick(to_text(arg) for arg in args)  # type: ignore[no-any-return]

    return function


#: name → (minimum arguments, maximum arguments, implementation)
FUNCTIONS: Dict[str, Tuple[int, int, Callable[..., Value]]] = {
    "lower": (1, 1, _text_args(str.lower)),
    "upper": (1, 1, _text_args(str.upper)),
    "length": (1, 1, _text_args(len)),
    "trim": (1, 1, _text_args(str.strip)),
    "ltrim": (1, 1, _text_args(str.lstrip)),
    "rtrim": (1, 1, _text_args(str.rstrip)),
    "reverse": (1, 1, _text_args(lambda s: s[::-1])),
    "substr": (2, 3, _text_args(_substr)),
    "substring": (2, 3, _text_args(_substr)),
    "replace": (2, 3, _text_args(lambda s, old, new="": s.replace(old, new))),
    "split_part": (3, 3, _text_args(_split_part)),
    "strpos": (2, 2, _text_args(lambda s, sub: s.find(sub) + 1)),
    "starts_with": (2, 2, _text_args(str.startswith)),
    "ends_with": (2, 2, _text_args(str.endswith)),
    "lpad": (3, 3, _text_args(lambda s, n, pad: _pad(s, n, pad, left=True))),
    "rpad": (3, 3, _text_args(lambda s, n, pad: _pad(s, n, pad, left=False))),
    "concat": (1, 64, _concat),
    "regexp_like": (2, 2, _text_args(lambda s, p: _regex(p).search(s) is not None)),
    "regexp_extract": (2, 3, _text_args(_regexp_extract)),
    "regexp_replace": (2, 3, _text_args(_regexp_replace)),
    "json_extract_scalar": (2, 2, _text_args(_json_extract_scalar)),
    "json_extract": (2, 2, _text_args(_json_extract)),
    "abs": (1, 1, _number_args(abs)),
    "round": (1, 2, _number_args(_round)),
    "floor": (1, 1, _number_args(math.floor)),
    "ceil": (1, 1, _number_args(math.ceil)),
    "ceiling": (1, 1, _number_args(math.ceil)),
    "sqrt": (1, 1, _number_args(math.sqrt)),
    "ln": (1, 1, _number_args(math.log)),
    "log10": (1, 1, _number_args(math.log10)),
    "power": (2, 2, _number_args(lambda a, b: float(a) ** float(b))),
    "mod": (2, 2, _number_args(lambda a, b: math.fmod(a, b) if isinstance(a, float) or isinstance(b, float)
                               else int(math.fmod(a, b)))),
    "greatest": (1, 64, _extreme(max)),
    "least": (1, 64, _extreme(min)),
    "coalesce": (1, 64, _coalesce),
    "if": (2, 3, _if),
}
