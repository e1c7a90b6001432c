"""Persistence of the emulator (SQLite, WAL), with the metadata mirrored in memory: only storage, no domain rules.

:class:`Storage` = :class:`~.database.Database` (connections, schema, data-dir lock, loading) +
:class:`~.metadata.Metadata` (projects, logstores, shards, generic resources) + :class:`~.loggroups.LogGroups`
(log groups). The rules (names, limits, the shard split/merge state machine, consumer groups) are in
``emulator/backends``.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Dict

from .database import DB_FILE_NAME, LOCK_FILE_NAME, SCHEMA_VERSION, StorageError
from .loggroups import LogGroups
from .metadata import Metadata
from .models import (
    HASH_SPACE,
    READONLY,
    READWRITE,
    Logstore,
    Project,
    Shard,
    StoredGroup,
    even_boundaries,
    format_hash_key,
)

__all__ = [
    "DB_FILE_NAME",
    "HASH_SPACE",
    "LOCK_FILE_NAME",
    "READONLY",
    "READWRITE",
    "SCHEMA_VERSION",
    "Logstore",
    "Project",
    "Shard",
    "Storage",
    "StorageError",
    "StoredGroup",
    "even_boundaries",
    "format_hash_key",
]


class Storage(Metadata, LogGroups):
    """All persisted state of one emulator. ``path`` = a data dir (created if missing), or None for in-memory."""

    def reset(self) -> None:
        """Delete every project and everything under it."""
        with self.lock:
            with self._tx() as conn:
                for table in ("log_groups", "shards", "logstores", "projects", "resources"):
                    conn.execute(f"DELETE FROM {table}")
            for project in self.projects.values():
                for ls in project.logstores.values():
                    self._forget_logstore(ls)
            self.projects.clear()
        if self.path is not None:
            try:
                self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:  # pragma: no cover - readers may hold the WAL; harmless
                pass

    def stats(self) -> Dict[str, Any]:
        with self.lock:
            logstores = sum(len(p.logstores) for p in self.projects.values())
            shards = sum(len(ls.shards) for p in self.projects.values() for ls in p.logstores.values())
            groups = sum(
                s.next_seq - s.first_seq
                for p in self.projects.values()
                for ls in p.logstores.values()
                for s in ls.shards.values()
            )
        return {"projects": len(self.projects), "logstores": logstores, "shards": shards, "logGroups": groups}
