"""aliyun.log.codec: hand encoder vs protobuf, decoders, flatten, compression, LogItem."""

from __future__ import annotations

import random
import subprocess
import sys
import zlib
from typing import Any, Dict, List, Optional, Tuple

import pytest

from aliyun.log import codec
from aliyun.log.codec import compression, proto
from aliyun.log.codec.compression import CompressionError
from aliyun.log.codec.loggroup import (
    CodecError,
    append_log_tags,
    decode_log_group,
    decode_log_group_list,
    encode_log_group,
    encode_log_tags,
    flatten_log_groups,
    log_group_list_from_groups,
    pull_body_to_flat,
)
from aliyun.log.models.logitem import LogItem

V1C_BODY = bytes.fromhex(
    "0a2b0880e2cfaa06120e0a046b657931120676616c756531120e0a046b657932120676616c7565322515cd5b07"
    "1a06746f70696331220831302e302e302e31"
)
V1H_BODY = bytes.fromhex(
    "f3090a2b0880e2cfaa06120e0a046b657931120676616c756531100013321000f017322515cd5b071a06746f70696331220831302e"
    "302e302e31320c0a047461676b120474616776"
)


def pb_group(items: List[LogItem], topic: Any = None, source: Any = None, tags: Any = None) -> bytes:
    """What protobuf serializes for the same LogGroup (values as str -> LogGroup, bytes -> LogGroupRaw)."""
    raw = any(isinstance(v, bytes) for item in items for _k, v in item.contents)
    group = (proto.LogGroupRaw if raw else proto.LogGroup)()
    for item in items:
        log = group.Logs.add()
        log.Time = item.timestamp
        for key, value in item.contents:
            content = log.Contents.add()
            content.Key = key
            content.Value = value.encode("utf-8") if raw and isinstance(value, str) else value
        if item.time_nano_part is not None:
            log.Time_ns = item.time_nano_part
    if topic is not None:
        group.Topic = topic
    if source is not None:
        group.Source = source
    for key, value in tags or []:
        tag = group.LogTags.add()
        tag.Key = key
        tag.Value = value
    return group.SerializeToString()  # type: ignore[no-any-return]


def group_bytes(logs: List[Tuple[int, List[Tuple[Any, Any]], Optional[int]]], topic: str = "t", source: str = "s",
                tags: Any = None) -> bytes:
    return encode_log_group([LogItem(t, c, ns) for t, c, ns in logs], topic, source, tags)


# --------------------------------------------------------------------------------------------------------------------
# Encoding


def test_v1c_body_is_reproduced_exactly() -> None:
    item = LogItem(1700000000, [("key1", "value1"), ("key2", "value2")], time_nano_part=123456789)
    assert encode_log_group([item], topic="topic1", source="10.0.0.1") == V1C_BODY
    # the same from a dict log
    log = {"__time__": 1700000000, "__time_ns_part__": 123456789, "key1": "value1", "key2": "value2"}
    assert encode_log_group([log], topic="topic1", source="10.0.0.1") == V1C_BODY


@pytest.mark.parametrize(
    "contents",
    [
        [],
        [("k", "")],
        [("", "")],
        [("k", "v")],
        [("中文键", "值 ✓ é"), ("emoji", "\U0001f600"), ("latin", "caf\xe9")],
        [("blob", b"\xff\xfe\x00raw"), ("text", "x"), ("ascii_bytes", b"abc")],
        [("big", "x" * 200_000), ("mid", "y" * 300), ("edge127", "z" * 127), ("edge128", "z" * 128)],
        [(b"bytes_key", "v")],
        [("dup", "1"), ("dup", "2")],
    ],
)
@pytest.mark.parametrize("time_ns", [None, 0, 999_999_999, 0xFFFFFFFF])
def test_hand_encoder_equals_protobuf(contents: List[Tuple[Any, Any]], time_ns: Optional[int]) -> None:
    items = [LogItem(1700000000 + i, contents, time_ns) for i in range(3)]
    tags = [("tagk", "tagv"), ("__client_ip__", "1.2.3.4")]
    for topic, source, logtags in ((None, None, None), ("topic", "10.0.0.1", tags), ("", "", [])):
        expected = pb_group(items, topic, source, logtags)
        assert encode_log_group(items, topic, source, logtags) == expected
        # twice: the second run goes through the caches filled by the first
        assert encode_log_group(items, topic, source, logtags) == expected


