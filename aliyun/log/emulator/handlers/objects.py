"""Objects stored next to a logstore: ``PUT`` / ``GET /logstores/{ls}/objects/{name}``.

``name`` may hold ``/`` (``images/2024/cat.png``): 1..1024 bytes, no empty segment. PUT stores the body (up to
10 MiB) with its ``Content-Type`` (default ``application/octet-stream``) and ``x-log-meta-*`` headers, and answers
``ETag`` (the upper-case hex MD5 of the body). GET answers the bytes with those headers, ``ETag`` and
``Last-Modified``; an unknown name is ``ObjectNotExist`` (404). Objects are kept as resources of the logstore and go
away with it.
"""

from __future__ import annotations

import base64
import hashlib
from email.utils import formatdate
from typing import Any, Dict, List, Tuple

from ..bodies import payload
from ..context import Context
from ..core import Request, Response, parameter_invalid
from ..routes import Router

KIND = "object"
MAX_NAME_BYTES = 1024
MAX_DEPTH = 16
_META_PREFIX = "x-log-meta-"
_DEFAULT_TYPE = "application/octet-stream"


def _name(parts: Dict[str, str]) -> str:
    name = "/".join(parts[f"p{i}"] for i in range(len(parts)))
    if not name or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise parameter_invalid(f"object name must be 1..{MAX_NAME_BYTES} bytes")
    return name


def put_object(ctx: Context, req: Request, logstore: str, **parts: str) -> Response:
    ls = ctx.logstore(req, logstore)
    name = _name(parts)
    body = payload(req)
    etag = hashlib.md5(body, usedforsecurity=False).hexdigest().upper()
    headers = {"Content-Type": req.headers.get("content-type") or _DEFAULT_TYPE}
    headers.update({key: value for key, value in req.headers.items() if key.lower().startswith(_META_PREFIX)})
    record = {"data": base64.b64encode(body).decode("ascii"), "etag": etag, "headers": headers}
    ctx.resources.put(ls.project, KIND, name, record, ctx.now(), scope=ls.name)
    return Response(headers=[("ETag", etag)])


def get_object(ctx: Context, req: Request, logstore: str, **parts: str) -> Response:
    ls = ctx.logstore(req, logstore)
    name = _name(parts)
    record, _created, modified = ctx.resources.get(ls.project, KIND, name, scope=ls.name)
    headers: Dict[str, Any] = dict(record["headers"])
    content_type = headers.pop("Content-Type", _DEFAULT_TYPE)
    answer: List[Tuple[str, str]] = [("ETag", record["etag"]), ("Last-Modified", formatdate(modified, usegmt=True))]
    answer += list(headers.items())
    return Response(base64.b64decode(record["data"]), content_type=content_type, headers=answer)


def register(router: Router) -> None:
    for depth in range(1, MAX_DEPTH + 1):
        pattern = "/logstores/{logstore}/objects/" + "/".join(f"{{p{i}}}" for i in range(depth))
        router.add("PUT", pattern, put_object, name="PutObject")
        router.add("GET", pattern, get_object, name="GetObject")
