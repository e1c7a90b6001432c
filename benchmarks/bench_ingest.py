"""Emulator ingest: 8 concurrent writers put pre-encoded LogGroups of 4096 nginx logs into a 4-shard logstore.

The emulator runs in its own process with a data dir; the writers are 8 threads of this process, each with its own
``LogClient``, sending ``put_log_raw`` (lz4, signed) until ``raw_mb`` raw MB (UTF-8 key + value bytes) are accepted.
The figure is accepted raw MB/s; then the emulator is restarted on the same data dir and every shard is pulled to
its end, so ``durable_groups`` counts what survived the restart. ``emulator_cpu`` and ``client_cpu`` are the CPU
seconds per wall second of each process (1.0 = one core busy): the one near 1.0 (a GIL) or the pair near the
machine's cores names the bottleneck.

``python -m benchmarks.bench_ingest [raw_mb]``
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from typing import Any, Dict, List

from ._emulator import EmulatorProcess
from .bench_consume import _groups

WRITERS = 8
SHARDS = 4


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _durable_groups(client: Any, project: str, logstore: str) -> int:
    total = 0
    for shard in client.list_shards(project, logstore).get_shards_info():
        shard_id = shard["shardID"]
        cursor = client.get_begin_cursor(project, logstore, shard_id).get_cursor()
        end = client.get_end_cursor(project, logstore, shard_id).get_cursor()
        while cursor != end:
            response = client.pull_logs(project, logstore, shard_id, cursor, count=100)
            total += response.get_loggroup_count()
            cursor = response.get_next_cursor()
    return total


def bench_ingest(raw_mb: float = 400) -> Dict[str, Any]:
    """Accepted raw MB/s of 8 concurrent writers, the groups found after a restart, and the CPU of each side."""
    from aliyun.log.client import LogClient

    groups = _groups()
    per_writer = raw_mb * 1e6 / WRITERS
    project, logstore = "bench-ingest", "nginx"
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as data_dir:
        with EmulatorProcess(data_dir) as emulator:
            admin = LogClient(emulator.endpoint, *emulator.credentials)
            admin.create_project(project, "ingest benchmark")
            admin.create_logstore(project, logstore, shard_count=SHARDS)
            sent: List[int] = [0] * WRITERS
            errors: List[BaseException] = []

            def write(index: int) -> None:
                try:
                    with LogClient(emulator.endpoint, *emulator.credentials) as client:
                        written = 0
                        while written < per_writer:
                            data, raw = groups[(index + sent[index]) % len(groups)]
                            client.put_log_raw(project, logstore, data)
                            written += raw
                            sent[index] += 1
                except BaseException as exc:  # reported after the run
                    errors.append(exc)

            threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
            server_cpu, client_cpu = _cpu_seconds(emulator.proc.pid), time.process_time()
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.perf_counter() - started
            server_cpu = _cpu_seconds(emulator.proc.pid) - server_cpu
            client_cpu = time.process_time() - client_cpu
            admin.close()
            if errors:
                raise RuntimeError(f"{len(errors)} writers failed, first: {errors[0]!r}")
        accepted = sum(sent)
        raw_bytes = sum(groups[(i + n) % len(groups)][1] for i in range(WRITERS)
                        for n in range(sent[i]))
        with EmulatorProcess(data_dir) as emulator, LogClient(emulator.endpoint, *emulator.credentials) as client:
            durable = _durable_groups(client, project, logstore)
    return {"mb_per_s": raw_bytes / seconds / 1e6, "accepted_groups": accepted, "durable_groups": durable,
            "emulator_cpu": server_cpu / seconds, "client_cpu": client_cpu / seconds}


if __name__ == "__main__":
    print(bench_ingest(float(sys.argv[1]) if len(sys.argv) > 1 else 400))
