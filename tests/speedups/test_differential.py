"""The compiled codec against the pure-Python reference: equal results, or the same error, for every input.

Well-formed data must be handled by the compiled codec itself (it must not hand it back); random and mutated data
may be handed back, and then the outcome is the reference's by construction -- what is checked is that the compiled
decoder never answers differently and never crashes (scripts/asan_check.sh runs this file under AddressSanitizer).
"""

from __future__ import annotations

import itertools
from typing import Any, List

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliyun.log.codec import encode_log_group, flatten_log_groups, log_group_list_from_groups

from .modes import both
from .strategies import GROUPS, dict_logs, log_items, mutated

MODES = list(itertools.product([False, True], [False, True]))  # (time_as_str, decode_bytes)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def serialize(native: Any, groups: List[Any]) -> bytes:
    encoded = [encode_log_group(items, topic, source, tags) for items, topic, source, tags in groups]
    return log_group_list_from_groups(encoded)


def assert_same_flatten(native: Any, data: bytes) -> None:
    for time_as_str, decode_bytes in MODES:
        fast, reference = both(native, lambda: flatten_log_groups(data, time_as_str, decode_bytes))  # noqa: B023
        assert fast == reference, (time_as_str, decode_bytes)


@SETTINGS
@given(items=log_items(), topic=st.one_of(st.none(), st.text(max_size=8)), tags=st.lists(
    st.tuples(st.text(max_size=5), st.text(max_size=5)), max_size=2))
def test_encode_log_items(native: Any, items: List[Any], topic: Any, tags: Any) -> None:
    assert native.encode_logs(items, b"") is not None
    fast, reference = both(native, lambda: encode_log_group(items, topic, "10.0.0.1", tags))
    assert fast == reference


@SETTINGS
@given(logs=dict_logs())
def test_encode_dict_logs(native: Any, logs: List[Any]) -> None:
    assert native.encode_logs(logs, b"") is not None
    fast, reference = both(native, lambda: encode_log_group(logs))
    assert fast == reference


@SETTINGS
@given(groups=GROUPS)
def test_flatten_well_formed(native: Any, groups: List[Any]) -> None:
    data = serialize(native, groups)
    for time_as_str, decode_bytes in MODES:
        assert native.flatten(data, time_as_str, decode_bytes) is not None
    assert_same_flatten(native, data)


@SETTINGS
@given(groups=GROUPS, data=st.data())
def test_flatten_mutated(native: Any, groups: List[Any], data: Any) -> None:
    assert_same_flatten(native, data.draw(mutated(serialize(native, groups))))


@SETTINGS
@given(data=st.binary(max_size=300))
def test_flatten_random_bytes(native: Any, data: bytes) -> None:
    assert_same_flatten(native, data)


