"""Codec benchmarks: the PUT and PULL workloads of PERFORMANCE.md, minus HTTP and signing.

PUT: build 4096 ``LogItem`` objects from nginx dicts, encode the LogGroup (topic, source) and lz4 it.
PULL: lz4-decompress a PullLogs body of 100 LogGroups x 1000 nginx logs, parse it and flatten it to dicts with
``time_as_str=True, decode_bytes=True``; ``codec="python"`` forces the pure-Python codec, ``bench_pull_floor`` times
lz4 + protobuf parsing alone, ``bench_pull_memory`` the peak memory beside the result's.

Each has a ``*_baseline`` twin doing the same work the way the original SDK does (protobuf objects, Python loops), so
the ratio can be read side by side on a noisy machine. ``python -m benchmarks.bench_codec [repeat]`` prints a table.
"""

from __future__ import annotations

import copy
import gc
import statistics
import sys
import time
from typing import Any, Callable, Dict, List, Tuple

from ._codec import forced_codec
from .nginx import make_logs, make_times, raw_bytes

BATCH = 4096
GROUPS = 100
GROUP_SIZE = 1000
TOPIC = "nginx"
SOURCE = "10.0.0.1"


def _rates(seconds: List[float], logs: int, payload: int) -> Dict[str, float]:
    median = statistics.median(seconds)
    return {"logs_per_s": logs / median, "mb_per_s": payload / median / 1e6, "us_per_log": median / logs * 1e6}


