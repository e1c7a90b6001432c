"""Run the reference workloads and print a table of medians: ``python -m benchmarks [--quick] [ID ...]``.

Each workload lives in its own module with a ``bench_*`` function returning a dict of figures; this runner only
calls them and formats the table. ``--quick`` shrinks the long workloads (CONSUME, QUERY) for a smoke run.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional


class Workload(NamedTuple):
    id: str
    module: str
    function: str
    describe: Callable[[Dict[str, Any]], str]
    target: str
    quick_kwargs: Dict[str, Any] = {}
    kwargs: Dict[str, Any] = {}


def _rate(figures: Dict[str, Any]) -> str:
    return f"{figures['logs_per_s']:,.0f} logs/s, {figures['mb_per_s']:.1f} MB/s"


WORKLOADS: List[Workload] = [
    Workload("PUT", "benchmarks.bench_client", "bench_put", _rate,
             ">= 10x PUT-official-style of the same run"),
    Workload("PUT-dicts", "benchmarks.bench_client", "bench_put", _rate, "LogItems built from dicts",
             {"contents": "dicts"}, {"contents": "dicts"}),
    Workload("PUT-fallback", "benchmarks.bench_client", "bench_put", _rate, "PUT with the pure-Python codec",
             {"codec": "python"}, {"codec": "python"}),
    Workload("PUT-official-style", "benchmarks.bench_codec", "bench_put_baseline", _rate,
             "reference: protobuf message building, as the official SDK does"),
    Workload("PULL", "benchmarks.bench_codec", "bench_pull", _rate,
             ">= 8x PULL-official-style, >= 75% of PULL-floor (same run)"),
    Workload("PULL-fallback", "benchmarks.bench_codec", "bench_pull", _rate, "PULL with the pure-Python codec",
             {"codec": "python"}, {"codec": "python"}),
    Workload("PULL-floor", "benchmarks.bench_codec", "bench_pull_floor", _rate,
             "reference: lz4 + protobuf parse alone (PULL >= 75% of this rate)"),
    Workload("PULL-memory", "benchmarks.bench_codec", "bench_pull_memory",
             lambda f: f"peak {f['peak_mib']:.0f} MiB for a {f['result_mib']:.0f} MiB result "
                       f"({f['peak_over_result']:.2f}x)", "<= 3x the flattened result"),
    Workload("PULL-memory-fallback", "benchmarks.bench_codec", "bench_pull_memory",
             lambda f: f"peak {f['peak_mib']:.0f} MiB for a {f['result_mib']:.0f} MiB result "
                       f"({f['peak_over_result']:.2f}x)", "pure-Python codec", {"codec": "python"},
             {"codec": "python"}),
    Workload("PULL-official-style", "benchmarks.bench_codec", "bench_pull_baseline", _rate,
             "reference: protobuf objects flattened in Python"),
    Workload("IMPORT", "benchmarks.bench_client", "bench_import",
             lambda f: f"{f['ms']:.1f} ms, +{f['rss_mib']:.1f} MiB RSS", "<= 50 ms (official ~200 ms)"),
    Workload("HANDLER", "benchmarks.bench_handler", "bench_handler",
             lambda f: ", ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in f.items()),
             "app thread <= 1.5x the no-op handler, >= 60k records/s delivered", {"records": 20_000}),
    Workload("QUERY", "benchmarks.bench_query", "bench_query",
             lambda f: ", ".join(f"{k} {v:,.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in f.items()),
             "search and group-by over 1M logs in seconds", {"logs": 100_000}),
    Workload("ES", "benchmarks.bench_es", "bench_es",
             lambda f: ", ".join(f"pool {k[5:]}: {v['docs_per_s']:,.0f} docs/s {v['mb_per_s']:.1f} MB/s"
                                 for k, v in f.items() if k.startswith("pool_")),
             "docs/s and raw MB/s with pool_size 1 and 4 (needs bash scripts/elasticsearch.sh start)",
             {"docs": 20_000}),
    Workload("INGEST", "benchmarks.bench_ingest", "bench_ingest",
             lambda f: ", ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in f.items()),
             "8 writers into the emulator: accepted raw MB/s, durable after a restart, CPU per side",
             {"raw_mb": 40}),
    Workload("DATAPLANE", "benchmarks.bench_dataplane", "bench_dataplane",
             lambda f: ", ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in f.items()),
             "SPL pull MB/s (where + project), context-log latency on a 1M-log shard",
             {"logs": 40_000, "pull_logs": 20_000, "repeat": 5}),
    Workload("ETL", "benchmarks.bench_etl", "bench_etl", lambda f: f["summary"],
             ">= 5x official engine; transform_data >= 50 MB/s raw per core", {"events": 10_000, "raw_mb": 3}),
    Workload("CONSUME", "benchmarks.bench_consume", "bench_consume",
             lambda f: ", ".join(f"{k} {v:,.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in f.items()),
             ">= 150 MB/s raw, 1 worker process", {"raw_mb": 100}),
    Workload("CONSUME-flatten", "benchmarks.bench_consume", "bench_consume",
             lambda f: ", ".join(f"{k} {v:,.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in f.items()),
             "CONSUME with every log flattened to a dict (the codec's flatten)", {"raw_mb": 100, "mode": "flatten"},
             {"mode": "flatten"}),
]


def run(selected: Optional[List[str]], quick: bool) -> int:
    rows = []
    for workload in WORKLOADS:
        if selected and workload.id.upper() not in selected:
            continue
        try:
            function = getattr(importlib.import_module(workload.module), workload.function)
        except (ImportError, AttributeError):
            rows.append((workload.id, "not built yet", workload.target))
            continue
        started = time.perf_counter()
        try:
            figures = function(**{**workload.kwargs, **(workload.quick_kwargs if quick else {})})
        except Exception as exc:  # a failing workload is reported, the others still run
            rows.append((workload.id, f"FAILED: {type(exc).__name__}: {exc}", workload.target))
            continue
        elapsed = time.perf_counter() - started
        rows.append((workload.id, f"{workload.describe(figures)}  ({elapsed:.0f}s)", workload.target))
        print(f"{workload.id}: done", file=sys.stderr, flush=True)
    width = max((len(r[0]) for r in rows), default=4)
    value_width = max((len(r[1]) for r in rows), default=6)
    print(f"{'id':<{width}}  {'median':<{value_width}}  target")
    for workload_id, value, target in rows:
        print(f"{workload_id:<{width}}  {value:<{value_width}}  {target}")
    return 1 if any(r[1].startswith("FAILED") for r in rows) else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("ids", nargs="*", help="workload ids to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="smaller data for the long workloads")
    args = parser.parse_args(argv)
    return run([i.upper() for i in args.ids] or None, args.quick)


if __name__ == "__main__":
    sys.exit(main())
