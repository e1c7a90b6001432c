"""Write the type stubs of the legacy paths: ``python -m aliyun.log._legacy.stubs [ROOT]``.

A runtime import hook is invisible to type checkers, so each path of :mod:`.table` gets a ``.pyi`` re-exporting
its names in the partial stub package ``aliyun-stubs`` (PEP 561) beside ``aliyun/``; mypy and pyright then resolve
``from aliyun.log.logitem import LogItem`` to our class. ``tests/compat`` checks the committed stubs are current.
"""

from __future__ import annotations

import os
import sys
from typing import Dict, List

from .finder import PACKAGE, bindings, legacy_packages
from .table import LEGACY_MODULES

STUB_PACKAGE = "aliyun-stubs"
HEADER = "# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.\n"


def stub_files(table: Dict[str, str]) -> Dict[str, str]:
    """Stub path (relative to the project root) -> content, for every path of ``table``, plus ``py.typed``."""
    packages = set(legacy_packages(list(table)))
    files = {f"{STUB_PACKAGE}/py.typed": "partial\n"}
    for path, spec in sorted(table.items()):
        lines: List[str] = [HEADER]
        entries = bindings(spec)
        for legacy, source, ours in entries:
            lines.append(f"from {source} import {ours} as {legacy}\n")
        lines.append(f"\n__all__ = {[legacy for legacy, _, _ in entries]!r}\n")
        relative = path.replace(".", "/") + ("/__init__.pyi" if path in packages else ".pyi")
        files[f"{STUB_PACKAGE}/{PACKAGE.split('.', 1)[1]}/{relative}"] = "".join(lines)
    return files


def write_stubs(root: str) -> List[str]:
    """Write the stubs under ``root`` (the project root), removing stale ones; return the paths written."""
    files = stub_files(LEGACY_MODULES)
    base = os.path.join(root, STUB_PACKAGE)
    for directory, _, names in os.walk(base):
        for name in names:
            path = os.path.relpath(os.path.join(directory, name), root).replace(os.sep, "/")
            if path not in files:
                os.remove(os.path.join(root, path))
    for path, content in files.items():
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(content)
    return sorted(files)


if __name__ == "__main__":  # pragma: no cover
    project_root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    print(f"wrote {len(write_stubs(project_root))} files under {os.path.join(project_root, STUB_PACKAGE)}")
