"""Tags of projects and resources (``/tag``, ``/untag``, ``/tags``) and moving a project between resource groups.

A resource other than a project is named ``"<project>#<name>"`` (e.g. ``"my-project#access-log"`` for a logstore).
The list calls are generators of pages, as in the original SDK: iterate them to follow ``nextToken``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional, Type, TypeVar

from ..errors import invalid_argument
from ..models.response import LogResponse
from ..models.tags import GetProjectTagsResponse, GetResourceTagsResponse
from .base import ApiBase, require_name

P = TypeVar("P", GetProjectTagsResponse, GetResourceTagsResponse)


def project_of(resource_type: str, resource_id: str) -> Optional[str]:
    """The project a resource id belongs to (``None`` when it does not name one)."""
    if resource_type.lower() == "project":
        return resource_id
    project, sep, _ = resource_id.partition("#")
    return project if sep else None


def _tag_list(tags: Dict[str, Any]) -> List[Dict[str, str]]:
    return [{"key": str(key), "value": str(value)} for key, value in tags.items()]


class TagsApi(ApiBase):
    def _tag(self, path: str, resource_type: str, resource_id: str, tags: Any) -> LogResponse:
        require_name(resource_type, "resource_type")
        require_name(resource_id, "resource_id")
        body = {"resourceType": resource_type, "resourceId": [resource_id], "tags": tags}
        resp = self._send_json("POST", path, project_of(resource_type, resource_id), body)
        return LogResponse(resp.headers, resp.json() or "")

    def _tag_pages(self, resource_type: str, resource_id: Optional[str], filters: Dict[str, Any],
                   cls: Type[P]) -> Iterator[P]:
        params = {"resourceType": resource_type, "tags": json.dumps(_tag_list(filters)), "nextToken": ""}
        project = None
        if resource_id:
            params["resourceId"] = json.dumps([resource_id])
            project = project_of(resource_type, resource_id)
        while True:
            resp = self._send("GET", "/tags", project, dict(params))
            page = cls(resp.headers, resp.json())
            yield page
            if not page.next_token:
                return
            params["nextToken"] = page.next_token

    def tag_project(self, project_name: str, **tags: Any) -> LogResponse:
        """Set tags on a project: ``tag_project("p", env="prod", team="sre")``."""
        return self._tag("/tag", "project", project_name, _tag_list(tags))

    def untag_project(self, project_name: str, *tag_keys: str) -> LogResponse:
        """Remove tags (by key) from a project."""
        return self._tag("/untag", "project", project_name, list(tag_keys))

    def get_project_tags(self, project_name: str, **filer_tags: Any) -> Iterator[GetProjectTagsResponse]:
        """Pages of a project's tags (``page.get_tags()`` is ``{key: value}``), only those matching every
        ``key=value`` filter given."""
        return self._tag_pages("project", require_name(project_name, "project_name"), filer_tags,
                               GetProjectTagsResponse)

    def tag_resources(self, resource_type: str, resource_id: str, **tags: Any) -> LogResponse:
        """Set tags on a resource (``resource_type`` ``project``, ``logstore``, ``dashboard``...)."""
        return self._tag("/tag", resource_type, resource_id, _tag_list(tags))

    def untag_resources(self, resource_type: str, resource_id: str, *tag_keys: str) -> LogResponse:
        """Remove tags (by key) from a resource."""
        return self._tag("/untag", resource_type, resource_id, list(tag_keys))

    def list_tag_resources(self, resource_type: str, resource_id: Optional[str],
                           **filer_tags: Any) -> Iterator[GetResourceTagsResponse]:
        """Pages of tagged resources of a type (``page.get_tags()`` is a set of ``Tag``): of one resource when
        ``resource_id`` is given, else every resource carrying all the ``key=value`` filters."""
        return self._tag_pages(require_name(resource_type, "resource_type"), resource_id, filer_tags,
                               GetResourceTagsResponse)

    def change_resource_group(self, resource_id: str, resource_group_id: str,
                              resource_type: str = "PROJECT") -> LogResponse:
        """Move a project into another resource group (``get_project(...).get_resource_group_id()`` shows it)."""
        if resource_type.upper() != "PROJECT":
            raise invalid_argument(f"resource_type must be 'PROJECT', got {resource_type!r}")
        body = {"resourceId": require_name(resource_id, "resource_id"),
                "resourceGroupId": require_name(resource_group_id, "resource_group_id"),
                "resourceType": resource_type}
        resp = self._send_json("PUT", "/resourcegroup", resource_id, body)
        return LogResponse(resp.headers, resp.json() or "")
