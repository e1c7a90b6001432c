"""Which codec is active: the environment switch, the optional build without a compiler, and the public flag."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import aliyun.log
from aliyun.log import _speedups

from .conftest import MODULE, ROOT, build_into

PROBE = "import aliyun.log, aliyun.log.codec as c; print(aliyun.log.speedups_enabled(), len(c.encode_log_group([])))"


def probe(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != _speedups.DISABLE_ENV}
    environment.update(PYTHONPATH=str(ROOT), **env)
    done = subprocess.run([sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True,
                          timeout=120, check=True)
    return done.stdout.strip()


def test_environment_switch_forces_the_fallback() -> None:
    assert probe(**{_speedups.DISABLE_ENV: "1"}) == "False 0"
    if importlib.util.find_spec(MODULE) is None:
        pytest.skip("the compiled codec is not built in the package (in place or installed)")
    assert probe() == "True 0"
    assert probe(**{_speedups.DISABLE_ENV: "0"}) == "True 0"


def test_speedups_enabled_follows_the_active_codec(use_native: Any) -> None:
    public = aliyun.log.speedups_enabled  # type: ignore[attr-defined]  # a lazy export
    assert public is _speedups.speedups_enabled and public() is True
    _speedups._module = None
    assert public() is False
    assert "speedups_enabled" in aliyun.log.__all__


def test_build_without_a_compiler_succeeds_without_the_extension(tmp_path: Path) -> None:
    env = {**os.environ, "CC": str(tmp_path / "no-such-compiler"), "LDSHARED": str(tmp_path / "no-such-linker")}
    done = build_into(tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert not list(tmp_path.rglob("_codec*.so")) and not list(tmp_path.rglob("_codec*.pyd"))
