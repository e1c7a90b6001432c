"""An import hook serving the legacy module paths of :mod:`.table` as real modules.

``import aliyun.log.logitem`` creates a module whose ``LogItem`` *is* :class:`aliyun.log.models.logitem.LogItem`.
The hook sits last on :data:`sys.meta_path`, so a real module always wins over a table entry.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
from types import ModuleType
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, Tuple, cast

from .table import LEGACY_MODULES

if TYPE_CHECKING:  # pragma: no cover
    from importlib.abc import Loader

PACKAGE = "aliyun.log"

#: (legacy name, our module, our name) for every name a legacy path holds
Binding = Tuple[str, str, str]


def bindings(spec: str) -> List[Binding]:
    """Parse one table value, e.g. ``"models.query:GetLogsRequest; _legacy.util:Util Old=New"``."""
    result: List[Binding] = []
    for source in spec.split(";"):
        module, sep, names = source.partition(":")
        if not sep or not module.strip() or not names.split():
            raise ValueError(f"bad legacy table entry {source!r}: expected '<module>:<Name> ...'")
        for name in names.split():
            legacy, _, ours = name.partition("=")
            result.append((legacy, f"{PACKAGE}.{module.strip()}", ours or legacy))
    return result


def legacy_packages(paths: Sequence[str]) -> List[str]:
    """Table paths that have table paths below them (``etl_core`` when ``etl_core.runner`` is listed)."""
    return sorted({path for path in paths for other in paths if other.startswith(path + ".")})


class LegacyModuleFinder:
    """Finds and loads ``aliyun.log.<path>`` for every ``<path>`` of a legacy table (a meta path finder and its
    loader; not derived from ``importlib.abc``, whose import costs more than the whole hook)."""

    def __init__(self, table: Dict[str, str]) -> None:
        self.table = table
        self.packages = frozenset(legacy_packages(list(table)))

    def find_spec(
        self, fullname: str, path: Optional[Sequence[str]] = None, target: Optional[ModuleType] = None
    ) -> Optional[importlib.machinery.ModuleSpec]:
        prefix = PACKAGE + "."
        if not fullname.startswith(prefix) or fullname[len(prefix):] not in self.table:
            return None
        is_package = fullname[len(prefix):] in self.packages
        spec = importlib.machinery.ModuleSpec(fullname, cast("Loader", self), is_package=is_package)
        if is_package:
            spec.submodule_search_locations = []
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> Optional[ModuleType]:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        entries = bindings(self.table[module.__name__[len(PACKAGE) + 1:]])
        for legacy, source, ours in entries:
            setattr(module, legacy, getattr(importlib.import_module(source), ours))
        module.__all__ = [legacy for legacy, _, _ in entries]  # type: ignore[attr-defined]
        sources = ", ".join(sorted({source for _, source, _ in entries}))
        module.__doc__ = f"Module path of aliyun-log-python-sdk 0.9.52; its names live in {sources}."


_FINDER = LegacyModuleFinder(LEGACY_MODULES)


def install() -> None:
    """Put the hook on :data:`sys.meta_path` (once)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)