def test_random_logs_equal_protobuf_and_round_trip() -> None:
    rng = random.Random(7)
    alphabet = "abcxyz_09 é中\U0001f600"
    items = []
    for _ in range(300):
        contents = [
            (f"k{rng.randrange(30)}", "".join(rng.choice(alphabet) for _ in range(rng.choice([0, 1, 5, 130, 2000]))))
            for _ in range(rng.randrange(0, 12))
        ]
        items.append(LogItem(rng.randrange(0, 2**32), contents, rng.choice([None, rng.randrange(10**9)])))
    data = encode_log_group(items, "topic", "src", [("a", "b")])
    assert data == pb_group(items, "topic", "src", [("a", "b")])
    group = decode_log_group(data)
    assert [log.Time for log in group.Logs] == [item.timestamp for item in items]
    assert [[(c.Key, c.Value) for c in log.Contents] for log in group.Logs] == [item.contents for item in items]


def test_empty_group_and_topic_only() -> None:
    assert encode_log_group([]) == b""
    assert encode_log_group([], topic="t") == pb_group([], topic="t")
    assert decode_log_group(encode_log_group([], "t", "s")).Topic == "t"


def test_dict_logs_and_mixed_items() -> None:
    dicts = [{"__time__": 1700000000 + i, "a": str(i), "b": "ü" * i} for i in range(5)]
    items = [LogItem(d["__time__"], [(k, v) for k, v in d.items() if k != "__time__"]) for d in dicts]
    assert encode_log_group(dicts, "t") == pb_group(items, "t")
    # __time__ not first, a LogItem mixed in
    moved = [{"a": "1", "__time__": 1}, LogItem(2, [("b", "2")])]
    assert encode_log_group(moved) == pb_group([LogItem(1, [("a", "1")]), LogItem(2, [("b", "2")])])
    with pytest.raises(ValueError, match="__time__"):
        encode_log_group([{"a": "1"}])


def test_tags_as_mapping_and_encode_log_tags() -> None:
    items = [LogItem(1, [("k", "v")])]
    assert encode_log_group(items, logtags={"x": "1", "y": "2"}) == pb_group(items, tags=[("x", "1"), ("y", "2")])
    assert encode_log_tags([("tagk", "tagv")]) == bytes.fromhex("320c0a047461676b120474616776")


@pytest.mark.parametrize(
    "item, error",
    [
        (LogItem(1, [("k", 5)]), TypeError),
        (LogItem(1, [(5, "v")]), TypeError),
        (LogItem(1, [("k", None)]), TypeError),
        (LogItem(1, [("k", "v", "extra")]), TypeError),  # type: ignore[list-item]
        (LogItem(2**32, [("k", "v")]), ValueError),
        (LogItem(1, [("k", "v")], time_nano_part=-1), ValueError),
        (LogItem(1, [("k", "\ud800")]), UnicodeEncodeError),
        (object(), TypeError),
    ],
)
def test_invalid_items_raise(item: Any, error: type) -> None:
    with pytest.raises(error):
        encode_log_group([item])


def test_encoder_caches_do_not_leak_between_keys_and_lengths() -> None:
    # Many keys and lengths (beyond the cache limits) still encode exactly.
    items = [LogItem(i, [(f"key{i}", "v" * (i % 1500))]) for i in range(1200)]
    assert encode_log_group(items) == pb_group(items)


# --------------------------------------------------------------------------------------------------------------------
# Decoding and wire helpers


