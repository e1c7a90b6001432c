"""The optional compiled codec (``_codec``, C) and the switch between it and the pure-Python reference.

``aliyun.log.codec`` asks :func:`native_codec` once per call and uses the module it returns when there is one; the
native functions hand anything unusual back (they return None) so the pure-Python path stays the reference for every
input. The extension is absent on PyPy, on installs built without a compiler, and when ``ALIYUN_LOG_NO_SPEEDUPS`` is
set to a value other than ``0`` (read at first use).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any, Optional

__all__ = ["DISABLE_ENV", "native_codec", "speedups_enabled"]

DISABLE_ENV = "ALIYUN_LOG_NO_SPEEDUPS"

_logger = logging.getLogger(__name__)
_UNSET: Any = object()
_module: Any = _UNSET  # the loaded extension, None for the fallback, _UNSET before the first call


def _load() -> Optional[Any]:
    if os.environ.get(DISABLE_ENV, "") not in ("", "0"):
        _logger.debug("%s is set: the pure-Python codec is used", DISABLE_ENV)
        return None
    if sys.implementation.name != "cpython":
        _logger.debug("no compiled codec on %s: the pure-Python codec is used", sys.implementation.name)
        return None
    try:
        return importlib.import_module(f"{__name__}._codec")
    except ImportError as exc:
        _logger.debug("compiled codec not available (%s): the pure-Python codec is used", exc)
        return None


def native_codec() -> Optional[Any]:
    """The compiled codec module, or None when the pure-Python codec is in use."""
    global _module
    if _module is _UNSET:
        _module = _load()
    return _module


def speedups_enabled() -> bool:
    """Whether the compiled codec (``aliyun.log._speedups._codec``) is in use for encoding and flattening logs."""
    return native_codec() is not None
