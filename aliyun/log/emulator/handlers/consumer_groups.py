"""Consumer groups (PROTOCOL §3.8, §8): create, list, update, delete; heartbeat; update / get checkpoints.

The coordination rules (assignment, timeouts, ownership of checkpoints) live in ``coordinator.py``.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from ..context import Context
from ..coordinator import GroupConfig, coordinator_for, parse_shard_list
from ..core import ApiError, Request, Response, bool_param, json_response, parameter_invalid, parse_bool, parse_int
from ..routes import Router

CONSUMER_GROUP_NAME = re.compile(r"^[0-9a-zA-Z_-]{1,128}$")
#: Longest consumer timeout accepted, in seconds (one day).
MAX_TIMEOUT = 86400


def _validate_name(name: Any) -> str:
    if not isinstance(name, str) or not CONSUMER_GROUP_NAME.match(name):
        raise parameter_invalid(f"invalid consumer group name {name!r}: 1-128 letters, digits, '_' or '-'")
    return name


def _timeout(value: Any) -> int:
    return parse_int(value, "timeout", 1, MAX_TIMEOUT)


def create_consumer_group(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = req.json_object()
    name = _validate_name(body.get("consumerGroup", body.get("name")))
    if body.get("timeout") is None:
        raise parameter_invalid("timeout is required")
    order = parse_bool(body.get("order", False), "order")
    coordinator_for(ctx.storage).create_group(ls, GroupConfig(name, _timeout(body["timeout"]), order), ctx.now())
    return Response()


def list_consumer_groups(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    return json_response([g.to_json() for g in coordinator_for(ctx.storage).list_groups(ls)])


def update_consumer_group(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = req.json_object()
    timeout: Optional[int] = None if body.get("timeout") is None else _timeout(body["timeout"])
    order: Optional[bool] = None if body.get("order") is None else parse_bool(body["order"], "order")
    if timeout is None and order is None:
        raise parameter_invalid("give timeout and / or order to update a consumer group")
    coordinator_for(ctx.storage).update_group(ls, group, timeout, order, ctx.now())
    return Response()


def delete_consumer_group(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    coordinator_for(ctx.storage).delete_group(ls, group)
    return Response()


def _consumer(req: Request, required: bool = True) -> str:
    consumer = req.params.get("consumer", "")
    if required and not consumer:
        raise parameter_invalid("parameter consumer is required")
    return consumer


def heartbeat(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    consumer = _consumer(req)
    body = req.json(required=False)
    shards = parse_shard_list(body if body is not None else [])
    assigned = coordinator_for(ctx.storage).heartbeat(ls, group, consumer, shards, ctx.clock())
    return json_response(assigned)


def update_checkpoint(ctx: Context, req: Request, logstore: str, group: str) -> Response:
    ls = ctx.logstore(req, logstore)
    coordinator = coordinator_for(ctx.storage)
    coordinator.config(ls, group)
    consumer = _consumer(req, required=False)
    force = bool_param(req, "forceSuccess", True)
    body = req.json_object()
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
    return json_response(coordinator_for(ctx.storage).checkpoints(ls, group, shard_id))


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
