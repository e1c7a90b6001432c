"""Spreading a logstore over more shards: split (and merge) until the readwrite shards divide the hash space evenly."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List

from ..api.base import require_name
from ..errors import invalid_argument
from ..models.response import ListShardResponse

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["HASH_SPACE", "arrange_shard", "hash_key", "hash_value"]

#: Size of the MD5 hash-key space the shards of a logstore divide among themselves.
HASH_SPACE = 1 << 128


def hash_value(key: str) -> int:
    """The integer of a 32-hex-digit shard key; the top key ``ff..ff`` stands for the end of the space."""
    value = int(key, 16)
    return HASH_SPACE if value == HASH_SPACE - 1 else value


def hash_key(value: int) -> str:
    """The 32-hex-digit shard key of ``value`` (the end of the space is ``ff..ff``)."""
    return format(min(value, HASH_SPACE - 1), "032x")


def arrange_shard(client: LogClient, project: str, logstore: str, count: int) -> ListShardResponse:
    """:meth:`LogClient.arrange_shard <aliyun.log.LogClient.arrange_shard>` made with ``client``."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise invalid_argument(f"count must be a positive integer, got {count!r}")
    require_name(project, "project")
    require_name(logstore, "logstore")

    def readwrite() -> List[Dict[str, Any]]:
        shards = client.list_shards(project, logstore).get_readwrite_shards()
        return sorted(shards, key=lambda s: hash_value(s["inclusiveBeginKey"]))

    current = readwrite()
    if len(current) >= count:
        return client.list_shards(project, logstore)
    targets = {(i * HASH_SPACE) // count for i in range(1, count)}
    for shard in current:
        begin, end = hash_value(shard["inclusiveBeginKey"]), hash_value(shard["exclusiveEndKey"])
        shard_id = int(shard["shardID"])
        for key in sorted(t for t in targets if begin < t < end):
            children = client.split_shard(project, logstore, shard_id, hash_key(key)).get_shards_info()[1:]
            right = next(c for c in children if hash_value(c["inclusiveBeginKey"]) == key)
            shard_id = int(right["shardID"])
    while True:
        extra = next((s for s in readwrite() if hash_value(s["exclusiveEndKey"]) not in targets
                      and hash_value(s["exclusiveEndKey"]) < HASH_SPACE), None)
        if extra is None:
            break
        client.merge_shard(project, logstore, int(extra["shardID"]))
    return client.list_shards(project, logstore)
