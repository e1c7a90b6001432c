"""Index configs of logstores (PROTOCOL §3.6): create, update, get, delete.

The index JSON is stored verbatim as a resource (kind ``index``, scoped to the logstore, so deleting the logstore
deletes it); GET answers it with ``lastModifyTime``. The query engine reads it through :func:`index_config`.
``GET /logstores/{ls}/index?type=log|histogram`` is a query (Java sends them there) and served by ``query.py``.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple

from ..context import Context
from ..core import ApiError, Request, Response, json_response
from ..parsing import json_body
from ..routes import Router

#: Resource kind and name of a logstore's index config (scope = the logstore name).
INDEX_KIND = "index"
INDEX_NAME = "index"

_FIELD_TYPES = ("text", "long", "double", "json")
_JSON_SUB_TYPES = ("text", "long", "double")


def index_info_invalid(message: str) -> ApiError:
    return ApiError(400, "IndexInfoInvalid", message)


def index_config(ctx: Context, project: str, logstore: str) -> Optional[Dict[str, Any]]:
    """The stored index JSON of a logstore, or None when it has no index."""
    found = ctx.resources.find(project, INDEX_KIND, INDEX_NAME, scope=logstore)
    return found[0] if found is not None and isinstance(found[0], dict) else None


def validate_index(body: Any) -> Dict[str, Any]:
    """The checks the service makes on an index body (IndexInfoInvalid otherwise); the body is kept as sent, less
    the server-maintained ``lastModifyTime`` (a client may send back what GET answered)."""
    if not isinstance(body, dict):
        raise index_info_invalid("the index config must be a JSON object")
    body = {k: v for k, v in body.items() if k != "lastModifyTime"}
    line = body.get("line")
    keys = body.get("keys")
    if line is None and not keys and body.get("all_keys") is None:
        raise index_info_invalid("the index config needs a full-text index (line) or field indexes (keys)")
    if line is not None:
        if not isinstance(line, dict):
            raise index_info_invalid("line must be a JSON object")
        _check_tokens(line.get("token"), "line.token")
        _check_bools(line, "line", ("caseSensitive", "chn", "auto_key_detect"))
        for key in ("include_keys", "exclude_keys", "auto_text_keys"):
            _check_str_list(line.get(key), f"line.{key}")
        if line.get("include_keys") and line.get("exclude_keys"):
            raise index_info_invalid("line.include_keys and line.exclude_keys cannot both be set")
    if keys is not None:
        if not isinstance(keys, dict):
            raise index_info_invalid("keys must be a JSON object of field name -> field index")
        for name, field in keys.items():
            _check_field(name, field, f"keys.{name}", _FIELD_TYPES)
    if body.get("all_keys") is not None:
        _check_field("all_keys", body["all_keys"], "all_keys", _FIELD_TYPES)
    _check_ints(body, "", ("ttl", "max_text_len"))
    _check_bools(body, "", ("log_reduce", "scan_index"))
    for key in ("log_reduce_white_list", "log_reduce_black_list"):
        _check_str_list(body.get(key), key)
    return dict(body)


def _check_field(name: str, field: Any, where: str, types: Tuple[str, ...]) -> None:
    """One field index (``keys.<name>``, ``all_keys`` or a ``json_keys`` entry)."""
    if not name or not isinstance(field, dict):
        raise index_info_invalid(f"{where} must be a JSON object")
    kind = field.get("type", "text")
    if kind not in types:
        raise index_info_invalid(f"{where}.type must be one of {', '.join(types)}, got {kind!r}")
    if kind in ("text", "json"):
        _check_tokens(field.get("token"), f"{where}.token")
    _check_bools(field, where, ("caseSensitive", "chn", "doc_value", "index_all"))
    _check_ints(field, where, ("max_depth",))
    if field.get("alias") is not None and not isinstance(field["alias"], str):
        raise index_info_invalid(f"{where}.alias must be a string")
    json_keys = field.get("json_keys")
    if json_keys is not None:
        if kind != "json":
            raise index_info_invalid(f"{where}.json_keys is only allowed in a json field index")
        if not isinstance(json_keys, dict):
            raise index_info_invalid(f"{where}.json_keys must be a JSON object")
        for sub_name, sub in json_keys.items():
            _check_field(sub_name, sub, f"{where}.json_keys.{sub_name}", _JSON_SUB_TYPES)


def _check_bools(obj: Dict[str, Any], where: str, names: Tuple[str, ...]) -> None:
    for name in names:
        value = obj.get(name)
        if value is not None and not isinstance(value, bool):
            raise index_info_invalid(f"{where + '.' if where else ''}{name} must be a boolean, got {value!r}")


def _check_ints(obj: Dict[str, Any], where: str, names: Tuple[str, ...]) -> None:
    for name in names:
        value = obj.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise index_info_invalid(f"{where + '.' if where else ''}{name} must be an integer, got {value!r}")


def _check_str_list(value: Any, where: str) -> None:
    if value is not None and (not isinstance(value, list) or not all(isinstance(v, str) for v in value)):
        raise index_info_invalid(f"{where} must be a list of strings")


def _check_tokens(tokens: Any, where: str) -> None:
    if tokens is None:
        return
    if not isinstance(tokens, list) or not all(isinstance(t, str) and len(t) == 1 for t in tokens):
        raise index_info_invalid(f"{where} must be a list of single characters")


def _after_change(ctx: Context, project: str, logstore: str) -> None:
    """Index the logstore's existing logs in the background once it has an index."""
    from .query import schedule_indexing

    schedule_indexing(ctx, ctx.logstores.get(project, logstore))


def create_index(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = validate_index(json_body(req, None, code="IndexInfoInvalid"))
    ctx.resources.create(ls.project, INDEX_KIND, INDEX_NAME, body, ctx.now(), scope=logstore, error_name=logstore)
    _after_change(ctx, ls.project, logstore)
    return Response()


def update_index(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body = validate_index(json_body(req, None, code="IndexInfoInvalid"))
    ctx.resources.replace(ls.project, INDEX_KIND, INDEX_NAME, body, ctx.now(), scope=logstore, error_name=logstore)
    _after_change(ctx, ls.project, logstore)
    return Response()


def get_index(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    body, _created, modified = ctx.resources.get(ls.project, INDEX_KIND, INDEX_NAME, scope=logstore,
                                                 error_name=logstore)
    answer = dict(body)
    answer["lastModifyTime"] = modified
    return json_response(answer)


def delete_index(ctx: Context, req: Request, logstore: str) -> Response:
    ls = ctx.logstore(req, logstore)
    ctx.resources.delete(ls.project, INDEX_KIND, INDEX_NAME, scope=logstore, error_name=logstore)
    return Response()


def register(router: Router) -> None:
    path = "/logstores/{logstore}/index"
    router.add("POST", path, create_index, name="CreateIndex")
    router.add("PUT", path, update_index, name="UpdateIndex")
    router.add("GET", path, get_index, name="GetIndex")
    router.add("DELETE", path, delete_index, name="DeleteIndex")