def test_v1h_lz4_body_decompresses_to_the_group() -> None:
    data = compression.decompress(V1H_BODY, "lz4", 77)
    group = decode_log_group(data)
    assert group.Topic == "topic1" and group.Source == "10.0.0.1"
    assert [(t.Key, t.Value) for t in group.LogTags] == [("tagk", "tagv")]
    log = group.Logs[0]
    assert (log.Time, log.Time_ns) == (1700000000, 123456789)
    assert [(c.Key, c.Value) for c in log.Contents] == [("key1", "value1"), ("key2", "value2")]
    item = LogItem(1700000000, [("key1", "value1"), ("key2", "value2")], 123456789)
    assert encode_log_group([item], "topic1", "10.0.0.1", [("tagk", "tagv")]) == data
    assert compression.decompress(compression.compress(data, "lz4"), "lz4", 77) == data


def test_decode_list_raw_by_default_keeps_invalid_utf8() -> None:
    data = log_group_list_from_groups([group_bytes([(1, [("k", b"\xff\xfe")], None)])])
    raw = decode_log_group_list(data)
    assert raw.LogGroups[0].Logs[0].Contents[0].Value == b"\xff\xfe"
    valid = log_group_list_from_groups([group_bytes([(1, [("k", "v")], None)])])
    assert decode_log_group_list(valid, raw=False).LogGroups[0].Logs[0].Contents[0].Value == "v"


def test_decode_garbage_raises_codec_error() -> None:
    with pytest.raises(CodecError):
        decode_log_group(b"\x0a\xff\xff\xff")
    with pytest.raises(CodecError):
        flatten_log_groups(b"\x0a\x05\x0a\x03\x08")  # a group cut short
    with pytest.raises(CodecError):
        flatten_log_groups(log_group_list_from_groups([b"\x0a\x02\x08\xff"]))  # a log with a cut varint
    assert issubclass(CodecError, ValueError)


def test_log_group_list_and_append_log_tags_parse_with_protobuf() -> None:
    first = group_bytes([(1, [("a", "1")], None), (2, [("b", "2")], 5)], topic="t1")
    second = group_bytes([(3, [("c", "3")], None)], topic="t2", tags=[("x", "y")])
    second = append_log_tags(second, [("__receive_time__", "1700000000"), ("__client_ip__", "127.0.0.1")])
    lst = proto.LogGroupList.FromString(log_group_list_from_groups([first, second]))
    assert [g.Topic for g in lst.LogGroups] == ["t1", "t2"]
    assert [(t.Key, t.Value) for t in lst.LogGroups[1].LogTags] == [
        ("x", "y"),
        ("__receive_time__", "1700000000"),
        ("__client_ip__", "127.0.0.1"),
    ]
    assert lst.LogGroups[0].Logs[1].Time_ns == 5
    assert log_group_list_from_groups([]) == b""
    big = b"\x08\x01" * 100_000  # a group longer than 2-byte varints
    assert len(proto.LogGroupList.FromString(log_group_list_from_groups([big])).LogGroups) == 1


# --------------------------------------------------------------------------------------------------------------------
# Flattening


