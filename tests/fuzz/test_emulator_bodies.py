"""Fuzzing PutLogs bodies through ``Emulator.app``: protobuf LogGroups (valid, corrupt, over the limits) and
lz4 / zstd / deflate compression with true and false raw sizes. After every rejected body nothing is stored."""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from hypothesis import given
from hypothesis import strategies as st

from aliyun.log.codec import compress
from aliyun.log.limits import MAX_KEY_BYTES, RESERVED_KEYS

from ..emulator.emulator_helpers import LogGroup
from .conftest import LOGSTORE, Target, assert_service_answer

PUT = f"/logstores/{LOGSTORE}/shards/lb"
COMPRESSIONS = ["lz4", "zstd", "deflate"]

keys = st.text(min_size=0, max_size=140) | st.sampled_from(sorted(RESERVED_KEYS))
values = st.text(max_size=50) | st.binary(max_size=50)
logs = st.lists(
    st.tuples(st.integers(min_value=0, max_value=(1 << 32) - 1), st.lists(st.tuples(keys, values), max_size=4)),
    max_size=4,
)
header_fields = st.none() | st.text(max_size=140)


def _put(target: Target, body: bytes, compress_type: Optional[str], raw_size: int) -> Tuple[int, Any, bytes]:
    headers = {"Content-Type": "application/x-protobuf", "x-log-bodyrawsize": str(raw_size)}
    if compress_type:
        headers["x-log-compresstype"] = compress_type
    return target.request("POST", PUT, body=body, headers=headers)


def _expected_ok(group_logs: List[Any], topic: Optional[str], source: Optional[str]) -> bool:
    for _when, contents in group_logs:
        for key, _value in contents:
            if not key or key in RESERVED_KEYS or len(key.encode("utf-8")) > MAX_KEY_BYTES:
                return False
    return all(len((text or "").encode("utf-8")) <= 128 for text in (topic, source))


@given(group_logs=logs, topic=header_fields, source=header_fields, compress_type=st.sampled_from([None, *COMPRESSIONS]))
def test_log_groups(target: Target, group_logs: List[Any], topic: Optional[str], source: Optional[str],
                    compress_type: Optional[str]) -> None:
    group = LogGroup()  # the tests' own schema: any key, reserved ones included
    for when, contents in group_logs:
        log = group.Logs.add(Time=when)
        for key, value in contents:
            log.Contents.add(Key=key, Value=value.encode("utf-8") if isinstance(value, str) else value)
    if topic is not None:
        group.Topic = topic
    if source is not None:
        group.Source = source
    data = group.SerializeToString()
    body = compress(data, compress_type) if compress_type else data
    before = target.stored_groups()
    answer = _put(target, body, compress_type, len(data))
    assert_service_answer(answer, (group_logs, topic, source))
    stored = target.stored_groups() - before
    if answer[0] != 200:
        assert stored == 0
    assert (answer[0] == 200) == _expected_ok(group_logs, topic, source), (answer, group_logs, topic, source)
    assert stored == (1 if answer[0] == 200 and group_logs else 0)


@given(body=st.binary(max_size=300), compress_type=st.sampled_from([None, *COMPRESSIONS]),
       raw_size=st.integers(min_value=0, max_value=1 << 24))
def test_arbitrary_bytes(target: Target, body: bytes, compress_type: Optional[str], raw_size: int) -> None:
    before = target.stored_groups()
    answer = _put(target, body, compress_type, raw_size)
    assert_service_answer(answer, (body, compress_type, raw_size))
    if answer[0] != 200:
        assert target.stored_groups() == before


@given(data=st.binary(max_size=300), compress_type=st.sampled_from(COMPRESSIONS), delta=st.integers(-5, 5),
       flip=st.integers(min_value=0, max_value=400))
def test_corrupt_compression(target: Target, data: bytes, compress_type: str, delta: int, flip: int) -> None:
    body = bytearray(compress(data, compress_type))
    if flip < len(body):
        body[flip] ^= 0x5A
    before = target.stored_groups()
    answer = _put(target, bytes(body), compress_type, max(0, len(data) + delta))
    assert_service_answer(answer, (data, compress_type, delta, flip))
    if answer[0] != 200:
        assert target.stored_groups() == before


@given(compress_type=st.text(max_size=10), raw_size=st.text(max_size=10))
def test_compression_headers(target: Target, compress_type: str, raw_size: str) -> None:
    headers = {"Content-Type": "application/x-protobuf", "x-log-compresstype": compress_type,
               "x-log-bodyrawsize": raw_size}
    answer = target.request("POST", PUT, body=b"\x0a\x00", headers=headers)
    assert_service_answer(answer, headers)
