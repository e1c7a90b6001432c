"""The compiled lz4 block decoder and the fused decompress-and-flatten against the lz4 library and the reference.

Whatever block the compiled decoder accepts, the lz4 library must decompress to the same bytes; blocks the library
writes must be accepted (the fast path is really taken). ``pull_body_to_flat`` must answer the same with the fused
path as with decompression followed by the pure-Python flatten, for well-formed, mutated and random bodies, and for
bodies whose output runs through the window many times (groups larger than the window, matches reaching back across
a compaction). scripts/asan_check.sh runs this file under AddressSanitizer.
"""

from __future__ import annotations

import random
from typing import Any, List, Optional, Tuple

import lz4.block
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aliyun.log.codec import encode_log_group, log_group_list_from_groups, pull_body_to_flat
from aliyun.log.models.logitem import LogItem

from .modes import both
from .strategies import GROUPS, mutated
from .test_differential import MODES, serialize

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WINDOW = 1 << 20  # flatten.c's WINDOW


def library(block: bytes, raw_size: int) -> Optional[bytes]:
    """What the lz4 library makes of ``block`` at ``raw_size`` (None: it refuses it)."""
    try:
        out = lz4.block.decompress(block, uncompressed_size=raw_size)
    except Exception:
        return None
    return out if len(out) == raw_size else None


def compress(data: bytes, mode: str = "default") -> bytes:
    if mode == "high":
        return lz4.block.compress(data, mode="high_compression", store_size=False)
    if mode == "fast":
        return lz4.block.compress(data, mode="fast", acceleration=8, store_size=False)
    return lz4.block.compress(data, store_size=False)


# Data with matches of every kind: repeated chunks at short and long distances, runs (offsets 1..16), noise.
PIECE = st.one_of(
    st.binary(min_size=1, max_size=40),
    st.builds(lambda b, n: b * n, st.binary(min_size=1, max_size=17), st.integers(2, 300)),
    st.sampled_from([b"GET /api/v1/users/", b"200", b"Mozilla/5.0 (X11; Linux x86_64)", b"\x00" * 64]),
)
COMPRESSIBLE = st.lists(PIECE, max_size=30).map(b"".join)


def assert_decoder_agrees(native: Any, block: bytes, raw_size: int) -> None:
    ours = native.lz4_decompress(block, raw_size)
    if ours is not None:
        assert ours == library(block, raw_size)


@SETTINGS
@given(data=COMPRESSIBLE, mode=st.sampled_from(["default", "high", "fast"]))
def test_decoder_takes_what_the_library_writes(native: Any, data: bytes, mode: str) -> None:
    block = compress(data, mode)
    if not data:
        assert native.lz4_decompress(block, 0) is None  # nothing to decode: the caller's own path
        return
    assert native.lz4_decompress(block, len(data)) == data


@SETTINGS
@given(data=COMPRESSIBLE, change=st.data())
def test_decoder_never_differs_on_mutated_blocks(native: Any, data: bytes, change: Any) -> None:
    block = change.draw(mutated(compress(data)))
    raw_size = len(data) + change.draw(st.sampled_from([0, 0, 0, -1, 1, 7, -5]))
    assert_decoder_agrees(native, block, max(raw_size, 0))


@SETTINGS
@given(block=st.binary(max_size=200), raw_size=st.integers(0, 400))
def test_decoder_never_differs_on_random_bytes(native: Any, block: bytes, raw_size: int) -> None:
    assert_decoder_agrees(native, block, raw_size)