def wire_fields(buf: bytes) -> List[Tuple[int, Any]]:
    """An independent protobuf wire decoder: (field number, value) in order; varints as int, others as bytes."""

    def varint(pos: int) -> Tuple[int, int]:
        result = shift = 0
        while True:
            byte = buf[pos]
            result |= (byte & 0x7F) << shift
            pos += 1
            if byte < 0x80:
                return result, pos
            shift += 7

    fields, pos = [], 0
    while pos < len(buf):
        key, pos = varint(pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == 0:
            value, pos = varint(pos)
        elif wire_type == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire_type == 2:
            size, pos = varint(pos)
            value, pos = buf[pos:pos + size], pos + size
        elif wire_type == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise AssertionError(f"wire type {wire_type} in test data")
        fields.append((number, value))
    return fields


def reference_flatten(data: bytes, time_as_str: bool, decode_bytes: bool) -> List[Dict[Any, Any]]:
    """The original SDK's algorithm in the key order of docs/internals.md, on an independent wire decoder."""

    def text(value: bytes) -> Any:
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.decode("utf-8", "replace") if decode_bytes else value

    out = []
    for number, group in wire_fields(data):
        assert number == 1
        topic = source = b""
        tags: Dict[Any, Any] = {}
        logs = []
        for field, value in wire_fields(group):
            if field == 1:
                logs.append(value)
            elif field == 3:
                topic = value
            elif field == 4:
                source = value
            elif field == 6:
                tag = dict(wire_fields(value))
                key = text(tag.get(1, b""))
                tags[("__tag__:" + key) if isinstance(key, str) else b"__tag__:" + key] = text(tag.get(2, b""))
        for log in logs:
            seconds, time_ns, contents = 0, None, []
            for field, value in wire_fields(log):
                if field == 1:
                    seconds = value
                elif field == 2:
                    content = dict(wire_fields(value))
                    contents.append((text(content.get(1, b"")), text(content.get(2, b""))))
                elif field == 4:
                    time_ns = int.from_bytes(value, "little")
            item: Dict[Any, Any] = {"__time__": str(seconds) if time_as_str else seconds}
            if time_ns is not None:
                item["__time_ns_part__"] = time_ns
            item["__topic__"] = text(topic)
            item["__source__"] = text(source)
            item.update(tags)
            item.update(contents)
            out.append(item)
    return out


def assert_flatten_matches(data: bytes) -> None:
    for time_as_str in (False, True):
        for decode_bytes in (False, True):
            got = flatten_log_groups(data, time_as_str=time_as_str, decode_bytes=decode_bytes)
            want = reference_flatten(data, time_as_str, decode_bytes)
            assert got == want
            assert [list(d) for d in got] == [list(d) for d in want]  # key order too


def test_flatten_shape() -> None:
    data = log_group_list_from_groups(
        [group_bytes([(1700000000, [("a", "1"), ("b", "2")], None), (1700000001, [("a", "3"), ("b", "4")], 7)],
                     topic="top", source="src", tags=[("tk", "tv")])]
    )
    flat = flatten_log_groups(data, time_as_str=True)
    assert flat == [
        {"__time__": "1700000000", "__topic__": "top", "__source__": "src", "__tag__:tk": "tv", "a": "1", "b": "2"},
        {"__time__": "1700000001", "__time_ns_part__": 7, "__topic__": "top", "__source__": "src", "__tag__:tk": "tv",
         "a": "3", "b": "4"},
    ]
    assert list(flat[1]) == ["__time__", "__time_ns_part__", "__topic__", "__source__", "__tag__:tk", "a", "b"]
    assert flatten_log_groups(data)[0]["__time__"] == 1700000000
    assert_flatten_matches(data)


def test_flatten_uniform_groups_with_and_without_time_ns() -> None:
    logs = [(1700000000 + i, [("a", str(i)), ("b", "x" * i), ("c", "中" * (i % 3))], None) for i in range(200)]
    logs_ns = [(t, c, i) for i, (t, c, _) in enumerate(logs)]
    data = log_group_list_from_groups([group_bytes(logs), group_bytes(logs_ns, tags=[("k", "v")]), group_bytes([])])
    assert_flatten_matches(data)
    assert len(flatten_log_groups(data)) == 400


def test_flatten_non_uniform_and_odd_groups() -> None:
    groups = [
        group_bytes([(1, [("a", "1")], None), (2, [("b", "2"), ("c", "3")], None), (3, [], None)]),  # varying keys
        group_bytes([(1, [("a", "1")], 5), (2, [("a", "2")], None)]),  # Time_ns on some logs only
        group_bytes([(1, [("", "empty key")], None), (2, [("", "x")], None)]),  # empty keys
        group_bytes([(1, [("a", "1"), ("a", "2")], None), (2, [("a", "3"), ("a", "4")], None)]),  # duplicate keys
        group_bytes([(1, [("a", "")], None), (2, [("a", "")], None)]),  # empty values
        group_bytes([(1, [("a", "1"), ("b", "2")], None), (2, [("a", "1"), ("b", "2"), ("a", "1")], None),
                     (3, [], None)]),  # periodic keys over uneven logs
        group_bytes([(1, [(b"\xff\xfekey", b"\xffv"), ("ok", b"\xc3\xa9")], None)] * 3,
                    tags=[("t", "v")]),  # invalid UTF-8 key and value
    ]
    for group in groups:
        assert_flatten_matches(log_group_list_from_groups([group]))
    assert_flatten_matches(log_group_list_from_groups(groups))


def test_flatten_decode_bytes() -> None:
    data = log_group_list_from_groups([group_bytes([(1, [("bad", b"a\xffb"), ("good", b"ok")], None)] * 2)])
    assert flatten_log_groups(data)[0]["bad"] == b"a\xffb"
    assert flatten_log_groups(data)[0]["good"] == "ok"
    assert flatten_log_groups(data, decode_bytes=True)[0]["bad"] == "a\ufffdb"


def test_flatten_invalid_utf8_topic_source_tags() -> None:
    group = proto.LogGroupRaw()
    log = group.Logs.add()
    log.Time = 1
    content = log.Contents.add()
    content.Key = "k"
    content.Value = b"v"
    data = bytearray(group.SerializeToString())
    data += b"\x1a\x01\xff\x22\x01\xfe\x32\x06\x0a\x01\xfd\x12\x01\xfc"  # Topic, Source, LogTag{Key, Value}
    wrapped = log_group_list_from_groups([bytes(data)])
    assert_flatten_matches(wrapped)
    flat = flatten_log_groups(wrapped)[0]
    assert flat["__topic__"] == b"\xff" and flat[b"__tag__:\xfd"] == b"\xfc"
    assert flatten_log_groups(wrapped, decode_bytes=True)[0]["__tag__:\ufffd"] == "\ufffd"


def test_flatten_accepts_reordered_and_unknown_fields() -> None:
    def field(number: int, payload: bytes) -> bytes:
        return bytes([(number << 3) | 2]) + bytes([len(payload)]) + payload

    content = field(2, b"v1") + field(1, b"k1") + b"\x18\x07"  # Value before Key, unknown varint field 3
    log = (
        b"\x25\x01\x00\x00\x00"  # Time_ns first
        + field(2, content)
        + field(3, b"old values field")  # the original SDK's "repeated string values = 3"
        + b"\x08\x05"  # Time last
        + b"\x31" + b"\x00" * 8  # unknown fixed64 field 6
    )
    group = field(6, field(1, b"tk") + field(2, b"tv")) + field(3, b"topic") + field(1, log) + field(1, log)
    group += field(15, b"unknown group field")
    data = log_group_list_from_groups([group])
    assert_flatten_matches(data)
    assert flatten_log_groups(data)[0] == {
        "__time__": 5, "__time_ns_part__": 1, "__topic__": "topic", "__source__": "", "__tag__:tk": "tv", "k1": "v1"
    }


def test_flatten_logs_with_missing_or_repeated_fields() -> None:
    no_value = b"\x12\x03\x0a\x01k"  # a Content without Value (proto3-style writer)
    no_time = b"\x12\x06\x0a\x01k\x12\x01v"
    two_times = b"\x08\x01\x08\x02" + no_time
    group = b"".join(b"\x0a" + bytes([len(log)]) + log for log in (b"\x08\x01" + no_value, no_time, two_times))
    data = log_group_list_from_groups([group])
    assert_flatten_matches(data)
    assert [d["__time__"] for d in flatten_log_groups(data)] == [1, 0, 2]


def test_flatten_inputs_other_than_bytes() -> None:
    data = log_group_list_from_groups([group_bytes([(1, [("a", "1")], None)], topic="x"), group_bytes([])])
    want = flatten_log_groups(data)
    raw_list = decode_log_group_list(data)
    assert flatten_log_groups(raw_list) == want
    assert flatten_log_groups(raw_list.LogGroups) == want
    assert flatten_log_groups(list(raw_list.LogGroups)) == want
    assert flatten_log_groups(raw_list.LogGroups[0]) == want
    assert flatten_log_groups(decode_log_group_list(data, raw=False)) == want
    assert flatten_log_groups([group_bytes([(1, [("a", "1")], None)], topic="x")]) == want
    assert flatten_log_groups(b"") == []
    assert flatten_log_groups(memoryview(data)) == want


def test_pull_body_to_flat() -> None:
    data = log_group_list_from_groups([group_bytes([(1, [("a", "1")], None)])])
    for kind in [*compression.available_compressions(), ""]:
        body = compression.compress(data, kind)
        assert pull_body_to_flat(body, kind, len(data), time_as_str=True) == flatten_log_groups(data, True)
    assert pull_body_to_flat(b"", "lz4", 0) == []


def test_nginx_workload_flattens_like_the_reference() -> None:
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2]))
    from benchmarks.nginx import make_logs, make_times

    logs = make_logs(3000, seed=3)
    times = make_times(3000, seed=3)
    groups = [
        encode_log_group([LogItem(t, d) for t, d in zip(times[i:i + 1000], logs[i:i + 1000])], "nginx", "10.0.0.1",
                         [("host", "web-1")])
        for i in range(0, 3000, 1000)
    ]
    data = log_group_list_from_groups(groups)
    for time_as_str, decode_bytes in ((True, True), (False, False)):
        assert flatten_log_groups(data, time_as_str, decode_bytes) == reference_flatten(data, time_as_str, decode_bytes)


