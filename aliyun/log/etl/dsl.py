"""Everything a config gets from ``from aliyun.log.etl_core import *``."""

from __future__ import annotations

from .components import CSV, JSON, KV, LOOKUP, PSV, REGEX, SPLIT, TSV, ZIP, V
from .conditions import ALL, ANY, EMPTY, EXIST, F_META, F_TAGS, F_TIME, NO_EMPTY, NONE, condition
from .rules import (
    ALIAS,
    DROP,
    DROP_F,
    KEEP,
    KEEP_F,
    KV_F,
    RENAME,
    dispatch_event,
    drop_event,
    drop_fields,
    extract_kv_fields,
    keep_event,
    keep_fields,
    rename_fields,
    simple_drop,
    simple_keep,
    transform,
    transform_event,
)
from .runner import Runner
from .settings import (
    ALIAS_,
    DISPATCH_EVENT_,
    DROP_EVENT_,
    DROP_FIELDS_,
    KEEP_EVENT_,
    KEEP_FIELDS_,
    KV_FIELDS_,
    RENAME_FIELDS_,
    TRANSFORM_EVENT_,
)
from .util import NOT

__all__ = [  # the names of ``from aliyun.log.etl_core import *`` (spec section 0)
    "ALIAS", "ALIAS_", "ALL", "ANY", "CSV", "DISPATCH_EVENT_", "DROP", "DROP_EVENT_", "DROP_F", "DROP_FIELDS_",
    "EMPTY", "EXIST", "F_META", "F_TAGS", "F_TIME", "JSON", "KEEP", "KEEP_EVENT_", "KEEP_F", "KEEP_FIELDS_", "KV",
    "KV_F", "KV_FIELDS_", "LOOKUP", "NONE", "NOT", "NO_EMPTY", "PSV", "REGEX", "RENAME", "RENAME_FIELDS_", "SPLIT",
    "TRANSFORM_EVENT_", "TSV", "ZIP", "Runner", "V", "condition", "dispatch_event", "drop_event", "drop_fields",
    "extract_kv_fields", "keep_event", "keep_fields", "rename_fields", "simple_drop", "simple_keep", "transform",
    "transform_event",
]
