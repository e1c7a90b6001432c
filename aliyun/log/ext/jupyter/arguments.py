"""What the magics read from their line: leading ``--options``, then a query or a ``<from> ~ <to>`` time range.

Options come first and are only recognised there, so a query keeps any ``--`` it contains; a lone ``--`` ends them.
"""

from __future__ import annotations

import keyword
import re
import time
from dataclasses import dataclass, replace
from typing import Any, Dict, Literal, Optional, Sequence, Tuple, Union, overload

from ...timeparse import parse_timestamp
from .export import check_export_path

#: The default time range of every magic: the last 15 minutes.
DEFAULT_SPAN_SECONDS = 15 * 60

#: The cursor positions ``%fetch`` accepts besides times.
CURSOR_WORDS = ("begin", "end")

TimePoint = Union[int, str]


class UsageError(ValueError):
    """A magic line that cannot be understood; the message says what to write instead."""


@dataclass(frozen=True)
class MagicOptions:
    """The ``--options`` of one magic call (``None``: the configured default)."""

    typed: Optional[bool] = None
    limit: Optional[int] = None
    plot: bool = False
    out: Optional[str] = None
    export: Optional[str] = None
    progress: Optional[bool] = None


@dataclass(frozen=True)
class _Option:
    field: str
    value: object = None  # what a flag sets; None: the option takes a value, named ``value_name``
    value_name: str = ""


#: The options of the magics (each magic accepts a subset); see docs/jupyter.md for their meaning.
OPTIONS: Dict[str, _Option] = {
    "typed": _Option("typed", True),
    "strings": _Option("typed", False),
    "limit": _Option("limit", value_name="N"),
    "plot": _Option("plot", True),
    "out": _Option("out", value_name="NAME"),
    "export": _Option("export", value_name="FILE"),
    "no-progress": _Option("progress", False),
}

_OPTION = re.compile(r"""\s*--([A-Za-z][\w-]*)(?:=("[^"]*"|'[^']*'|\S*))?(?=\s|$)""")
_VALUE = re.compile(r"""\s+("[^"]*"|'[^']*'|[^\s"']\S*)""")
_END_OF_OPTIONS = re.compile(r"\s*--(?=\s|$)")
_ANALYTIC = re.compile(r".+\|\s+select\s.+|\s*select\s+.+", re.DOTALL)


def split_options(line: str, allowed: Sequence[str]) -> Tuple[MagicOptions, str]:
    """The leading options of ``line`` (only those named in ``allowed``) and the rest of the line."""
    options = MagicOptions()
    position = 0
    while True:
        end = _END_OF_OPTIONS.match(line, position)
        if end:
            position = end.end()
            break
        match = _OPTION.match(line, position)
        if not match:
            break
        name, value_text = match.group(1), match.group(2)
        position = match.end()
        if name not in allowed:
            known = ", ".join("--" + n for n in allowed)
            raise UsageError(f"unknown option --{name} (options: {known}; a lone -- ends them)")
        option = OPTIONS[name]
        if option.value is not None:
            if value_text is not None:
                raise UsageError(f"--{name} takes no value")
            options = replace(options, **_field(option.field, option.value))
            continue
        if value_text is None:
            value_match = _VALUE.match(line, position)
            if not value_match:
                raise UsageError(f"--{name} needs a value: --{name} {option.value_name}")
            value_text = value_match.group(1)
            position = value_match.end()
        options = replace(options, **_field(option.field, _option_value(name, _unquoted(value_text))))
    return options, line[position:]


def _field(name: str, value: object) -> Dict[str, Any]:
    return {name: value}


def _unquoted(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def _option_value(name: str, text: str) -> object:
    if name == "limit":
        if not text.isdigit() or int(text) < 1:
            raise UsageError(f"--limit needs a positive number of rows, got {text!r}")
        return int(text)
    if name == "out" and (not text.isidentifier() or keyword.iskeyword(text)):
        raise UsageError(f"--out needs a Python variable name, got {text!r}")
    if not text:
        raise UsageError(f"--{name} needs a value")
    if name == "export":
        try:
            return check_export_path(text)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    return text


def split_range(text: str) -> Tuple[str, str]:
    """``"<from> ~ <to>"`` as its two trimmed parts (parts after a second ``~`` are ignored; no ``~``: to = "")."""
    parts = text.strip().split("~")
    return parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""


@overload
def resolve_range(text: str, now: Optional[float] = None, cursors: Literal[False] = False) -> Tuple[int, int]: ...


@overload
def resolve_range(text: str, now: Optional[float] = None, *, cursors: Literal[True]
                  ) -> Tuple[TimePoint, TimePoint]: ...


def resolve_range(text: str, now: Optional[float] = None, cursors: bool = False) -> Tuple[TimePoint, TimePoint]:
    """Unix seconds of ``"<from> ~ <to>"``; empty parts default to the last 15 minutes.

    With ``cursors``, ``begin`` and ``end`` are kept as words (the cursor positions of a pull).
    """
    current = time.time() if now is None else now
    from_text, to_text = split_range(text)
    start = _resolve(from_text, int(current) - DEFAULT_SPAN_SECONDS, current, cursors, "from")
    end = _resolve(to_text, int(current), current, cursors, "to")
    return start, end


def _resolve(text: str, default: int, now: float, cursors: bool, what: str) -> TimePoint:
    if not text:
        return default
    if cursors and text.lower() in CURSOR_WORDS:
        return text.lower()
    try:
        return parse_timestamp(text, now=now)
    except ValueError as exc:
        raise UsageError(f"{what} time: {exc}") from None


def looks_analytic(query: str) -> bool:
    """Whether ``query`` has a SQL part (``... | select ...`` or a leading ``select``), judged from its text."""
    return _ANALYTIC.match(query.lower()) is not None
