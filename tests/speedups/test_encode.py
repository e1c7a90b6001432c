"""Encoding with the compiled codec: what it handles itself, and errors identical to the reference's."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Dict, List, Optional

import pytest

from aliyun.log.codec import encode_log_group, proto
from aliyun.log.models.logitem import LogItem

from .modes import both


def log_item(timestamp: int, contents: Any, time_nano_part: Optional[int] = None) -> LogItem:
    """A LogItem from contents of any type (the bad ones on purpose)."""
    return LogItem(timestamp, contents, time_nano_part)


def group(items: List[Any]) -> Any:
    return proto.LogGroupRaw.FromString(encode_log_group(items, "topic", "source", [("a", "b")]))


def test_protobuf_reads_what_the_compiled_codec_writes(use_native: Any) -> None:
    items = [log_item(1_700_000_000, [("k", "v"), ("é", "ü" * 70)], 123),
             log_item(5, {"big": "x" * 20_000, "raw": b"\xff\x00"})]
    parsed = group(items)
    assert [log.Time for log in parsed.Logs] == [1_700_000_000, 5]
    assert parsed.Logs[0].Time_ns == 123 and not parsed.Logs[1].HasField("Time_ns")
    assert [(c.Key, c.Value) for c in parsed.Logs[0].Contents] == [("k", b"v"), ("é", "ü".encode() * 70)]
    assert [(c.Key, c.Value) for c in parsed.Logs[1].Contents] == [("big", b"x" * 20_000), ("raw", b"\xff\x00")]
    assert (parsed.Topic, parsed.Source, [(t.Key, t.Value) for t in parsed.LogTags]) == ("topic", "source",
                                                                                      [("a", "b")])


def test_a_log_over_two_mebibytes(native: Any) -> None:
    items = [log_item(1, [("k", "v" * (3 << 20))])]  # a 4-byte length varint for the log and the content
    encoded = native.encode_logs(items, b"")
    assert encoded is not None
    fast, reference = both(native, lambda: encode_log_group(items))
    assert fast == reference


class Attributes:
    """A LogItem look-alike whose time property raises."""

    _contents: List[Any] = []
    time_nano_part = None

    @property
    def timestamp(self) -> int:
        raise RuntimeError("no time")


BAD_INPUTS: Dict[str, List[Any]] = {
    "time not a number": [log_item(1, [("k", "v")]), {"__time__": "soon", "k": "v"}],
    "time negative": [{"__time__": -1, "k": "v"}],
    "time over uint32": [{"__time__": 2**32, "k": "v"}],
    "time a float": [{"__time__": 1.5, "k": "v"}],
    "time a bool": [{"__time__": True, "k": "v"}],
    "time_ns over fixed32": [log_item(1, [("k", "v")], 2**32)],
    "value an int": [log_item(1, [("k", 5)])],
    "value None": [{"__time__": 1, "k": None}],
    "key an int": [log_item(1, [(5, "v")])],
    "lone surrogate": [log_item(1, [("k", "\udc80")])],
    "pair of three": [log_item(1, [("k", "v", "w")])],
    "no time in dict": [{"k": "v"}],
    "not a log": [42],
    "ordered dict": [OrderedDict([("__time__", 1), ("k", "v")])],
    "str subclass": [log_item(1, [(type("S", (str,), {})("k"), "v")])],
    "raising property": [Attributes()],
    "bytearray value": [log_item(1, [("k", bytearray(b"v"))])],
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_unusual_input_is_handed_back_and_answered_by_the_reference(native: Any, name: str) -> None:
    items = BAD_INPUTS[name]
    assert native.encode_logs(items, b"") is None
    fast, reference = both(native, lambda: encode_log_group(items, "t"))
    assert fast == reference


def test_bad_topic_after_bad_logs_keeps_the_reference_order(native: Any) -> None:
    items = [log_item(1, [("k", 5)])]
    fast, reference = both(native, lambda: encode_log_group(items, topic=7))  # type: ignore[arg-type]
    assert fast == reference and fast[0] == "error" and "value of log content" in fast[1][1]
    fast, reference = both(native, lambda: encode_log_group([log_item(1, [("k", "v")])], topic=7))  # type: ignore[arg-type]
    assert fast == reference and fast[0] == "error" and "topic" in fast[1][1]


def test_generators_and_tuples_of_items(native: Any) -> None:
    items = [log_item(i, {"k": str(i)}) for i in range(5)]
    expected = both(native, lambda: encode_log_group(items))
    assert expected[0] == expected[1]
    assert both(native, lambda: encode_log_group(tuple(items))) == (expected[0], expected[0])
    assert both(native, lambda: encode_log_group(item for item in items)) == (expected[0], expected[0])


class _Key(str):
    """A str subclass: hashing or comparing it could run Python code."""


@pytest.mark.parametrize("pairs,as_dict", [
    ([("a", "1"), (b"b", b"\xff"), ("c", 3)], True),  # values of any type: the put path checks them
    ([], True),
    ([("a", "1"), ("a", "2")], False),                # a repeated key
    ([("a", "1"), ["b", "2"]], False),                # a pair that is a list
    ([("a", "1", "x")], False),
    (["ab"], False),
    ([(1, "x")], False),
    ([(_Key("a"), "x")], False),
])
def test_pairs_dict(native: Any, pairs: List[Any], as_dict: bool) -> None:
    result = native.pairs_dict(pairs)
    if as_dict:
        assert type(result) is dict and list(result.items()) == pairs
    else:
        assert result is None
    assert native.pairs_dict(tuple(pairs)) is None  # only a list


def test_log_items_from_pairs_are_dicts_with_the_compiled_codec(use_native: Any) -> None:
    """What makes PUT from pair lists cheap for the garbage collector (see LogItem._pairs_copy)."""
    import gc

    item = LogItem(1, [("a", "1"), ("b", "2")])
    assert type(item._contents) is dict and not gc.is_tracked(item._contents)
    assert item.contents == [("a", "1"), ("b", "2")]
