"""The emulator's own control plane, under ``/_emulator/`` (not part of the service's API).

``GET /_emulator/health``
    No authentication. ``{"status": "ok", "version", "storage": "memory" | <data dir>, "projects", ...}``.
``POST /_emulator/reset``
    Deletes every project and everything under it.
``PUT /_emulator/credentials``
    Accepts (or rotates) a temporary STS credential: ``{"accessKeyId", "accessKeySecret", "securityToken",
    "expiration"}`` (unix seconds of the emulator clock, or ``YYYY-MM-DDTHH:MM:SSZ``).

Every control call but health needs a request signed with a configured key, like the service's APIs,
unless the emulator runs with ``--allow-unsigned-control`` (or ``auth=False``).
"""

from __future__ import annotations

import calendar
import time
from typing import Any

from ..auth import TemporaryCredential
from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import json_body, parse_int
from ..routes import AUTH_CONTROL, AUTH_NONE, Router


def health(ctx: Context, req: Request) -> Response:
    from aliyun.log.version import __version__

    info = {"status": "ok", "version": __version__, "time": ctx.now()}
    info.update(ctx.stats())
    return json_response(info)


def reset(ctx: Context, req: Request) -> Response:
    ctx.reset()
    return json_response({"status": "ok"})


def _expiration(value: Any) -> float:
    """Unix seconds, or an STS-style UTC time ``YYYY-MM-DDTHH:MM:SSZ``."""
    if isinstance(value, str) and "T" in value:
        try:
            return float(calendar.timegm(time.strptime(value.strip(), "%Y-%m-%dT%H:%M:%SZ")))
        except ValueError:
            raise parameter_invalid(f"expiration must be unix seconds or YYYY-MM-DDTHH:MM:SSZ, got {value!r}") from None
    return float(parse_int(value, "expiration", 0))


def put_credentials(ctx: Context, req: Request) -> Response:
    """Accept (or rotate) a temporary credential: ``{"accessKeyId", "accessKeySecret", "securityToken",
    "expiration"}``."""
    body = json_body(req, code="ParameterInvalid")
    key_id, secret, token = (body.get(name) for name in ("accessKeyId", "accessKeySecret", "securityToken"))
    if not (isinstance(key_id, str) and isinstance(secret, str) and isinstance(token, str)) or "expiration" not in body:
        raise parameter_invalid("give accessKeyId, accessKeySecret, securityToken (strings) and expiration")
    try:
        ctx.verifier.add_temporary(TemporaryCredential(key_id, secret, token, _expiration(body["expiration"])))
    except ValueError as exc:
        raise parameter_invalid(str(exc)) from None
    return json_response({"accessKeyId": key_id})


def register(router: Router) -> None:
    router.add("GET", "/_emulator/health", health, project=False, auth=AUTH_NONE, name="EmulatorHealth")
    router.add("POST", "/_emulator/reset", reset, project=False, auth=AUTH_CONTROL, name="EmulatorReset")
    router.add("PUT", "/_emulator/credentials", put_credentials, project=False, auth=AUTH_CONTROL,
               name="EmulatorPutCredentials")
