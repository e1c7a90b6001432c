"""Named entities of a project: dashboards, saved searches, alerts (``/jobs``), shippers (per logstore) and
external stores (PROTOCOL §3.9).

Dashboards, saved searches, alerts and shippers take their ``detail`` as a dict or its JSON text, as the service
stores it (``dashboardName``, ``savedsearchName``, ``name``, ``shipperName`` name them); :func:`shipper_detail`
builds a shipper's from an :class:`OssShipperConfig` / :class:`OdpsShipperConfig`. External stores take the config
classes of :mod:`aliyun.log.models.external_store` (or their JSON dict).
"""

from __future__ import annotations

import json
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Union

from ..errors import invalid_argument
from ..models.external_store import ExternalStoreConfigBase
from ..models.management import (
    CreateEntityResponse,
    CreateExternalStoreResponse,
    CreateShipperResponse,
    DeleteEntityResponse,
    DeleteExternalStoreResponse,
    DeleteShipperResponse,
    GetEntityResponse,
    GetExternalStoreResponse,
    GetShipperConfigResponse,
    GetShipperTasksResponse,
    ListEntityResponse,
    ListExternalStoreResponse,
    ListShipperResponse,
    RetryShipperTasksResponse,
    UpdateEntityResponse,
    UpdateExternalStoreResponse,
    UpdateShipperResponse,
)
from ..models.shipper import ShipperTask
from ..timeparse import parse_timestamp
from .base import MAX_PAGE_SIZE, ApiBase, iterate_all, list_all, require_name

Detail = Union[Mapping[str, Any], str]
StoreConfig = Union[ExternalStoreConfigBase, Mapping[str, Any]]

_SERVER_FIELDS = ("createTime", "lastModifyTime")
_TASK_STATUSES = ("", "fail", "success", "running")


def entity_detail(detail: Detail, name_field: str, what: str) -> Dict[str, Any]:
    """``detail`` (a dict or JSON text) as a dict naming the entity in ``name_field``, without server times."""
    if isinstance(detail, (str, bytes)):
        try:
            detail = json.loads(detail)
        except ValueError as exc:
            raise invalid_argument(f"{what} detail is not valid JSON: {exc}") from None
    if not isinstance(detail, Mapping):
        raise invalid_argument(f"{what} detail must be a dict or its JSON text, got {type(detail).__name__}")
    body = {k: v for k, v in detail.items() if k not in _SERVER_FIELDS}
    require_name(body.get(name_field), f"{what} detail[{name_field!r}]")
    return body


def store_body(config: StoreConfig) -> Dict[str, Any]:
    if isinstance(config, Mapping):
        config = ExternalStoreConfigBase.from_json({k: v for k, v in config.items() if k not in _SERVER_FIELDS})
    if not isinstance(config, ExternalStoreConfigBase):
        raise invalid_argument(
            f"config must be an external store config (ExternalStoreConfig, ExternalStoreOssConfig, ...), "
            f"got {type(config).__name__}"
        )
    body = config.to_json()
    require_name(body.get("externalStoreName"), "config.externalStoreName")
    return body


