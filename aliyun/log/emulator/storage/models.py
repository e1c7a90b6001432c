"""The in-memory mirror of the emulator's metadata: projects, logstores and shards (and stored log groups as read).

Hash keys: shards own ``[begin, end)`` ranges of ``[0, 2**128)`` (:data:`HASH_SPACE`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

__all__ = [
    "HASH_SPACE",
    "READONLY",
    "READWRITE",
    "Logstore",
    "Project",
    "Shard",
    "StoredGroup",
    "even_boundaries",
    "format_hash_key",
]

#: Size of the hash-key space: shards own ``[begin, end)`` ranges of ``[0, 2**128)``.
HASH_SPACE = 1 << 128
TOP_KEY = HASH_SPACE - 1

READWRITE = "readwrite"
READONLY = "readonly"


def format_hash_key(value: int) -> str:
    """32 lowercase hex digits; the top of the space (2**128) shows as ``ffffffffffffffffffffffffffffffff``."""
    return format(min(value, TOP_KEY), "032x")


def even_boundaries(begin: int, end: int, parts: int) -> List[int]:
    """``parts + 1`` boundaries splitting ``[begin, end)`` into equal ranges: ``begin + floor(i*(end-begin)/parts)``."""
    width = end - begin
    return [begin + (i * width) // parts for i in range(parts + 1)]


class Shard:
    """A shard and its in-memory write position. ``seq`` values ``[first_seq, next_seq)`` are stored."""

    __slots__ = (
        "begin",
        "create_time",
        "cursor_base",
        "deleted",
        "end",
        "first_seq",
        "last_receive_time",
        "logstore",
        "next_seq",
        "project",
        "shard_id",
        "status",
        "uid",
    )

    def __init__(
        self,
        uid: int,
        project: str,
        logstore: str,
        shard_id: int,
        status: str,
        begin: int,
        end: int,
        create_time: int,
        cursor_base: int,
        first_seq: int = 0,
        next_seq: int = 0,
        last_receive_time: int = 0,
    ) -> None:
        self.uid = uid
        self.project = project
        self.logstore = logstore
        self.shard_id = shard_id
        self.status = status
        self.begin = begin
        self.end = end
        self.create_time = create_time
        self.cursor_base = cursor_base
        self.first_seq = first_seq
        self.next_seq = next_seq
        self.last_receive_time = last_receive_time
        self.deleted = False

    @property
    def writable(self) -> bool:
        return self.status == READWRITE

    def to_json(self) -> Dict[str, Any]:
        return {
            "shardID": self.shard_id,
            "status": self.status,
            "inclusiveBeginKey": format_hash_key(self.begin),
            "exclusiveEndKey": format_hash_key(self.end),
            "createTime": self.create_time,
        }

    def __repr__(self) -> str:
        return (
            f"Shard({self.project}/{self.logstore}/{self.shard_id} {self.status} "
            f"[{self.begin:x}, {self.end:x}) seq [{self.first_seq}, {self.next_seq}))"
        )


class Logstore:
    __slots__ = ("_rr", "config", "create_time", "deleted", "last_modify_time", "name", "project", "shards", "writers")

    def __init__(self, project: str, name: str, config: Dict[str, Any], create_time: int, last_modify_time: int):
        self.project = project
        self.name = name
        self.config = config
        self.create_time = create_time
        self.last_modify_time = last_modify_time
        self.shards: Dict[int, Shard] = {}
        self.writers: List[Shard] = []  # readwrite shards sorted by begin key
        self.deleted = False
        self._rr = 0

    def refresh_writers(self) -> None:
        self.writers = sorted((s for s in self.shards.values() if s.status == READWRITE), key=lambda s: s.begin)

    def next_writer(self) -> Optional[Shard]:
        """Round-robin over the readwrite shards (the service load-balances ``/shards/lb``)."""
        writers = self.writers
        if not writers:
            return None
        self._rr = (self._rr + 1) % len(writers)
        return writers[self._rr]

    def writer_for(self, key: int) -> Optional[Shard]:
        """The readwrite shard whose range holds ``key`` (the last shard's end is treated as inclusive)."""
        for shard in self.writers:
            if shard.begin <= key < shard.end:
                return shard
        writers = self.writers
        if writers and key == TOP_KEY and writers[-1].end >= TOP_KEY:
            return writers[-1]
        return None

    def sorted_shards(self) -> List[Shard]:
        return [self.shards[i] for i in sorted(self.shards)]


class Project:
    __slots__ = ("attrs", "create_time", "last_modify_time", "logstores", "name")

    def __init__(self, name: str, attrs: Dict[str, Any], create_time: int, last_modify_time: int) -> None:
        self.name = name
        self.attrs = attrs
        self.create_time = create_time
        self.last_modify_time = last_modify_time
        self.logstores: Dict[str, Logstore] = {}


class StoredGroup:
    """One stored LogGroup as read back: its shard ``seq``, server receive time and serialized bytes."""

    __slots__ = ("data", "receive_time", "seq")

    def __init__(self, seq: int, receive_time: int, data: bytes) -> None:
        self.seq = seq
        self.receive_time = receive_time
        self.data = data
