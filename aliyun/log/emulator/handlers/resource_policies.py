"""Resource policies of a project or logstore (``PUT|GET|DELETE /resource-policies?resourceType=&resourceName=``):
a JSON policy document per target, with a ``revision`` counting its updates; ``dryRun`` only validates."""

from __future__ import annotations

from typing import Any, Dict, Tuple

from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..entity_rules import validate_policy_document
from ..parsing import json_body, parse_bool
from ..routes import Router

POLICY_KIND = "resource_policy"
TARGETS = ("project", "logstore")


def _target(ctx: Context, req: Request, resource_type: Any, resource_name: Any) -> Tuple[str, str]:
    """``(project, scope)`` of the policy's target, which must exist."""
    project = ctx.project(req).name
    if resource_type not in TARGETS:
        raise parameter_invalid(f"resourceType must be project or logstore, got {resource_type!r}")
    if resource_type == "project":
        return project, ""
    if not isinstance(resource_name, str) or not resource_name:
        raise parameter_invalid("resourceName (the logstore) is required for a logstore policy")
    return project, ctx.logstore(req, resource_name).name


def put_policy(ctx: Context, req: Request) -> Response:
    body = json_body(req, code="ParameterInvalid")
    project, scope = _target(ctx, req, body.get("resourceType"), body.get("resourceName"))
    document = body.get("policyDocument")
    validate_policy_document(document)
    if parse_bool(body.get("dryRun", False), "dryRun"):
        return Response()
    now = ctx.now()

    def change(previous: Dict[str, Any]) -> Dict[str, Any]:
        return {"resourceType": body["resourceType"], "resourceName": scope, "policyDocument": document,
                "revision": int(previous.get("revision", 0)) + 1, "createTime": previous.get("createTime", now),
                "updateTime": now}

    ctx.resources.modify(project, POLICY_KIND, str(body["resourceType"]), change, now, scope=scope, default={})
    return Response()


def get_policy(ctx: Context, req: Request) -> Response:
    project, scope = _target(ctx, req, req.params.get("resourceType"), req.params.get("resourceName"))
    body, _, _ = ctx.resources.get(project, POLICY_KIND, str(req.params["resourceType"]), scope=scope)
    return json_response(body)


def delete_policy(ctx: Context, req: Request) -> Response:
    project, scope = _target(ctx, req, req.params.get("resourceType"), req.params.get("resourceName"))
    ctx.resources.delete(project, POLICY_KIND, str(req.params["resourceType"]), scope=scope)
    return Response()


def register(router: Router) -> None:
    router.add("PUT", "/resource-policies", put_policy, name="PutResourcePolicy")
    router.add("GET", "/resource-policies", get_policy, name="GetResourcePolicy")
    router.add("DELETE", "/resource-policies", delete_policy, name="DeleteResourcePolicy")
