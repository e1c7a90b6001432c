"""PutLogs and PullLogs (PROTOCOL §3.4, §4, §5).

PutLogs accepts ``POST /logstores/{ls}/shards/lb`` (load-balanced, or by the ``x-log-hashkey`` header),
``POST /logstores/{ls}/shards/route?key=<hash>`` and ``POST /logstores/{ls}`` (Go). The body is one serialized
LogGroup (lz4 / zstd / deflate / uncompressed), or Java's JSON form when ``Content-Type: application/json``.
Each accepted group is validated, then stored once as its uncompressed bytes (plus the ``__receive_time__`` and
``__client_ip__`` LogTags when the logstore has ``appendMeta``). A group without logs is accepted and not stored.

PullLogs (``type=log`` or Go's ``type=logs``) answers the stored bytes concatenated as a LogGroupList, compressed
as ``Accept-Encoding`` asks (lz4 by default, zstd, deflate, or none for an empty value).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from aliyun.log.limits import MAX_SOURCE_BYTES, MAX_TOPIC_BYTES, MAX_VALUE_BYTES, key_problem

from ..backends.shards import encode_cursor
from ..bodies import payload
from ..context import Context
from ..core import PROTOBUF_TYPE, ApiError, Request, Response, parameter_invalid
from ..parsing import int_param, parse_int, parse_json
from ..routes import Router
from .query import schedule_indexing
from .shards import parse_hash_key

MAX_PULL_COUNT = 1000
#: A PullLogs answer stops adding groups beyond this many raw bytes (always at least one group).
MAX_PULL_BYTES = 10 * 1024 * 1024
_PULL_ENCODINGS = ("lz4", "zstd", "deflate")


def check_keys(keys: Sequence[Union[str, bytes]]) -> None:
    """Content keys follow ``aliyun.log.limits`` (``InvalidKey``): UTF-8, 1-128 bytes, not reserved.

    The character rule of the docs (letters, digits, ``_``) is not enforced: the service stores keys such as
    ``@timestamp`` or ``http.method`` written by Logstash, Logtail's JSON expansion and OpenTelemetry exporters.
    """
    for key in keys:
        problem = key_problem(key)
        if problem is not None:
            raise ApiError(400, "InvalidKey", problem)


def check_header(topic: Union[str, bytes, None], source: Union[str, bytes, None]) -> None:
    """Topic and source are at most 128 bytes (``PostBodyInvalid``)."""
    for name, value, limit in (("topic", topic, MAX_TOPIC_BYTES), ("source", source, MAX_SOURCE_BYTES)):
        if value is not None and len(value if isinstance(value, bytes) else value.encode("utf-8")) > limit:
            raise ApiError(400, "PostBodyInvalid", f"the {name} of a log group is longer than {limit} bytes")


def value_too_long(size: int) -> ApiError:
    return ApiError(400, "InvalidLogSize", f"a log value of {size} bytes is longer than {MAX_VALUE_BYTES} bytes")


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_time(value: Any, name: str) -> int:
    return parse_int(value, name, 0, (1 << 32) - 1, code="InvalidTimestamp")


def log_group_from_json(data: bytes) -> Tuple[bytes, bool]:
    """Java's JSON PutLogs body → (serialized LogGroup, has logs), checked against the service's data rules."""
    from aliyun.log.codec import encode_log_group

    body = parse_json(data)
    if not isinstance(body, dict):
        raise ApiError(400, "PostBodyInvalid", "the JSON body must be an object with __logs__")
    raw_logs = body.get("__logs__") or []
    raw_tags = body.get("__tags__") or {}
    if not isinstance(raw_logs, list) or not isinstance(raw_tags, dict):
        raise ApiError(400, "PostBodyInvalid", "__logs__ must be a list and __tags__ an object")
    logs: List[Dict[str, Any]] = []
    keys = set()
    for item in raw_logs:
        if not isinstance(item, dict):
            raise ApiError(400, "PostBodyInvalid", "each entry of __logs__ must be an object")
        if "__time__" not in item:
            raise ApiError(400, "InvalidTimestamp", "a log of __logs__ has no __time__")
        log: Dict[str, Any] = {"__time__": _json_time(item["__time__"], "__time__")}
        if "__time_ns_part__" in item:
            log["__time_ns_part__"] = _json_time(item["__time_ns_part__"], "__time_ns_part__")
        for key, value in item.items():
            if key not in ("__time__", "__time_ns_part__"):
                text = _json_text(value)
                if len(text) * 4 > MAX_VALUE_BYTES and len(text.encode("utf-8")) > MAX_VALUE_BYTES:
                    raise value_too_long(len(text.encode("utf-8")))
                log[key] = text
                keys.add(key)
        logs.append(log)
    check_keys(list(keys))
    tags = [(str(k), _json_text(v)) for k, v in raw_tags.items()]
    topic = body.get("__topic__")
    source = body.get("__source__")
    topic_text = None if topic is None else _json_text(topic)
    source_text = None if source is None else _json_text(source)
    check_header(topic_text, source_text)
    return encode_log_group(logs, topic_text or None, source_text or None, tags), bool(logs)


def check_log_group(data: bytes) -> bool:
    """Validate a serialized LogGroup against the service's data rules; whether it holds logs."""
    from aliyun.log.codec import CodecError
    from aliyun.log.codec.wire import longest_value, scan_log_group

    try:
        scan = scan_log_group(data)
        longest = longest_value(data) if len(data) > MAX_VALUE_BYTES else 0
    except CodecError as exc:
        raise ApiError(400, "PostBodyInvalid", f"the body is not a valid LogGroup: {exc}") from None
    if scan.keys:
        check_keys(scan.keys)
    check_header(scan.topic, scan.source)
    if longest > MAX_VALUE_BYTES:
        raise value_too_long(longest)
    return scan.keys is not None


