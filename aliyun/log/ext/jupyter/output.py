"""How the magics report: one-line errors on stderr and local times."""

from __future__ import annotations

import sys
from datetime import datetime
from typing import Union

from ...errors import LogException


def error_line(exc: BaseException) -> str:
    """``exc`` on one line: the service's code, message and request id for a :class:`LogException`."""
    if isinstance(exc, LogException):
        text = str(exc)
    else:
        detail = str(exc) or repr(exc)
        text = f"{type(exc).__name__}: {detail}"
    return " ".join(text.split())


def show_error(exc: Union[BaseException, str]) -> None:
    """Print an error (one line) on stderr: a notebook shows it in red, without a traceback."""
    print(f"error: {exc if isinstance(exc, str) else error_line(exc)}", file=sys.stderr)


def time_text(value: Union[int, str]) -> str:
    """Unix seconds as local ``YYYY-MM-DD HH:MM:SS`` (cursor words as they are)."""
    if isinstance(value, str):
        return value
    return datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M:%S")
