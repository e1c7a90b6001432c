"""Shards: list, split, merge and delete."""

from __future__ import annotations

import re

from ..errors import invalid_argument
from ..models.response import DeleteShardResponse, ListShardResponse
from .base import ApiBase, require_name

_HASH_KEY = re.compile(r"^[0-9a-fA-F]{32}$")


class ShardsApi(ApiBase):
    def list_shards(self, project_name: str, logstore_name: str) -> ListShardResponse:
        """Every shard of a logstore with its status and hash range."""
        resp = self._send("GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards",
                          require_name(project_name, "project_name"))
        return ListShardResponse(resp.json(), resp.headers)

    def split_shard(self, project_name: str, logstore_name: str, shardId: int, split_hash: str) -> ListShardResponse:
        """Split a readwrite shard at ``split_hash`` (32 hex chars inside its range).

        The shard becomes readonly and two new readwrite shards take its two halves; the answer lists the parent
        first, then the children.
        """
        if not isinstance(split_hash, str) or not _HASH_KEY.match(split_hash):
            raise invalid_argument(f"split_hash must be 32 hex characters, got {split_hash!r}")
        resp = self._send(
            "POST", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards/{int(shardId)}",
            require_name(project_name, "project_name"), {"action": "split", "key": split_hash.lower()},
        )
        return ListShardResponse(resp.json(), resp.headers)

    def merge_shard(self, project_name: str, logstore_name: str, shardId: int) -> ListShardResponse:
        """Merge a readwrite shard with its right neighbour; the answer lists the new shard first."""
        resp = self._send(
            "POST", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards/{int(shardId)}",
            require_name(project_name, "project_name"), {"action": "merge"},
        )
        return ListShardResponse(resp.json(), resp.headers)

    def delete_shard(self, project_name: str, logstore_name: str, shardId: int) -> DeleteShardResponse:
        """Delete a readonly shard and its data."""
        resp = self._send("DELETE", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards/{int(shardId)}",
                          require_name(project_name, "project_name"))
        return DeleteShardResponse(resp.headers)
