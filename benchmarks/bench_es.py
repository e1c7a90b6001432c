"""ES migration benchmark: documents per second and raw MB/s from a real Elasticsearch into the emulator.

Loads ``docs`` nginx access logs (``benchmarks.nginx``, ~307 raw bytes each) into a 4-shard index of the
Elasticsearch at ``ES_URL`` (default ``http://127.0.0.1:9200``; start one with ``bash scripts/elasticsearch.sh
start``), then migrates the index with ``pool_size`` 1 and 4 into an in-process emulator. Raw bytes are the UTF-8 bytes
of every key and value written (the ``_id`` and ``_index`` fields included), as the migration's Summary counts them.

``python -m benchmarks.bench_es [docs]`` prints one line per pool size.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Sequence

from .nginx import make_logs

ES_URL = os.environ.get("ES_URL", "http://127.0.0.1:9200")
INDEX = "bench-es-migration"
SHARDS = 4


def _load(es: Any, docs: int) -> None:
    es.indices.delete(index=INDEX, ignore_unavailable=True)
    es.indices.create(index=INDEX, settings={"number_of_shards": SHARDS, "number_of_replicas": 0,
                                             "refresh_interval": "-1", "translog.durability": "async"},
                      mappings={"properties": {"status": {"type": "integer"}, "body_bytes_sent": {"type": "long"},
                                               "request_time": {"type": "double"}}})
    logs = make_logs(docs, seed=7)
    chunk = 10_000

    def load(start: int) -> None:
        lines: List[str] = []
        for i in range(start, min(start + chunk, docs)):
            source = dict(logs[i])
            source["status"] = int(source["status"])
            source["body_bytes_sent"] = int(source["body_bytes_sent"])
            source["request_time"] = float(source["request_time"])
            lines.append(json.dumps({"index": {"_id": str(i)}}))
            lines.append(json.dumps(source))
        result = es.bulk(index=INDEX, operations="\n".join(lines) + "\n")
        if result["errors"]:
            raise RuntimeError("bulk load failed")

    with ThreadPoolExecutor(3) as pool:
        list(pool.map(load, range(0, docs, chunk)))
    es.indices.put_settings(index=INDEX, settings={"refresh_interval": "1s"})
    es.indices.refresh(index=INDEX)


def bench_es(docs: int = 100_000, pools: Sequence[int] = (1, 4)) -> Dict[str, Any]:
    """``{"pool_1": {"docs_per_s", "mb_per_s", "seconds"}, "pool_4": {...}, "docs": n}``."""
    from elasticsearch import Elasticsearch

    from aliyun.log import LogClient
    from aliyun.log.es_migration import MigrationManager

    from ._emulator import EmulatorProcess

    es = Elasticsearch(ES_URL, request_timeout=300)
    _load(es, docs)
    figures: Dict[str, Any] = {"docs": docs}
    try:
        with EmulatorProcess() as emulator, LogClient(emulator.endpoint, *emulator.credentials) as client:
            for pool in pools:
                project = f"bench-es-{pool}-{int(time.time())}"
                client.create_project(project, "es migration benchmark")
                with tempfile.TemporaryDirectory() as cache:
                    manager = MigrationManager(
                        hosts=ES_URL.split("://", 1)[1], indexes=INDEX, endpoint=emulator.endpoint,
                        project_name=project, access_key_id=emulator.credentials[0],
                        access_key=emulator.credentials[1], pool_size=pool, wait_time_in_secs=0, cache_path=cache,
                        progress=False, batch_size=2000,
                    )
                    started = time.perf_counter()
                    result = manager.migrate()
                    seconds = time.perf_counter() - started
                if not result.succeeded or result.total_count != docs:
                    raise RuntimeError(f"migration failed: {result.report()}")
                figures[f"pool_{pool}"] = {"docs_per_s": docs / seconds, "mb_per_s": result.new_bytes / seconds / 1e6,
                                           "seconds": seconds}
    finally:
        es.indices.delete(index=INDEX, ignore_unavailable=True)
        es.close()
    return figures


def main(argv: List[str]) -> None:
    docs = int(argv[0]) if argv else 100_000
    figures = bench_es(docs)
    print(f"ES migration of {docs:,} nginx documents ({SHARDS} shards), Elasticsearch 8.12.2 -> emulator:")
    for key, value in figures.items():
        if key.startswith("pool_"):
            print(f"  pool_size={key[5:]}: {value['docs_per_s']:,.0f} docs/s, {value['mb_per_s']:.1f} MB/s raw "
                  f"({value['seconds']:.1f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
