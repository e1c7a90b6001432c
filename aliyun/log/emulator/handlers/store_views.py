"""Store views (``/storeviews``): a name over several logstores, queried together by GetLogs.

Body: ``{"name", "storeType": "logstore" | "metricstore", "stores": [{"project", "storeName", "query"?}]}``.
``GET /storeviews?offset=&size=&storeType=`` → ``{"count", "total", "storeviews": [names]}``. Every member must exist
when the view is created or updated (``ProjectNotExist`` / ``LogStoreNotExist``); a view's name must not be a
logstore's. GetLogs on the view's name reads the union of its members (see :mod:`aliyun.log.emulator.query.union`).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from ..context import Context
from ..core import ApiError, Request, Response, json_response, parameter_invalid
from ..errors import AlreadyExists
from ..parsing import json_body, page, paging
from ..query.index import IndexSpec
from ..query.union import Member
from ..routes import Router
from .index import index_config
from .query import engine_for

KIND = "storeview"
STORE_TYPES = ("logstore", "metricstore")
MAX_STORES = 50
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{1,126}[a-z0-9]$")


def _validated(ctx: Context, body: Dict[str, Any]) -> Dict[str, Any]:
    name = body.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise parameter_invalid(f"invalid store view name {name!r}: 3-128 of a-z 0-9 _ -, not starting or ending with"
                                " _ or -")
    store_type = body.get("storeType")
    if store_type not in STORE_TYPES:
        raise parameter_invalid(f"storeType must be one of {STORE_TYPES}, got {store_type!r}")
    stores = body.get("stores")
    if not isinstance(stores, list) or not 1 <= len(stores) <= MAX_STORES:
        raise parameter_invalid(f"stores must list 1..{MAX_STORES} stores")
    cleaned = []
    for store in stores:
        if not isinstance(store, dict) or not store.get("project") or not store.get("storeName"):
            raise parameter_invalid("each store needs project and storeName")
        project = ctx.storage.projects.get(store["project"])
        if project is None:
            raise ApiError(404, "ProjectNotExist", f"The Project does not exist : {store['project']}")
        ls = project.logstores.get(store["storeName"])
        if ls is None:
            raise ApiError(404, "LogStoreNotExist", f"logstore {store['storeName']} does not exist")
        is_metrics = str(ls.config.get("telemetryType", "")).lower() == "metrics"
        if is_metrics != (store_type == "metricstore"):
            raise parameter_invalid(f"{store['storeName']} is not a {store_type}")
        entry = {"project": store["project"], "storeName": store["storeName"]}
        if store.get("query"):
            entry["query"] = str(store["query"])
        cleaned.append(entry)
    return {"name": name, "storeType": store_type, "stores": cleaned}


def create_view(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    view = _validated(ctx, json_body(req))
    if view["name"] in project.logstores:
        raise AlreadyExists(KIND, view["name"])
    ctx.resources.create(project.name, KIND, view["name"], view, ctx.now())
    return Response()


def update_view(ctx: Context, req: Request, name: str) -> Response:
    project = ctx.project(req)
    body = dict(json_body(req), name=name)
    view = _validated(ctx, body)
    ctx.resources.replace(project.name, KIND, name, view, ctx.now())
    return Response()


def delete_view(ctx: Context, req: Request, name: str) -> Response:
    project = ctx.project(req)
    ctx.resources.delete(project.name, KIND, name)
    return Response()


def get_view(ctx: Context, req: Request, name: str) -> Response:
    project = ctx.project(req)
    view, created, modified = ctx.resources.get(project.name, KIND, name)
    return json_response(dict(view, createTime=created, lastModifyTime=modified))


def list_views(ctx: Context, req: Request) -> Response:
    project = ctx.project(req)
    offset, size = paging(req)
    wanted = req.params.get("storeType") or None
    if wanted is not None and wanted not in STORE_TYPES:
        raise parameter_invalid(f"storeType must be one of {STORE_TYPES}, got {wanted!r}")
    names = [name for name, view in ctx.resources.list(project.name, KIND)
             if wanted is None or view.get("storeType") == wanted]
    chosen = page(names, offset, size)
    return json_response({"count": len(chosen), "total": len(names), "storeviews": chosen})


def view_members(ctx: Context, req: Request, name: str) -> Optional[List[Member]]:
    """The members of store view ``name`` of the request's project, synced for querying; None when ``name`` is a
    logstore or no view (the caller then answers for a logstore)."""
    project = ctx.project(req)
    if name in project.logstores:
        return None
    found = ctx.resources.find(project.name, KIND, name)
    if found is None:
        return None
    view = found[0]
    engine = engine_for(ctx)
    members = []
    for store in view["stores"]:
        member_project = ctx.storage.projects.get(store["project"])
        ls = member_project.logstores.get(store["storeName"]) if member_project else None
        if ls is None:  # deleted since the view was made: the service skips it too
            continue
        spec = IndexSpec.from_config(index_config(ctx, ls.project, ls.name))
        if not spec.exists:
            continue
        members.append(Member(ls.project, ls.name, engine.sync(ctx.storage, ls), spec, store.get("query")))
    if not members:
        raise ApiError(400, "IndexConfigNotExist", f"no store of store view {name} has an index")
    return members


def register(router: Router) -> None:
    router.add("POST", "/storeviews", create_view, name="CreateStoreView")
    router.add("GET", "/storeviews", list_views, name="ListStoreViews")
    router.add("GET", "/storeviews/{name}", get_view, name="GetStoreView")
    router.add("PUT", "/storeviews/{name}", update_view, name="UpdateStoreView")
    router.add("DELETE", "/storeviews/{name}", delete_view, name="DeleteStoreView")