# --------------------------------------------------------------------------------------------------------------------
# Compression


@pytest.mark.parametrize("kind", ["lz4", "zstd", "deflate", ""])
@pytest.mark.parametrize("data", [b"", b"x", b"hello world " * 1000, bytes(range(256)) * 50])
def test_compression_round_trip(kind: str, data: bytes) -> None:
    if kind == "zstd":
        pytest.importorskip("zstandard")
    packed = compression.compress(data, kind)
    assert compression.decompress(packed, kind, len(data)) == data
    assert compression.decompress(packed, kind.upper(), len(data)) == data


def test_compression_formats_are_the_wire_formats() -> None:
    import lz4.block

    data = b"abc" * 1000
    assert compression.compress(data, "lz4") == lz4.block.compress(data, store_size=False)
    assert zlib.decompress(compression.compress(data, "deflate")) == data
    assert "lz4" in compression.available_compressions() and "deflate" in compression.available_compressions()


@pytest.mark.parametrize("kind", ["lz4", "zstd", "deflate"])
def test_corrupt_and_mismatched_bodies_raise(kind: str) -> None:
    if kind == "zstd":
        pytest.importorskip("zstandard")
    data = b"hello world " * 100
    packed = compression.compress(data, kind)
    with pytest.raises(CompressionError):
        compression.decompress(packed, kind, len(data) + 1)
    with pytest.raises(CompressionError):
        compression.decompress(packed, kind, len(data) - 1)
    with pytest.raises(CompressionError):
        compression.decompress(b"\xff" * 20, kind, len(data))
    with pytest.raises(CompressionError):
        compression.decompress(packed, kind, -1)


