"""Hypothesis strategies: LogGroups as the SDK writes them, and byte-level mutations of serialized LogGroupLists."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from hypothesis import strategies as st

from aliyun.log.models.logitem import LogItem

UINT32 = st.integers(0, 2**32 - 1)
# Text of every plane (no lone surrogates: those cannot be encoded), and raw bytes that are often not UTF-8 --
# including surrogates (ED A0 80), overlong forms (C0 AF) and truncated sequences.
BAD_UTF8 = st.sampled_from([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\xf4\x90\x80\x80", b"\x80"])
TEXT = st.text(max_size=12)
RAW = st.one_of(st.binary(max_size=12), st.builds(lambda a, b, c: a + b + c, st.binary(max_size=4), BAD_UTF8,
                                                   st.binary(max_size=4)))
VALUE = st.one_of(TEXT, TEXT, RAW)
KEY = st.one_of(st.sampled_from(["status", "method", "__topic__", "__source__", "__time__", "__tag__:a", "", "é"]),
                TEXT, RAW)
CONTENTS = st.lists(st.tuples(KEY, VALUE), max_size=6)
TAGS = st.lists(st.tuples(st.one_of(TEXT, RAW), st.one_of(TEXT, RAW)), max_size=3)


@st.composite
def log_items(draw: Any) -> List[LogItem]:
    """LogItems from pair lists or dicts (the two storages of LogItem), with and without a nanosecond part."""
    items = []
    for _ in range(draw(st.integers(0, 6))):
        contents: Any = draw(CONTENTS)
        if draw(st.booleans()):
            contents = dict(contents)
        items.append(LogItem(draw(UINT32), contents, draw(st.one_of(st.none(), UINT32))))
    return items


@st.composite
def dict_logs(draw: Any) -> List[Dict[Any, Any]]:
    """Logs given as ``{"__time__": t, ...}`` dicts, sometimes with ``__time_ns_part__``."""
    logs = []
    for _ in range(draw(st.integers(0, 6))):
        log: Dict[Any, Any] = {"__time__": draw(UINT32)}
        log.update((k, v) for k, v in draw(CONTENTS) if k not in ("__time__", "__time_ns_part__"))
        if draw(st.booleans()):
            log["__time_ns_part__"] = draw(st.one_of(st.none(), UINT32))
        logs.append(log)
    return logs


@st.composite
def same_key_logs(draw: Any) -> List[LogItem]:
    """Logs that all have one key sequence (repeated and reserved keys included) and values from a small set, so
    that consecutive logs share keys and often values (the compiled decoder's copy-the-previous-dict path)."""
    keys = draw(st.lists(KEY, min_size=0, max_size=5))
    values = st.sampled_from(["", "GET", "200", "é", b"\xff"])
    times = st.sampled_from([0, 1_700_000_000, 1_700_000_001])
    with_ns = draw(st.booleans())
    return [LogItem(draw(times), [(key, draw(values)) for key in keys],
                    draw(st.one_of(st.none(), st.just(7))) if with_ns else None)
            for _ in range(draw(st.integers(1, 8)))]


Group = Tuple[List[LogItem], Optional[Any], Optional[Any], List[Tuple[Any, Any]]]
GROUPS = st.lists(st.tuples(st.one_of(log_items(), same_key_logs()), st.one_of(st.none(), TEXT, RAW),
                            st.one_of(st.none(), TEXT, RAW), TAGS), max_size=4)

OVERFLOW = b"\xff" * 10 + b"\x01"


@st.composite
def mutated(draw: Any, data: bytes) -> bytes:
    """``data`` with one to three byte-level mutations: truncation, flips, insertions, varint overflows, wrong
    wire types, declared lengths far past the end."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "overflow", "wire_type", "huge_length"]))
        at = draw(st.integers(0, len(out)))
        if kind == "truncate":
            del out[at:]
        elif kind == "flip" and out:
            out[min(at, len(out) - 1)] = draw(st.integers(0, 255))
        elif kind == "insert":
            out[at:at] = draw(st.binary(min_size=1, max_size=6))
        elif kind == "overflow":
            out[at:at] = OVERFLOW
        elif kind == "wire_type" and out:
            out[min(at, len(out) - 1)] ^= draw(st.integers(1, 7))
        elif kind == "huge_length":
            out[at:at] = b"\x0a\xff\xff\xff\xff\x0f"
    return bytes(out)
