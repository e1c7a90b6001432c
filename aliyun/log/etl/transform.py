"""Conditions and rules together (``aliyun.log.etl_core.transform`` of the original SDK)."""

from __future__ import annotations

from .conditions import *  # noqa: F403
from .conditions import __all__ as _conditions
from .rules import *  # noqa: F403
from .rules import __all__ as _rules

__all__ = [*_conditions, *_rules]
