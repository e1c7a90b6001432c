"""Ctrl-C during transform_data stops cleanly with the partial counts; the progress bar."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from aliyun.log import LogClient

from .data import fill, read_all

ROOT = Path(__file__).resolve().parents[2]
SLOW_CONFIG = "from aliyun.log.etl_core import *\nimport time\n\ndef sls_eu_slow(e):\n    time.sleep(0.002)\n" \
              "    return {}\n"


@pytest.mark.slow
@pytest.mark.parametrize("pool_size", [0, 2])
def test_ctrl_c_returns_partial_counts(client: LogClient, project: str, make_logstore: Callable[..., str],
                                       emulator: Any, tmp_path: Path, pool_size: int) -> None:
    source, target = make_logstore(shard_count=2), make_logstore(shard_count=1)
    total = 4000
    fill(client, project, source, [{"id": str(i)} for i in range(total)], group=20)
    config = tmp_path / f"etl_slow_interrupt_{pool_size}.py"
    config.write_text(SLOW_CONFIG)
    proc = subprocess.Popen([sys.executable, "-m", "tests.etl.interrupt_worker", emulator.endpoint,
                             *emulator.credentials, project, source, target, str(config), str(pool_size)],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not read_all(client, project, target):
            assert proc.poll() is None and time.monotonic() < deadline, "no log was written before the deadline"
            time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err[-3000:]
    body = json.loads(out.strip().splitlines()[-1])
    written = len(read_all(client, project, target))
    assert body["interrupted"] is True
    assert 0 < body["total_count"] < total
    assert sum(s["transformed"] for s in body["shards"].values()) == written  # the counts match what was written


def test_progress_bar_when_asked(client: LogClient, project: str, make_logstore: Callable[..., str], tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("tqdm")
    source, target = make_logstore(shard_count=1), make_logstore(shard_count=1)
    fill(client, project, source, [{"id": str(i)} for i in range(50)])
    config = tmp_path / "etl_progress_cfg.py"
    config.write_text("from aliyun.log.etl_core import *\nKEEP_EVENT_all = True\n")
    client.transform_data(project, source, str(config), "begin", to_logstore=target, pool_size=0, progress=True)
    assert "50 events" in capsys.readouterr().err
    client.transform_data(project, source, str(config), "begin", to_logstore=target, pool_size=0)
    assert "events" not in capsys.readouterr().err  # not a terminal: no bar by default
