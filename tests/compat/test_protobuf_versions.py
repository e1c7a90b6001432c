"""The codec imports and round-trips under every protobuf major version we support (4.21 .. 7.x).

Each version gets a throwaway virtualenv (pip's cache keeps re-runs quick) in which the codec's unit tests run.
The newest 7.x is what the main test environment installs, so it is covered by the rest of the suite.
"""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
VERSIONS = ["4.21.12", "5.29.5", "6.33.1"]
pytestmark = pytest.mark.external  # installs protobuf versions: the server suite


@pytest.mark.slow
@pytest.mark.parametrize("version", VERSIONS)
def test_codec_under_protobuf(version: str, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"protobuf=={version}", "lz4",
         "pytest"], capture_output=True, text=True, timeout=600,
    )
    if install.returncode != 0:
        pytest.skip(f"protobuf {version} could not be installed here: {install.stderr.strip()[-300:]}")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "--noconftest",
         str(REPO / "tests" / "unit" / "test_codec.py")],
        capture_output=True, text=True, timeout=600, env=env, cwd=str(tmp_path),
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    check = subprocess.run(
        [str(python), "-c",
         "import google.protobuf as p, aliyun.log.codec.wire as w; w.scan_log_group(b''); print(p.__version__)"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout.strip() == version
