"""Every module path and public name of aliyun-log-python-sdk 0.9.52 imports from ours, as our own objects."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
import venv
from pathlib import Path
from typing import Dict, List

import pytest

import aliyun.log
from aliyun.log._legacy.finder import PACKAGE, LegacyModuleFinder, bindings, legacy_packages
from aliyun.log._legacy.stubs import stub_files
from aliyun.log._legacy.table import LEGACY_MODULES

from .legacy_gaps import MISSING_MODULES, MISSING_NAMES

REPO = Path(__file__).resolve().parents[2]
OFFICIAL: Dict[str, Dict[str, List[str]]] = json.loads(
    (Path(__file__).parent / "data" / "official_0_9_52.json").read_text(encoding="utf-8")
)


#: Paths that import only with an extra installed (they say which otherwise).
NEEDS_EXTRAS = {"aliyun.log.ext.jupyter_magic": ("IPython", "pandas")}


def official_names(module: str) -> List[str]:
    return sorted(name for kind in OFFICIAL[module].values() for name in kind)


@pytest.mark.parametrize("path", sorted(LEGACY_MODULES))
def test_every_table_path_imports_our_objects(path: str) -> None:
    module = importlib.import_module(f"{PACKAGE}.{path}")
    entries = bindings(LEGACY_MODULES[path])
    assert module.__all__ == [legacy for legacy, _, _ in entries]
    for legacy, source, ours in entries:
        assert getattr(module, legacy) is getattr(importlib.import_module(source), ours), (path, legacy)


@pytest.mark.parametrize("module", sorted(OFFICIAL))
def test_official_module_and_names_are_found(module: str) -> None:
    if module in MISSING_MODULES:
        with pytest.raises(ImportError):
            importlib.import_module(module)
        return
    if module in NEEDS_EXTRAS:
        for package in NEEDS_EXTRAS[module]:
            pytest.importorskip(package, reason=f"{module} needs {package} (the jupyter extra)")
    imported = importlib.import_module(module)
    gaps = MISSING_NAMES.get(module, {})
    absent = [name for name in official_names(module) if not hasattr(imported, name) and name not in gaps]
    assert absent == [], f"{module} lacks {absent}"
    filled = [name for name in gaps if hasattr(imported, name)]
    assert filled == [], f"{module} has {filled} now: remove them from tests/compat/legacy_gaps.py"


def test_gap_lists_name_only_official_paths() -> None:
    assert set(MISSING_MODULES) <= set(OFFICIAL)
    for module, names in MISSING_NAMES.items():
        assert set(names) <= set(official_names(module)), module


def test_table_lists_only_official_paths_that_are_not_real_modules() -> None:
    for path in LEGACY_MODULES:
        assert f"{PACKAGE}.{path}" in OFFICIAL, path
        parent, _, name = f"{PACKAGE}.{path}".rpartition(".")
        location = importlib.util.find_spec(parent)
        assert location is not None and location.submodule_search_locations is not None
        shadowing = [d for d in location.submodule_search_locations
                     if os.path.exists(os.path.join(d, name + ".py")) or os.path.isdir(os.path.join(d, name))]
        assert shadowing == [], f"{path} is a real module: drop it from the table"


def test_real_modules_win_over_the_table() -> None:
    finder = LegacyModuleFinder({"version": "errors:LogException"})
    assert finder.find_spec("aliyun.log.version") is not None  # the finder would serve it...
    import aliyun.log.version

    assert not hasattr(aliyun.log.version, "LogException")  # ...but it sits after the path finder


def test_unknown_paths_still_fail() -> None:
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("aliyun.log.no_such_module")


def test_bad_table_entries_are_reported() -> None:
    with pytest.raises(ValueError, match="expected"):
        bindings("models.logitem LogItem")
    with pytest.raises(ValueError, match="expected"):
        bindings("models.logitem:")


def test_legacy_packages_serve_their_children() -> None:
    table = {"pkg": "errors:LogException", "pkg.child": "models.logitem:LogItem"}
    assert legacy_packages(list(table)) == ["pkg"]
    finder = LegacyModuleFinder(table)
    sys.meta_path.append(finder)
    try:
        child = importlib.import_module("aliyun.log.pkg.child")
        assert child.LogItem is aliyun.log.LogItem
        assert importlib.import_module("aliyun.log.pkg").LogException is aliyun.log.LogException
    finally:
        sys.meta_path.remove(finder)
        for name in ("aliyun.log.pkg.child", "aliyun.log.pkg"):
            sys.modules.pop(name, None)


def test_legacy_modules_pickle_as_ours() -> None:
    import pickle

    from aliyun.log.logitem import LogItem

    item = pickle.loads(pickle.dumps(LogItem(1700000000, [("k", "v")])))
    assert type(item) is aliyun.log.LogItem and item.get_contents() == [("k", "v")]


def test_committed_stubs_are_current() -> None:
    expected = stub_files(LEGACY_MODULES)
    root = REPO / "aliyun-stubs"
    committed = {str(p.relative_to(REPO)).replace(os.sep, "/") for p in root.rglob("*") if p.is_file()}
    assert committed == set(expected), "run: python -m aliyun.log._legacy.stubs"
    for path, content in expected.items():
        assert (REPO / path).read_text(encoding="utf-8") == content, f"{path} is stale: python -m " \
                                                                     "aliyun.log._legacy.stubs"


USER_SCRIPT = """\
from aliyun.log.logitem import LogItem
from aliyun.log.logexception import LogException
from aliyun.log.getlogsrequest import GetLogsRequest
from aliyun.log.util import Util, base64_encodestring
from aliyun.log.auth import AuthV4, make_auth
from aliyun.log.log_logs_raw_pb2 import LogGroup
from aliyun.log.consumer.heart_beat import ConsumerHeatBeat
from aliyun.log.es_migration.migration_manager import MigrationConfig, MigrationManager
from aliyun.log import LogClient, LogGroupList

item: LogItem = LogItem(1, [("k", "v")])
reveal_type(item)
reveal_type(GetLogsRequest)
reveal_type(Util.cal_md5(b"x"))
reveal_type(MigrationConfig)
wrong: int = base64_encodestring("x")
"""


@pytest.mark.slow
def test_type_checkers_see_the_legacy_paths(tmp_path: Path) -> None:
    """mypy, run against an environment where the package is installed (a .pth to this tree), resolves legacy
    paths to our classes through the ``aliyun-stubs`` partial stub package, and still reports type errors."""
    pytest.importorskip("mypy")
    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "aliyun_log_dev.pth").write_text(str(REPO) + "\n", encoding="utf-8")
    script = tmp_path / "user_code.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--python-executable", str(python), "--cache-dir", str(tmp_path / "cache"),
         "--follow-imports=silent", "--no-error-summary", str(script)],
        capture_output=True, text=True, cwd=tmp_path, timeout=900,
    )
    out = result.stdout + result.stderr
    assert "import-not-found" not in out and "Cannot find implementation" not in out, out
    assert 'Revealed type is "aliyun.log.models.logitem.LogItem"' in out, out
    assert "def (" in out and "aliyun.log.models.query.GetLogsRequest" in out, out
    assert re.search(r'user_code.py:14: note: Revealed type is "(builtins\.)?str"', out), out
    assert "aliyun.log.es_migration.config.MigrationConfig" in out, out
    assert 'Incompatible types in assignment (expression has type "str", variable has type "int")' in out, out
