"""Consumer groups (PROTOCOL §3.8, §8): create, list, update, delete; heartbeat; update / get checkpoints.

The coordination rules (assignment, timeouts, ownership of checkpoints) live in ``coordinator.py``.
"""

from __future__ import annotations

from typing import Any, List, Optional

from ..backends.consumer_groups import GroupConfig
from ..context import Context
from ..core import ApiError, Request, Response, json_response, parameter_invalid
from ..parsing import NameRule, bool_param, json_body, parse_bool, parse_int
from ..routes import Router

CONSUMER_GROUP_NAME = NameRule("consumer group", r"[0-9a-zA-Z_-]{1,128}", "1-128 letters, digits, '_' or '-'")
#: Longest consumer timeout accepted, in seconds (one day).
MAX_TIMEOUT = 86400


def _timeout(value: Any) -> int:
    return parse_int(value, "timeout", 1, MAX_TIMEOUT)


def create_consumer_group(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = json_body(req)
    name = CONSUMER_GROUP_NAME.check(body.get("consumerGroup", body.get("name")))
    if body.get("timeout") is None:
        raise parameter_invalid("timeout is required")
    order = parse_bool(body.get("order", False), "order")
    ctx.consumer_groups.create_group(ls, GroupConfig(name, _timeout(body["timeout"]), order), ctx.now())
    return Response()


def list_consumer_groups(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    return json_response([g.to_json() for g in ctx.consumer_groups.list_groups(ls)])


def update_consumer_group(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = json_body(req)
    timeout: Optional[int] = None if body.get("timeout") is None else _timeout(body["timeout"])
    order: Optional[bool] = None if body.get("order") is None else parse_bool(body["order"], "order")
    if timeout is None and order is None:
        raise parameter_invalid("give timeout and / or order to update a consumer group")
    ctx.consumer_groups.update_group(ls, group, timeout, order, ctx.now())
    return Response()


def delete_consumer_group(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    ctx.consumer_groups.delete_group(ls, group)
    return Response()


def _shard_list(body: Any) -> List[int]:
    """A heartbeat body: a JSON array of shard ids (numbers or decimal strings); empty = none."""
    if body is None:
        return []
    if not isinstance(body, list):
        raise parameter_invalid("the heartbeat body must be a JSON array of shard ids")
    for item in body:
        if isinstance(item, bool) or not isinstance(item, (int, str)):
            raise parameter_invalid(f"invalid shard id {item!r} in the heartbeat body")
    return [parse_int(item, "shard id in the heartbeat body") for item in body]


def _consumer(req: Request, required: bool = True) -> str:
    consumer = req.params.get("consumer", "")
    if required and not consumer:
        raise parameter_invalid("parameter consumer is required")
    return consumer


def heartbeat(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    consumer = _consumer(req)
    shards = _shard_list(json_body(req, None, required=False))
    assigned = ctx.consumer_groups.heartbeat(ls, group, consumer, shards, ctx.clock())
    return json_response(assigned)


def update_checkpoint(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    coordinator = ctx.consumer_groups
    coordinator.config(ls, group)
    consumer = _consumer(req, required=False)
    force = bool_param(req, "forceSuccess", True)
    body = json_body(req)
    if "shard" not in body:
        raise parameter_invalid("shard is required")
    shard = ctx.shard(ls, str(parse_int(body["shard"], "shard", 0)))
    checkpoint = body.get("checkpoint")
    if not isinstance(checkpoint, str):
        raise ApiError(400, "InvalidShardCheckPoint", f"checkpoint must be a cursor string, got {checkpoint!r}")
    coordinator.update_checkpoint(ls, group, consumer, shard, checkpoint, force, ctx.clock())
    return Response()


def get_checkpoint(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    shard_text = req.params.get("shard", "")
    shard_id: Optional[int] = None
    if shard_text not in ("", "-1"):
        shard_id = parse_int(shard_text, "shard", 0)
    return json_response(ctx.consumer_groups.checkpoints(ls, group, shard_id))


def register(router: Router) -> None:
    base = "/logstores/{logstore}/consumergroups"
    router.add("POST", base, create_consumer_group, name="CreateConsumerGroup")
    router.add("GET", base, list_consumer_groups, name="ListConsumerGroup")
    router.add("PUT", base + "/{group}", update_consumer_group, name="UpdateConsumerGroup")
    router.add("DELETE", base + "/{group}", delete_consumer_group, name="DeleteConsumerGroup")
    router.add("POST", base + "/{group}", heartbeat, when={"type": "heartbeat"}, name="ConsumerGroupHeartBeat")
    router.add("POST", base + "/{group}", update_checkpoint, when={"type": "checkpoint"},
               name="ConsumerGroupUpdateCheckPoint")
    router.add("GET", base + "/{group}", get_checkpoint, name="GetCheckPoint")
