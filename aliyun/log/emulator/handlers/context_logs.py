"""GetContextLogs (``GET /logstores/{ls}?type=context_log``) and the pack fields of ``| with_pack_meta`` queries.

A log is named by ``pack_id`` / ``pack_meta`` (see :mod:`aliyun.log.emulator.query.rows`); the answer holds
``back_lines`` logs before it in its shard, the log itself and ``forward_lines`` logs after it, in write order:
``{"progress": "Complete", "total_lines", "back_lines", "forward_lines", "logs": [...]}``.
"""

from __future__ import annotations

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import int_param
from ..query.rows import context_logs, pack_describer, parse_pack
from ..routes import Router
from .query import engine_for

MAX_CONTEXT_LINES = 100


def get_context_logs(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    pack_id = req.params.get("pack_id") or ""
    pack_meta = req.params.get("pack_meta") or ""
    if not pack_id or not pack_meta:
        raise parameter_invalid("pack_id and pack_meta are required")
    back = int_param(req, "back_lines", 0, 0, MAX_CONTEXT_LINES)
    forward = int_param(req, "forward_lines", 0, 0, MAX_CONTEXT_LINES)
    gid, rowid = parse_pack(pack_id, pack_meta)
    engine = engine_for(ctx)
    store = engine.sync(ctx.storage, ls)
    logs, back_count, forward_count = context_logs(engine, store, gid, rowid, back, forward,
                                                   pack_describer(ctx.storage, ls))
    return json_response({"progress": "Complete", "total_lines": len(logs), "back_lines": back_count,
                          "forward_lines": forward_count, "logs": logs})


def register(router: Router) -> None:
    router.add("GET", "/logstores/{logstore}", get_context_logs, when={"type": "context_log"},
               name="GetContextLogs")