def _varint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append(n & 0x7F | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def content(key: bytes, value: bytes) -> bytes:
    return field(2, field(1, key) + field(2, value))


def group_list(*groups: bytes) -> bytes:
    return b"".join(field(1, g) for g in groups)


TIME = b"\x08" + _varint(1_700_000_000)
LOG = field(1, TIME + content(b"k", b"v"))

CASES = {
    "time missing": group_list(field(1, content(b"k", b"v"))),
    "time twice": group_list(field(1, TIME + TIME + content(b"k", b"v"))),
    "time over uint32": group_list(field(1, b"\x08" + _varint(2**32 + 5) + content(b"k", b"v"))),
    "time as 10-byte varint": group_list(field(1, b"\x08" + b"\x85\x80\x80\x80\x80\x80\x80\x80\x80\x00")),
    "time varint overflow": group_list(field(1, b"\x08" + b"\xff" * 10 + b"\x01")),
    "time with wire type 2": group_list(field(1, field(1, b"\x01"))),
    "time_ns twice": group_list(field(1, TIME + b"\x25\x01\x00\x00\x00" + b"\x25\x02\x00\x00\x00")),
    "time_ns truncated": group_list(field(1, TIME + b"\x25\x01\x00")),
    "time_ns in one log of two": group_list(field(1, TIME + b"\x25\x07\x00\x00\x00") + LOG),
    "content without value": group_list(field(1, TIME + field(2, field(1, b"k")))),
    "content without key": group_list(field(1, TIME + field(2, field(2, b"v")))),
    "content key twice": group_list(field(1, TIME + field(2, field(1, b"a") + field(1, b"b") + field(2, b"v")))),
    "content value before key": group_list(field(1, TIME + field(2, field(2, b"v") + field(1, b"k")))),
    "content unknown field": group_list(field(1, TIME + field(2, field(1, b"k") + field(2, b"v") + field(3, b"")))),
    "contents before time": group_list(field(1, content(b"k", b"v") + TIME)),
    "empty key and value": group_list(field(1, TIME + content(b"", b"") + content(b"k", b"v"))),
    "duplicate keys": group_list(field(1, TIME + content(b"k", b"1") + content(b"k", b"2"))),
    "content key __topic__": group_list(field(1, TIME + content(b"__topic__", b"x")) + field(3, b"t")),
    "content key __time__": group_list(field(1, TIME + content(b"__time__", b"x"))),
    "log unknown field": group_list(field(1, TIME + field(9, b"x"))),
    "topic twice": group_list(LOG + field(3, b"a") + field(3, b"b")),
    "topic before logs": group_list(field(3, b"t") + field(4, b"s") + LOG),
    "reserved and machine uuid": group_list(LOG + field(2, b"r") + field(5, b"m")),
    "group unknown field": group_list(LOG + field(7, b"x")),
    "group varint field": group_list(LOG + b"\x18\x01"),
    "tag without value": group_list(LOG + field(6, field(1, b"k"))),
    "tag twice the same key": group_list(LOG + field(6, field(1, b"k") + field(2, b"1")) +
                                         field(6, field(1, b"k") + field(2, b"2"))),
    "tag key not utf-8": group_list(LOG + field(6, field(1, b"\xff") + field(2, b"v"))),
    "topic not utf-8": group_list(LOG + field(3, b"\xed\xa0\x80")),
    "key not utf-8": group_list(field(1, TIME + content(b"\xc0\xaf", b"v"))),
    "value surrogate": group_list(field(1, TIME + content(b"k", b"\xed\xa0\x80"))),
    "group without logs": group_list(field(3, b"t")),
    "group without logs, bad tag": group_list(field(6, b"\x0a")),
    "empty group": group_list(b""),
    "list unknown field": field(2, b"x") + group_list(LOG),
    "list varint field": b"\x08\x01" + group_list(LOG),
    "group wire type": b"\x0b" + group_list(LOG),
    "truncated length": b"\x0a\x80",
    "length past the end": b"\x0a\xff\xff\xff\xff\x0f" + LOG,
    "many logs with changing keys": group_list(b"".join(
        field(1, TIME + content(b"k%d" % (i % 3), b"v") + content(b"s", b"%d" % i)) for i in range(300))),
    "200 contents": group_list(field(1, TIME + b"".join(content(b"k%d" % i, b"v%d" % i) for i in range(200)))),
    "3000 distinct keys": group_list(b"".join(field(1, TIME + content(b"key%d" % i, b"v")) for i in range(3000))),
    "same keys, a repeated key": group_list(b"".join(
        field(1, TIME + content(b"k", b"%d" % (i % 2)) + content(b"k", b"%d" % (i % 3))) for i in range(6))),
    "same keys, one is __topic__": group_list(b"".join(
        field(1, TIME + content(b"__topic__", b"%d" % (i % 2))) for i in range(4)) + field(3, b"t")),
    "same keys, one is __time__": group_list(b"".join(
        field(1, b"\x08" + _varint(i // 2) + content(b"__time__", b"x")) for i in range(4))),
    "same keys, nanoseconds in some": group_list(b"".join(
        field(1, TIME + content(b"k", b"v") + (b"\x25\x07\x00\x00\x00" if i % 2 else b"")) for i in range(4))),
    "same keys, a tag key twice": group_list(b"".join(field(1, TIME + content(b"k", b"%d" % i)) for i in range(3))
                                             + field(6, field(1, b"t") + field(2, b"1"))
                                             + field(6, field(1, b"t") + field(2, b"2"))),
    "long values": group_list(field(1, TIME + content(b"k", b"x" * 300) + content(b"u", "é".encode() * 200))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_flatten_crafted(native: Any, name: str) -> None:
    assert_same_flatten(native, CASES[name])


def test_well_formed_crafted_cases_stay_native(native: Any) -> None:
    """Cases within the compiled decoder's scope are decoded by it (the tests above do not only test the fallback)."""
    for name in ("contents before time", "empty key and value", "duplicate keys", "content key __topic__",
                 "topic twice", "topic before logs", "reserved and machine uuid", "tag twice the same key",
                 "tag key not utf-8", "topic not utf-8", "key not utf-8", "value surrogate", "group without logs",
                 "empty group", "many logs with changing keys", "200 contents", "3000 distinct keys", "long values",
                 "time_ns in one log of two", "content value before key", "same keys, a repeated key",
                 "same keys, one is __topic__", "same keys, one is __time__", "same keys, nanoseconds in some",
                 "same keys, a tag key twice"):
        assert native.flatten(CASES[name], False, False) is not None, name


@pytest.mark.parametrize("seed", range(3))
def test_flatten_long_groups_with_unique_and_repeated_values(native: Any, seed: int) -> None:
    """Thousands of logs per call: positions whose values rarely repeat stop being cached after a probe of 512
    lookups, positions that repeat keep the cache, and the dicts stay the reference's either way."""
    import random

    from aliyun.log.models.logitem import LogItem

    rng = random.Random(seed)
    raw_values: List[Any] = [b"\xff", b"ok", "é", "GET"]
    groups = []
    for g in range(3):
        items = []
        for i in range(1500):
            unique = f"/orders/{g}/{i}/{rng.random()}" if i % 97 else b"\xc0\xaf" + str(i).encode()
            repeated = rng.choice(raw_values)
            mostly_unique = str(rng.randrange(10**9)) if rng.random() < 0.9 else "200"
            items.append(LogItem(1_700_000_000 + i // 100, [("path", unique), ("method", repeated),
                                                             ("id", mostly_unique), ("late", "x" * (i % 300))]))
        groups.append(encode_log_group(items, "topic", "source", [("k", "v")]))
    data = log_group_list_from_groups(groups)
    for time_as_str, decode_bytes in MODES:
        assert native.flatten(data, time_as_str, decode_bytes) is not None
    assert_same_flatten(native, data)
