"""Account-level resources and their records (``/resources``), and resource policies of a project or logstore
(``/resource-policies``)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from ..errors import LogException
from ..models.resources import (
    CreateRecordResponse,
    CreateResourceResponse,
    DeleteRecordResponse,
    DeleteResourcePolicyResponse,
    DeleteResourceResponse,
    GetRecordResponse,
    GetResourcePolicyResponse,
    GetResourceResponse,
    ListRecordResponse,
    ListResourcesResponse,
    PutResourcePolicyResponse,
    Resource,
    ResourcePolicyResourceType,
    ResourceRecord,
    UpdateRecordResponse,
    UpdateResourceResponse,
    UpsertRecordResponse,
)
from .base import ApiBase, list_all
from .checks import require_instance, require_paging, require_str, require_str_list

_POLICY_TARGETS = (ResourcePolicyResourceType.PROJECT, ResourcePolicyResourceType.LOGSTORE)


def _policy_params(project_name: str, resource_type: str, resource_name: Optional[str]) -> Dict[str, str]:
    if not project_name:
        raise LogException("InvalidParameter", "project_name must not be empty")
    if resource_type not in _POLICY_TARGETS:
        raise LogException("InvalidParameter", "resource_type must be 'project' or 'logstore'")
    params = {"resourceType": resource_type}
    if resource_name:
        params["resourceName"] = resource_name
    return params


class ResourcesApi(ApiBase):
    # -- resources ---------------------------------------------------------------------------------------------------
    def create_resource(self, resource: Resource) -> CreateResourceResponse:
        """Create a resource (``ResourceAlreadyExist`` when the name is taken)."""
        require_instance(resource, Resource, "resource").check_for_create()
        resp = self._send_json("POST", "/resources", None, resource.to_json())
        return CreateResourceResponse(resp.headers)

    def update_resource(self, resource: Resource) -> UpdateResourceResponse:
        """Update a resource's description, schema, acl or ext info (fields left ``None`` are kept)."""
        require_instance(resource, Resource, "resource").check_for_update()
        resp = self._send_json("PUT", f"/resources/{resource.resource_name}", None, resource.to_json(True))
        return UpdateResourceResponse(resp.headers)

    def delete_resource(self, resource_name: str) -> DeleteResourceResponse:
        """Delete a resource and its records."""
        resp = self._send("DELETE", f"/resources/{require_str(resource_name, 'resource_name')}")
        return DeleteResourceResponse(resp.headers)

    def get_resource(self, resource_name: str) -> GetResourceResponse:
        resp = self._send("GET", f"/resources/{require_str(resource_name, 'resource_name')}")
        return GetResourceResponse(resp.headers, resp.json())

    def list_resources(self, offset: int = 0, size: int = 100, resource_type: Optional[str] = None,
                       resource_names: Optional[Sequence[str]] = None) -> ListResourcesResponse:
        """List resources, of one ``resource_type`` and / or among ``resource_names`` (``size=-1``: every page)."""
        require_paging(offset, size)
        params: Dict[str, str] = {}
        if resource_type:
            params["type"] = require_str(resource_type, "resource_type")
        if resource_names:
            params["names"] = ",".join(require_str_list(resource_names, "resource_names"))

        def fetch(page_offset: int, page_size: int) -> ListResourcesResponse:
            resp = self._send("GET", "/resources", None, {**params, "offset": str(page_offset),
                                                          "size": str(page_size)})
            return ListResourcesResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    # -- records -----------------------------------------------------------------------------------------------------
    @staticmethod
    def _records_path(resource_name: str, record_id: Optional[str] = None) -> str:
        path = f"/resources/{require_str(resource_name, 'resource_name')}/records"
        return path if record_id is None else f"{path}/{require_str(record_id, 'record_id')}"

    def create_resource_record(self, resource_name: str, record: ResourceRecord) -> CreateRecordResponse:
        """Add a record (the service assigns an id when ``record_id`` is not set)."""
        require_instance(record, ResourceRecord, "record").check_value()
        resp = self._send_json("POST", self._records_path(resource_name), None, record.to_json())
        return CreateRecordResponse(resp.headers)

    def update_resource_record(self, resource_name: str, record: ResourceRecord) -> UpdateRecordResponse:
        """Replace the value (and tag, when set) of the record ``record.record_id``."""
        require_instance(record, ResourceRecord, "record").check_for_update()
        body = record.to_json()
        body.pop("id", None)
        resp = self._send_json("PUT", self._records_path(resource_name, record.record_id), None, body)
        return UpdateRecordResponse(resp.headers)

    def upsert_resource_record(self, resource_name: str, records: List[ResourceRecord]) -> UpsertRecordResponse:
        """Create or replace several records at once (by id)."""
        if not isinstance(records, list):
            raise TypeError(f"records must be a list of ResourceRecord, got {type(records).__name__}")
        if not records:
            raise ValueError("records must not be empty")
        for record in records:
            require_instance(record, ResourceRecord, "records item").check_value()
        body = {"records": [record.to_json() for record in records]}
        resp = self._send_json("PUT", self._records_path(resource_name), None, body)
        return UpsertRecordResponse(resp.headers)

    def delete_resource_record(self, resource_name: str, record_ids: List[str]) -> DeleteRecordResponse:
        """Delete records by id."""
        ids = ",".join(require_str_list(record_ids, "record_ids"))
        resp = self._send("DELETE", self._records_path(resource_name), None, {"ids": ids})
        return DeleteRecordResponse(resp.headers)

    def get_resource_record(self, resource_name: str, record_id: str) -> GetRecordResponse:
        resp = self._send("GET", self._records_path(resource_name, record_id))
        return GetRecordResponse(resp.headers, resp.json())

    def list_resource_records(self, resource_name: str, tag: Optional[str] = None,
                              record_ids: Optional[List[str]] = None, offset: int = 0,
                              size: int = 100) -> ListRecordResponse:
        """List records, of one ``tag`` and / or among ``record_ids`` (``size=-1`` fetches every page)."""
        require_paging(offset, size)
        path = self._records_path(resource_name)
        params: Dict[str, str] = {}
        if tag is not None:
            params["tag"] = require_str(tag, "tag")
        if record_ids:
            params["ids"] = ",".join(require_str_list(record_ids, "record_ids"))

        def fetch(page_offset: int, page_size: int) -> ListRecordResponse:
            resp = self._send("GET", path, None, {**params, "offset": str(page_offset), "size": str(page_size)})
            return ListRecordResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    # -- resource policies -------------------------------------------------------------------------------------------
    def put_resource_policy(self, project_name: str, resource_type: str, policy_document: str,
                            resource_name: Optional[str] = None, dry_run: bool = False) -> PutResourcePolicyResponse:
        """Set the access policy (a JSON policy document) of a project or of a logstore (``resource_name``);
        ``dry_run`` only validates it."""
        _policy_params(project_name, resource_type, resource_name)
        if not policy_document:
            raise LogException("InvalidParameter", "policy_document must not be empty")
        body: Dict[str, Any] = {"resourceType": resource_type, "policyDocument": policy_document,
                                "dryRun": bool(dry_run)}
        if resource_name:
            body["resourceName"] = resource_name
        resp = self._send_json("PUT", "/resource-policies", project_name, body)
        return PutResourcePolicyResponse(resp.headers)

    def get_resource_policy(self, project_name: str, resource_type: str,
                            resource_name: Optional[str] = None) -> GetResourcePolicyResponse:
        resp = self._send("GET", "/resource-policies", project_name,
                          _policy_params(project_name, resource_type, resource_name))
        return GetResourcePolicyResponse(resp.json(), resp.headers)

    def delete_resource_policy(self, project_name: str, resource_type: str,
                               resource_name: Optional[str] = None) -> DeleteResourcePolicyResponse:
        resp = self._send("DELETE", "/resource-policies", project_name,
                          _policy_params(project_name, resource_type, resource_name))
        return DeleteResourcePolicyResponse(resp.headers)
