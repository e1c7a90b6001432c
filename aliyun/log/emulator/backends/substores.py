"""Substores of a logstore and the metering mode of metric stores.

Creating the ``prom`` substore of a metric store also gives it the index of the metric log format when it has no
index yet (the service indexes metric stores by itself), so metrics are searchable and SQL works at once.
"""

from __future__ import annotations

from typing import Any, Dict, List

from ..errors import NotFound, Rejected
from ..storage import Storage
from .resources import Resources
from .store_views import is_metric_store

__all__ = ["METERING_MODES", "PROM_INDEX", "PROM_SUBSTORE", "SUBSTORE_KIND", "Substores"]

SUBSTORE_KIND = "substore"
METERING_KIND = "meteringmode"
METERING_MODES = ("ChargeByFunction", "ChargeByDataIngest")
PROM_SUBSTORE = "prom"
INDEX_KIND = INDEX_NAME = "index"
PROM_INDEX: Dict[str, Any] = {"keys": {
    "__name__": {"type": "text", "doc_value": True, "token": [], "caseSensitive": True},
    "__labels__": {"type": "text", "doc_value": True, "token": ["#", "$", "|"], "caseSensitive": True},
    "__time_nano__": {"type": "long", "doc_value": True},
    "__value__": {"type": "double", "doc_value": True},
}}


class Substores:
    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources

    def create(self, project: str, logstore: str, substore: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            ls = self.storage.get_logstore(project, logstore)
            self.resources.create(project, SUBSTORE_KIND, substore["name"], substore, now, scope=logstore)
            if substore["name"] == PROM_SUBSTORE and is_metric_store(ls) \
                    and self.resources.find(project, INDEX_KIND, INDEX_NAME, scope=logstore) is None:
                self.resources.put(project, INDEX_KIND, INDEX_NAME, PROM_INDEX, now, scope=logstore)

    def replace(self, project: str, logstore: str, substore: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            self.storage.get_logstore(project, logstore)
            self.resources.replace(project, SUBSTORE_KIND, substore["name"], substore, now, scope=logstore)

    def get(self, project: str, logstore: str, name: str) -> Any:
        self.storage.get_logstore(project, logstore)
        return self.resources.get(project, SUBSTORE_KIND, name, scope=logstore)[0]

    def delete(self, project: str, logstore: str, name: str) -> None:
        self.storage.get_logstore(project, logstore)
        self.resources.delete(project, SUBSTORE_KIND, name, scope=logstore)

    def all(self, project: str, logstore: str) -> List[Dict[str, Any]]:
        self.storage.get_logstore(project, logstore)
        return [body for _name, body in self.resources.list(project, SUBSTORE_KIND, scope=logstore)]

    def ttl(self, project: str, logstore: str) -> int:
        """The ttl of the logstore's substores (``SubStoreNotExist`` without any)."""
        substores = self.all(project, logstore)
        if not substores:
            raise NotFound(SUBSTORE_KIND, f"of logstore {logstore}")
        return int(substores[0]["ttl"])

    def set_ttl(self, project: str, logstore: str, ttl: int, now: int) -> None:
        with self.storage.lock:
            substores = self.all(project, logstore)
            if not substores:
                raise NotFound(SUBSTORE_KIND, f"of logstore {logstore}")
            for body in substores:
                self.resources.put(project, SUBSTORE_KIND, body["name"], dict(body, ttl=ttl), now, scope=logstore)

    def _metric_store(self, project: str, name: str) -> None:
        if not is_metric_store(self.storage.get_logstore(project, name)):
            raise Rejected(f"{name} is not a metric store (telemetryType Metrics)")

    def metering_mode(self, project: str, name: str) -> str:
        self._metric_store(project, name)
        found = self.resources.find(project, METERING_KIND, name)
        return str(found[0]["meteringMode"]) if found is not None else METERING_MODES[0]

    def set_metering_mode(self, project: str, name: str, mode: str, now: int) -> None:
        with self.storage.lock:
            self._metric_store(project, name)
            self.resources.put(project, METERING_KIND, name, {"meteringMode": mode}, now)
