"""Store views (``/storeviews``): a name over several logstores, queried together by GetLogs.

Body: ``{"name", "storeType": "logstore" | "metricstore", "stores": [{"project", "storeName", "query"?}]}``.
``GET /storeviews?offset=&size=&storeType=`` → ``{"count", "total", "storeviews": [names]}``. The rules (members
exist and fit the type, names unique) are the backend's (``backends/store_views.py``); GetLogs on the view's name
reads the union of its members (see :mod:`aliyun.log.emulator.query.union`).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..backends.store_views import STORE_TYPES
from ..context import Context
from ..core import ApiError, Request, Response, json_response, parameter_invalid
from ..parsing import NameRule, json_body, page, paging
from ..query.index import IndexSpec
from ..query.union import Member
from ..routes import Router
from .index import index_config
from .query import engine_for

MAX_STORES = 50
VIEW_NAME = NameRule("store view", r"[a-z0-9][a-z0-9_-]{1,126}[a-z0-9]",
                     "3-128 characters of lowercase letters, digits, '_' and '-', starting and ending with a letter "
                     "or digit")


def _view(body: Dict[str, Any]) -> Dict[str, Any]:
    name = VIEW_NAME.check(body.get("name"))
    store_type = body.get("storeType")
    if store_type not in STORE_TYPES:
        raise parameter_invalid(f"storeType must be one of {STORE_TYPES}, got {store_type!r}")
    stores = body.get("stores")
    if not isinstance(stores, list) or not 1 <= len(stores) <= MAX_STORES:
        raise parameter_invalid(f"stores must list 1..{MAX_STORES} stores")
    cleaned = []
    for store in stores:
        if not isinstance(store, dict) or not isinstance(store.get("project"), str) \
                or not isinstance(store.get("storeName"), str):
            raise parameter_invalid("each store needs project and storeName")
        entry = {"project": store["project"], "storeName": store["storeName"]}
        if store.get("query"):
            entry["query"] = str(store["query"])
        cleaned.append(entry)
    return {"name": name, "storeType": store_type, "stores": cleaned}


def create_view(ctx: Context, req: Request) -> Response:
    ctx.store_views.create(ctx.project_name(req), _view(json_body(req, code="ParameterInvalid")), ctx.now())
    return Response()


def update_view(ctx: Context, req: Request, name: str) -> Response:
    body = dict(json_body(req, code="ParameterInvalid"), name=name)
    ctx.store_views.replace(ctx.project_name(req), _view(body), ctx.now())
    return Response()


def delete_view(ctx: Context, req: Request, name: str) -> Response:
    ctx.store_views.delete(ctx.project_name(req), name)
    return Response()


def get_view(ctx: Context, req: Request, name: str) -> Response:
    view, created, modified = ctx.store_views.get(ctx.project_name(req), name)
    return json_response(dict(view, createTime=created, lastModifyTime=modified))


def list_views(ctx: Context, req: Request) -> Response:
    offset, size = paging(req)
    wanted = req.params.get("storeType") or None
    if wanted is not None and wanted not in STORE_TYPES:
        raise parameter_invalid(f"storeType must be one of {STORE_TYPES}, got {wanted!r}")
    names = ctx.store_views.names(ctx.project_name(req), wanted)
    chosen = page(names, offset, size)
    return json_response({"count": len(chosen), "total": len(names), "storeviews": chosen})


def view_members(ctx: Context, req: Request, name: str) -> Optional[List[Member]]:
    """The members of store view ``name`` of the request's project, synced for querying; None when ``name`` is a
    logstore or no view (the caller then answers for a logstore)."""
    found = ctx.store_views.members(ctx.project_name(req), name)
    if found is None:
        return None
    engine = engine_for(ctx)
    members = []
    for ls, query in found:
        spec = IndexSpec.from_config(index_config(ctx, ls.project, ls.name))
        if spec.exists:
            members.append(Member(ls.project, ls.name, engine.sync(ctx.storage, ls), spec, query))
    if not members:
        raise ApiError(400, "IndexConfigNotExist", f"no store of store view {name} has an index")
    return members


def register(router: Router) -> None:
    router.add("POST", "/storeviews", create_view, name="CreateStoreView")
    router.add("GET", "/storeviews", list_views, name="ListStoreViews")
    router.add("GET", "/storeviews/{name}", get_view, name="GetStoreView")
    router.add("PUT", "/storeviews/{name}", update_view, name="UpdateStoreView")
    router.add("DELETE", "/storeviews/{name}", delete_view, name="DeleteStoreView")
