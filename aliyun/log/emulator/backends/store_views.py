"""Store views: a name over several logstores (or metric stores) of the region.

Every member must exist when a view is created or replaced (``ProjectNotExist`` / ``LogStoreNotExist``) and be of
the view's store type (a metric store has telemetry type ``Metrics``); a view's name is not a logstore's. A member
deleted later is skipped when the view is queried.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..errors import AlreadyExists, Rejected
from ..storage import Logstore, Storage
from .resources import Resources

__all__ = ["KIND", "STORE_TYPES", "StoreViews", "is_metric_store"]

KIND = "storeview"
STORE_TYPES = ("logstore", "metricstore")


def is_metric_store(ls: Logstore) -> bool:
    return str(ls.config.get("telemetryType", "")).lower() == "metrics"


class StoreViews:
    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources

    def _check_members(self, view: Dict[str, Any]) -> None:
        for store in view["stores"]:
            ls = self.storage.get_logstore(store["project"], store["storeName"])
            if is_metric_store(ls) != (view["storeType"] == "metricstore"):
                raise Rejected(f"{store['storeName']} is not a {view['storeType']}")

    def create(self, project: str, view: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            if view["name"] in self.storage.get_project(project).logstores:
                raise AlreadyExists(KIND, view["name"])
            self._check_members(view)
            self.resources.create(project, KIND, view["name"], view, now)

    def replace(self, project: str, view: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            self._check_members(view)
            self.resources.replace(project, KIND, view["name"], view, now)

    def delete(self, project: str, name: str) -> None:
        self.resources.delete(project, KIND, name)

    def get(self, project: str, name: str) -> Tuple[Any, int, int]:
        return self.resources.get(project, KIND, name)

    def names(self, project: str, store_type: Optional[str] = None) -> List[str]:
        return [name for name, view in self.resources.list(project, KIND)
                if store_type is None or view.get("storeType") == store_type]

    def members(self, project: str, name: str) -> Optional[List[Tuple[Logstore, Optional[str]]]]:
        """``[(logstore, member query)]`` of view ``name`` (members deleted since are left out); None when
        ``name`` is a logstore or no view."""
        with self.storage.lock:
            if name in self.storage.get_project(project).logstores:
                return None
            found = self.resources.find(project, KIND, name)
            if found is None:
                return None
            members = []
            for store in found[0]["stores"]:
                owner = self.storage.projects.get(store["project"])
                ls = owner.logstores.get(store["storeName"]) if owner is not None else None
                if ls is not None:
                    members.append((ls, store.get("query")))
            return members
