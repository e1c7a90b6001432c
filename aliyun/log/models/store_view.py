"""Store views: one name over several logstores (or metric stores), queried together."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

from .response import Headers, LogResponse

__all__ = [
    "CreateStoreViewResponse",
    "DeleteStoreViewResponse",
    "GetStoreViewResponse",
    "ListStoreViewsResponse",
    "StoreView",
    "StoreViewStore",
    "UpdateStoreViewResponse",
]


class StoreViewStore:
    """One member of a store view: a logstore of a project, optionally narrowed by a search ``query``."""

    def __init__(self, project_name: str, store_name: str, query: Optional[str] = None) -> None:
        self.project_name = project_name
        self.store_name = store_name
        self.query = query

    def _to_json_dict(self) -> Dict[str, Any]:
        body: Dict[str, Any] = {"project": self.project_name, "storeName": self.store_name}
        if self.query is not None:
            body["query"] = self.query
        return body

    @classmethod
    def _from_json_dict(cls, json_data: Dict[str, Any]) -> StoreViewStore:
        return cls(json_data.get("project", ""), json_data.get("storeName", ""), json_data.get("query"))

    def __repr__(self) -> str:
        return f"StoreViewStore({self.project_name!r}, {self.store_name!r}, query={self.query!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoreViewStore) and self._to_json_dict() == other._to_json_dict()

    __hash__ = None  # type: ignore[assignment]


class StoreView:
    """A store view: ``name``, ``store_type`` (``"logstore"`` or ``"metricstore"``) and its stores."""

    def __init__(self, name: str, store_type: str, stores: Optional[Sequence[StoreViewStore]] = None) -> None:
        self.name = name
        self.store_type = store_type
        self.stores: List[StoreViewStore] = list(stores or [])

    def _to_json_dict(self) -> Dict[str, Any]:
        return {"name": self.name, "storeType": self.store_type,
                "stores": [store._to_json_dict() for store in self.stores]}

    @classmethod
    def _from_json_dict(cls, json_data: Dict[str, Any]) -> StoreView:
        return cls(json_data.get("name", ""), json_data.get("storeType", ""),
                   [StoreViewStore._from_json_dict(store) for store in json_data.get("stores") or []])

    def __repr__(self) -> str:
        return f"StoreView({self.name!r}, {self.store_type!r}, {self.stores!r})"


class CreateStoreViewResponse(LogResponse):
    def __init__(self, header: Optional[Headers], resp: Any = "") -> None:
        super().__init__(header, resp)


class UpdateStoreViewResponse(CreateStoreViewResponse):
    pass


class DeleteStoreViewResponse(CreateStoreViewResponse):
    pass


class ListStoreViewsResponse(LogResponse):
    """A page of store view names (``get_store_views()``)."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self._store_views: List[str] = list(resp.get("storeviews") or [])
        self._count = int(resp.get("count", len(self._store_views)))
        self._total = int(resp.get("total", self._count))

    def get_count(self) -> int:
        return self._count

    def get_total(self) -> int:
        return self._total

    def get_store_views(self) -> List[str]:
        return self._store_views


class GetStoreViewResponse(LogResponse):
    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self._store_view = StoreView._from_json_dict(resp)

    def get_store_view(self) -> StoreView:
        return self._store_view
