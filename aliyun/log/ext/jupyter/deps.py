"""The extension's third-party packages: importing them, or failing with the line that installs them."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Tuple

from ... import version

#: The packages ``%load_ext aliyun.log.ext.jupyter_magic`` cannot work without.
REQUIRED = ("IPython", "pandas")


def install_hint(extra: str = "jupyter") -> str:
    """The pip command that installs this SDK with ``extra`` (the Jupyter one by default)."""
    return version.install_hint(extra)


def require(*names: str) -> Tuple[ModuleType, ...]:
    """Import ``names``; an ``ImportError`` naming the missing ones and the install command when any is missing."""
    modules = []
    missing = []
    for name in names:
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            missing.append(name)
    if missing:
        raise ImportError(
            f"the Log Service Jupyter extension needs {' and '.join(missing)}: {install_hint()}"
        )
    return tuple(modules)
