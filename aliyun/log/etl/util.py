"""Building blocks of the ETL engine: full-match regexes, ``NOT``, and running an event through a rule list
(``aliyun.log.etl_core.etl_util`` of the original SDK)."""

from __future__ import annotations

import functools
import re
from typing import Any, Callable, Dict, List, Optional, Sequence, TypeVar, Union

__all__ = ["NOT", "get_re_full_match", "process_event", "re_full_match", "support_event_list_simple"]

Event = Dict[str, Any]
#: What a rule returns: the event, None (dropped) or a list of events (split).
Result = Union[Event, List[Event], None]
Rule = Callable[[Any], Any]
F = TypeVar("F", bound=Callable[..., Any])


class NOT(str):
    """A regex that must *not* fully match: ``{"status": NOT(r"2\\d\\d")}``."""

    def __new__(cls, pattern: Any) -> NOT:
        if not isinstance(pattern, str):
            raise ValueError(f"NOT can only be used with a string, got {pattern!r}")
        return super().__new__(cls, pattern)


@functools.lru_cache(maxsize=4096)
def get_re_full_match(pattern: str, flags: int = 0) -> Callable[[str], Optional[re.Match[str]]]:
    """The ``fullmatch`` method of the compiled ``pattern`` (compiled once per process)."""
    return re.compile(pattern, flags).fullmatch


def re_full_match(pattern: str, string: str) -> bool:
    """Whether ``string`` fully matches ``pattern``; inverted when ``pattern`` is a :class:`NOT`."""
    matched = get_re_full_match(str(pattern))(string) is not None
    return not matched if isinstance(pattern, NOT) else matched


def _collect(results: Any) -> Result:
    """Flatten per-event results: None are dropped, lists are spliced; one survivor comes back alone."""
    out: List[Event] = []
    for result in results:
        if result is None:
            continue
        if isinstance(result, (list, tuple)):
            out.extend(result)
        else:
            out.append(result)
    if not out:
        return None
    return out[0] if len(out) == 1 else out


def process_event(event: Any, fn_list: Sequence[Rule], cp: bool = True) -> Any:
    """Run ``event`` (a dict, or a list of dicts) through ``fn_list`` in order.

    The first rule gets a shallow copy (``cp``). A rule returning None drops the event; a list splits it, each part
    going through the remaining rules on its own. What the last rule returns is returned as it is.
    """
    if not fn_list:
        return event
    current = event
    if cp and isinstance(current, (dict, list)):
        current = current.copy()
    return resume(current, fn_list, 0)


def resume(current: Any, fn_list: Sequence[Rule], start: int) -> Any:
    """Go on with ``fn_list[start:]``, ``current`` being what ``fn_list[start - 1]`` returned."""
    for index in range(start, len(fn_list)):
        rule = fn_list[index]
        if isinstance(current, dict):
            current = rule(current)
        elif isinstance(current, (list, tuple)):
            rest = fn_list[index + 1:]
            if index:  # parts split by a rule may share dicts: each gets its own copy, as nested copies gave
                return _collect(process_event(rule(_copied(part)), rest, False) for part in current)
            return _collect(process_event(rule(part), rest, False) for part in current)
        else:
            return current
    return current


class KeyCache(dict):  # type: ignore[type-arg]
    """``cache[key]`` computes ``compute(key)`` once per key (remembering up to ``limit`` keys): dict lookups in
    comprehensions instead of a Python call per key."""

    def __init__(self, compute: Callable[[Any], Any], limit: int = 10_000) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: Any) -> Any:
        value = self.compute(key)
        if len(self) < self.limit:
            self[key] = value
        return value


def _copied(part: Any) -> Any:
    return part.copy() if isinstance(part, dict) else part


def _is_event_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(e is None or isinstance(e, dict) for e in value)


def support_event_list_simple(fn: F) -> F:
    """Let a method ``fn(self, event)`` also take a list of events: it maps over it, flattening the results."""

    @functools.wraps(fn)
    def wrapped(self: Any, event: Any, *args: Any, **kwargs: Any) -> Any:
        if event.__class__ is not dict and _is_event_list(event):
            return _collect(fn(self, e, *args, **kwargs) for e in event)
        return fn(self, event, *args, **kwargs)

    return wrapped  # type: ignore[return-value]
