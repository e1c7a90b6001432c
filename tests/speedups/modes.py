"""Run one codec call with the compiled codec and with the pure-Python reference, and compare the outcomes."""

from __future__ import annotations

from typing import Any, Callable, Tuple

from aliyun.log import _speedups

Outcome = Tuple[str, Any]


def outcome(call: Callable[[], Any]) -> Outcome:
    """``("ok", result)`` with dict items as ordered lists, or ``("error", (type, message))``."""
    try:
        result = call()
    except Exception as exc:
        return "error", (type(exc), str(exc))
    if isinstance(result, list):
        return "ok", [list(item.items()) if isinstance(item, dict) else item for item in result]
    return "ok", result


def both(native: Any, call: Callable[[], Any]) -> Tuple[Outcome, Outcome]:
    """The outcomes of ``call()`` with ``native`` in use, then with the pure-Python codec."""
    saved = _speedups._module
    try:
        _speedups._module = native
        fast = outcome(call)
        _speedups._module = None
        reference = outcome(call)
    finally:
        _speedups._module = saved
    return fast, reference
