"""Persistence of metadata: projects, logstores, shards and generic named JSON resources.

Each write changes the SQLite rows and the in-memory mirror together, in one transaction, under ``self.lock``.
No domain rule lives here (whether a shard may be split, a name is free...): the backends check those, holding the
same lock, before calling these methods. Lookups raise :class:`~aliyun.log.emulator.errors.NotFound`.
"""

from __future__ import annotations

import json
import sqlite3
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import NotFound
from .database import SEQ_BITS, Database, dumps
from .models import HASH_SPACE, READONLY, READWRITE, Logstore, Project, Shard, even_boundaries

__all__ = ["Metadata"]

_CURSOR_SPACING = 1 << 32


class Metadata(Database):
    # -- projects ----------------------------------------------------------------------------------------------------

    def list_projects(self) -> List[Project]:
        with self.lock:
            return [self.projects[name] for name in sorted(self.projects)]

    def get_project(self, name: str) -> Project:
        project = self.projects.get(name)
        if project is None:
            raise NotFound("project", name)
        return project

    def create_project(self, name: str, attrs: Dict[str, Any], now: int) -> Project:
        with self.lock, self._tx() as conn:
            conn.execute(
                "INSERT INTO projects (name, attrs, create_time, last_modify_time) VALUES (?, ?, ?, ?)",
                (name, dumps(attrs), now, now),
            )
            project = self.projects[name] = Project(name, dict(attrs), now, now)
            return project

    def update_project(self, name: str, attrs: Dict[str, Any], now: int) -> Project:
        """Merge ``attrs`` into the project's attributes."""
        with self.lock:
            project = self.get_project(name)
            merged = dict(project.attrs)
            merged.update(attrs)
            with self._tx() as conn:
                conn.execute(
                    "UPDATE projects SET attrs = ?, last_modify_time = ? WHERE name = ?", (dumps(merged), now, name)
                )
            project.attrs = merged
            project.last_modify_time = now
            return project

    def delete_project(self, name: str) -> None:
        """Delete the project and everything under it (logstores, shards, log groups, resources)."""
        with self.lock:
            project = self.get_project(name)
            with self._tx() as conn:
                for ls in project.logstores.values():
                    self._delete_logstore_rows(conn, ls)
                conn.execute("DELETE FROM resources WHERE project = ?", (name,))
                conn.execute("DELETE FROM projects WHERE name = ?", (name,))
            for ls in project.logstores.values():
                self._forget_logstore(ls)
            del self.projects[name]

    # -- logstores ---------------------------------------------------------------------------------------------------

    def list_logstores(self, project: str) -> List[Logstore]:
        with self.lock:
            owner = self.get_project(project)
            return [owner.logstores[name] for name in sorted(owner.logstores)]

    def get_logstore(self, project: str, name: str) -> Logstore:
        owner = self.get_project(project)
        ls = owner.logstores.get(name)
        if ls is None:
            raise NotFound("logstore", name)
        return ls

    def create_logstore(self, project: str, name: str, config: Dict[str, Any], shard_count: int, now: int) -> Logstore:
        """Create the logstore with ``shard_count`` readwrite shards of equal hash ranges (IDs from 0)."""
        with self.lock:
            owner = self.get_project(project)
            ls = Logstore(project, name, dict(config), now, now)
            bounds = even_boundaries(0, HASH_SPACE, shard_count)
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO logstores (project, name, config, create_time, last_modify_time) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (project, name, dumps(config), now, now),
                )
                for shard_id in range(shard_count):
                    self._insert_shard(conn, ls, shard_id, bounds[shard_id], bounds[shard_id + 1], now)
            owner.logstores[name] = ls
            ls.refresh_writers()
            return ls

    def update_logstore(self, project: str, name: str, config: Dict[str, Any], now: int) -> Logstore:
        """Replace the logstore's stored configuration."""
        with self.lock:
            ls = self.get_logstore(project, name)
            with self._tx() as conn:
                conn.execute(
                    "UPDATE logstores SET config = ?, last_modify_time = ? WHERE project = ? AND name = ?",
                    (dumps(config), now, project, name),
                )
            ls.config = dict(config)
            ls.last_modify_time = now
            return ls

    def delete_logstore(self, project: str, name: str) -> None:
        """Delete the logstore, its shards, log groups and logstore-scoped resources."""
        with self.lock:
            ls = self.get_logstore(project, name)
            with self._tx() as conn:
                self._delete_logstore_rows(conn, ls)
            self._forget_logstore(ls)
            del self.projects[project].logstores[name]

    def _delete_logstore_rows(self, conn: sqlite3.Connection, ls: Logstore) -> None:
        for shard in ls.shards.values():
            self._delete_group_rows(conn, shard)
        conn.execute("DELETE FROM shards WHERE project = ? AND logstore = ?", (ls.project, ls.name))
        conn.execute("DELETE FROM resources WHERE project = ? AND scope = ?", (ls.project, ls.name))
        conn.execute("DELETE FROM logstores WHERE project = ? AND name = ?", (ls.project, ls.name))

    @staticmethod
    def _delete_group_rows(conn: sqlite3.Connection, shard: Shard) -> None:
        conn.execute(
            "DELETE FROM log_groups WHERE id >= ? AND id < ?", (shard.uid << SEQ_BITS, (shard.uid + 1) << SEQ_BITS)
        )

    @staticmethod
    def _forget_logstore(ls: Logstore) -> None:
        for shard in ls.shards.values():
            shard.deleted = True
        ls.deleted = True
        ls.writers = []

    # -- shards ------------------------------------------------------------------------------------------------------

    def _new_cursor_base(self) -> int:
        # Nanoseconds of the real clock (never the injected one), at least 2**32 above every base given out, so the
        # cursor ranges of different shards never overlap (up to 2**32 groups per shard) and a cursor of one
        # shard is InvalidCursor on another. Positive int64 far from 0 (about 1.7e18 today).
        base = max(time.time_ns(), self._cursor_base_last + _CURSOR_SPACING)
        self._cursor_base_last = base
        return base

    def _insert_shard(
        self, conn: sqlite3.Connection, ls: Logstore, shard_id: int, begin: int, end: int, now: int
    ) -> Shard:
        base = self._new_cursor_base()
        cur = conn.execute(
            "INSERT INTO shards (project, logstore, shard_id, status, begin_key, end_key, create_time, cursor_base) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (ls.project, ls.name, shard_id, READWRITE, format(begin, "x"), format(end, "x"), now, base),
        )
        shard = Shard(int(cur.lastrowid or 0), ls.project, ls.name, shard_id, READWRITE, begin, end, now, base)
        ls.shards[shard_id] = shard
        return shard

    def get_shard(self, ls: Logstore, shard_id: int) -> Shard:
        shard = ls.shards.get(shard_id)
        if shard is None or shard.deleted:
            raise NotFound("shard", shard_id)
        return shard

    def _set_readonly(self, conn: sqlite3.Connection, shards: Sequence[Shard]) -> None:
        for shard in shards:
            conn.execute("UPDATE shards SET status = ? WHERE uid = ?", (READONLY, shard.uid))

    def split_shard(self, ls: Logstore, shard_id: int, boundaries: List[int], now: int) -> List[Shard]:
        """Persist a split: the parent becomes readonly; children cover its range cut at the inner ``boundaries``,
        with IDs max+1, max+2, ... Returns [parent, children...]."""
        with self.lock:
            shard = self.get_shard(ls, shard_id)
            edges = [shard.begin, *boundaries, shard.end]
            next_id = max(ls.shards) + 1
            with self._tx() as conn:
                self._set_readonly(conn, [shard])
                children = [
                    self._insert_shard(conn, ls, next_id + i, begin, end, now)
                    for i, (begin, end) in enumerate(zip(edges, edges[1:]))
                ]
            shard.status = READONLY
            ls.refresh_writers()
            return [shard, *children]

    def merge_shards(self, ls: Logstore, left: Shard, right: Shard, now: int) -> Shard:
        """Persist a merge: both become readonly, the new shard (ID max+1) covers both ranges."""
        with self.lock:
            with self._tx() as conn:
                self._set_readonly(conn, [left, right])
                merged = self._insert_shard(conn, ls, max(ls.shards) + 1, left.begin, right.end, now)
            left.status = READONLY
            right.status = READONLY
            ls.refresh_writers()
            return merged

    def delete_shard(self, ls: Logstore, shard_id: int) -> None:
        """Delete a shard and its log groups."""
        with self.lock:
            shard = self.get_shard(ls, shard_id)
            with self._tx() as conn:
                self._delete_group_rows(conn, shard)
                conn.execute("DELETE FROM shards WHERE uid = ?", (shard.uid,))
            shard.deleted = True
            del ls.shards[shard_id]
            ls.refresh_writers()

    # -- generic resources (index configs, logtail configs, consumer groups, dashboards...) ---------------------------

    def put_resource(self, project: str, kind: str, name: str, body: Any, now: int, *, scope: str = "") -> None:
        """Store a named JSON document (insert or replace; the creation time of a replaced one is kept).

        ``project`` ``""`` holds the account-level documents (resources, topostores): no project has that name."""
        with self.lock:
            if project:
                self.get_project(project)
            exists = self._conn.execute(
                "SELECT create_time FROM resources WHERE project=? AND kind=? AND scope=? AND name=?",
                (project, kind, scope, name),
            ).fetchone()
            created = exists[0] if exists else now
            with self._tx() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO resources "
                    "(project, kind, scope, name, body, create_time, last_modify_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (project, kind, scope, name, dumps(body), created, now),
                )

    def find_resource(self, project: str, kind: str, name: str, *, scope: str = "") -> Optional[Tuple[Any, int, int]]:
        """``(body, create_time, last_modify_time)``, or None when absent."""
        with self.lock:
            row = self._conn.execute(
                "SELECT body, create_time, last_modify_time FROM resources "
                "WHERE project=? AND kind=? AND scope=? AND name=?",
                (project, kind, scope, name),
            ).fetchone()
        return None if row is None else (json.loads(row[0]), row[1], row[2])

    def get_resource(self, project: str, kind: str, name: str, *, scope: str = "") -> Tuple[Any, int, int]:
        """``(body, create_time, last_modify_time)``; ``NotFound(kind, name)`` when absent."""
        found = self.find_resource(project, kind, name, scope=scope)
        if found is None:
            raise NotFound(kind, name)
        return found

    def list_resources(self, project: str, kind: str, *, scope: str = "") -> List[Tuple[str, Any]]:
        """``[(name, body)]`` sorted by name."""
        with self.lock:
            rows = self._conn.execute(
                "SELECT name, body FROM resources WHERE project=? AND kind=? AND scope=? ORDER BY name",
                (project, kind, scope),
            ).fetchall()
        return [(name, json.loads(body)) for name, body in rows]

    def delete_resource(self, project: str, kind: str, name: str, *, scope: str = "") -> bool:
        """Delete a named document; whether it existed."""
        with self.lock, self._tx() as conn:
            cur = conn.execute(
                "DELETE FROM resources WHERE project=? AND kind=? AND scope=? AND name=?", (project, kind, scope, name)
            )
            return cur.rowcount > 0
