"""Argument checks of the account-level APIs (resources, topostores): ``TypeError`` naming the argument, as the
original SDK raises for these calls."""

from __future__ import annotations

from typing import Any, List, TypeVar

T = TypeVar("T")


def require_instance(value: T, cls: type, what: str) -> T:
    if not isinstance(value, cls):
        raise TypeError(f"{what} must be a {cls.__name__}, got {type(value).__name__}")
    return value


def require_str(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"{what} must be a non-empty str, got {value!r}")
    return value


def require_str_list(value: Any, what: str) -> List[str]:
    if not isinstance(value, (list, tuple)) or not all(isinstance(item, str) and item for item in value):
        raise TypeError(f"{what} must be a list of non-empty str, got {value!r}")
    return list(value)


def require_paging(offset: Any, size: Any) -> None:
    if not (isinstance(offset, int) and isinstance(size, int)):
        raise TypeError(f"offset and size must be int, got {offset!r} and {size!r}")
