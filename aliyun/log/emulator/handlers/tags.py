"""Tags (``POST /tag``, ``POST /untag``, ``GET /tags``) and ``PUT /resourcegroup`` (a project's resource group).

``GET /tags`` pages by ``nextToken`` (the offset of the next page as text; ``""`` on the last page), at most
:data:`PAGE_SIZE` tag rows a page.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..entity_rules import validate_tag_keys, validate_tags
from ..parsing import json_body, parse_decimal, parse_json
from ..routes import Router

PAGE_SIZE = 100


def _resource_ids(value: Any) -> List[str]:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) and item for item in value):
        raise parameter_invalid(f"resourceId must be a non-empty list of resource ids, got {value!r}")
    return value


def _resource_type(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise parameter_invalid("resourceType is required")
    return value


def tag_resources(ctx: Context, req: Request) -> Response:
    body = json_body(req, code="ParameterInvalid")
    tags = validate_tags(body.get("tags"))
    ctx.tags.tag(_resource_type(body.get("resourceType")), _resource_ids(body.get("resourceId")), tags, ctx.now())
    return Response()


def untag_resources(ctx: Context, req: Request) -> Response:
    body = json_body(req, code="ParameterInvalid")
    resource_type = _resource_type(body.get("resourceType"))
    ids = _resource_ids(body.get("resourceId"))
    if body.get("all") is True:
        keys: List[str] = [row[2] for row in ctx.tags.rows(resource_type, ids, [], None)]
    else:
        keys = validate_tag_keys(body.get("tags"))
    ctx.tags.untag(resource_type, ids, keys, ctx.now())
    return Response()


def _json_param(req: Request, name: str) -> Optional[Any]:
    text = req.params.get(name)
    if not text:
        return None
    return parse_json(text.encode("utf-8"), "ParameterInvalid", name)


def list_tag_resources(ctx: Context, req: Request) -> Response:
    resource_type = _resource_type(req.params.get("resourceType"))
    ids = _json_param(req, "resourceId")
    filters = _json_param(req, "tags") or []
    if not isinstance(filters, list) or not all(isinstance(item, dict) for item in filters):
        raise parameter_invalid("tags must be a JSON list of {key, value}")
    rows = ctx.tags.rows(resource_type, _resource_ids(ids) if ids else None, filters, req.project)
    token = req.params.get("nextToken") or ""
    offset = parse_decimal(token, "nextToken", 0) if token else 0
    chunk = rows[offset:offset + PAGE_SIZE]
    next_token = str(offset + PAGE_SIZE) if offset + PAGE_SIZE < len(rows) else ""
    items: List[Dict[str, str]] = [{"resourceId": resource_id, "resourceType": kind, "tagKey": key, "tagValue": value}
                                   for resource_id, kind, key, value in chunk]
    return json_response({"nextToken": next_token, "tagResources": items})


def change_resource_group(ctx: Context, req: Request) -> Response:
    body = json_body(req, code="ParameterInvalid")
    if str(body.get("resourceType") or "PROJECT").upper() != "PROJECT":
        raise parameter_invalid(f"resourceType must be PROJECT, got {body.get('resourceType')!r}")
    group = body.get("resourceGroupId")
    if not isinstance(group, str) or not group:
        raise parameter_invalid("resourceGroupId is required")
    project = body.get("resourceId") or req.project
    if not isinstance(project, str) or not project:
        raise parameter_invalid("resourceId (the project) is required")
    ctx.projects.update(ctx.projects.get(project).name, {"resourceGroupId": group}, ctx.now())
    return Response()


def register(router: Router) -> None:
    router.add("POST", "/tag", tag_resources, project=False, name="TagResources")
    router.add("POST", "/untag", untag_resources, project=False, name="UntagResources")
    router.add("GET", "/tags", list_tag_resources, project=False, name="ListTagResources")
    router.add("PUT", "/resourcegroup", change_resource_group, project=False, name="ChangeResourceGroup")
