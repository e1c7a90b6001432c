"""Test-only: make ``aliyun.log.etl_core`` and its submodules importable from the legacy-path table.

The package-wide legacy-path table replaces this at merge; it registers the same modules.
"""

from __future__ import annotations

import importlib
import sys

from aliyun.log.etl.legacy import ETL_CORE_PATHS


def register() -> None:
    for legacy in sorted(ETL_CORE_PATHS, key=len):
        module = importlib.import_module(ETL_CORE_PATHS[legacy])
        sys.modules.setdefault(legacy, module)
        parent, _, child = legacy.rpartition(".")
        if parent in sys.modules and not hasattr(sys.modules[parent], child):
            setattr(sys.modules[parent], child, sys.modules[legacy])
