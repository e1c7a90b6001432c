"""The top-level exports: one list (``_EXPORTS``) behind the lazy ``__getattr__``, the TYPE_CHECKING imports and
``__all__``, and every name aliyun-log-python-sdk 0.9.52 exported at the top level."""

from __future__ import annotations

import ast
import importlib
import inspect
import json
from pathlib import Path
from typing import Dict, Set

import aliyun.log

from .legacy_gaps import MISSING_MODULES, MISSING_NAMES

DATA = Path(__file__).parent / "data"


def type_checking_imports() -> Dict[str, str]:
    """``exported name -> "module:attribute"`` from the ``if TYPE_CHECKING:`` block of aliyun/log/__init__.py."""
    tree = ast.parse(inspect.getsource(aliyun.log))
    found: Dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom), ast.dump(stmt)
                for alias in stmt.names:
                    found[alias.asname or alias.name] = f"{'.' * stmt.level}{stmt.module}:{alias.name}"
    return found


def test_lazy_exports_type_checking_imports_and_all_agree() -> None:
    exports = aliyun.log._EXPORTS
    expected = {name: target if ":" in target else f"{target}:{name}" for name, target in exports.items()}
    assert type_checking_imports() == expected
    assert sorted(aliyun.log.__all__) == sorted([*exports, "__version__", "logger"])
    assert len(set(aliyun.log.__all__)) == len(aliyun.log.__all__)


def test_every_export_resolves_to_its_module_object() -> None:
    for name, target in aliyun.log._EXPORTS.items():
        module, _, attribute = target.partition(":")
        assert getattr(aliyun.log, name) is getattr(importlib.import_module(module, "aliyun.log"), attribute or name)
    assert set(aliyun.log.__all__) <= set(dir(aliyun.log))


def _gap_names() -> Set[str]:
    official = json.loads((DATA / "official_0_9_52.json").read_text(encoding="utf-8"))
    names = {name for module in MISSING_MODULES for kind in official[module].values() for name in kind}
    return names | {name for gaps in MISSING_NAMES.values() for name in gaps}


def test_every_top_level_name_of_the_original_is_exported() -> None:
    original = (DATA / "official_0_9_52_top_level.txt").read_text(encoding="utf-8").split()
    gaps = _gap_names()
    missing = [name for name in original if not hasattr(aliyun.log, name) and name not in gaps]
    assert missing == []
    for name in ("LogGroup", "LogGroupList", "MigrationConfig", "Util", "logger", "parse_timestamp"):
        assert name in aliyun.log.__all__


def test_top_level_objects_are_those_of_the_legacy_paths() -> None:
    from aliyun.log.es_migration.migration_manager import MigrationConfig
    from aliyun.log.logclient import LogClient
    from aliyun.log.proto import LogGroupRaw
    from aliyun.log.util import Util

    assert aliyun.log.LogClient is LogClient and aliyun.log.Util is Util
    assert aliyun.log.LogGroup is LogGroupRaw and aliyun.log.MigrationConfig is MigrationConfig
    assert aliyun.log.logger.name == "aliyun.log"


#: what the subpackages of 0.9.52 export (their ``__init__`` re-exports; they define nothing themselves)
SUBPACKAGE_EXPORTS = {
    "aliyun.log.consumer": ["ConsumerJsonProcessorBase", "ConsumerProcessorAdaptor", "ConsumerProcessorBase",
                            "ConsumerWorker", "CursorPosition", "LogHubConfig"],
    "aliyun.log.es_migration": ["MigrationConfig", "MigrationManager"],
}


def test_subpackages_export_what_the_original_ones_did() -> None:
    for package, names in SUBPACKAGE_EXPORTS.items():
        module = importlib.import_module(package)
        assert [name for name in names if not hasattr(module, name)] == [], package