def test_bad_lz4_block_and_unknown_type() -> None:
    with pytest.raises(CompressionError):
        compression.decompress(b"\xf0\x00", "lz4", 100)
    with pytest.raises(CompressionError, match="snappy"):
        compression.compress(b"x", "snappy")
    with pytest.raises(CompressionError, match="snappy"):
        compression.decompress(b"x", "snappy", 1)
    with pytest.raises(CompressionError):
        compression.decompress(b"abc", "", 4)
    assert issubclass(CompressionError, ValueError)


def test_zstd_missing_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compression, "_zstd_module", None)
    monkeypatch.setitem(sys.modules, "zstandard", None)
    with pytest.raises(CompressionError, match=r"\[zstd\]"):
        compression.compress(b"x", "zstd")
    assert "zstd" not in compression.available_compressions()


# --------------------------------------------------------------------------------------------------------------------
# LogItem and the package surface


def test_log_item_api(capsys: pytest.CaptureFixture[str]) -> None:
    item = LogItem()
    assert item.get_time() > 1_600_000_000 and item.get_contents() == [] and item.get_time_nano_part() is None
    item.push_back("k", "v")
    item.set_time(5)
    item.set_time_nano_part(7)
    assert (item.get_time(), item.timestamp_seconds, item.get_time_nano_part()) == (5, 5, 7)
    assert item.get_contents() == [("k", "v")]
    item.set_contents({"a": "1"})
    assert item.contents == [("a", "1")]
    assert LogItem(1, {"a": "1"}) == LogItem(1, [("a", "1")])
    assert LogItem(1, [("a", "1")]) != LogItem(1, [("a", "1")], 0)
    assert LogItem(1_700_000_000_123).timestamp == 1_700_000_000  # milliseconds
    assert repr(LogItem(1, [("a", "1")], 2)) == "LogItem(timestamp=1, contents=[('a', '1')], time_nano_part=2)"
    contents = [("a", "1")]
    copy = LogItem(1, contents)
    copy.push_back("b", "2")
    assert contents == [("a", "1")]  # the caller's list is not changed
    fields = {"a": "1", "b": "2"}
    from_dict = LogItem(1, fields)
    fields["c"] = "3"
    assert list(from_dict.iter_contents()) == [("a", "1"), ("b", "2")]  # a copy of the dict
    from_dict.push_back("a", "again")  # duplicates are kept, as in a list
    assert from_dict.contents == [("a", "1"), ("b", "2"), ("a", "again")]
    from_dict.contents = [("z", "9")]
    assert from_dict.get_contents() == [("z", "9")]
    LogItem(3, [("x", "y")]).log_print()
    assert "time 3" in capsys.readouterr().out
    with pytest.raises(AttributeError):
        item.other = 1  # type: ignore[attr-defined]


