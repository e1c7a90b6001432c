"""Shared helpers of the management API tests."""

from __future__ import annotations

import time
from typing import Callable, Tuple, TypeVar

import pytest

from aliyun.log import LogException

T = TypeVar("T")


def error_of(call: Callable[[], object]) -> Tuple[str, int]:
    """``(error code, HTTP status)`` of the LogException ``call()`` raises."""
    with pytest.raises(LogException) as info:
        call()
    return info.value.get_error_code(), info.value.get_resp_status()


def wait_for(observe: Callable[[], T], done: Callable[[T], bool], what: str, timeout: float = 60.0) -> T:
    """Poll ``observe()`` until ``done(value)``; fail with the last value seen after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    value = observe()
    while not done(value):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}; last observed: {value!r}")
        time.sleep(0.2)
        value = observe()
    return value
