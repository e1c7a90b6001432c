"""Field components of the ETL DSL (``aliyun.log.etl_core.trans_comp`` of the original SDK)."""

from __future__ import annotations

from .delimited import CSV, PSV, TSV
from .fields import ZIP, V
from .jsonexpand import JSON
from .keyvalue import KV
from .lookup import LOOKUP
from .regex import REGEX
from .split import SPLIT

__all__ = ["CSV", "JSON", "KV", "LOOKUP", "PSV", "REGEX", "SPLIT", "TSV", "ZIP", "V"]
