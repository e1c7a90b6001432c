"""Waiting on conditions in tests: generous time-outs that machine load cannot break, and a report of what was seen.

Every wait in the suite goes through :func:`wait_for`. Its time-out is a ceiling, not an expectation: a healthy run
returns as soon as the condition holds. ``ALIYUN_LOG_TEST_TIMEOUT_SCALE`` multiplies every ceiling on a very slow
machine.
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable, Optional

#: The default ceiling, in seconds, before the scale factor.
DEFAULT_TIMEOUT = 120.0


def _scale() -> float:
    try:
        return max(1.0, float(os.environ.get("ALIYUN_LOG_TEST_TIMEOUT_SCALE", "1")))
    except ValueError:
        return 1.0


def wait_for(
    predicate: Callable[[], Any],
    what: str,
    timeout: float = DEFAULT_TIMEOUT,
    step: float = 0.05,
    observe: Optional[Callable[[], Any]] = None,
) -> Any:
    """Poll ``predicate`` until it returns a truthy value, and return that value.

    On time-out, raise ``AssertionError`` naming ``what`` was awaited and what was observed: ``observe()`` when
    given, else the predicate's last value.
    """
    ceiling = timeout * _scale()
    deadline = time.monotonic() + ceiling
    value = predicate()
    while not value:
        if time.monotonic() >= deadline:
            seen = observe() if observe is not None else value
            raise AssertionError(f"waited {ceiling:.0f}s for {what}; observed: {seen!r}")
        time.sleep(step)
        value = predicate()
    return value