def length(value: int) -> Tuple[int, bytes]:
    """A length as its token nibble and extension bytes (15, then 255s and the rest, when it needs more)."""
    if value < 15:
        return value, b""
    rest = value - 15
    return 15, b"\xff" * (rest // 255) + bytes([rest % 255])


def sequence(literals: bytes, offset: int, match: int) -> bytes:
    """One LZ4 sequence: the token, length extensions, literals, offset and match extension."""
    literal_nibble, literal_extension = length(len(literals))
    match_nibble, match_extension = length(match - 4)
    return (bytes([literal_nibble << 4 | match_nibble]) + literal_extension + literals + offset.to_bytes(2, "little")
            + match_extension)


def last(literals: bytes) -> bytes:
    """The last sequence: literals only."""
    nibble, extension = length(len(literals))
    return bytes([nibble << 4]) + extension + literals


TAIL = b"ABCDEFGHIJKL"  # 12 literal bytes: ends every crafted block as the format wants

CRAFTED = {
    "literals only": (last(b"hello"), 5),
    "long literals (255 extensions)": (last(bytes(range(256)) * 3), 768),
    "offset 1 run": (sequence(b"a", 1, 40) + last(TAIL), 1 + 40 + 12),
    "offset 2 pattern": (sequence(b"ab", 2, 33) + last(TAIL), 2 + 33 + 12),
    "offset 7 pattern": (sequence(b"abcdefg", 7, 50) + last(TAIL), 7 + 50 + 12),
    "offset 8 pattern": (sequence(b"abcdefgh", 8, 51) + last(TAIL), 8 + 51 + 12),
    "offset 15 pattern": (sequence(bytes(range(15)), 15, 100) + last(TAIL), 15 + 100 + 12),
    "offset 16 pattern": (sequence(bytes(range(16)), 16, 300) + last(TAIL), 16 + 300 + 12),
    "long match (extensions)": (sequence(b"xyz", 3, 4 + 15 + 255 * 3 + 7) + last(TAIL), 3 + 4 + 15 + 765 + 7 + 12),
    "offset 0": (sequence(b"abcd", 0, 4) + last(TAIL), 4 + 4 + 12),
    "offset before the start": (sequence(b"abcd", 5, 4) + last(TAIL), 4 + 4 + 12),
    "match into the last 5 bytes": (sequence(b"abcd", 4, 10) + last(b"xyz"), 4 + 10 + 3),
    "match starting in the last 12 bytes": (sequence(b"abcd", 4, 4) + last(b"123456"), 4 + 4 + 6),
    "ends after a match": (sequence(b"abcd", 4, 8), 12),
    "output shorter than declared": (sequence(b"abcd", 4, 8) + last(TAIL), 4 + 8 + 12 + 1),
    "output longer than declared": (sequence(b"abcd", 4, 8) + last(TAIL), 4 + 8 + 12 - 1),
    "truncated literal extension": (b"\xf0\xff\xff", 600),
    "truncated match extension": (sequence(b"abcd", 4, 30)[:-1], 50),
    "literals past the end": (b"\x50ab", 5),
    "empty block": (b"", 5),
}


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_decoder_crafted(native: Any, name: str) -> None:
    block, raw_size = CRAFTED[name]
    assert_decoder_agrees(native, block, raw_size)


VALID = ["literals only", "long literals (255 extensions)", "offset 1 run", "offset 2 pattern", "offset 7 pattern",
         "offset 8 pattern", "offset 15 pattern", "offset 16 pattern", "long match (extensions)"]


@pytest.mark.parametrize("name", VALID)
def test_decoder_decodes_valid_crafted_blocks(native: Any, name: str) -> None:
    block, raw_size = CRAFTED[name]
    expected = library(block, raw_size)
    assert expected is not None, "the crafted block must be valid for the library"
    assert native.lz4_decompress(block, raw_size) == expected


# --------------------------------------------------------------------------------------------------------------------
# Decompressing and flattening in one pass


def assert_same_pull(native: Any, body: bytes, raw_size: int, modes: Any = MODES) -> None:
    for time_as_str, decode_bytes in modes:
        fast, reference = both(
            native, lambda: pull_body_to_flat(body, "lz4", raw_size, time_as_str, decode_bytes)  # noqa: B023
        )
        assert fast == reference, (time_as_str, decode_bytes)


@SETTINGS
@given(groups=GROUPS)
def test_fused_well_formed(native: Any, groups: List[Any]) -> None:
    data = serialize(native, groups)
    body = compress(data)
    if data:
        for time_as_str, decode_bytes in MODES:
            assert native.flatten_lz4(body, len(data), time_as_str, decode_bytes) is not None
    assert_same_pull(native, body, len(data))


@SETTINGS
@given(groups=GROUPS, change=st.data())
def test_fused_mutated_body(native: Any, groups: List[Any], change: Any) -> None:
    data = serialize(native, groups)
    body = change.draw(mutated(compress(data)))
    raw_size = max(0, len(data) + change.draw(st.sampled_from([0, 0, -1, 1, 9])))
    assert_same_pull(native, body, raw_size)


@SETTINGS
@given(groups=GROUPS, change=st.data())
def test_fused_mutated_log_group_list(native: Any, groups: List[Any], change: Any) -> None:
    """A body that decompresses fine to a LogGroupList that is not well-formed."""
    data = change.draw(mutated(serialize(native, groups)))
    assert_same_pull(native, compress(data), len(data))


def _big_groups(seed: int, groups: int, logs: int, noise: int) -> bytes:
    """Groups of nginx-like logs; ``noise`` random bytes per log make the output barely compressible."""
    rng = random.Random(seed)
    encoded = []
    for g in range(groups):
        items = [
            LogItem(1_700_000_000 + i // 50, [
                ("method", rng.choice(["GET", "POST"])),
                ("path", f"/api/v1/items/{rng.randrange(10**6)}"),
                ("noise", rng.randbytes(noise).hex() if noise else ""),
                ("status", rng.choice(["200", "404", "500"])),
            ])
            for i in range(logs)
        ]
        encoded.append(encode_log_group(items, f"topic{g}", "10.0.0.1", [("host", f"h{g}")]))
    return log_group_list_from_groups(encoded)


@pytest.mark.parametrize("groups,logs,noise", [
    (1, 9000, 60),    # one group larger than the window: the window grows
    (40, 300, 20),    # many groups, each crossing window boundaries at some point
    (3, 4000, 0),     # highly compressible: long matches reaching back across compactions
    (200, 3, 0),      # tiny groups
])
def test_fused_through_the_window(native: Any, groups: int, logs: int, noise: int) -> None:
    data = _big_groups(groups * 7 + logs, groups, logs, noise)
    body = compress(data)
    flat = native.flatten_lz4(body, len(data), True, True)
    assert flat is not None and len(flat) == groups * logs
    assert_same_pull(native, body, len(data), modes=[(True, True), (False, False)])


def _list_of_size(size: int) -> bytes:
    """A well-formed LogGroupList of exactly ``size`` bytes: many groups, the last one padded."""
    head = _big_groups(11, 60, 120, 20)
    assert len(head) < size - 500
    for pad in range(size - len(head), 0, -1):
        tail = encode_log_group([LogItem(1_700_000_000, [("pad", "p" * pad)])], "t", "s")
        data = head + log_group_list_from_groups([tail])
        if len(data) == size:
            return data
    raise AssertionError(f"no padding gives {size} bytes")


@pytest.mark.parametrize("size", [WINDOW - 1, WINDOW, WINDOW + 1])
def test_fused_outputs_around_the_window_size(native: Any, size: int) -> None:
    data = _list_of_size(size)
    body = compress(data)
    assert native.flatten_lz4(body, size, False, False) is not None
    assert_same_pull(native, body, size, modes=[(False, False)])
