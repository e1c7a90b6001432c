"""The CLI as a separate process: banner, SIGTERM, and acknowledged writes surviving ``kill -9``."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from typing import Iterator, List, Optional, Tuple

import pytest

from .emulator_helpers import REPO, Client, iter_groups, make_group

_started: List[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def _reap() -> Iterator[None]:
    yield
    while _started:
        proc = _started.pop()
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        if proc.stdout:
            proc.stdout.close()


def start_cli(*args: str) -> Tuple[subprocess.Popen, str, List[str]]:
    """Start ``python -m aliyun.log.emulator --port 0 ...``; returns (process, endpoint, banner lines)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = REPO + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "aliyun.log.emulator", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        text=True,
    )
    _started.append(proc)
    lines: List[str] = []
    endpoint: Optional[str] = None
    deadline = time.monotonic() + 20
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        match = re.search(r"endpoint:\s+(http://\S+)", line)
        if match:
            endpoint = match.group(1)
        if line.startswith("export "):
            break
    assert endpoint, "\n".join(lines)
    return proc, endpoint, lines


def test_banner_and_sigterm() -> None:
    proc, endpoint, lines = start_cli("--in-memory")
    text = "\n".join(lines)
    assert "sls-emulator-dev-key" in text and "sls-emulator-dev-secret" not in text  # never print a secret
    assert f"export SLS_ENDPOINT={endpoint} SLS_AK_ID=sls-emulator-dev-key" in text
    assert proc.stdout is not None
    proc.stdout.readline()
    assert "differ from the real service" in proc.stdout.readline()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0


def test_acknowledged_puts_survive_kill_9(tmp_path) -> None:
    data_dir = str(tmp_path / "sls-data")
    proc, endpoint, _ = start_cli("--data-dir", data_dir)
    api = Client(endpoint, "sls-emulator-dev-key", "sls-emulator-dev-secret", project="durable-project")
    api.create_project("durable-project")
    api.create_logstore("durable", shard_count=2, appendMeta=True)
    api.ok(api.request("POST", "/logstores/durable/shards/1", {"action": "split"}))
    sent = []
    for i in range(60):
        api.ok(api.put("durable", make_group([{"i": str(i)}]), compress_type=("lz4", "zstd", "")[i % 3]))
        sent.append(str(i))
    cursors = {shard: api.cursor("durable", shard, "end") for shard in (0, 1, 2, 3)}
    api.close()
    proc.kill()  # SIGKILL: no chance to flush anything
    proc.wait(timeout=10)

    proc, endpoint, _ = start_cli("--data-dir", data_dir)
    api = Client(endpoint, "sls-emulator-dev-key", "sls-emulator-dev-secret", project="durable-project")
    shards = api.shards("durable")
    assert [(s["shardID"], s["status"]) for s in shards] == [
        (0, "readwrite"),
        (1, "readonly"),
        (2, "readwrite"),
        (3, "readwrite"),
    ]
    got = []
    for shard in (0, 1, 2, 3):
        assert api.cursor("durable", shard, "end") == cursors[shard]  # cursors are stable across restarts
        got.extend(c["i"] for c in iter_groups(api.pull_all("durable", shard)))
    assert sorted(got, key=int) == sent
    # writes continue at the next position
    api.ok(api.put("durable", make_group([{"i": "after"}]), key="0" * 32))
    assert iter_groups(api.pull_all("durable", 0))[-1] == {"i": "after"}
    api.close()
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0
