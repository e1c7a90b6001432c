"""Account-level APIs (no project in the Host): resources and their records (``/resources``), topostores with their
nodes and relations (``/topostores``). Lists page with ``offset`` / ``size`` and answer ``{"count", "total",
"items"}``; fields the service carries as JSON text (``schema``, ``acl``, ``tag``, ``value``, ``property``) are
kept as sent.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..backends.account import Member
from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..entity_rules import (
    json_text_object,
    split_ids,
    validate_record,
    validate_resource,
    validate_topo_member,
    validate_topostore,
)
from ..parsing import json_body, page, paging
from ..routes import Router

RESOURCE, RECORD = "resource", "resource_record"
TOPOSTORE, NODE, RELATION = "topostore", "topostore_node", "topostore_relation"
NODE_TEXT_FIELDS = ("nodeType", "description", "displayName")
RELATION_TEXT_FIELDS = ("relationType", "srcNodeId", "dstNodeId", "description", "displayName")
MAX_UPSERT = 100


def _body(req: Request) -> Dict[str, Any]:
    body = json_body(req, code="ParameterInvalid")
    return {key: value for key, value in body.items() if key not in ("createTime", "lastModifyTime")}


def _timed(body: Dict[str, Any], created: int, modified: int) -> Dict[str, Any]:
    return {**body, "createTime": created, "lastModifyTime": modified}


def _page(req: Request, items: List[Dict[str, Any]]) -> Response:
    offset, size = paging(req)
    chunk = page(items, offset, size)
    return json_response({"count": len(chunk), "total": len(items), "items": chunk})


def _members_page(req: Request, members: List[Member], keep: Callable[[Dict[str, Any]], bool]) -> Response:
    return _page(req, [_timed(body, created, modified) for _, body, created, modified in members if keep(body)])


def _in(values: Sequence[str], value: Any) -> bool:
    return not values or value in values


def _property_matches(req: Request, body: Dict[str, Any]) -> bool:
    key, value = req.params.get("propertyKey"), req.params.get("propertyValue")
    if not key:
        return True
    properties = json_text_object(body.get("property"), "property", required=False) or {}
    return key in properties and (value is None or str(properties[key]) == value)


# -- resources and records -------------------------------------------------------------------------------------------
def create_resource(ctx: Context, req: Request) -> Response:
    body = _body(req)
    validate_resource(body, creating=True)
    ctx.account.create(RESOURCE, body["name"], body, ctx.now())
    return Response()


def update_resource(ctx: Context, req: Request, name: str) -> Response:
    body = _body(req)
    body.pop("name", None)
    body.pop("type", None)
    validate_resource(body, creating=False)
    ctx.account.update(RESOURCE, name, body, ctx.now())
    return Response()


def get_resource(ctx: Context, req: Request, name: str) -> Response:
    return json_response(_timed(*ctx.account.get(RESOURCE, name)))


def delete_resource(ctx: Context, req: Request, name: str) -> Response:
    ctx.account.delete(RESOURCE, name, (RECORD,))
    return Response()


def list_resources(ctx: Context, req: Request) -> Response:
    kind = req.params.get("type") or ""
    names = split_ids(req.params.get("names"))
    found = ctx.account.list(RESOURCE, lambda body: (not kind or body.get("type") == kind)
                             and _in(names, body.get("name")))
    return _page(req, [_timed(*stored) for stored in found])


def _record(value: Any) -> Tuple[Optional[str], Dict[str, Any]]:
    record = dict(validate_record(value))
    return record.pop("id", None), record


def create_record(ctx: Context, req: Request, name: str) -> Response:
    record_id, record = _record(_body(req))
    ctx.account.add_member(RESOURCE, name, RECORD, record_id, record, ctx.now(), "id")
    return Response()


def update_record(ctx: Context, req: Request, name: str, record_id: str) -> Response:
    _, record = _record(_body(req))
    record["id"] = record_id
    ctx.account.replace_member(RESOURCE, name, RECORD, record_id, record, ctx.now())
    return Response()


def upsert_records(ctx: Context, req: Request, name: str) -> Response:
    records = _body(req).get("records")
    if not isinstance(records, list) or not records:
        raise parameter_invalid("records must be a non-empty list")
    members = []
    for value in records:
        record_id, record = _record(value)
        if not record_id:
            raise parameter_invalid("each record of an upsert needs its id")
        record["id"] = record_id
        members.append((record_id, record))
    ctx.account.upsert_members(RESOURCE, name, RECORD, members, ctx.now())
    return Response()


def delete_records(ctx: Context, req: Request, name: str) -> Response:
    ids = split_ids(req.params.get("ids"))
    if not ids:
        raise parameter_invalid("ids (comma-separated record ids) is required")
    ctx.account.delete_members(RESOURCE, name, RECORD, ids)
    return Response()


def get_record(ctx: Context, req: Request, name: str, record_id: str) -> Response:
    _, body, created, modified = ctx.account.get_member(RESOURCE, name, RECORD, record_id)
    return json_response(_timed(body, created, modified))


def list_records(ctx: Context, req: Request, name: str) -> Response:
    tag = req.params.get("tag")
    ids = split_ids(req.params.get("ids"))
    return _members_page(req, ctx.account.members(RESOURCE, name, RECORD),
                         lambda body: (tag is None or body.get("tag") == tag) and _in(ids, body.get("id")))


# -- topostores ------------------------------------------------------------------------------------------------------
def create_topostore(ctx: Context, req: Request) -> Response:
    body = _body(req)
    validate_topostore(body)
    ctx.account.create(TOPOSTORE, body["name"], body, ctx.now())
    return Response()


def update_topostore(ctx: Context, req: Request, name: str) -> Response:
    body = _body(req)
    body["name"] = name
    validate_topostore(body)
    ctx.account.update(TOPOSTORE, name, body, ctx.now())
    return Response()


def get_topostore(ctx: Context, req: Request, name: str) -> Response:
    return json_response(_timed(*ctx.account.get(TOPOSTORE, name)))


def delete_topostore(ctx: Context, req: Request, name: str) -> Response:
    ctx.account.delete(TOPOSTORE, name, (NODE, RELATION))
    return Response()


def list_topostores(ctx: Context, req: Request) -> Response:
    names = split_ids(req.params.get("names"))
    tag_key, tag_value = req.params.get("tagKey"), req.params.get("tagValue")

    def keep(body: Dict[str, Any]) -> bool:
        tags = json_text_object(body.get("tag"), "tag", required=False) or {}
        return _in(names, body.get("name")) and (not tag_key or (
            tag_key in tags and (not tag_value or str(tags[tag_key]) == tag_value)))

    return _page(req, [_timed(*stored) for stored in ctx.account.list(TOPOSTORE, keep)])


class _MemberApi:
    """Create / upsert / update / delete / get / list of one member kind of a topostore."""

    def __init__(self, kind: str, id_field: str, plural: str, text_fields: Sequence[str],
                 filters: Dict[str, str]) -> None:
        self.kind, self.id_field, self.plural = kind, id_field, plural
        self.text_fields = text_fields
        self.filters = filters  # query parameter -> field

    def _checked(self, value: Any) -> Tuple[str, Dict[str, Any]]:
        body = validate_topo_member(value, self.id_field, self.text_fields)
        return str(body[self.id_field]), body

    def create(self, ctx: Context, req: Request, store: str) -> Response:
        member_id, body = self._checked(_body(req))
        ctx.account.add_member(TOPOSTORE, store, self.kind, member_id, body, ctx.now(), self.id_field)
        return Response()

    def upsert(self, ctx: Context, req: Request, store: str) -> Response:
        items = _body(req).get(self.plural)
        if not isinstance(items, list) or not items or len(items) > MAX_UPSERT:
            raise parameter_invalid(f"{self.plural} must be a list of 1 to {MAX_UPSERT} objects")
        ctx.account.upsert_members(TOPOSTORE, store, self.kind, [self._checked(item) for item in items], ctx.now())
        return Response()

    def update(self, ctx: Context, req: Request, store: str, member: str) -> Response:
        body = _body(req)
        body[self.id_field] = member
        _, body = self._checked(body)
        ctx.account.replace_member(TOPOSTORE, store, self.kind, member, body, ctx.now())
        return Response()

    def delete(self, ctx: Context, req: Request, store: str) -> Response:
        ids = split_ids(req.params.get(f"{self.id_field}s"))
        if not ids:
            raise parameter_invalid(f"{self.id_field}s (comma-separated ids) is required")
        ctx.account.delete_members(TOPOSTORE, store, self.kind, ids)
        return Response()

    def get(self, ctx: Context, req: Request, store: str, member: str) -> Response:
        _, body, created, modified = ctx.account.get_member(TOPOSTORE, store, self.kind, member)
        return json_response(_timed(body, created, modified))

    def list(self, ctx: Context, req: Request, store: str) -> Response:
        wanted = {field: split_ids(req.params.get(param)) for param, field in self.filters.items()}

        def keep(body: Dict[str, Any]) -> bool:
            return all(_in(values, body.get(field)) for field, values in wanted.items()) and \
                _property_matches(req, body)

        return _members_page(req, ctx.account.members(TOPOSTORE, store, self.kind), keep)

    def register(self, router: Router, label: str) -> None:
        base = f"/topostores/{{store}}/{self.plural}"
        router.add("POST", base, self.create, project=False, name=f"CreateTopostore{label}")
        router.add("PUT", base, self.upsert, project=False, name=f"UpsertTopostore{label}")
        router.add("DELETE", base, self.delete, project=False, name=f"DeleteTopostore{label}")
        router.add("GET", base, self.list, project=False, name=f"ListTopostore{label}s")
        router.add("GET", base + "/{member}", self.get, project=False, name=f"GetTopostore{label}")
        router.add("PUT", base + "/{member}", self.update, project=False, name=f"UpdateTopostore{label}")


NODES = _MemberApi(NODE, "nodeId", "nodes", NODE_TEXT_FIELDS, {"nodeIds": "nodeId", "nodeTypes": "nodeType"})
RELATIONS = _MemberApi(RELATION, "relationId", "relations", RELATION_TEXT_FIELDS, {
    "relationIds": "relationId", "relationTypes": "relationType", "srcNodeIds": "srcNodeId",
    "dstNodeIds": "dstNodeId"})


def register(router: Router) -> None:
    router.add("POST", "/resources", create_resource, project=False, name="CreateResource")
    router.add("GET", "/resources", list_resources, project=False, name="ListResources")
    router.add("GET", "/resources/{name}", get_resource, project=False, name="GetResource")
    router.add("PUT", "/resources/{name}", update_resource, project=False, name="UpdateResource")
    router.add("DELETE", "/resources/{name}", delete_resource, project=False, name="DeleteResource")
    records = "/resources/{name}/records"
    router.add("POST", records, create_record, project=False, name="CreateResourceRecord")
    router.add("PUT", records, upsert_records, project=False, name="UpsertResourceRecord")
    router.add("DELETE", records, delete_records, project=False, name="DeleteResourceRecord")
    router.add("GET", records, list_records, project=False, name="ListResourceRecords")
    router.add("GET", records + "/{record_id}", get_record, project=False, name="GetResourceRecord")
    router.add("PUT", records + "/{record_id}", update_record, project=False, name="UpdateResourceRecord")

    router.add("POST", "/topostores", create_topostore, project=False, name="CreateTopostore")
    router.add("GET", "/topostores", list_topostores, project=False, name="ListTopostores")
    router.add("GET", "/topostores/{name}", get_topostore, project=False, name="GetTopostore")
    router.add("PUT", "/topostores/{name}", update_topostore, project=False, name="UpdateTopostore")
    router.add("DELETE", "/topostores/{name}", delete_topostore, project=False, name="DeleteTopostore")
    NODES.register(router, "Node")
    RELATIONS.register(router, "Relation")
