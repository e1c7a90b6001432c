"""Account-level documents (no project): resources with their records, and topostores with their nodes and
relations. They are generic documents of the ``""`` project; a member (record, node, relation) is named
``<parent>/<id>`` and goes away with its parent.
"""

from __future__ import annotations

import uuid
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ..errors import NotFound
from ..storage import Storage
from .resources import Resources

__all__ = ["ACCOUNT", "AccountDocuments", "Member"]

#: The project of account-level documents.
ACCOUNT = ""
#: ``(id, body, create_time, last_modify_time)``
Member = Tuple[str, Dict[str, Any], int, int]


class AccountDocuments:
    """Parents (``resource``, ``topostore``) and their members (``resource_record``, ``topostore_node``...)."""

    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources

    # -- parents -----------------------------------------------------------------------------------------------------
    def create(self, kind: str, name: str, body: Dict[str, Any], now: int) -> None:
        self.resources.create(ACCOUNT, kind, name, body, now)

    def update(self, kind: str, name: str, changes: Dict[str, Any], now: int) -> None:
        """Merge ``changes`` into the document (fields not given are kept)."""
        self.resources.modify(ACCOUNT, kind, name, lambda body: {**body, **changes}, now)

    def get(self, kind: str, name: str) -> Tuple[Dict[str, Any], int, int]:
        return self.resources.get(ACCOUNT, kind, name)

    def list(self, kind: str, keep: Callable[[Dict[str, Any]], bool]) -> List[Tuple[Dict[str, Any], int, int]]:
        """The documents of a kind that ``keep`` accepts, by name, with their times."""
        found = []
        for name, body in self.resources.list(ACCOUNT, kind):
            if keep(body):
                stored = self.resources.find(ACCOUNT, kind, name)
                if stored is not None:
                    found.append(stored)
        return found

    def delete(self, kind: str, name: str, member_kinds: Iterable[str]) -> None:
        with self.storage.lock:
            self.resources.delete(ACCOUNT, kind, name)
            for member_kind in member_kinds:
                for member_name, _ in self._members(member_kind, name):
                    self.storage.delete_resource(ACCOUNT, member_kind, member_name)

    # -- members -----------------------------------------------------------------------------------------------------
    def _members(self, kind: str, parent: str) -> List[Tuple[str, Any]]:
        prefix = f"{parent}/"
        return [(name, body) for name, body in self.storage.list_resources(ACCOUNT, kind) if name.startswith(prefix)]

    def add_member(self, parent_kind: str, parent: str, kind: str, member_id: Optional[str], body: Dict[str, Any],
                   now: int, id_field: str) -> str:
        """Store a new member (an id is generated when none is given); ``AlreadyExists(kind, id)`` when taken."""
        member_id = member_id or uuid.uuid4().hex
        body[id_field] = member_id
        with self.storage.lock:
            self.get(parent_kind, parent)
            self.resources.create(ACCOUNT, kind, f"{parent}/{member_id}", body, now, error_name=member_id)
        return member_id

    def replace_member(self, parent_kind: str, parent: str, kind: str, member_id: str, body: Dict[str, Any],
                       now: int) -> None:
        with self.storage.lock:
            self.get(parent_kind, parent)
            self.resources.replace(ACCOUNT, kind, f"{parent}/{member_id}", body, now, error_name=member_id)

    def upsert_members(self, parent_kind: str, parent: str, kind: str, members: List[Tuple[str, Dict[str, Any]]],
                       now: int) -> None:
        with self.storage.lock:
            self.get(parent_kind, parent)
            for member_id, body in members:
                self.resources.put(ACCOUNT, kind, f"{parent}/{member_id}", body, now)

    def delete_members(self, parent_kind: str, parent: str, kind: str, member_ids: Iterable[str]) -> None:
        """Delete members by id (ids that do not exist are skipped)."""
        with self.storage.lock:
            self.get(parent_kind, parent)
            for member_id in member_ids:
                self.storage.delete_resource(ACCOUNT, kind, f"{parent}/{member_id}")

    def get_member(self, parent_kind: str, parent: str, kind: str, member_id: str) -> Member:
        self.get(parent_kind, parent)
        found = self.resources.find(ACCOUNT, kind, f"{parent}/{member_id}")
        if found is None:
            raise NotFound(kind, member_id)
        return (member_id, *found)

    def members(self, parent_kind: str, parent: str, kind: str) -> List[Member]:
        """Every member of a parent, by id, with its times."""
        self.get(parent_kind, parent)
        found = []
        for name, _ in self._members(kind, parent):
            stored = self.resources.find(ACCOUNT, kind, name)
            if stored is not None:
                found.append((name.split("/", 1)[1], *stored))
        return found