@pytest.mark.parametrize("pairs", [
    [("a", "1"), ("b", b"\xff"), (b"c", "3")],  # distinct keys: kept as a dict with the compiled codec
    [("a", "1"), ("a", "2")],                    # a repeated key
    [["a", "1"], ("b", "2")],                    # a pair that is a list
    ["ab", ("c", "d")],                          # not a pair at all: kept for the put path's check to name
    [(1, "x")],                                  # a key that is neither str nor bytes
])
def test_log_item_keeps_the_pairs_it_was_given(pairs: list) -> None:  # type: ignore[type-arg]
    item = LogItem(1, pairs)
    pairs_before = list(pairs)
    pairs.append(("late", "x"))  # the caller's list changing later does not change the log
    assert item.contents == pairs_before and item == LogItem(1, pairs_before)
    assert list(item.iter_contents()) == pairs_before
    item.get_contents().append(("z", "9"))  # the list it gives is the log's own, as in the original SDK
    item.push_back("y", "8")
    assert item.get_contents() == [*pairs_before, ("z", "9"), ("y", "8")]


def test_log_item_from_pairs_encodes_as_the_list_would() -> None:
    pairs = [("status", "200"), ("path", "/é"), ("raw", b"\xff\xfe")]
    assert encode_log_group([LogItem(7, pairs, 3)], "t", "s") == encode_log_group([LogItem(7, {**dict(pairs)}, 3)],
                                                                                     "t", "s")
    listed = LogItem(7, [], 3)
    for key, value in pairs:
        listed.push_back(key, value)
    assert encode_log_group([LogItem(7, pairs, 3)], "t", "s") == encode_log_group([listed], "t", "s")


def test_package_exports_and_lazy_protobuf() -> None:
    for name in codec.__all__:
        assert getattr(codec, name) is not None
    code = (
        "import sys, aliyun.log.codec as c, aliyun.log.codec.loggroup, aliyun.log.codec.compression, "
        "aliyun.log.codec.proto; "
        "assert 'google.protobuf' not in sys.modules, 'protobuf imported eagerly'; "
        "assert c.append_log_tags(b'', [('tagk', 'tagv')]).hex() == '320c0a047461676b120474616776'; "
        "c.encode_log_group([{'__time__': 1, 'k': 'v'}]); "
        "assert 'google.protobuf' not in sys.modules, 'encoding needs no protobuf'; "
        "c.LogGroup; assert 'google.protobuf' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
