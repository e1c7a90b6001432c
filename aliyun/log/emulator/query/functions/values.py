"""What every SQL function shares: the failure a user sees (:class:`FunctionError`) and result-value conventions."""

from __future__ import annotations

import math
import re
import threading
from typing import Any, Callable, Optional

__all__ = ["FunctionError", "fail", "format_value", "guard", "last_error", "to_double", "to_long"]


class FunctionError(ValueError):
    """A SQL function failed on its input (the message is what the user sees)."""


_errors = threading.local()


def fail(message: str) -> None:
    """Record ``message`` for :func:`last_error` and raise :class:`FunctionError` with it."""
    _errors.message = message
    raise FunctionError(message)


def last_error(clear: bool = True) -> Optional[str]:
    """The message of the last function failure on this thread (SQLite drops it)."""
    message = getattr(_errors, "message", None)
    if clear:
        _errors.message = None
    return message


def guard(func: Callable[..., Any], name: str) -> Callable[..., Any]:
    """``func`` reporting any Python error as a :class:`FunctionError` naming the SQL function."""
    def call(*args: Any) -> Any:
        try:
            return func(*args)
        except FunctionError:
            raise
        except Exception as exc:  # a Python error inside a function: report it with the function's name
            fail(f"function {name} failed: {exc}")

    return call



def format_value(value: Any) -> str:
    """A result cell as the service prints it: strings only, ``null`` for NULL."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        return repr(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


_LONG = re.compile(r"\s*[+-]?\d+\s*")


def to_long(value: Any) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else round(value)
    text = str(value)
    if _LONG.fullmatch(text):
        return int(text)
    return None


def to_double(value: Any) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number

