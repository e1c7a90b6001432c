"""Named JSON documents of a project or logstore (index configs, logtail configs, machine groups, dashboards, saved
searches, jobs, shippers, external stores...): create / replace / get / list / delete with the service's
``...AlreadyExist`` / ``...NotExist`` errors, and read-modify-write of one document under the storage lock.

``kind`` is the ``resources.kind`` value and the row of ``errors.ERRORS``; ``scope`` is the logstore name for
logstore-scoped kinds (deleting the logstore deletes them) and ``""`` for project-level ones.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, List, Optional, Tuple

from ..errors import AlreadyExists, NotFound
from ..storage import Storage

__all__ = ["Resources", "Stored"]

#: ``(body, create_time, last_modify_time)``
Stored = Tuple[Any, int, int]


class Resources:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def create(self, project: str, kind: str, name: str, body: Any, now: int, *, scope: str = "",
               error_name: Optional[str] = None) -> None:
        """Store a new document; ``AlreadyExists(kind, error_name or name)`` when it exists."""
        with self.storage.lock:
            if self.storage.find_resource(project, kind, name, scope=scope) is not None:
                raise AlreadyExists(kind, error_name or name)
            self.storage.put_resource(project, kind, name, body, now, scope=scope)

    def replace(self, project: str, kind: str, name: str, body: Any, now: int, *, scope: str = "",
                error_name: Optional[str] = None) -> None:
        """Replace an existing document; ``NotFound(kind, error_name or name)`` when absent."""
        with self.storage.lock:
            self.get(project, kind, name, scope=scope, error_name=error_name)
            self.storage.put_resource(project, kind, name, body, now, scope=scope)

    def put(self, project: str, kind: str, name: str, body: Any, now: int, *, scope: str = "") -> None:
        """Insert or replace (documents other documents own, e.g. the machines of a group)."""
        self.storage.put_resource(project, kind, name, body, now, scope=scope)

    def get(self, project: str, kind: str, name: str, *, scope: str = "", error_name: Optional[str] = None) -> Stored:
        found = self.storage.find_resource(project, kind, name, scope=scope)
        if found is None:
            raise NotFound(kind, error_name or name)
        return found

    def find(self, project: str, kind: str, name: str, *, scope: str = "") -> Optional[Stored]:
        return self.storage.find_resource(project, kind, name, scope=scope)

    def list(self, project: str, kind: str, *, scope: str = "") -> List[Tuple[str, Any]]:
        """``[(name, body)]`` sorted by name (``NotFound`` for a missing project; ``""`` = account-level)."""
        if project:
            self.storage.get_project(project)
        return self.storage.list_resources(project, kind, scope=scope)

    def delete(self, project: str, kind: str, name: str, *, scope: str = "", dependents: Iterable[str] = (),
               error_name: Optional[str] = None) -> None:
        """Delete a document and the documents of the ``dependents`` kinds stored under the same name."""
        with self.storage.lock:
            if not self.storage.delete_resource(project, kind, name, scope=scope):
                raise NotFound(kind, error_name or name)
            for dependent in dependents:
                self.storage.delete_resource(project, dependent, name, scope=scope)

    def modify(self, project: str, kind: str, name: str, change: Callable[[Any], Any], now: int, *,
               scope: str = "", default: Any = None, owner: Optional[str] = None) -> Any:
        """Atomically replace a document by ``change(body)`` (``default`` when absent; NotFound if that is None).

        ``owner``: the kind of the document this one belongs to (same name and scope), which must exist.
        """
        with self.storage.lock:
            if owner is not None:
                self.get(project, owner, name, scope=scope)
            found = self.storage.find_resource(project, kind, name, scope=scope)
            if found is None and default is None:
                raise NotFound(kind, name)
            body = change(found[0] if found is not None else default)
            self.storage.put_resource(project, kind, name, body, now, scope=scope)
            return body
