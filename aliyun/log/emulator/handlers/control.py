"""The emulator's own control plane, under ``/_emulator/`` (not part of the service's API).

``GET /_emulator/health``
    No authentication. ``{"status": "ok", "version", "storage": "memory" | <data dir>, "projects", ...}``.
``POST /_emulator/reset``
    Deletes every project and everything under it. Unauthenticated from a loopback client (127.0.0.0/8, ::1);
    from any other address it needs a request signed with a configured key, like the service's APIs.
"""

from __future__ import annotations

from ..context import Context
from ..core import Request, Response, json_response
from ..routes import AUTH_CONTROL, AUTH_NONE, Router


def health(ctx: Context, req: Request) -> Response:
    from aliyun.log.version import __version__

    info = {"status": "ok", "version": __version__, "time": ctx.now()}
    info.update(ctx.stats())
    return json_response(info)


def reset(ctx: Context, req: Request) -> Response:
    ctx.reset()
    return json_response({"status": "ok"})


def register(router: Router) -> None:
    router.add("GET", "/_emulator/health", health, project=False, auth=AUTH_NONE, name="EmulatorHealth")
    router.add("POST", "/_emulator/reset", reset, project=False, auth=AUTH_CONTROL, name="EmulatorReset")
