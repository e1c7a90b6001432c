"""The same configs on our engine and on the official SDK 0.9.52 give identical outputs (field order included)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List

import pytest

from .configs import BAD_CONFIGS, CASES, TIERS_CSV

OFFICIAL_PYTHON = Path("/work/official-venv/bin/python")
ROOT = Path(__file__).resolve().parents[2]
HARNESS = Path(__file__).with_name("run_config.py")

pytestmark = pytest.mark.skipif(not OFFICIAL_PYTHON.exists(), reason="the official SDK venv is not installed")


def _write_cases(tmp_path: Path, sources: Dict[str, str], events: Dict[str, List[Any]]) -> Path:
    (tmp_path / "tiers.csv").write_text(TIERS_CSV)
    cases = []
    for name, source in sources.items():
        path = tmp_path / f"etl_{name}_{uuid.uuid4().hex[:8]}.py"
        path.write_text(source)
        cases.append({"config": str(path), "events": events.get(name, [])})
    cases_path = tmp_path / "cases.json"
    cases_path.write_text(json.dumps(cases))
    return cases_path


def _run(python: str, cases: Path, ours: bool, cwd: Path) -> Any:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if ours:
        env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([python, str(HARNESS), str(cases), str(ROOT)], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _compare(tmp_path: Path, sources: Dict[str, str], events: Dict[str, List[Any]]) -> None:
    cases = _write_cases(tmp_path, sources, events)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    official = _run(str(OFFICIAL_PYTHON), cases, ours=False, cwd=workdir)
    ours = _run(sys.executable, cases, ours=True, cwd=workdir)
    for name, theirs, mine in zip(sources, official, ours):
        assert mine == theirs, f"config {name!r} differs:\nofficial {theirs}\nours     {mine}"


@pytest.mark.parametrize("name", sorted(CASES))
def test_same_outputs_as_official(tmp_path: Path, name: str) -> None:
    source, events = CASES[name]
    _compare(tmp_path, {name: source}, {name: events})


def test_same_load_errors_as_official(tmp_path: Path) -> None:
    _compare(tmp_path, BAD_CONFIGS, {})
