"""Shards, cursors and log groups: the split / merge / delete state machine and the read / write positions.

States: a shard is ``readwrite`` until it is split (it becomes ``readonly``, its children readwrite) or merged
with the readwrite shard starting at its end (both become ``readonly``, the merged shard readwrite); only a
readonly shard can be deleted. A cursor is base64 of the decimal ``cursor_base + seq`` of the shard: consecutive
groups have consecutive cursors, ``begin`` is the oldest stored group, ``end`` the position the next group gets.
"""

from __future__ import annotations

import base64
import binascii
from typing import Callable, List, Optional, Tuple, Union

from ..errors import Rejected
from ..storage import HASH_SPACE, READWRITE, Logstore, Shard, Storage, StoredGroup, even_boundaries, format_hash_key

__all__ = ["MAX_SPLIT_PARTS", "Shards", "encode_cursor"]

MAX_SPLIT_PARTS = 64


def encode_cursor(value: int) -> str:
    return base64.b64encode(str(value).encode("ascii")).decode("ascii")


def _invalid_cursor(detail: str) -> Rejected:
    return Rejected(f"cursor is invalid: {detail}", "invalid_cursor")


class Shards:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def get(self, ls: Logstore, shard_id: int) -> Shard:
        """The shard; ``NotFound`` (``ShardNotExist``) when absent."""
        return self.storage.get_shard(ls, shard_id)

    # -- state machine -----------------------------------------------------------------------------------------------

    def split(self, ls: Logstore, shard_id: int, key: Optional[int], parts: int, now: int) -> List[Shard]:
        """Split a readwrite shard at hash ``key``, or (``key`` None) into ``parts`` equal ranges."""
        with self.storage.lock:
            shard = self.get(ls, shard_id)
            if shard.status != READWRITE:
                raise Rejected(f"shard {shard_id} is {shard.status}; only a readwrite shard can be split")
            inner = even_boundaries(shard.begin, min(shard.end, HASH_SPACE), parts)[1:-1]
            boundaries = inner if key is None else [key]
            edges = [shard.begin, *boundaries, shard.end]
            if any(not (a < b) for a, b in zip(edges, edges[1:])):
                raise Rejected(
                    f"split keys must lie strictly inside the shard's range "
                    f"[{format_hash_key(shard.begin)}, {format_hash_key(shard.end)})"
                )
            return self.storage.split_shard(ls, shard_id, boundaries, now)

    def merge(self, ls: Logstore, shard_id: int, now: int) -> List[Shard]:
        """Merge readwrite shard ``shard_id`` with the readwrite shard starting at its end: [new, left, right]."""
        with self.storage.lock:
            left = self.get(ls, shard_id)
            if left.status != READWRITE:
                raise Rejected(f"shard {shard_id} is {left.status}; only a readwrite shard can be merged")
            right = next((s for s in ls.writers if s.begin == left.end), None)
            if right is None:
                raise Rejected(f"shard {shard_id} has no adjacent readwrite shard on its right to merge with")
            return [self.storage.merge_shards(ls, left, right, now), left, right]

    def delete(self, ls: Logstore, shard_id: int) -> None:
        """Delete a readonly shard and its log groups."""
        with self.storage.lock:
            if self.get(ls, shard_id).status == READWRITE:
                raise Rejected(f"shard {shard_id} is readwrite; only a readonly shard can be deleted")
            self.storage.delete_shard(ls, shard_id)

    # -- cursors -----------------------------------------------------------------------------------------------------

    @staticmethod
    def decode_cursor(shard: Shard, text: str, name: str = "cursor") -> int:
        """The ``seq`` a cursor points at; ``InvalidCursor`` unless ``first_seq <= seq <= next_seq``."""
        if not text:
            raise _invalid_cursor(f"{name} is missing")
        try:
            raw = base64.b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        digits = raw[1:] if raw[:1] == b"-" else raw
        if not digits or len(digits) > 20 or not digits.isdigit():
            raise _invalid_cursor(f"{name} {text[:64]!r} is not base64 of a decimal integer")
        seq = int(raw) - shard.cursor_base
        if seq < shard.first_seq or seq > shard.next_seq:
            raise _invalid_cursor(f"{name} {text!r} is out of the range of shard {shard.shard_id}")
        return seq

    def cursor_at(self, shard: Shard, position: Union[str, int]) -> str:
        """The cursor of ``begin``, ``end`` or the first group received at or after unix second ``position``."""
        if position == "begin":
            seq = shard.first_seq
        elif position == "end":
            seq = shard.next_seq
        else:
            seq = self.storage.seq_at_time(shard, int(position))
        return encode_cursor(shard.cursor_base + seq)

    def cursor_time(self, shard: Shard, cursor: str, now: int) -> int:
        """Receive time of the group at ``cursor``; for the end cursor that of the last group (``now`` if none)."""
        seq = self.decode_cursor(shard, cursor)
        if seq >= shard.next_seq:
            return shard.last_receive_time if shard.next_seq > shard.first_seq else now
        stored = self.storage.receive_time(shard, seq)
        if stored is None:
            raise _invalid_cursor("no log group at this cursor")
        return stored

    # -- log groups --------------------------------------------------------------------------------------------------

    def append(
        self, ls: Logstore, data: Union[bytes, Callable[[int], bytes]], now: int, hash_key: Optional[int]
    ) -> Tuple[Shard, int]:
        """Store one serialized LogGroup (see ``Storage.append_group``): ``(shard, seq)`` once committed."""
        return self.storage.append_group(ls, data, now, hash_key)

    def read(self, shard: Shard, start: int, stop: int, count: int, max_bytes: int) -> List[StoredGroup]:
        return self.storage.read_groups(shard, start, stop, count, max_bytes)
