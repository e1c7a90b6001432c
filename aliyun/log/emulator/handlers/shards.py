"""Shards and cursors (PROTOCOL §3.3, §6, §7): list, split, merge, delete; GetCursor, GetCursorTime.

A cursor is base64 of the decimal ``cursor_base + seq`` of the shard (see ``storage.py``): consecutive groups have
consecutive cursors, ``begin`` is the oldest stored group, ``end`` the position the next group will get.
"""

from __future__ import annotations

import base64
import binascii

from ..context import Context
from ..core import ApiError, Request, Response, json_response, parameter_invalid, shard_not_exist
from ..routes import Router
from ..storage import HASH_SPACE, InvalidState, NotFound, Shard, even_boundaries

MAX_SPLIT_PARTS = 64


def encode_cursor(value: int) -> str:
    return base64.b64encode(str(value).encode("ascii")).decode("ascii")


def invalid_cursor(detail: str = "") -> ApiError:
    return ApiError(400, "InvalidCursor", "cursor is invalid" + (f": {detail}" if detail else ""))


def decode_cursor(shard: Shard, text: str, name: str = "cursor") -> int:
    """The ``seq`` a cursor points at; ``InvalidCursor`` unless ``first_seq <= seq <= next_seq``."""
    if not text:
        raise invalid_cursor(f"{name} is missing")
    try:
        raw = base64.b64decode(text.strip(), validate=True)
        value = int(raw.decode("ascii"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise invalid_cursor(f"{name} {text!r} is not base64 of a decimal integer") from None
    seq = value - shard.cursor_base
    if seq < shard.first_seq or seq > shard.next_seq:
        raise invalid_cursor(f"{name} {text!r} is out of the range of shard {shard.shard_id}")
    return seq


def parse_hash_key(text: str, name: str = "key") -> int:
    """A hash key of up to 32 hex digits; shorter keys are prefixes (padded with zeros on the right)."""
    key = text.strip().lower()
    if not key or len(key) > 32:
        raise parameter_invalid(f"{name} must be 1-32 hex digits, got {text!r}")
    try:
        return int(key.ljust(32, "0"), 16)
    except ValueError:
        raise parameter_invalid(f"{name} must be 1-32 hex digits, got {text!r}") from None


def list_shards(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    return json_response([s.to_json() for s in ls.sorted_shards()])


def split_shard(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    key_text = req.params.get("key", "")
    count_text = req.params.get("shardCount", "")
    if key_text:
        boundaries = [parse_hash_key(key_text)]
    else:
        try:
            parts = int(count_text) if count_text else 2
        except ValueError:
            raise parameter_invalid(f"invalid shardCount {count_text!r}") from None
        if not 2 <= parts <= MAX_SPLIT_PARTS:
            raise parameter_invalid(f"shardCount must be between 2 and {MAX_SPLIT_PARTS}, got {parts}")
        end = min(target.end, HASH_SPACE)
        boundaries = even_boundaries(target.begin, end, parts)[1:-1]
    try:
        shards = ctx.storage.split_shard(ls, target.shard_id, boundaries, ctx.now())
    except NotFound:
        raise shard_not_exist(target.shard_id) from None
    except InvalidState as exc:
        raise parameter_invalid(str(exc)) from None
    return json_response([s.to_json() for s in shards])


def merge_shards(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    try:
        shards = ctx.storage.merge_shards(ls, target.shard_id, ctx.now())
    except NotFound:
        raise shard_not_exist(target.shard_id) from None
    except InvalidState as exc:
        raise parameter_invalid(str(exc)) from None
    return json_response([s.to_json() for s in shards])


def delete_shard(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    try:
        ctx.storage.delete_shard(ls, target.shard_id)
    except NotFound:
        raise shard_not_exist(target.shard_id) from None
    except InvalidState as exc:
        raise parameter_invalid(str(exc)) from None
    return Response()


def get_cursor(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    position = req.params.get("from", "").strip()
    if position == "begin":
        seq = target.first_seq
    elif position == "end":
        seq = target.next_seq
    else:
        try:
            when = int(position)
        except ValueError:
            raise parameter_invalid(f"from must be begin, end or unix seconds, got {position!r}") from None
        if when < 0:
            raise parameter_invalid(f"from must be begin, end or unix seconds, got {position!r}")
        seq = ctx.storage.seq_at_time(target, when)
    return json_response({"cursor": encode_cursor(target.cursor_base + seq)})


def get_cursor_time(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    seq = decode_cursor(target, req.params.get("cursor", ""))
    if seq >= target.next_seq:
        # The end cursor: the receive time of the last group, or now for an empty shard.
        when = target.last_receive_time if target.next_seq > target.first_seq else ctx.now()
    else:
        stored = ctx.storage.receive_time(target, seq)
        if stored is None:
            raise invalid_cursor("no log group at this cursor")
        when = stored
    return json_response({"cursor_time": when})


def register(router: Router) -> None:
    base = "/logstores/{logstore}/shards"
    router.add("GET", base, list_shards, name="ListShards")
    router.add("POST", base + "/{shard}", split_shard, when={"action": "split"}, name="SplitShard")
    router.add("POST", base + "/{shard}", merge_shards, when={"action": "merge"}, name="MergeShards")
    router.add("DELETE", base + "/{shard}", delete_shard, name="DeleteShard")
    router.add("GET", base + "/{shard}", get_cursor, when={"type": "cursor"}, name="GetCursor")
    router.add("GET", base + "/{shard}", get_cursor_time, when={"type": "cursor_time"}, name="GetCursorTime")
