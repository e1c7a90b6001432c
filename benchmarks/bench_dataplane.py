"""DATAPLANE: SPL pull throughput and context-log latency in the emulator (its own process, in memory).

- ``spl_pull_mb_s``: MB/s of raw (uncompressed) logs read through ``pull_logs(query=...)`` with a ``where`` +
  ``project`` statement (``* | where status >= 500 and request_method = 'POST' | project request_uri, status``)
  over a 1-shard logstore of nginx logs, by the raw size the emulator reports before the query
  (``get_raw_size_before_query()``); ``plain_pull_mb_s`` is the same pull without a query, for comparison.
- ``context_ms``: median latency of ``get_context_logs(..., 10, 10)`` around logs spread over a 1-shard logstore of
  ``logs`` logs (1M by default), their pack ids taken from a ``| with_pack_meta`` query.

``python -m benchmarks.bench_dataplane [--logs 1000000] [--pull-logs 200000] [--repeat 20]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any, Dict, List

from ._emulator import EmulatorProcess
from .bench_query import GROUP_LOGS, INDEX, _groups

SPL = "* | where cast(status as bigint) >= 500 and request_method = 'POST' | project request_uri, status"


def _load(client: Any, project: str, logstore: str, logs: int, index: bool) -> int:
    client.create_logstore(project, logstore, shard_count=1)
    if index:
        client._send_json("POST", f"/logstores/{logstore}/index", project, INDEX)
    groups = _groups(max(1, logs // GROUP_LOGS))
    for data in groups:
        client.put_log_raw(project, logstore, data)
    return len(groups) * GROUP_LOGS


def _pull_rate(client: Any, project: str, logstore: str, query: Any) -> float:
    """MB/s of raw logs through one pass over the shard (1000 groups per pull)."""
    cursor = client.get_cursor(project, logstore, 0, "begin").get_cursor()
    end = client.get_cursor(project, logstore, 0, "end").get_cursor()
    raw = 0
    started = time.perf_counter()
    while cursor != end:
        res = client.pull_logs(project, logstore, 0, cursor, 1000, end, query=query)
        raw += res.get_raw_size_before_query() if query else res.get_raw_size()
        cursor = res.get_next_cursor()
    return raw / 1e6 / (time.perf_counter() - started)


def bench_dataplane(logs: int = 1_000_000, pull_logs: int = 200_000, repeat: int = 20) -> Dict[str, Any]:
    from aliyun.log import GetLogsRequest, LogClient

    emulator = EmulatorProcess()
    try:
        client = LogClient(emulator.endpoint, *emulator.credentials)
        project = "bench-dataplane"
        client.create_project(project, "data-plane benchmark")
        figures: Dict[str, Any] = {}

        figures["pull_logs"] = _load(client, project, "pull", pull_logs, index=False)
        figures["plain_pull_mb_s"] = _pull_rate(client, project, "pull", None)
        figures["spl_pull_mb_s"] = _pull_rate(client, project, "pull", SPL)

        figures["context_logs"] = _load(client, project, "context", logs, index=True)
        first, last = 1_700_000_000, 1_700_000_000 + 10 ** 8
        anchors: List[Dict[str, str]] = []
        for offset in range(0, 100 * repeat, 100):
            res = client.get_logs(GetLogsRequest(project, "context", first, last, query="* | with_pack_meta",
                                                 line=1, offset=offset * (figures["context_logs"] // (100 * repeat))))
            anchors.extend(log.get_contents() for log in res.get_logs())
        timings = []
        for anchor in anchors:
            started = time.perf_counter()
            res = client.get_context_logs(project, "context", anchor["__tag__:__pack_id__"],
                                          anchor["__pack_meta__"], 10, 10)
            timings.append(time.perf_counter() - started)
            if res.get_total_lines() < 11:
                raise AssertionError(f"context of a log in the middle had {res.get_total_lines()} lines")
        figures["context_ms"] = statistics.median(timings) * 1000
        client.close()
        return figures
    finally:
        emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--pull-logs", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the script works")
    args = parser.parse_args()
    if args.quick:
        args.logs, args.pull_logs, args.repeat = 40_000, 20_000, 5
    figures = bench_dataplane(args.logs, args.pull_logs, args.repeat)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}, indent=2))


if __name__ == "__main__":
    main()