def put_logs(ctx: Context, req: Request, logstore: str, route_key: Optional[str] = None) -> Response:
    from aliyun.log.codec import append_log_tags

    ls = ctx.logstore(req, logstore)
    if route_key is None:
        route_key = req.headers.get("x-log-hashkey") or None
    hash_key = None if route_key is None else parse_hash_key(route_key)
    data = payload(req)  # decompressed, size-checked
    if req.headers.get("content-type", "").startswith("application/json"):
        data, has_logs = log_group_from_json(data)
    else:
        has_logs = check_log_group(data)
    if not has_logs:
        return Response()
    group: Union[bytes, Any] = data
    if ls.config.get("appendMeta"):
        client_ip = req.client_ip

        def group(receive_time: int) -> bytes:
            return append_log_tags(data, (("__receive_time__", str(receive_time)), ("__client_ip__", client_ip)))

    ctx.shards.append(ls, group, ctx.now(), hash_key)
    schedule_indexing(ctx, ls)  # make the logs searchable soon (query engine, background)
    return Response()


def put_logs_lb(ctx: Context, req: Request, logstore: str) -> Response:
    return put_logs(ctx, req, logstore)


def put_logs_route(ctx: Context, req: Request, logstore: str) -> Response:
    key = req.params.get("key") or req.headers.get("x-log-hashkey")
    if not key:
        raise parameter_invalid("key is required for /shards/route")
    return put_logs(ctx, req, logstore, key)


def _pull_encoding(header: Optional[str]) -> str:
    if header is None:
        return "lz4"
    tokens = [token.split(";", 1)[0].strip().lower() for token in header.split(",")]
    tokens = [token for token in tokens if token]
    if not tokens:
        return ""
    for token in tokens:
        if token in _PULL_ENCODINGS:
            return token
    return "lz4"


def pull_logs(ctx: Context, req: Request, logstore: str, shard: str) -> Response:
    ls = ctx.logstore(req, logstore)
    target = ctx.shard(ls, shard)
    count = int_param(req, "count", MAX_PULL_COUNT, 1, MAX_PULL_COUNT)
    start = ctx.shards.decode_cursor(target, req.params.get("cursor", ""))
    stop = target.next_seq
    end_text = req.params.get("end_cursor")
    if end_text:
        stop = min(stop, ctx.shards.decode_cursor(target, end_text, "end_cursor"))
    groups = ctx.shards.read(target, start, stop, count, MAX_PULL_BYTES)
    next_seq = groups[-1].seq + 1 if groups else start
    headers: List[Tuple[str, str]] = [
        ("x-log-cursor", encode_cursor(target.cursor_base + next_seq)),
        ("x-log-count", str(len(groups))),
        ("x-log-end-of-cursor", "1" if next_seq >= target.next_seq else "0"),
        ("x-log-read-last-cursor", str(target.cursor_base + next_seq - 1)),
    ]
    if not groups:
        headers.append(("x-log-bodyrawsize", "0"))
        headers.append(("x-log-cursor-time", str(target.last_receive_time)))
        return Response(b"", content_type=PROTOBUF_TYPE, headers=headers)
    headers.append(("x-log-cursor-time", str(groups[-1].receive_time)))
    from aliyun.log.codec import compression, log_group_list_from_groups

    raw = log_group_list_from_groups([g.data for g in groups])
    headers.append(("x-log-bodyrawsize", str(len(raw))))
    encoding = _pull_encoding(req.headers.get("accept-encoding"))
    body = raw
    if encoding:
        try:
            body = compression.compress(raw, encoding)
        except Exception:  # e.g. zstandard not installed: fall back to the default
            encoding = "lz4"
            body = compression.compress(raw, encoding)
        headers.append(("x-log-compresstype", encoding))
    return Response(body, content_type=PROTOBUF_TYPE, headers=headers)


def register(router: Router) -> None:
    base = "/logstores/{logstore}"
    router.add("POST", base + "/shards/lb", put_logs_lb, name="PutLogs")
    router.add("POST", base + "/shards/route", put_logs_route, name="PutLogs(route)")
    router.add("POST", base, put_logs_lb, name="PutLogs(go)")
    router.add("GET", base + "/shards/{shard}", pull_logs, when={"type": "log"}, name="PullLogs")
    router.add("GET", base + "/shards/{shard}", pull_logs, when={"type": "logs"}, name="PullLogs(go)")
