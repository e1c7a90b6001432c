"""CONSUME: a consumer group drains a 4-shard logstore pre-filled with raw nginx logs (PERFORMANCE.md).

The emulator runs in its own process (with a data dir, as a real deployment would), the consumer in another: one
``ConsumerWorker`` (default pool of 2 threads) whose processor touches every batch and saves checkpoints with
``save_checkpoint`` (persisted every 3 s and on shutdown). The figure is raw MB (UTF-8 key + value bytes) per second
from ``worker.start()`` until every log group was processed and ``shutdown()`` returned with the checkpoints saved.

``mode``: ``"logs"`` (default) parses each batch and counts its logs; ``"groups"`` only counts log groups (the
pipeline alone: pull, decompress, hand over); ``"flatten"`` turns every log into a dict
(``loggroups_to_flattern_list(..., time_as_str=True, decode_bytes=True)``), as the SIEM examples do.

``python -m benchmarks.bench_consume [--raw-mb 1000] [--mode logs] [--repeat 1]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from typing import Any, Dict, List, Optional

from ._emulator import EmulatorProcess
from .nginx import make_logs, make_times, raw_bytes

GROUP_LOGS = 4096
DISTINCT_GROUPS = 8
SHARDS = 4
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _groups() -> List[bytes]:
    from aliyun.log.codec import encode_log_group
    from aliyun.log.models.logitem import LogItem

    out = []
    for seed in range(DISTINCT_GROUPS):
        logs = make_logs(GROUP_LOGS, seed=seed)
        times = make_times(GROUP_LOGS, seed=seed)
        items = [LogItem(t, list(log.items())) for t, log in zip(times, logs)]
        out.append((encode_log_group(items, "nginx", "10.0.0.1"), raw_bytes(logs)))
    return out  # type: ignore[return-value]


def fill(client: Any, project: str, logstore: str, raw_mb: float) -> Dict[str, int]:
    """Write log groups of 4096 nginx logs (round-robin over the shards) until ``raw_mb`` raw MB are stored."""
    groups = _groups()
    target = raw_mb * 1e6
    written = count = logs = 0
    while written < target:
        data, raw = groups[count % len(groups)]  # type: ignore[misc]
        client.put_log_raw(project, logstore, data)
        written += raw
        logs += GROUP_LOGS
        count += 1
    return {"groups": count, "logs": logs, "raw_bytes": written}


_CONSUMER = r"""
import json, sys, threading, time
from aliyun.log import PullLogResponse
from aliyun.log.consumer import ConsumerProcessorBase, ConsumerWorker, CursorPosition, LogHubConfig

cfg = json.loads(sys.argv[1])
lock = threading.Lock()
totals = {"groups": 0, "logs": 0}
done = threading.Event()
mode = cfg["mode"]

class Bench(ConsumerProcessorBase):
    def process(self, log_groups, check_point_tracker):
        groups = len(log_groups.LogGroups)
        if mode == "flatten":
            logs = len(PullLogResponse.loggroups_to_flattern_list(log_groups, time_as_str=True, decode_bytes=True))
        elif mode == "logs":
            logs = sum(len(group.Logs) for group in log_groups.LogGroups)
        else:
            logs = 0
        self.save_checkpoint(check_point_tracker)
        with lock:
            totals["groups"] += groups
            totals["logs"] += logs
            if totals["groups"] >= cfg["groups"]:
                done.set()

option = LogHubConfig(cfg["endpoint"], cfg["key_id"], cfg["key"], cfg["project"], cfg["logstore"], cfg["group"],
                      "bench-consumer", cursor_position=CursorPosition.BEGIN_CURSOR, heartbeat_interval=5,
                      worker_pool_size=cfg["pool"])
worker = ConsumerWorker(Bench, option)
cpu0 = time.process_time()
started = time.perf_counter()
worker.start()
done.wait(3600)
worker.shutdown()
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "cpu": time.process_time() - cpu0, **totals}))
"""


def _run_consumer(cfg: Dict[str, Any]) -> Dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])))
    out = subprocess.run([sys.executable, "-c", _CONSUMER, json.dumps(cfg)], check=True, capture_output=True,
                         text=True, env=env, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def bench_consume(raw_mb: float = 1000, mode: str = "logs", repeat: int = 1, pool: int = 2) -> Dict[str, Any]:
    """Median raw MB/s (and logs/s) of one consumer process draining ``raw_mb`` MB from a 4-shard logstore
    (``pool`` = ``worker_pool_size``, 2 by default as in LogHubConfig)."""
    from aliyun.log import LogClient

    with tempfile.TemporaryDirectory(prefix="bench-consume-") as data_dir:
        emulator = EmulatorProcess(data_dir)
        try:
            client = LogClient(emulator.endpoint, *emulator.credentials)
            project, logstore = "bench-consume", "nginx"
            client.create_project(project, "CONSUME benchmark")
            client.create_logstore(project, logstore, shard_count=SHARDS)
            written = fill(client, project, logstore, raw_mb)
            runs = []
            for i in range(repeat):
                cfg = {"endpoint": emulator.endpoint, "key_id": emulator.credentials[0],
                       "key": emulator.credentials[1], "project": project, "logstore": logstore,
                       "group": f"bench-{i}", "groups": written["groups"], "mode": mode, "pool": pool}
                result = _run_consumer(cfg)
                if mode != "groups" and result["logs"] < written["logs"]:
                    raise RuntimeError(f"consumed {result['logs']} logs of {written['logs']}")
                runs.append(result)
            client.close()
        finally:
            emulator.stop()
    seconds = statistics.median(r["seconds"] for r in runs)
    return {
        "mb_per_s": written["raw_bytes"] / seconds / 1e6,
        "logs_per_s": written["logs"] / seconds,
        "seconds": seconds,
        "raw_mb": written["raw_bytes"] / 1e6,
        "cpu_s": statistics.median(r["cpu"] for r in runs),
        "mode": mode,
        "pool": pool,
    }


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_consume", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raw-mb", type=float, default=1000, help="raw MB to write and consume (default 1000)")
    parser.add_argument("--mode", choices=("logs", "groups", "flatten"), default="logs")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--pool", type=int, default=2, help="worker_pool_size of the consumer (default 2)")
    args = parser.parse_args(argv)
    print(json.dumps(bench_consume(args.raw_mb, args.mode, args.repeat, args.pool), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
