"""transform_data in consumer-group mode: two processes share the shards; one is killed with SIGKILL mid-run and
the other takes its shards over from the saved checkpoints: no log is lost, duplicates are bounded."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, List

import pytest

from aliyun.log import LogClient

from .data import fill, read_all

ROOT = Path(__file__).resolve().parents[2]
LOGS = 6000

SLOW_CONFIG = """from aliyun.log.etl_core import *
import os
import time

def sls_eu_slow(event):
    time.sleep(0.001)
    return {"seen": "1", "pid": str(os.getpid())}
"""


def _wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value {condition()!r}")


def _start(args: List[str]) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "tests.etl.cg_worker", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_two_consumers_one_killed_lose_nothing(client: LogClient, project: str, make_logstore: Callable[..., str],
                                               emulator: Any, tmp_path: Path) -> None:
    source, target = make_logstore(shard_count=4), make_logstore(shard_count=2)
    fill(client, project, source, [{"id": str(i)} for i in range(LOGS)], group=20)
    to_time = int(time.time()) + 2  # everything above was received before this
    time.sleep(2.1)
    config = tmp_path / "etl_cg_slow_cfg.py"
    config.write_text(SLOW_CONFIG)
    common = [emulator.endpoint, *emulator.credentials, project, source, target, str(config), "etl-group"]
    victim = _start([*common, "victim", str(to_time)])
    survivor = _start([*common, "survivor", str(to_time)])
    try:
        _wait_for(lambda: str(victim.pid) in {log["pid"] for log in read_all(client, project, target)}, 120,
                  "the victim writing logs")
        before_kill = collections.Counter(log["pid"] for log in read_all(client, project, target))
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        out, err = survivor.communicate(timeout=180)
    finally:
        for proc in (victim, survivor):
            if proc.poll() is None:
                proc.kill()
    assert survivor.returncode == 0, err[-3000:]
    result = json.loads(out.strip().splitlines()[-1])
    written = collections.Counter(log["id"] for log in read_all(client, project, target))
    missing = LOGS - len(written)
    duplicates = sum(written.values()) - len(written)
    print(f"\nconsumer-group mode, one of two consumers killed: {sum(written.values())} logs written for {LOGS}, "
          f"{missing} missing, {duplicates} duplicates; written by pid before the kill {dict(before_kill)}; "
          f"survivor's counts {result}")
    assert missing == 0
    assert before_kill[str(victim.pid)] > 0 and result["total_count"] < LOGS + duplicates
    assert set(written) == {str(i) for i in range(LOGS)}
    # the victim's unsaved progress is redone: at most what it wrote since its last checkpoint save (3 s)
    assert duplicates < LOGS // 2
    assert all(log.get("seen") == "1" for log in read_all(client, project, target))
