"""The rule prefixes of the DSL and how function rules are recognised (``aliyun.log.etl_core.settings``)."""

from __future__ import annotations

from enum import Enum
from typing import Any, Callable, Dict

from .rules import (
    dispatch_event,
    drop_event,
    drop_fields,
    extract_kv_fields,
    keep_event,
    keep_fields,
    rename_fields,
    transform_event,
)

__all__ = [
    "ALIAS_", "DISPATCH_EVENT_", "DROP_EVENT_", "DROP_FIELDS_", "KEEP_EVENT_", "KEEP_FIELDS_", "KV_FIELDS_",
    "RENAME_FIELDS_", "TRANSFORM_EVENT_", "TransFnType", "builtin_macros", "check_fn_type_by_name",
]

#: ``PREFIX.*`` (full match on a module-level name) -> the rule built from the name's value.
builtin_macros: Dict[str, Callable[[Any], Any]] = {
    "KEEP_EVENT_.*": keep_event,
    "DROP_EVENT_.*": drop_event,
    "KEEP_FIELDS_.*": keep_fields,
    "DROP_FIELDS_.*": drop_fields,
    "RENAME_FIELDS_.*": rename_fields,
    "ALIAS_.*": rename_fields,
    "DISPATCH_EVENT_.*": dispatch_event,
    "TRANSFORM_EVENT_.*": transform_event,
    "KV_FIELDS_.*": extract_kv_fields,
}

#: The nine prefixes, in the order above.
PREFIXES = tuple(pattern[:-2] for pattern in builtin_macros)


def _describe(pattern: str) -> str:
    return f"names starting with {pattern[:-2]} become {builtin_macros[pattern].__name__} rules"


KEEP_EVENT_ = _describe("KEEP_EVENT_.*")
DROP_EVENT_ = _describe("DROP_EVENT_.*")
KEEP_FIELDS_ = _describe("KEEP_FIELDS_.*")
DROP_FIELDS_ = _describe("DROP_FIELDS_.*")
RENAME_FIELDS_ = _describe("RENAME_FIELDS_.*")
ALIAS_ = _describe("ALIAS_.*")
DISPATCH_EVENT_ = _describe("DISPATCH_EVENT_.*")
TRANSFORM_EVENT_ = _describe("TRANSFORM_EVENT_.*")
KV_FIELDS_ = _describe("KV_FIELDS_.*")


class TransFnType(Enum):
    """What a function rule returns: a new event (``sls_en_*``) or fields to merge (``sls_eu_*``)."""

    EVENT_NEW = "EVENT_NEW"
    EVENT_UPDATE = "EVENT_UPDATE"
    UNKNOWN = "UNKNOWN"


def check_fn_type_by_name(name: str) -> TransFnType:
    """``sls_en_*`` -> EVENT_NEW, ``sls_eu_*`` -> EVENT_UPDATE, anything else UNKNOWN."""
    if name.startswith("sls_en_"):
        return TransFnType.EVENT_NEW
    if name.startswith("sls_eu_"):
        return TransFnType.EVENT_UPDATE
    return TransFnType.UNKNOWN


def rule_builder(name: str) -> Any:
    """The rule class for a module-level name with a rule prefix, or None."""
    for prefix, pattern in zip(PREFIXES, builtin_macros):
        if name.startswith(prefix):
            return builtin_macros[pattern]
    return None
