"""Store views (``/storeviews``): one name that queries several logstores or metric stores together."""

from __future__ import annotations

from typing import Any, Dict, Optional

from ..errors import invalid_argument
from ..models.store_view import (
    CreateStoreViewResponse,
    DeleteStoreViewResponse,
    GetStoreViewResponse,
    ListStoreViewsResponse,
    StoreView,
    UpdateStoreViewResponse,
)
from .base import ApiBase, require_name

_STORE_TYPES = ("logstore", "metricstore")


def _view_body(store_view: Any) -> Dict[str, Any]:
    if not isinstance(store_view, StoreView):
        raise invalid_argument(f"store_view must be a StoreView, got {type(store_view).__name__}")
    if store_view.store_type not in _STORE_TYPES:
        raise invalid_argument(f"store_view.store_type must be one of {_STORE_TYPES}, got {store_view.store_type!r}")
    if not store_view.stores:
        raise invalid_argument("store_view.stores must name at least one StoreViewStore")
    return store_view._to_json_dict()


class StoreViewsApi(ApiBase):
    def create_store_view(self, project_name: str, store_view: StoreView) -> CreateStoreViewResponse:
        """Create a store view; ``get_logs`` on its name then queries every member store (SQL sees the union)."""
        body = _view_body(store_view)
        require_name(store_view.name, "store_view.name")
        resp = self._send_json("POST", "/storeviews", require_name(project_name, "project_name"), body)
        return CreateStoreViewResponse(resp.headers, resp.json() or "")

    def update_store_view(self, project_name: str, store_view_name: str, store_view: StoreView
                          ) -> UpdateStoreViewResponse:
        body = _view_body(store_view)
        resp = self._send_json("PUT", f"/storeviews/{require_name(store_view_name, 'store_view_name')}",
                               require_name(project_name, "project_name"), body)
        return UpdateStoreViewResponse(resp.headers, resp.json() or "")

    def delete_store_view(self, project_name: str, store_view_name: str) -> DeleteStoreViewResponse:
        resp = self._send("DELETE", f"/storeviews/{require_name(store_view_name, 'store_view_name')}",
                          require_name(project_name, "project_name"))
        return DeleteStoreViewResponse(resp.headers, resp.json() or "")

    def get_store_view(self, project_name: str, store_view_name: str) -> GetStoreViewResponse:
        resp = self._send("GET", f"/storeviews/{require_name(store_view_name, 'store_view_name')}",
                          require_name(project_name, "project_name"))
        return GetStoreViewResponse(resp.headers, resp.json())

    def list_store_views(self, project_name: str, offset: int = 0, size: int = 100,
                         store_type: Optional[str] = None) -> ListStoreViewsResponse:
        """A page of the project's store view names, optionally only those of ``store_type``."""
        params = {"offset": str(int(offset)), "size": str(int(size))}
        if store_type:
            params["storeType"] = store_type
        resp = self._send("GET", "/storeviews", require_name(project_name, "project_name"), params)
        return ListStoreViewsResponse(resp.headers, resp.json())
