"""PUT through the client's own code path, and IMPORT of the package in a fresh interpreter.

PUT times what a user's ``put_logs`` costs before the network: building 4096 ``LogItem`` objects from dicts, key
checks, LogGroup serialization, lz4 and v1 signing (MD5 included) -- ``LogClient.build_put_requests`` followed by
``Transport.signed_headers``, the exact functions ``put_logs`` runs.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from typing import Any, Dict, List

from ._codec import forced_codec
from .nginx import make_logs, raw_bytes

BATCH = 4096


def bench_put(repeat: int = 41, contents: str = "pairs", codec: str = "auto") -> Dict[str, float]:
    """Median logs/s and raw MB/s of building + validating + encoding + compressing + signing 4096 logs.

    ``contents="pairs"`` builds each LogItem from a list of ``(key, value)`` tuples (the original SDK's style);
    ``contents="dicts"`` from the user's dict itself. ``codec="python"`` forces the pure-Python codec. A batch takes
    about 10 ms, so the median is taken over 41 of them (about 0.4 s, the order of the official-style row's 7 x
    115 ms): over 7 batches, one momentary slowdown of the host could move it.
    """
    if contents not in ("pairs", "dicts"):
        raise ValueError(f"contents must be 'pairs' or 'dicts', got {contents!r}")
    from aliyun.log import LogClient

    logs = make_logs(BATCH, seed=1)
    payload = raw_bytes(logs)
    client = LogClient("http://127.0.0.1:9", "bench-id", "bench-secret", source="10.0.0.1")
    transport = client.transport
    with forced_codec(codec):
        _put_once(client, transport, logs, contents)  # warm-up, as the official-style row has
        timings = [_put_once(client, transport, logs, contents) for _ in range(repeat)]
    client.close()
    seconds = statistics.median(timings)
    return {"logs_per_s": BATCH / seconds, "mb_per_s": payload / seconds / 1e6, "us_per_log": seconds / BATCH * 1e6}


def _put_once(client: Any, transport: Any, logs: List[Dict[str, str]], contents: str) -> float:
    """Seconds of one PUT: LogItems, validation, encoding, lz4 and signing."""
    from aliyun.log import LogItem, PutLogsRequest

    started = time.perf_counter()
    if contents == "pairs":
        items = [LogItem(1_700_000_000, list(log.items())) for log in logs]
    else:
        items = [LogItem(1_700_000_000, log) for log in logs]
    request = PutLogsRequest("bench-project", "bench-logstore", "topic", "10.0.0.1", items)
    for api_request, _count in client.build_put_requests(request):
        transport.signed_headers(api_request)
    return time.perf_counter() - started


_IMPORT_PROBE = """
import resource, time, json
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
import aliyun.log
elapsed = time.perf_counter() - started
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ms": elapsed * 1000, "rss_kib": after - before}))
"""


def bench_import(repeat: int = 9) -> Dict[str, float]:
    """Median wall milliseconds and KiB of RSS added by ``import aliyun.log`` in a fresh interpreter."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _IMPORT_PROBE], check=True, capture_output=True, text=True)
        runs.append(json.loads(out.stdout))
    return {
        "ms": statistics.median(run["ms"] for run in runs),
        "rss_mib": statistics.median(run["rss_kib"] for run in runs) / 1024,
    }


if __name__ == "__main__":
    put = bench_put()
    print(f"PUT    {put['logs_per_s']:>12,.0f} logs/s {put['mb_per_s']:8.1f} MB/s {put['us_per_log']:6.2f} us/log")
    imp = bench_import()
    print(f"IMPORT {imp['ms']:>12.1f} ms     +{imp['rss_mib']:.1f} MiB RSS")