class EntitiesApi(ApiBase):
    # -- shared plumbing ---------------------------------------------------------------------------------------------
    def _entity_list(self, project: str, path: str, key: str, offset: int, size: int,
                     params: Optional[Dict[str, str]] = None, resource: str = "") -> ListEntityResponse:
        require_name(project, "project")

        def fetch(page_offset: int, page_size: int) -> ListEntityResponse:
            query = {"offset": str(page_offset), "size": str(page_size), **(params or {})}
            resp = self._send("GET", path, project, query)
            return ListEntityResponse(resp.headers, resp.json(), resource, key)

        return list_all(fetch, offset, size)

    def _entity_iter(self, list_method: Callable[[int, int], ListEntityResponse], page_size: int) -> Iterator[Any]:
        return iterate_all(list_method, page_size)

    def _entity_create(self, project: str, path: str, body: Dict[str, Any]) -> CreateEntityResponse:
        resp = self._send_json("POST", path, require_name(project, "project"), body, raw_size="0")
        return CreateEntityResponse(resp.headers)

    def _entity_update(self, project: str, path: str, body: Dict[str, Any]) -> UpdateEntityResponse:
        resp = self._send_json("PUT", path, require_name(project, "project"), body)
        return UpdateEntityResponse(resp.headers)

    def _entity_get(self, project: str, path: str) -> GetEntityResponse:
        resp = self._send("GET", path, require_name(project, "project"))
        return GetEntityResponse(resp.headers, resp.json())

    def _entity_delete(self, project: str, path: str) -> DeleteEntityResponse:
        resp = self._send("DELETE", path, require_name(project, "project"))
        return DeleteEntityResponse(resp.headers)

    # -- dashboards --------------------------------------------------------------------------------------------------
    def list_dashboard(self, project: str, offset: int = 0, size: int = 100) -> ListEntityResponse:
        """List dashboard names (``size=-1`` fetches every page); the body also has ``dashboardItems``
        (name and display name of each)."""
        return self._entity_list(project, "/dashboards", "dashboards", offset, size, resource="dashboard")

    def iter_dashboards(self, project: str, page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every dashboard name lazily, a page at a time."""
        return self._entity_iter(lambda o, s: self.list_dashboard(project, o, s), page_size)

    def create_dashboard(self, project: str, detail: Detail) -> CreateEntityResponse:
        """Create a dashboard from its JSON (dict or text) with ``dashboardName``, ``charts``, ``description``..."""
        return self._entity_create(project, "/dashboards", entity_detail(detail, "dashboardName", "dashboard"))

    def get_dashboard(self, project: str, entity: str) -> GetEntityResponse:
        """Read a dashboard: ``get_entity()`` is its JSON object."""
        return self._entity_get(project, f"/dashboards/{require_name(entity, 'entity')}")

    def update_dashboard(self, project: str, detail: Detail) -> UpdateEntityResponse:
        """Replace the dashboard named by ``detail['dashboardName']``."""
        body = entity_detail(detail, "dashboardName", "dashboard")
        return self._entity_update(project, f"/dashboards/{body['dashboardName']}", body)

    def delete_dashboard(self, project: str, entity: str) -> DeleteEntityResponse:
        """Delete a dashboard."""
        return self._entity_delete(project, f"/dashboards/{require_name(entity, 'entity')}")

    # -- saved searches ----------------------------------------------------------------------------------------------
    def list_savedsearch(self, project: str, offset: int = 0, size: int = 100) -> ListEntityResponse:
        """List saved search names (``size=-1`` fetches every page)."""
        return self._entity_list(project, "/savedsearches", "savedsearches", offset, size, resource="savedsearch")

    def iter_savedsearches(self, project: str, page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every saved search name lazily, a page at a time."""
        return self._entity_iter(lambda o, s: self.list_savedsearch(project, o, s), page_size)

    def create_savedsearch(self, project: str, detail: Detail) -> CreateEntityResponse:
        """Create a saved search from its JSON (dict or text): ``savedsearchName``, ``searchQuery``, ``logstore``,
        ``topic``, ``displayName``."""
        return self._entity_create(project, "/savedsearches",
                                   entity_detail(detail, "savedsearchName", "saved search"))

    def get_savedsearch(self, project: str, entity: str) -> GetEntityResponse:
        """Read a saved search: ``get_entity()`` is its JSON object."""
        return self._entity_get(project, f"/savedsearches/{require_name(entity, 'entity')}")

    def update_savedsearch(self, project: str, detail: Detail) -> UpdateEntityResponse:
        """Replace the saved search named by ``detail['savedsearchName']``."""
        body = entity_detail(detail, "savedsearchName", "saved search")
        return self._entity_update(project, f"/savedsearches/{body['savedsearchName']}", body)

    def delete_savedsearch(self, project: str, entity: str) -> DeleteEntityResponse:
        """Delete a saved search."""
        return self._entity_delete(project, f"/savedsearches/{require_name(entity, 'entity')}")

    # -- alerts ------------------------------------------------------------------------------------------------------
    def list_alert(self, project: str, offset: int = 0, size: int = 100) -> ListEntityResponse:
        """List alerts (``size=-1`` fetches every page); ``get_entities()`` gives their full JSON objects."""
        return self._entity_list(project, "/jobs", "results", offset, size, {"jobType": "Alert"}, "alert")

    def iter_alerts(self, project: str, page_size: int = MAX_PAGE_SIZE) -> Iterator[Dict[str, Any]]:
        """Yield every alert object lazily, a page at a time."""
        return self._entity_iter(lambda o, s: self.list_alert(project, o, s), page_size)

    def create_alert(self, project: str, detail: Detail) -> CreateEntityResponse:
        """Create an alert from its JSON (dict or text): ``name``, ``displayName``, ``schedule``,
        ``configuration``, ``state``... (``type`` is ``Alert``)."""
        body = entity_detail(detail, "name", "alert")
        body.setdefault("type", "Alert")
        return self._entity_create(project, "/jobs", body)

    def get_alert(self, project: str, entity: str) -> GetEntityResponse:
        """Read an alert: ``get_entity()`` is its JSON object (``state`` is ``Enabled`` or ``Disabled``)."""
        return self._entity_get(project, f"/jobs/{require_name(entity, 'entity')}")

    def update_alert(self, project: str, detail: Detail) -> UpdateEntityResponse:
        """Replace the alert named by ``detail['name']``."""
        body = entity_detail(detail, "name", "alert")
        body.setdefault("type", "Alert")
        return self._entity_update(project, f"/jobs/{body['name']}", body)

    def delete_alert(self, project: str, entity: str) -> DeleteEntityResponse:
        """Delete an alert."""
        return self._entity_delete(project, f"/jobs/{require_name(entity, 'entity')}")

    def enable_alert(self, project_name: str, job_name: str) -> UpdateEntityResponse:
        """Enable an alert (its ``state`` becomes ``Enabled``)."""
        resp = self._send("PUT", f"/jobs/{require_name(job_name, 'job_name')}",
                          require_name(project_name, "project_name"), {"action": "enable"})
        return UpdateEntityResponse(resp.headers)

    def disable_alert(self, project_name: str, job_name: str) -> UpdateEntityResponse:
        """Disable an alert (its ``state`` becomes ``Disabled``)."""
        resp = self._send("PUT", f"/jobs/{require_name(job_name, 'job_name')}",
                          require_name(project_name, "project_name"), {"action": "disable"})
        return UpdateEntityResponse(resp.headers)

    # -- shippers ----------------------------------------------------------------------------------------------------
    @staticmethod
    def _shipper_path(logstore: str, name: Optional[str] = None) -> str:
        path = f"/logstores/{require_name(logstore, 'logstore')}/shipper"
        return path if name is None else f"{path}/{require_name(name, 'shipper name')}"

    def list_shipper(self, project: str, logstore: str, offset: int = 0, size: int = 100) -> ListShipperResponse:
        """List the shipper names of a logstore (``size=-1`` fetches every page)."""
        require_name(project, "project")
        path = self._shipper_path(logstore)

        def fetch(page_offset: int, page_size: int) -> ListShipperResponse:
            resp = self._send("GET", path, project, {"offset": str(page_offset), "size": str(page_size)})
            return ListShipperResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_shippers(self, project: str, logstore: str, page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every shipper name of a logstore lazily, a page at a time."""
        return iterate_all(lambda o, s: self.list_shipper(project, logstore, o, s), page_size)

    def create_shipper(self, project: str, logstore: str, detail: Detail) -> CreateShipperResponse:
        """Create a shipper of a logstore from its JSON (dict or text): ``shipperName``, ``targetType`` (``oss`` /
        ``odps``) and ``targetConfiguration`` — ``shipper_detail(name, OssShipperConfig(...))`` builds it."""
        body = entity_detail(detail, "shipperName", "shipper")
        resp = self._send_json("POST", self._shipper_path(logstore), require_name(project, "project"), body,
                               raw_size="0")
        return CreateShipperResponse(resp.headers)

    def get_shipper(self, project: str, logstore: str, entity: str) -> GetShipperConfigResponse:
        """Read a shipper: ``get_entity()`` is its JSON object, ``get_config()`` the OSS / ODPS config object."""
        resp = self._send("GET", self._shipper_path(logstore, entity), require_name(project, "project"))
        return GetShipperConfigResponse(resp.json(), resp.headers)

    def update_shipper(self, project: str, logstore: str, detail: Detail) -> UpdateShipperResponse:
        """Replace the shipper named by ``detail['shipperName']``."""
        body = entity_detail(detail, "shipperName", "shipper")
        resp = self._send_json("PUT", self._shipper_path(logstore, body["shipperName"]),
                               require_name(project, "project"), body)
        return UpdateShipperResponse(resp.headers)

    def delete_shipper(self, project: str, logstore: str, entity: str) -> DeleteShipperResponse:
        """Delete a shipper and its task history."""
        resp = self._send("DELETE", self._shipper_path(logstore, entity), require_name(project, "project"))
        return DeleteShipperResponse(resp.headers)

    def get_shipper_tasks(
        self, project_name: str, logstore_name: str, shipper_name: str, start_time: Any, end_time: Any,
        status_type: str = "", offset: int = 0, size: int = 100,
    ) -> GetShipperTasksResponse:
        """The tasks (runs) of a shipper created in ``[start_time, end_time)`` (unix seconds or any time text of
        :func:`parse_timestamp`), of one ``status_type`` (``fail``, ``success``, ``running``; ``""`` = all).
        ``size=-1`` fetches every page."""
        if status_type not in _TASK_STATUSES:
            raise invalid_argument(f"status_type must be one of '', 'fail', 'success', 'running', got {status_type!r}")
        try:
            start, end = parse_timestamp(start_time), parse_timestamp(end_time)
        except ValueError as exc:
            raise invalid_argument(str(exc)) from None
        require_name(project_name, "project_name")
        path = self._shipper_path(logstore_name, shipper_name) + "/tasks"

        def fetch(page_offset: int, page_size: int) -> GetShipperTasksResponse:
            params = {"from": str(start), "to": str(end), "status": status_type, "offset": str(page_offset),
                      "size": str(page_size)}
            resp = self._send("GET", path, project_name, params)
            return GetShipperTasksResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_shipper_tasks(self, project_name: str, logstore_name: str, shipper_name: str, start_time: Any,
                           end_time: Any, status_type: str = "", page_size: int = MAX_PAGE_SIZE
                           ) -> Iterator[ShipperTask]:
        """Yield every matching task of a shipper lazily (as :class:`ShipperTask`), a page at a time."""
        def fetch(o: int, s: int) -> GetShipperTasksResponse:
            page = self.get_shipper_tasks(project_name, logstore_name, shipper_name, start_time, end_time,
                                          status_type, o, s)
            page.items = page.tasks  # yield task objects
            return page

        return iterate_all(fetch, page_size)

    def retry_shipper_tasks(self, project_name: str, logstore_name: str, shipper_name: str,
                            task_list: List[str]) -> RetryShipperTasksResponse:
        """Run failed tasks of a shipper again (at most 10 task ids per call)."""
        if isinstance(task_list, str) or not all(isinstance(t, str) and t for t in task_list):
            raise invalid_argument(f"task_list must be a list of task ids, got {task_list!r}")
        path = self._shipper_path(logstore_name, shipper_name) + "/tasks"
        resp = self._send_json("PUT", path, require_name(project_name, "project_name"), list(task_list))
        return RetryShipperTasksResponse(resp.headers)

    # -- external stores ---------------------------------------------------------------------------------------------
    def create_external_store(self, project_name: str, config: StoreConfig) -> CreateExternalStoreResponse:
        """Create an external store from an :class:`ExternalStoreConfig` (RDS in a VPC),
        :class:`ExternalStoreOssConfig`, :class:`ExternalStoreCsvConfig` or their JSON dict."""
        resp = self._send_json("POST", "/externalstores", require_name(project_name, "project_name"),
                               store_body(config), raw_size="0")
        return CreateExternalStoreResponse(resp.headers)

    def update_external_store(self, project_name: str, config: StoreConfig) -> UpdateExternalStoreResponse:
        """Replace the external store named by ``config.externalStoreName``."""
        body = store_body(config)
        resp = self._send_json("PUT", f"/externalstores/{body['externalStoreName']}",
                               require_name(project_name, "project_name"), body, raw_size="0")
        return UpdateExternalStoreResponse(resp.headers)

    def delete_external_store(self, project_name: str, store_name: str) -> DeleteExternalStoreResponse:
        """Delete an external store."""
        resp = self._send("DELETE", f"/externalstores/{require_name(store_name, 'store_name')}",
                          require_name(project_name, "project_name"))
        return DeleteExternalStoreResponse(resp.headers)

    def get_external_store(self, project_name: str, store_name: str) -> GetExternalStoreResponse:
        """Read an external store; ``get_external_store_config()`` is the config object of its type."""
        resp = self._send("GET", f"/externalstores/{require_name(store_name, 'store_name')}",
                          require_name(project_name, "project_name"))
        return GetExternalStoreResponse(resp.json(), resp.headers)

    def list_external_store(self, project_name: str, external_store_name_pattern: Optional[str] = None,
                            offset: int = 0, size: int = 100) -> ListExternalStoreResponse:
        """List external store names (``size=-1`` fetches every page), optionally those containing a text."""
        require_name(project_name, "project_name")

        def fetch(page_offset: int, page_size: int) -> ListExternalStoreResponse:
            params = {"offset": str(page_offset), "size": str(page_size)}
            if external_store_name_pattern:
                params["externalStoreName"] = external_store_name_pattern
            resp = self._send("GET", "/externalstores", project_name, params)
            return ListExternalStoreResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_external_stores(self, project_name: str, external_store_name_pattern: Optional[str] = None,
                             page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every external store name lazily, a page at a time."""
        return iterate_all(
            lambda o, s: self.list_external_store(project_name, external_store_name_pattern, o, s), page_size
        )