def _timed(run: Callable[[], Any], repeat: int) -> List[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
        del result
    return timings


# --------------------------------------------------------------------------------------------------------------------
# PUT


def _put_input() -> Tuple[List[int], List[Dict[str, str]], int]:
    logs = make_logs(BATCH, seed=1)
    return make_times(BATCH, seed=1), logs, raw_bytes(logs)


def bench_put(repeat: int = 7) -> Dict[str, float]:
    """Median rates of building 4096 ``LogItem`` objects from dicts + ``encode_log_group`` + lz4."""
    from aliyun.log.codec import compress, encode_log_group
    from aliyun.log.models.logitem import LogItem

    times, logs, payload = _put_input()

    def run() -> bytes:
        items = [LogItem(t, log) for t, log in zip(times, logs)]
        return compress(encode_log_group(items, TOPIC, SOURCE), "lz4")

    run()  # warm the caches, as a long-running producer has them
    return _rates(_timed(run, repeat), BATCH, payload)


def bench_put_dicts(repeat: int = 7) -> Dict[str, float]:
    """Median rates of ``encode_log_group`` straight from ``{"__time__": t, ...}`` dicts + lz4 (no LogItem)."""
    from aliyun.log.codec import compress, encode_log_group

    times, logs, payload = _put_input()
    dicts = [{"__time__": t, **log} for t, log in zip(times, logs)]

    def run() -> bytes:
        return compress(encode_log_group(dicts, TOPIC, SOURCE), "lz4")

    run()
    return _rates(_timed(run, repeat), BATCH, payload)


def bench_put_baseline(repeat: int = 7) -> Dict[str, float]:
    """The original SDK's way: LogItems (deep-copied contents), a protobuf LogGroup, SerializeToString, lz4."""
    from aliyun.log.codec import compress, proto

    times, logs, payload = _put_input()
    log_group_cls = proto.LogGroup

    def run() -> bytes:
        items = [(t, copy.deepcopy(list(log.items()))) for t, log in zip(times, logs)]
        group = log_group_cls()
        for t, contents in items:
            log = group.Logs.add()
            log.Time = t
            for key, value in contents:
                content = log.Contents.add()
                content.Key = key
                content.Value = value
        group.Topic = TOPIC
        group.Source = SOURCE
        return compress(group.SerializeToString(), "lz4")

    run()
    return _rates(_timed(run, repeat), BATCH, payload)


# --------------------------------------------------------------------------------------------------------------------
# PULL


def pull_body() -> Tuple[bytes, int, int]:
    """The PULL input: (lz4 body, raw size, raw payload bytes) of 100 groups x 1000 nginx logs."""
    from aliyun.log.codec import compress, encode_log_group, log_group_list_from_groups
    from aliyun.log.models.logitem import LogItem

    total = GROUPS * GROUP_SIZE
    logs = make_logs(total, seed=2)
    times = make_times(total, seed=2)
    groups = []
    for start in range(0, total, GROUP_SIZE):
        items = [LogItem(t, log) for t, log in zip(times[start:start + GROUP_SIZE], logs[start:start + GROUP_SIZE])]
        groups.append(encode_log_group(items, TOPIC, SOURCE, [("__receive_time__", str(times[start]))]))
    raw = log_group_list_from_groups(groups)
    return compress(raw, "lz4"), len(raw), raw_bytes(logs)


def bench_pull(repeat: int = 7, codec: str = "auto") -> Dict[str, float]:
    """Median rates of lz4 decompress + parse + flatten (time_as_str, decode_bytes) of 100 x 1000 logs, with the
    compiled codec when built (``codec="auto"``) or the pure-Python one (``codec="python"``)."""
    from aliyun.log.codec import pull_body_to_flat

    body, raw_size, payload = pull_body()

    def run() -> List[Dict[Any, Any]]:
        return pull_body_to_flat(body, "lz4", raw_size, time_as_str=True, decode_bytes=True)

    with forced_codec(codec):
        run()
        return _rates(_timed(run, repeat), GROUPS * GROUP_SIZE, payload)


def bench_pull_fallback(repeat: int = 7) -> Dict[str, float]:
    """``bench_pull`` with the pure-Python codec."""
    return bench_pull(repeat, codec="python")


def bench_pull_floor(repeat: int = 7) -> Dict[str, float]:
    """Median rates of lz4 decompress + protobuf parse (``LogGroupListRaw``) alone: the floor PULL is measured
    against (no dicts, no Python strings)."""
    from aliyun.log.codec import decompress, proto

    body, raw_size, payload = pull_body()
    list_cls = proto.LogGroupListRaw

    def run() -> Any:
        return list_cls.FromString(decompress(body, "lz4", raw_size))

    run()
    return _rates(_timed(run, repeat), GROUPS * GROUP_SIZE, payload)


def bench_pull_memory(codec: str = "auto") -> Dict[str, float]:
    """Peak memory of pulling and flattening 100,000 logs beside the memory the flattened result holds
    (tracemalloc; the compressed body exists before)."""
    import tracemalloc

    from aliyun.log.codec import pull_body_to_flat

    body, raw_size, _payload = pull_body()
    with forced_codec(codec):
        gc.collect()
        tracemalloc.start()
        try:
            result = pull_body_to_flat(body, "lz4", raw_size, time_as_str=True, decode_bytes=True)
            held, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    del result
    return {"result_mib": held / 2**20, "peak_mib": peak / 2**20, "peak_over_result": peak / held}


def bench_pull_baseline(repeat: int = 7) -> Dict[str, float]:
    """The original SDK's way: ``LogGroupListRaw.ParseFromString`` and its Python flatten loop."""
    from aliyun.log.codec import decompress, proto

    body, raw_size, payload = pull_body()
    list_cls = proto.LogGroupListRaw

    def b2u(value: Any) -> Any:
        return value.decode("utf8", "ignore") if isinstance(value, bytes) else value

    def run() -> List[Dict[Any, Any]]:
        groups = list_cls.FromString(decompress(body, "lz4", raw_size))
        flat = []
        for group in groups.LogGroups:
            tags = {}
            for tag in group.LogTags:
                tags[f"__tag__:{tag.Key}"] = tag.Value
            for log in group.Logs:
                item = {"__time__": str(log.Time), "__topic__": group.Topic, "__source__": group.Source}
                if log.Time_ns:
                    item["__time_ns_part__"] = log.Time_ns
                item.update(tags)
                for content in log.Contents:
                    item[b2u(content.Key)] = b2u(content.Value)
                flat.append(item)
        return flat

    run()
    return _rates(_timed(run, repeat), GROUPS * GROUP_SIZE, payload)


def main(argv: List[str]) -> None:
    repeat = int(argv[1]) if len(argv) > 1 else 7
    rows = [
        ("PUT  LogItems + encode + lz4", bench_put),
        ("PUT  dicts + encode + lz4", bench_put_dicts),
        ("PUT  baseline (protobuf objects)", bench_put_baseline),
        ("PULL lz4 + parse + flatten", bench_pull),
        ("PULL same, pure-Python codec", bench_pull_fallback),
        ("PULL floor (lz4 + protobuf parse)", bench_pull_floor),
        ("PULL baseline (protobuf objects)", bench_pull_baseline),
    ]
    print(f"{'workload':36} {'logs/s':>12} {'MB/s':>9} {'us/log':>8}   (median of {repeat}, gc {gc.isenabled()})")
    for name, bench in rows:
        result = bench(repeat)
        print(f"{name:36} {result['logs_per_s']:12,.0f} {result['mb_per_s']:9.1f} {result['us_per_log']:8.2f}")


if __name__ == "__main__":
    main(sys.argv)
