"""Persistence of log groups: append to a shard, read ranges back, find positions by receive time.

A group is stored once as its serialized, uncompressed bytes in ``log_groups`` with ``id = shard uid << 40 | seq``
(see ``database.py``), so a PullLogs is one range read on the rowid b-tree.
"""

from __future__ import annotations

import sqlite3
from typing import Callable, Iterator, List, Optional, Tuple, Union

from ..errors import NotFound, Rejected
from .database import SEQ_BITS, SEQ_MASK, Database
from .models import Logstore, Shard, StoredGroup, format_hash_key

__all__ = ["LogGroups"]

_INSERT_GROUP = "INSERT INTO log_groups (id, receive_time, data) VALUES (?, ?, ?)"
_READ_GROUPS = "SELECT id, receive_time, data FROM log_groups WHERE id >= ? AND id < ? ORDER BY id LIMIT ?"
_RECEIVE_TIME = "SELECT receive_time FROM log_groups WHERE id = ?"


class LogGroups(Database):
    def append_group(
        self,
        ls: Logstore,
        data: Union[bytes, Callable[[int], bytes]],
        now: int,
        hash_key: Optional[int] = None,
    ) -> Tuple[Shard, int]:
        """Store one serialized LogGroup in a readwrite shard; returns ``(shard, seq)`` once committed.

        ``hash_key`` picks the shard whose range holds it, else round-robin. ``data`` may be a function of the
        receive time (for appendMeta tags). Receive times are kept non-decreasing per shard (``max(now, last)``)
        so time lookups can bisect.
        """
        with self.lock:
            shard = ls.next_writer() if hash_key is None else ls.writer_for(hash_key)
            if ls.deleted:
                raise NotFound("logstore", ls.name)
            if shard is None:
                where = "" if hash_key is None else f" holds hash key {format_hash_key(hash_key)}"
                raise Rejected(f"no readwrite shard{where}")
            receive_time = now if now > shard.last_receive_time else shard.last_receive_time
            blob = data(receive_time) if callable(data) else data
            seq = shard.next_seq
            self._conn.execute(_INSERT_GROUP, ((shard.uid << SEQ_BITS) | seq, receive_time, blob))
            shard.next_seq = seq + 1
            shard.last_receive_time = receive_time
            return shard, seq

    def read_groups(self, shard: Shard, start: int, stop: int, max_count: int, max_bytes: int) -> List[StoredGroup]:
        """Groups ``start <= seq < stop`` in order, at most ``max_count`` and (beyond the first) ``max_bytes``."""
        if stop <= start or max_count <= 0:
            return []
        with self._reading() as conn:
            return self._collect(conn, shard.uid << SEQ_BITS, start, stop, max_count, max_bytes)

    @staticmethod
    def _collect(
        conn: sqlite3.Connection, base: int, start: int, stop: int, max_count: int, max_bytes: int
    ) -> List[StoredGroup]:
        out: List[StoredGroup] = []
        total = 0
        cursor = conn.execute(_READ_GROUPS, (base | start, base | stop, max_count))
        try:
            for row_id, receive_time, data in cursor:
                total += len(data)
                if out and total > max_bytes:
                    break
                out.append(StoredGroup(row_id & SEQ_MASK, receive_time, data))
        finally:
            cursor.close()
        return out

    def receive_time(self, shard: Shard, seq: int) -> Optional[int]:
        """Receive time of the group at ``seq`` (None when not stored)."""
        with self._reading() as conn:
            row = conn.execute(_RECEIVE_TIME, ((shard.uid << SEQ_BITS) | seq,)).fetchone()
        return None if row is None else row[0]

    def seq_at_time(self, shard: Shard, when: int) -> int:
        """The first ``seq`` whose receive time is ``>= when``; ``first_seq`` / ``next_seq`` outside the range."""
        low, high = shard.first_seq, shard.next_seq
        if low >= high:
            return high
        if when > shard.last_receive_time:
            return high
        first_time = self.receive_time(shard, low)
        if first_time is None or when <= first_time:
            return low
        # Invariant: time(low) < when <= time(high - 1); receive times are non-decreasing in seq.
        high -= 1
        while high - low > 1:
            mid = (low + high) // 2
            mid_time = self.receive_time(shard, mid)
            if mid_time is None or mid_time < when:
                low = mid
            else:
                high = mid
        return high

    def iter_groups(
        self, ls: Logstore, shard_ids: Optional[List[int]] = None, batch: int = 256
    ) -> Iterator[Tuple[Shard, StoredGroup]]:
        """Every stored group of the logstore, shard by shard in seq order: the read path for a query engine."""
        for shard in ls.sorted_shards():
            if shard_ids is not None and shard.shard_id not in shard_ids:
                continue
            seq = shard.first_seq
            stop = shard.next_seq
            while seq < stop:
                groups = self.read_groups(shard, seq, stop, batch, 1 << 62)
                if not groups:
                    break
                for group in groups:
                    yield shard, group
                seq = groups[-1].seq + 1
