"""Run a workload with the codec it names: ``"auto"`` (the compiled one when built) or ``"python"`` (the fallback)."""

from __future__ import annotations

import contextlib
from typing import Iterator

CODECS = ("auto", "python")


@contextlib.contextmanager
def forced_codec(codec: str) -> Iterator[str]:
    """Within the block the codec is ``codec``; yields the name of the one really in use (``native``/``python``)."""
    if codec not in CODECS:
        raise ValueError(f"codec must be one of {CODECS}, got {codec!r}")
    from aliyun.log import _speedups

    saved = _speedups.native_codec()
    _speedups._module = None if codec == "python" else saved
    try:
        yield "native" if _speedups._module is not None else "python"
    finally:
        _speedups._module = saved
