"""QUERY: search and analytics over 1 million stored nginx logs in the emulator (PERFORMANCE.md, issue 4).

The emulator runs in its own process (in memory). A 2-shard logstore with an nginx index is filled with ``logs``
nginx logs (groups of 4096, about 3 logs per second of log time, so 1M logs span ~4 days) through the SDK's
``put_log_raw``; then each query runs ``repeat`` times through the SDK and the median wall time is reported:

- ``load_s``: writing the logs; ``ready_s``: the first query afterwards (it waits for whatever the emulator's
  background indexer has not copied yet into its query tables);
- ``search_page_s``: ``status >= 500 and request_method: POST``, first page of 100 logs;
- ``search_fulltext_count_s``: ``Firefox and not Linux | select count(1)`` (every log is examined);
- ``histogram_s``: GetHistograms of ``status: 404`` over the whole range;
- ``group_by_s``: ``* | select status, count(1) as pv group by status order by pv desc``;
- ``group_by_minute_s``: ``* | select date_trunc('hour', __time__) as h, count(1) ... group by h``;
- ``percentile_s``: ``* | select approx_percentile(request_time, 0.99), avg(request_time)``.

``python -m benchmarks.bench_query [--logs 1000000] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any, Callable, Dict, List

from ._emulator import EmulatorProcess
from .nginx import make_logs, make_times

GROUP_LOGS = 4096
TOKENS = list(", '\";=()[]{}?@&<>/:\n\t\r")
INDEX = {
    "line": {"token": TOKENS, "caseSensitive": False},
    "keys": {
        "remote_addr": {"type": "text", "token": TOKENS, "doc_value": True},
        "request_method": {"type": "text", "token": TOKENS, "doc_value": True},
        "request_uri": {"type": "text", "token": TOKENS, "doc_value": True},
        "status": {"type": "long", "doc_value": True},
        "body_bytes_sent": {"type": "long", "doc_value": True},
        "request_time": {"type": "double", "doc_value": True},
        "http_user_agent": {"type": "text", "token": TOKENS, "doc_value": True},
    },
}


def _groups(count: int) -> List[bytes]:
    """``count`` serialized LogGroups of 4096 nginx logs with increasing times (16 distinct contents, reused)."""
    from aliyun.log.codec import encode_log_group
    from aliyun.log.models.logitem import LogItem

    contents = [list(make_logs(GROUP_LOGS, seed=seed)) for seed in range(16)]
    offsets = make_times(GROUP_LOGS, seed=0)
    span = offsets[-1] - offsets[0] + 1
    groups = []
    for index in range(count):
        shift = index * span
        logs = contents[index % len(contents)]
        items = [LogItem(t + shift, list(log.items())) for t, log in zip(offsets, logs)]
        groups.append(encode_log_group(items, "nginx", f"10.0.0.{index % 8}"))
    return groups


def _timed(call: Callable[[], Any], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def bench_query(logs: int = 1_000_000, repeat: int = 3) -> Dict[str, Any]:
    from aliyun.log import GetHistogramsRequest, GetLogsRequest, LogClient

    group_count = max(1, logs // GROUP_LOGS)
    groups = _groups(group_count)
    emulator = EmulatorProcess()
    try:
        client = LogClient(emulator.endpoint, *emulator.credentials)
        project, logstore = "bench-query", "nginx"
        client.create_project(project, "query benchmark")
        client.create_logstore(project, logstore, shard_count=2)
        client._send_json("POST", f"/logstores/{logstore}/index", project, INDEX)

        started = time.perf_counter()
        for data in groups:
            client.put_log_raw(project, logstore, data)
        load_s = time.perf_counter() - started
        total = group_count * GROUP_LOGS
        first, last = 1_700_000_000, 1_700_000_000 + 10 ** 7

        def sql(query: str) -> List[Dict[str, str]]:
            res = client.get_logs(GetLogsRequest(project, logstore, first, last, query=query))
            return res.get_body()

        started = time.perf_counter()
        counted = int(sql("* | select count(1) as c")[0]["c"])
        ready_s = time.perf_counter() - started
        if counted != total:
            raise AssertionError(f"stored {total} logs, the query counted {counted}")

        figures: Dict[str, Any] = {"logs": total, "load_s": load_s, "ready_s": ready_s}
        figures["search_page_s"] = _timed(lambda: client.get_logs(GetLogsRequest(
            project, logstore, first, last, query="status >= 500 and request_method: POST", line=100)), repeat)
        figures["search_fulltext_count_s"] = _timed(
            lambda: sql("Firefox and not Linux | select count(1) as c"), repeat)
        figures["histogram_s"] = _timed(lambda: client.get_histograms(GetHistogramsRequest(
            project, logstore, first, last, query="status: 404")), repeat)
        figures["group_by_s"] = _timed(
            lambda: sql("* | select status, count(1) as pv group by status order by pv desc"), repeat)
        figures["group_by_hour_s"] = _timed(
            lambda: sql("* | select date_trunc('hour', __time__) as h, count(1) as c group by h order by h "
                        "limit 1000"), repeat)
        figures["percentile_s"] = _timed(
            lambda: sql("* | select approx_percentile(request_time, 0.99) as p99, avg(request_time) as a"), repeat)
        client.close()
        return figures
    finally:
        emulator.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    figures = bench_query(args.logs, args.repeat)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}, indent=2))


if __name__ == "__main__":
    main()
