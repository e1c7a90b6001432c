"""pull_log_dump and copy_data against the emulator (one and two instances)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Callable, Dict, List

import pytest

from aliyun.log import LogClient, LogException, LogItem, PutLogsRequest
from aliyun.log.api.transfer import parse_shard_list
from aliyun.log.emulator import Emulator
from aliyun.log.ops.transfer import MAX_PARALLEL_SHARDS

from ..conftest import unique_name


def fill(client: LogClient, project: str, logstore: str) -> List[Dict[str, str]]:
    """Write 3 batches to each of the 4 shards (hash-routed), one with a non-UTF-8 value; return what was written."""
    written = []
    for shard in range(4):
        key = format(shard * (1 << 126), "032x")
        for batch in range(3):
            items = [LogItem(1_700_000_000 + i, [("shard", str(shard)), ("n", f"{batch}-{i}"), ("text", "日志")])
                     for i in range(5)]
            client.put_logs(PutLogsRequest(project, logstore, f"topic-{shard}", "src", items, hashKey=key,
                                           logtags=[("batch", str(batch))]))
            written += [{"shard": str(shard), "n": f"{batch}-{i}"} for i in range(5)]
    client.put_logs(PutLogsRequest(project, logstore, "", "src", [LogItem(1, [("raw", b"\xff\xfe")])],
                                   hashKey="0" * 32))
    return written


def test_parse_shard_list() -> None:
    assert parse_shard_list(None, [0, 1, 2]) == [0, 1, 2]
    assert parse_shard_list("0, 2-3", [0, 1, 2, 3, 4]) == [0, 2, 3]
    assert parse_shard_list("1,7", [0, 1, 2]) == [1]
    assert parse_shard_list([2, 0], [0, 1, 2]) == [0, 2]
    for bad in ["a", "3-1", "1,,2"]:
        with pytest.raises(LogException):
            parse_shard_list(bad, [0, 1, 2, 3])


def test_pull_log_dump(client: LogClient, project: str, make_logstore: Callable[..., str], tmp_path: Path) -> None:
    logstore = make_logstore(shard_count=4)
    written = fill(client, project, logstore)
    res = client.pull_log_dump(project, logstore, "begin", "end", str(tmp_path / "dump_{}.data"),
                               batch_size=2, encodings=["utf8", "latin1"], no_escape=True)
    body = res.get_body()
    assert body["total_count"] == len(written) + 1
    assert sorted(body["files"]) == [str(tmp_path / f"dump_{i}.data") for i in range(4)]
    dumped = []
    for path, count in body["files"].items():
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        assert len(lines) == count
        dumped += [json.loads(line) for line in lines]
    assert sorted((d["shard"], d["n"]) for d in dumped if "shard" in d) == sorted(
        (w["shard"], w["n"]) for w in written)
    sample = next(d for d in dumped if d.get("n") == "1-3" and d["shard"] == "2")
    assert sample["text"] == "日志" and sample["__topic__"] == "topic-2" and sample["__tag__:batch"] == "1"
    assert sample["__time__"] == "1700000003"
    assert next(d for d in dumped if "raw" in d)["raw"] == "ÿþ"  # latin1 fallback for non-UTF-8 bytes
    assert "日志" in (tmp_path / "dump_2.data").read_text(encoding="utf-8")  # no_escape: not \\u-escaped

    # without {} the shard id is appended as is; a second dump appends to the files (as the official client)
    for _ in range(2):
        only = client.pull_log_dump(project, logstore, "begin", "end", str(tmp_path / "part"), shard_list="1-2")
        assert only.get_body() == {"total_count": 30, "files": {str(tmp_path / "part1"): 15,
                                                               str(tmp_path / "part2"): 15}}
    assert [len((tmp_path / f"part{i}").read_text("utf-8").splitlines()) for i in (1, 2)] == [30, 30]


def test_pull_log_dump_skips_empty_shards_and_expands_the_home(
    client: LogClient, project: str, make_logstore: Callable[..., str], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    logstore = make_logstore(shard_count=2)
    client.put_logs(PutLogsRequest(project, logstore, "", "src", [LogItem(1, [("a", "1")])], hashKey="0" * 32))
    monkeypatch.setenv("HOME", str(tmp_path))
    res = client.pull_log_dump(project, logstore, "begin", "end", "~/d_{0}.jsonl")
    assert res.get_body() == {"total_count": 1, "files": {"~/d_0.jsonl": 1}}
    assert json.loads((tmp_path / "d_0.jsonl").read_text("utf-8"))["a"] == "1"
    assert not (tmp_path / "d_1.jsonl").exists()  # a shard without logs writes no file
    with pytest.raises(LogException) as info:
        client.pull_log_dump(project, logstore, "begin", "end", str(tmp_path / "{name}_{}"))
    assert info.value.get_error_code() == "InvalidArgument"


def test_copy_data_to_another_emulator(client: LogClient, project: str, make_logstore: Callable[..., str]) -> None:
    logstore = make_logstore(shard_count=4)
    written = fill(client, project, logstore)
    with Emulator(port=0) as other, LogClient(other.endpoint, *other.credentials) as target:
        to_project = unique_name("copy")
        target.create_project(to_project, "")
        target.create_logstore(to_project, "copied", shard_count=2)
        res = client.copy_data(project, logstore, "begin", to_client=target, to_project=to_project,
                               to_logstore="copied", new_source="copier")
        assert res.get_body()["total_count"] == len(written) + 1
        assert sum(res.get_body()["shards"].values()) == len(written) + 1
        copied = [log for shard in (0, 1) for batch in target.pull_log(to_project, "copied", shard, "begin", "end")
                  for log in batch.get_flatten_logs_json()]
    assert sorted((c["shard"], c["n"]) for c in copied if "shard" in c) == sorted(
        (w["shard"], w["n"]) for w in written)
    assert {c["__source__"] for c in copied} == {"copier"}
    assert {c["__topic__"] for c in copied if "shard" in c} == {f"topic-{i}" for i in range(4)}
    assert next(c for c in copied if "raw" in c)["raw"] == b"\xff\xfe"


def test_copy_data_within_a_project_and_errors(client: LogClient, project: str,
                                               make_logstore: Callable[..., str]) -> None:
    source = make_logstore(shard_count=4)
    target = make_logstore(shard_count=1)
    written = fill(client, project, source)
    res = client.copy_data(project, source, "begin", "end", to_logstore=target, shard_list="0", new_topic="t")
    copied = [log for batch in client.pull_log(project, target, 0, "begin", "end")
              for log in batch.get_flatten_logs_json()]
    assert res.get_body()["total_count"] == len(copied) == 16  # shard 0: 15 logs + the non-UTF-8 one
    assert {c["__topic__"] for c in copied} == {"t"}
    assert len(written) == 60
    with pytest.raises(LogException) as info:
        client.pull_log_dump(project, source, "begin", "end", "")
    assert info.value.get_error_code() == "InvalidArgument"


def test_copy_data_onto_the_same_logstore_rewrites_it_once(
    client: LogClient, project: str, make_logstore: Callable[..., str]
) -> None:
    """As the official client: without a target the logs are written again into their own logstore (a re-index);
    the range is fixed at the start, so the copy does not chase its own writes."""
    logstore = make_logstore(shard_count=MAX_PARALLEL_SHARDS + 2)  # some shards start after others wrote
    written = fill(client, project, logstore)
    res = client.copy_data(project, logstore, "begin", batch_size=1)
    assert res.get_body()["total_count"] == len(written) + 1
    logs = [log for shard in range(MAX_PARALLEL_SHARDS + 2)
            for batch in client.pull_log(project, logstore, shard, "begin", "end")
            for log in batch.get_flatten_logs_json()]
    assert len(logs) == 2 * (len(written) + 1)
    assert Counter((c["shard"], c["n"]) for c in logs if "shard" in c) == Counter(
        {(w["shard"], w["n"]): 2 for w in written})
    again = client.copy_data(project, logstore, "begin", "end", new_topic="again")
    assert again.get_body()["total_count"] == len(logs)
