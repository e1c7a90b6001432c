"""Helpers of the Elasticsearch migration tests: fast bulk loading, reading both sides, an independent oracle."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple

from aliyun.log import LogClient

SYSTEM_FIELDS = ("__time__", "__topic__", "__source__", "__time_ns_part__")


def bulk_load(es: Any, index: str, docs: Callable[[int], Tuple[str, Dict[str, Any]]], count: int,
              chunk: int = 10_000, threads: int = 3) -> None:
    """Index ``count`` documents ``docs(i) -> (id, source)`` with pre-serialised NDJSON bulk bodies, in parallel."""

    def load(start: int) -> None:
        lines: List[str] = []
        for i in range(start, min(start + chunk, count)):
            doc_id, source = docs(i)
            lines.append(json.dumps({"index": {"_id": doc_id}}))
            lines.append(json.dumps(source, ensure_ascii=False))
        result = es.bulk(index=index, operations="\n".join(lines) + "\n")
        assert not result["errors"], [item for item in result["items"] if "error" in item["index"]][:3]

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(load, range(0, count, chunk)))
    es.indices.refresh(index=index)


def create_index(es: Any, index: str, shards: int = 1, mappings: Optional[Dict[str, Any]] = None,
                 **settings: Any) -> None:
    body = {"number_of_shards": shards, "number_of_replicas": 0, **settings}
    es.indices.create(index=index, settings=body, mappings=mappings or {})


def es_hits(es: Any, index: str, query: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    from elasticsearch import helpers

    body = {"query": query} if query else None
    return list(helpers.scan(es, index=index, query=body, size=5000))


def pull_all(client: LogClient, project: str, logstore: str) -> List[Dict[str, Any]]:
    """Every log of a logstore (all shards, from the beginning), flattened."""
    logs: List[Dict[str, Any]] = []
    for shard in client.list_shards(project, logstore).get_shard_ids():
        for resp in client.pull_log(project, logstore, shard, "begin", "end"):
            logs.extend(resp.get_flatten_logs_json(decode_bytes=True))
    return logs


def oracle_text(value: Any) -> str:
    """What the documentation promises for a value: strings as they are, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def expected_fields(hit: Mapping[str, Any], renames: Optional[Mapping[str, str]] = None) -> Dict[str, str]:
    renames = renames or {}
    out = {"_id": hit["_id"], "_index": hit["_index"]}
    for name, value in hit["_source"].items():
        out[renames.get(name, name)] = oracle_text(value)
    return out


def content_fields(log: Mapping[str, Any]) -> Dict[str, Any]:
    return {k: v for k, v in log.items() if k not in SYSTEM_FIELDS and not k.startswith("__tag__:")}


def assert_same_documents(hits: Iterable[Mapping[str, Any]], logs: List[Dict[str, Any]],
                          renames: Optional[Mapping[str, str]] = None) -> None:
    """Every hit is in the logs exactly once with exactly the expected fields, and nothing else is."""
    by_key: Dict[Tuple[str, str], Dict[str, Any]] = {}
    for log in logs:
        key = (log["_index"], log["_id"])
        assert key not in by_key, f"duplicate log for {key}"
        by_key[key] = content_fields(log)
    expected = {(h["_index"], h["_id"]): expected_fields(h, renames) for h in hits}
    assert len(by_key) == len(expected), (len(by_key), len(expected))
    for key, fields in expected.items():
        assert key in by_key, f"document {key} is missing from the logstore"
        assert by_key[key] == fields, (key, by_key[key], fields)
