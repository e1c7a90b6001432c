"""CLI fixtures: a private HOME (config file, log file), a clean environment, and runners for ``aliyunlog``.

Most tests run the CLI in-process through ``main(argv)`` (fast); ``tests/cli/test_subprocess.py`` runs the real
console entry point for what only a process shows (exit status, streams, import cost).
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

import pytest

from aliyun.log.cli import main
from aliyun.log.emulator import Emulator

REPO = Path(__file__).resolve().parents[2]
_ACCOUNT_ENV_PREFIXES = ("ALIYUN_LOG_CLI_", "ALICLOUD_", "ALIBABACLOUD_", "ALIBABA_CLOUD_")


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def first_line(self) -> str:
        return self.out.split("\n", 1)[0]


Run = Callable[..., Result]


@pytest.fixture(scope="session")
def cli_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One command-table cache for the whole session (it is rebuilt per process otherwise)."""
    return tmp_path_factory.mktemp("cli-cache")


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli_cache: Path) -> Path:
    """A fresh HOME without any account, and an environment without account variables."""
    for name in list(os.environ):
        if name.startswith(_ACCOUNT_ENV_PREFIXES) or name == "SECURITY_TOKEN":
            monkeypatch.delenv(name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(cli_cache))
    return tmp_path


@pytest.fixture()
def configured(home: Path, emulator: Emulator) -> Path:
    """HOME whose default account is the session emulator."""
    access_id, access_key = emulator.credentials
    assert main(["configure", access_id, access_key, emulator.endpoint]) == 0
    return home


@pytest.fixture()
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """``run("log", "get_project", "--project_name=p")``: the exit code and what was printed."""

    def run_cli(*argv: str) -> Result:
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run_cli


def cli_process(args: List[str], env: Optional[Dict[str, str]] = None, timeout: float = 60) -> Result:
    """Run ``python -m aliyun.log.cli`` with this checkout first on the path."""
    full_env = dict(os.environ if env is None else env)
    full_env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), full_env.get("PYTHONPATH")]))
    proc = subprocess.run([sys.executable, "-m", "aliyun.log.cli", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout)
    return Result(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture()
def project_name(configured: Path, run: Run) -> Iterator[str]:
    """A fresh project on the emulator, created through the CLI."""
    from tests.conftest import unique_name

    name = unique_name("cli")
    assert run("log", "create_project", f"--project_name={name}", "--project_des=cli tests").code == 0
    yield name
    run("log", "delete_project", f"--project_name={name}")
