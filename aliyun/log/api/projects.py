"""Projects: the top-level container of logstores and configs (``/`` with the project in the Host)."""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from ..models.response import (
    CreateProjectResponse,
    DeleteProjectResponse,
    GetProjectResponse,
    ListProjectResponse,
    UpdateProjectResponse,
)
from .base import MAX_PAGE_SIZE, ApiBase, iterate_all, list_all, require_name


class ProjectsApi(ApiBase):
    def list_project(
        self,
        offset: int = 0,
        size: int = 100,
        project_name_pattern: Optional[str] = None,
        resource_group_id: str = "",
        description: Optional[str] = None,
    ) -> ListProjectResponse:
        """List projects (``size=-1`` fetches every page); filter by a name substring or description."""

        def fetch(page_offset: int, page_size: int) -> ListProjectResponse:
            params = {"offset": str(page_offset), "size": str(page_size), "resourceGroupId": resource_group_id or ""}
            if project_name_pattern:
                params["projectName"] = project_name_pattern
            if description:
                params["description"] = description
            resp = self._send("GET", "/", None, params)
            return ListProjectResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_projects(self, project_name_pattern: Optional[str] = None, page_size: int = MAX_PAGE_SIZE
                      ) -> Iterator[Dict[str, Any]]:
        """Yield every project object lazily, a page at a time."""
        return iterate_all(lambda o, s: self.list_project(o, s, project_name_pattern), page_size)

    def create_project(
        self, project_name: str, project_des: str, resource_group_id: str = "",
        data_redundancy_type: Optional[str] = None,
    ) -> CreateProjectResponse:
        """Create a project; ``data_redundancy_type`` is ``"LRS"`` or ``"ZRS"``."""
        payload: Dict[str, Any] = {"projectName": require_name(project_name, "project_name"),
                                   "description": project_des or "", "resourceGroupId": resource_group_id or ""}
        if data_redundancy_type:
            payload["dataRedundancyType"] = data_redundancy_type
        resp = self._send_json("POST", "/", project_name, payload)
        return CreateProjectResponse(resp.headers)

    def get_project(self, project_name: str) -> GetProjectResponse:
        """Read a project's description, status, region and times."""
        resp = self._send("GET", "/", require_name(project_name, "project_name"))
        return GetProjectResponse(resp.json(), resp.headers)

    def update_project(self, project_name: str, project_des: str) -> UpdateProjectResponse:
        """Change a project's description."""
        resp = self._send_json("PUT", "/", require_name(project_name, "project_name"), {"description": project_des})
        return UpdateProjectResponse(resp.headers)

    def delete_project(self, project_name: str) -> DeleteProjectResponse:
        """Delete a project and everything in it."""
        resp = self._send("DELETE", "/", require_name(project_name, "project_name"))
        return DeleteProjectResponse(resp.headers)
