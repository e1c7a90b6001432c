"""Projects and logstores: names are unique per parent; everything else is stored as the handlers normalised it."""

from __future__ import annotations

from typing import Any, Dict, List

from ..errors import AlreadyExists
from ..storage import Logstore, Project, Storage

__all__ = ["Logstores", "Projects"]


class Projects:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def list(self) -> List[Project]:
        return self.storage.list_projects()

    def get(self, name: str) -> Project:
        """The project; ``NotFound`` (``ProjectNotExist``) when absent."""
        return self.storage.get_project(name)

    def create(self, name: str, attrs: Dict[str, Any], now: int) -> Project:
        with self.storage.lock:
            if name in self.storage.projects:
                raise AlreadyExists("project", name)
            return self.storage.create_project(name, attrs, now)

    def update(self, name: str, attrs: Dict[str, Any], now: int) -> Project:
        return self.storage.update_project(name, attrs, now)

    def delete(self, name: str) -> None:
        self.storage.delete_project(name)


class Logstores:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def list(self, project: str) -> List[Logstore]:
        return self.storage.list_logstores(project)

    def get(self, project: str, name: str) -> Logstore:
        """The logstore; ``NotFound`` (``ProjectNotExist`` / ``LogStoreNotExist``) when absent."""
        return self.storage.get_logstore(project, name)

    def create(self, project: str, name: str, config: Dict[str, Any], shard_count: int, now: int) -> Logstore:
        with self.storage.lock:
            if name in self.storage.get_project(project).logstores:
                raise AlreadyExists("logstore", name)
            return self.storage.create_logstore(project, name, config, shard_count, now)

    def update(self, project: str, name: str, config: Dict[str, Any], now: int) -> Logstore:
        return self.storage.update_logstore(project, name, config, now)

    def delete(self, project: str, name: str) -> None:
        self.storage.delete_logstore(project, name)
