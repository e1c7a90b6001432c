"""Shards and cursors (PROTOCOL §3.3, §6, §7): list, split, merge, delete; GetCursor, GetCursorTime.

The state machine and the cursor format are in ``backends/shards.py``.
"""

from __future__ import annotations

from ..backends.shards import MAX_SPLIT_PARTS
from ..context import Context
from ..core import ApiError, Request, Response, json_response, parameter_invalid
from ..parsing import int_param, parse_decimal
from ..routes import Router


def parse_hash_key(text: str, name: str = "key") -> int:
    """A hash key of up to 32 hex digits; shorter keys are prefixes (padded with zeros on the right)."""
    key = text.strip().lower()
    if not key or len(key) > 32 or not key.isascii() or any(c not in "0123456789abcdef" for c in key):
        raise parameter_invalid(f"{name} must be 1-32 hex digits, got {text[:64]!r}")
    return int(key.ljust(32, "0"), 16)


def list_shards(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    return json_response([s.to_json() for s in ls.sorted_shards()])


def split_shard(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    key_text = req.params.get("key", "")
    key = parse_hash_key(key_text) if key_text else None
    parts = 2 if key is not None else int_param(req, "shardCount", 2, 2, MAX_SPLIT_PARTS)
    shards = ctx.shards.split(ls, target.shard_id, key, parts, ctx.now())
    return json_response([s.to_json() for s in shards])


def merge_shards(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    shards = ctx.shards.merge(ls, ctx.shard(ls, shard).shard_id, ctx.now())
    return json_response([s.to_json() for s in shards])


def delete_shard(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    ctx.shards.delete(ls, ctx.shard(ls, shard).shard_id)
    return Response()


def get_cursor(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    position = req.params.get("from", "").strip()
    if position in ("begin", "end"):
        return json_response({"cursor": ctx.shards.cursor_at(target, position)})
    try:
        when = parse_decimal(position, "from", 0)
    except ApiError:
        raise parameter_invalid(f"from must be begin, end or unix seconds, got {position[:64]!r}") from None
    return json_response({"cursor": ctx.shards.cursor_at(target, when)})


def get_cursor_time(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    return json_response({"cursor_time": ctx.shards.cursor_time(target, req.params.get("cursor", ""), ctx.now())})


def register(router: Router) -> None:
    base = "/logstores/{logstore}/shards"
    router.add("GET", base, list_shards, name="ListShards")
    router.add("POST", base + "/{shard}", split_shard, when={"action": "split"}, name="SplitShard")
    router.add("POST", base + "/{shard}", merge_shards, when={"action": "merge"}, name="MergeShards")
    router.add("DELETE", base + "/{shard}", delete_shard, name="DeleteShard")
    router.add("GET", base + "/{shard}", get_cursor, when={"type": "cursor"}, name="GetCursor")
    router.add("GET", base + "/{shard}", get_cursor_time, when={"type": "cursor_time"}, name="GetCursorTime")
