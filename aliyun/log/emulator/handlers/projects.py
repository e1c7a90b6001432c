"""Projects (PROTOCOL §3.1): list (project-less ``GET /``), create, get, update, delete."""

from __future__ import annotations

import re
import time
from typing import Any, Dict

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..parsing import NameRule, contains, json_body, page, paging
from ..routes import Router
from ..storage import Project

PROJECT_NAME = NameRule(
    "project",
    r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]",
    "3-63 characters of lowercase letters, digits and '-', starting and ending with a letter or digit",
)
_REGION_HOST = re.compile(r"^(?:[^.]+\.)?([a-z0-9-]+?)(?:-intranet|-share|-vpc)?\.log\.aliyuncs\.com$")
_MAX_DESCRIPTION = 1024


def format_time(seconds: int) -> str:
    """Project times are strings ``YYYY-MM-DD HH:MM:SS`` (UTC)."""
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds))


def project_json(project: Project) -> Dict[str, Any]:
    attrs = project.attrs
    return {
        "projectName": project.name,
        "description": attrs.get("description", ""),
        "status": "Normal",
        "owner": attrs.get("owner", ""),
        "region": attrs.get("region", ""),
        "createTime": format_time(project.create_time),
        "lastModifyTime": format_time(project.last_modify_time),
        "resourceGroupId": attrs.get("resourceGroupId", ""),
        "dataRedundancyType": attrs.get("dataRedundancyType", "LRS"),
        "location": "",
    }


def _description(body: Dict[str, Any]) -> str:
    value = body.get("description", "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise parameter_invalid("description must be a string")
    if len(value) > _MAX_DESCRIPTION:
        raise parameter_invalid(f"description is longer than {_MAX_DESCRIPTION} characters")
    return value


def list_projects(ctx: Context, req: Request) -> Response:
    offset, size = paging(req)
    name_filter = contains(req.params.get("projectName"))
    description_filter = contains(req.params.get("description"))
    group = req.params.get("resourceGroupId") or ""
    matches = [
        p
        for p in ctx.projects.list()
        if name_filter(p.name)
        and description_filter(p.attrs.get("description", ""))
        and (not group or p.attrs.get("resourceGroupId", "") == group)
    ]
    items = page(matches, offset, size)
    return json_response({"count": len(items), "total": len(matches), "projects": [project_json(p) for p in items]})


def create_project(ctx: Context, req: Request) -> Response:
    body = json_body(req)
    body_name = body.get("projectName")
    name = req.project or body_name
    if req.project and body_name not in (None, "", req.project):
        raise parameter_invalid(
            f"projectName {body_name!r} in the body differs from the Host's project {req.project!r}"
        )
    name = PROJECT_NAME.check(name)
    redundancy = body.get("dataRedundancyType") or "LRS"
    if redundancy not in ("LRS", "ZRS"):
        raise parameter_invalid(f"dataRedundancyType must be LRS or ZRS, got {redundancy!r}")
    match = _REGION_HOST.match(req.host)
    attrs = {
        "description": _description(body),
        "region": match.group(1) if match else ctx.region,
        "owner": ctx.owner,
        "resourceGroupId": str(body.get("resourceGroupId") or ""),
        "dataRedundancyType": redundancy,
    }
    ctx.projects.create(name, attrs, ctx.now())
    return Response()


def get_project(ctx: Context, req: Request) -> Response:
    return json_response(project_json(ctx.project(req)))


def update_project(ctx: Context, req: Request) -> Response:
    name = ctx.project(req).name
    body = json_body(req)
    attrs: Dict[str, Any] = {}
    if "description" in body:
        attrs["description"] = _description(body)
    ctx.projects.update(name, attrs, ctx.now())
    return Response()


def delete_project(ctx: Context, req: Request) -> Response:
    ctx.projects.delete(ctx.project_name(req))
    return Response()


def _root_get(ctx: Context, req: Request) -> Response:
    """``GET /``: ListProject on the bare endpoint, GetProject with a project in the Host."""
    return get_project(ctx, req) if req.project else list_projects(ctx, req)


def register(router: Router) -> None:
    router.add("GET", "/", _root_get, project=False, name="ListProject/GetProject")
    router.add("POST", "/", create_project, project=False, name="CreateProject")
    router.add("PUT", "/", update_project, name="UpdateProject")
    router.add("DELETE", "/", delete_project, name="DeleteProject")
