"""The compiled codec under test, and switches between it and the pure-Python reference.

The module comes from ``ALIYUN_LOG_SPEEDUPS_DIR`` (a directory holding a ``_codec`` build, as scripts/asan_check.sh
makes), else from the package (an in-place or installed build), else it is built here into a temporary directory.
Without a C compiler (or on PyPy) the tests of this folder are skipped, saying so.
"""

from __future__ import annotations

import glob
import importlib
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any, Iterator, Optional

import pytest

from aliyun.log import _speedups

ROOT = Path(__file__).resolve().parents[2]
MODULE = "aliyun.log._speedups._codec"


def _load_from(directory: str) -> Any:
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    paths = glob.glob(os.path.join(directory, "**", "_codec" + suffix), recursive=True)
    if not paths:
        raise FileNotFoundError(f"no _codec{suffix} under {directory}")
    spec = importlib.util.spec_from_file_location(MODULE, paths[0])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_into(directory: Path, env: Any = None) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    """``setup.py build_ext`` of the codec into ``directory`` (build and temp files both there)."""
    return subprocess.run(
        [sys.executable, "setup.py", "-q", "build_ext", "--build-lib", str(directory / "lib"),
         "--build-temp", str(directory / "tmp")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )


def native_module(build_dir: Optional[Path] = None) -> Any:
    """The compiled codec: from ALIYUN_LOG_SPEEDUPS_DIR, the package, or built into ``build_dir`` (a temporary
    directory when None). Raises RuntimeError when it cannot be had (PyPy, no compiler, a failed build)."""
    if sys.implementation.name != "cpython":
        raise RuntimeError("the compiled codec is CPython only")
    directory = os.environ.get("ALIYUN_LOG_SPEEDUPS_DIR")
    if directory:
        return _load_from(directory)
    try:
        return importlib.import_module(MODULE)
    except ImportError:
        pass
    if shutil.which(os.environ.get("CC", "cc")) is None:
        raise RuntimeError("no C compiler to build the compiled codec")
    out = build_dir or Path(tempfile.mkdtemp(prefix="aliyun-log-speedups-"))
    done = build_into(out)
    try:
        return _load_from(str(out))
    except FileNotFoundError:
        raise RuntimeError(f"the compiled codec did not build:\n{done.stdout}\n{done.stderr}") from None


@pytest.fixture(scope="session")
def native(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The compiled codec module (the tests skip on PyPy and without a compiler, and fail if the build fails)."""
    headers = os.path.exists(os.path.join(sysconfig.get_paths()["include"], "Python.h"))
    if sys.implementation.name != "cpython" or (
        importlib.util.find_spec(MODULE) is None and not os.environ.get("ALIYUN_LOG_SPEEDUPS_DIR")
        and (shutil.which(os.environ.get("CC", "cc")) is None or not headers)
    ):
        pytest.skip("the compiled codec needs CPython, a C compiler and the Python headers")
    try:
        return native_module(tmp_path_factory.mktemp("speedups"))
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture()
def use_native(native: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The codec functions dispatch to the compiled codec during the test."""
    monkeypatch.setattr(_speedups, "_module", native)
    return native


@pytest.fixture()
def use_fallback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The codec functions use the pure-Python path during the test."""
    monkeypatch.setattr(_speedups, "_module", None)
    yield
