"""Persistence of the emulator: SQLite (WAL) for everything, with the metadata mirrored in memory.

Layout (``SCHEMA_VERSION`` is stamped in ``meta``; an incompatible data dir is refused):

``meta(key, value)``
    ``schema_version``, ``created_by``.
``projects(name, attrs JSON, create_time, last_modify_time)``
``logstores(project, name, config JSON, create_time, last_modify_time)``
    ``config`` holds every logstore field as sent (known keys only), e.g. ``ttl``, ``appendMeta``.
``shards(uid, project, logstore, shard_id, status, begin_key, end_key, create_time, cursor_base, first_seq)``
    ``uid`` is a global, never reused id (AUTOINCREMENT) that keys the shard's log groups. Hash keys are stored as
    hex of the internal value; the top of the hash space (2**128) is 33 hex digits.
``log_groups(id, receive_time, data)``
    One row per accepted LogGroup, stored once as its serialized, uncompressed protobuf bytes.
    ``id = uid << 40 | seq`` where ``seq`` counts the shard's groups from 0, so a PullLogs is one range read on
    the rowid b-tree. A cursor is ``cursor_base + seq``.
``resources(project, kind, scope, name, body JSON, create_time, last_modify_time)``
    Generic named JSON documents for later resource areas (index configs, logtail configs, machine groups,
    consumer groups, dashboards, saved searches, alerts...). ``scope`` is the logstore name for logstore-scoped
    kinds and ``''`` for project-level ones; deleting a logstore removes its scope, deleting a project everything.

Adding a table: append its ``CREATE TABLE IF NOT EXISTS`` to ``_SCHEMA`` (it is created on open, also in old data
dirs); bump ``SCHEMA_VERSION`` only for incompatible changes. Keep each access in a small method here.

Durability: the database is in WAL mode with ``synchronous=NORMAL`` and every write commits before the handler
answers, so an acknowledged PutLogs survives ``kill -9`` of the emulator (not a power loss).

Concurrency: metadata lives in memory (``Project`` / ``Logstore`` / ``Shard`` objects) and is changed only under
``Storage.lock`` together with its SQLite rows; this process is the only writer (the data dir is locked). Log
groups are appended under the same lock on one connection; reads of log groups use a small pool of reader
connections in file mode (WAL readers never block the writer) and the shared connection under the lock in memory
mode.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

__all__ = [
    "HASH_SPACE",
    "SCHEMA_VERSION",
    "AlreadyExists",
    "InvalidState",
    "Logstore",
    "NotFound",
    "Project",
    "Shard",
    "Storage",
    "StorageError",
    "StoredGroup",
    "even_boundaries",
    "format_hash_key",
]

logger = logging.getLogger("aliyun.log.emulator")

SCHEMA_VERSION = 1
DB_FILE_NAME = "emulator.sqlite3"
LOCK_FILE_NAME = "emulator.lock"

#: Size of the hash-key space: shards own ``[begin, end)`` ranges of ``[0, 2**128)``.
HASH_SPACE = 1 << 128
_TOP_KEY = HASH_SPACE - 1
_SEQ_BITS = 40
_SEQ_MASK = (1 << _SEQ_BITS) - 1
_CURSOR_SPACING = 1 << 32
_MAX_IDLE_READERS = 8

READWRITE = "readwrite"
READONLY = "readonly"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS projects (
        name TEXT PRIMARY KEY, attrs TEXT NOT NULL,
        create_time INTEGER NOT NULL, last_modify_time INTEGER NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS logstores (
        project TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL,
        create_time INTEGER NOT NULL, last_modify_time INTEGER NOT NULL,
        PRIMARY KEY (project, name))""",
    """CREATE TABLE IF NOT EXISTS shards (
        uid INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL, logstore TEXT NOT NULL,
        shard_id INTEGER NOT NULL, status TEXT NOT NULL, begin_key TEXT NOT NULL, end_key TEXT NOT NULL,
        create_time INTEGER NOT NULL, cursor_base INTEGER NOT NULL, first_seq INTEGER NOT NULL DEFAULT 0,
        UNIQUE (project, logstore, shard_id))""",
    "CREATE TABLE IF NOT EXISTS log_groups (id INTEGER PRIMARY KEY, receive_time INTEGER NOT NULL, data BLOB NOT NULL)",
    """CREATE TABLE IF NOT EXISTS resources (
        project TEXT NOT NULL, kind TEXT NOT NULL, scope TEXT NOT NULL DEFAULT '', name TEXT NOT NULL,
        body TEXT NOT NULL, create_time INTEGER NOT NULL, last_modify_time INTEGER NOT NULL,
        PRIMARY KEY (project, kind, scope, name))""",
)

_INSERT_GROUP = "INSERT INTO log_groups (id, receive_time, data) VALUES (?, ?, ?)"
_READ_GROUPS = "SELECT id, receive_time, data FROM log_groups WHERE id >= ? AND id < ? ORDER BY id LIMIT ?"
_RECEIVE_TIME = "SELECT receive_time FROM log_groups WHERE id = ?"


class StorageError(RuntimeError):
    """The data dir cannot be used (incompatible schema, locked by another process, not an emulator database)."""


class NotFound(LookupError):
    """``kind`` is ``project``, ``logstore``, ``shard`` or a resource kind."""

    def __init__(self, kind: str, name: Any) -> None:
        super().__init__(f"{kind} {name} does not exist")
        self.kind = kind
        self.name = name


class AlreadyExists(Exception):
    def __init__(self, kind: str, name: Any) -> None:
        super().__init__(f"{kind} {name} already exists")
        self.kind = kind
        self.name = name


class InvalidState(ValueError):
    """A request that is well-formed but not allowed in the current state (e.g. split a readonly shard)."""


def format_hash_key(value: int) -> str:
    """32 lowercase hex digits; the top of the space (2**128) shows as ``ffffffffffffffffffffffffffffffff``."""
    return format(min(value, _TOP_KEY), "032x")


def even_boundaries(begin: int, end: int, parts: int) -> List[int]:
    """``parts + 1`` boundaries splitting ``[begin, end)`` into equal ranges: ``begin + floor(i*(end-begin)/parts)``."""
    width = end - begin
    return [begin + (i * width) // parts for i in range(parts + 1)]


class Shard:
    """A shard and its in-memory write position. ``seq`` values ``[first_seq, next_seq)`` are stored."""

    __slots__ = (
        "begin",
        "create_time",
        "cursor_base",
        "deleted",
        "end",
        "first_seq",
        "last_receive_time",
        "logstore",
        "next_seq",
        "project",
        "shard_id",
        "status",
        "uid",
    )

    def __init__(
        self,
        uid: int,
        project: str,
        logstore: str,
        shard_id: int,
        status: str,
        begin: int,
        end: int,
        create_time: int,
        cursor_base: int,
        first_seq: int = 0,
        next_seq: int = 0,
        last_receive_time: int = 0,
    ) -> None:
        self.uid = uid
        self.project = project
        self.logstore = logstore
        self.shard_id = shard_id
        self.status = status
        self.begin = begin
        self.end = end
        self.create_time = create_time
        self.cursor_base = cursor_base
        self.first_seq = first_seq
        self.next_seq = next_seq
        self.last_receive_time = last_receive_time
        self.deleted = False

    @property
    def writable(self) -> bool:
        return self.status == READWRITE

    def to_json(self) -> Dict[str, Any]:
        return {
            "shardID": self.shard_id,
            "status": self.status,
            "inclusiveBeginKey": format_hash_key(self.begin),
            "exclusiveEndKey": format_hash_key(self.end),
            "createTime": self.create_time,
        }

    def __repr__(self) -> str:
        return (
            f"Shard({self.project}/{self.logstore}/{self.shard_id} {self.status} "
            f"[{self.begin:x}, {self.end:x}) seq [{self.first_seq}, {self.next_seq}))"
        )


class Logstore:
    __slots__ = ("_rr", "config", "create_time", "deleted", "last_modify_time", "name", "project", "shards", "writers")

    def __init__(self, project: str, name: str, config: Dict[str, Any], create_time: int, last_modify_time: int):
        self.project = project
        self.name = name
        self.config = config
        self.create_time = create_time
        self.last_modify_time = last_modify_time
        self.shards: Dict[int, Shard] = {}
        self.writers: List[Shard] = []  # readwrite shards sorted by begin key
        self.deleted = False
        self._rr = 0

    def refresh_writers(self) -> None:
        self.writers = sorted((s for s in self.shards.values() if s.status == READWRITE), key=lambda s: s.begin)

    def next_writer(self) -> Optional[Shard]:
        """Round-robin over the readwrite shards (the service load-balances ``/shards/lb``)."""
        writers = self.writers
        if not writers:
            return None
        self._rr = (self._rr + 1) % len(writers)
        return writers[self._rr]

    def writer_for(self, key: int) -> Optional[Shard]:
        """The readwrite shard whose range holds ``key`` (the last shard's end is treated as inclusive)."""
        for shard in self.writers:
            if shard.begin <= key < shard.end:
                return shard
        writers = self.writers
        if writers and key == _TOP_KEY and writers[-1].end >= _TOP_KEY:
            return writers[-1]
        return None

    def sorted_shards(self) -> List[Shard]:
        return [self.shards[i] for i in sorted(self.shards)]


class Project:
    __slots__ = ("attrs", "create_time", "last_modify_time", "logstores", "name")

    def __init__(self, name: str, attrs: Dict[str, Any], create_time: int, last_modify_time: int) -> None:
        self.name = name
        self.attrs = attrs
        self.create_time = create_time
        self.last_modify_time = last_modify_time
        self.logstores: Dict[str, Logstore] = {}


class StoredGroup:
    """One stored LogGroup as read back: its shard ``seq``, server receive time and serialized bytes."""

    __slots__ = ("data", "receive_time", "seq")

    def __init__(self, seq: int, receive_time: int, data: bytes) -> None:
        self.seq = seq
        self.receive_time = receive_time
        self.data = data


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Storage:
    """All state of one emulator. ``path`` = a data dir (created if missing), or None for in-memory."""

    def __init__(self, path: Optional[str] = None) -> None:
        self.path = path
        self.lock = threading.RLock()
        self._lock_file: Any = None
        self._idle_readers: List[sqlite3.Connection] = []  # list.append / pop are atomic
        self._closed = False
        if path is None:
            self.db_path = ":memory:"
            self._conn = self._connect(":memory:")
        else:
            os.makedirs(path, exist_ok=True)
            self._acquire_dir_lock(path)
            self.db_path = os.path.join(path, DB_FILE_NAME)
            try:
                self._conn = self._connect(self.db_path)
            except sqlite3.DatabaseError as exc:
                self._release_dir_lock()
                raise StorageError(f"{self.db_path} is not a usable SQLite database: {exc}") from None
        try:
            self._init_schema()
        except Exception:
            self._conn.close()
            self._release_dir_lock()
            raise
        self.projects: Dict[str, Project] = {}
        self._cursor_base_last = 0
        self._load()

    # ----------------------------------------------------------------------------------------------------------------
    # Connections, schema, loading

    @property
    def in_memory(self) -> bool:
        return self.path is None

    def _connect(self, target: str) -> sqlite3.Connection:
        fresh = target != ":memory:" and (not os.path.exists(target) or os.path.getsize(target) == 0)
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=30.0)
        if fresh:
            conn.execute("PRAGMA page_size=16384")  # before WAL creates the file header: fewer overflow pages
        if target != ":memory:":
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StorageError(f"cannot put {target} in WAL mode (got {mode!r})")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA mmap_size=268435456")
            # Checkpoint every 64 MiB of WAL (16 KiB pages) instead of 16 MiB: big PutLogs write ~2x faster.
            conn.execute("PRAGMA wal_autocheckpoint=4096")
            conn.execute("PRAGMA journal_size_limit=67108864")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-65536")
        return conn

    def _acquire_dir_lock(self, path: str) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory lock
            return
        handle = open(os.path.join(path, LOCK_FILE_NAME), "a+")  # noqa: SIM115 - held open while running
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise StorageError(f"data dir {path} is in use by another emulator process") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._lock_file = handle

    def _release_dir_lock(self) -> None:
        if self._lock_file is not None:
            try:
                self._lock_file.close()
            finally:
                self._lock_file = None

    def _init_schema(self) -> None:
        conn = self._conn
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "meta" not in tables:
            raise StorageError(f"{self.db_path} is not an emulator database (no meta table)")
        if "meta" in tables:
            row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            found = row[0] if row else None
            if found != str(SCHEMA_VERSION):
                raise StorageError(
                    f"data dir {self.path} holds emulator schema version {found}, this emulator uses "
                    f"{SCHEMA_VERSION}; use another --data-dir (or delete this one)"
                )
        conn.execute("BEGIN IMMEDIATE")
        try:
            for ddl in _SCHEMA:
                conn.execute(ddl)
            from aliyun.log.version import __version__

            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', ?), ('created_by', ?)",
                (str(SCHEMA_VERSION), f"aliyun.log.emulator {__version__}"),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _load(self) -> None:
        conn = self._conn
        for name, attrs, ctime, mtime in conn.execute(
            "SELECT name, attrs, create_time, last_modify_time FROM projects"
        ):
            self.projects[name] = Project(name, json.loads(attrs), ctime, mtime)
        for project, name, config, ctime, mtime in conn.execute(
            "SELECT project, name, config, create_time, last_modify_time FROM logstores"
        ):
            owner = self.projects.get(project)
            if owner is not None:
                owner.logstores[name] = Logstore(project, name, json.loads(config), ctime, mtime)
        rows = conn.execute(
            "SELECT uid, project, logstore, shard_id, status, begin_key, end_key, create_time, cursor_base, "
            "first_seq FROM shards"
        ).fetchall()
        for uid, project, logstore, shard_id, status, begin, end, ctime, base, first in rows:
            ls = self._find_logstore(project, logstore)
            if ls is None:
                continue
            shard = Shard(uid, project, logstore, shard_id, status, int(begin, 16), int(end, 16), ctime, base, first)
            low, high = uid << _SEQ_BITS, (uid + 1) << _SEQ_BITS
            top = conn.execute(
                "SELECT id, receive_time FROM log_groups WHERE id >= ? AND id < ? ORDER BY id DESC LIMIT 1",
                (low, high),
            ).fetchone()
            if top is not None:
                shard.next_seq = max(first, (top[0] & _SEQ_MASK) + 1)
                shard.last_receive_time = top[1]
                bottom = conn.execute(
                    "SELECT id FROM log_groups WHERE id >= ? AND id < ? ORDER BY id LIMIT 1", (low, high)
                ).fetchone()
                shard.first_seq = max(first, bottom[0] & _SEQ_MASK)
            else:
                shard.next_seq = first
            ls.shards[shard_id] = shard
        for project in self.projects.values():
            for ls in project.logstores.values():
                ls.refresh_writers()
        row = conn.execute("SELECT MAX(cursor_base) FROM shards").fetchone()
        self._cursor_base_last = int(row[0] or 0)

    def _find_logstore(self, project: str, name: str) -> Optional[Logstore]:
        owner = self.projects.get(project)
        return None if owner is None else owner.logstores.get(name)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """A connection to read log groups with: a pooled WAL reader in file mode, the shared one (locked) in memory."""
        if self.path is None:
            with self.lock:
                yield self._conn
            return
        try:
            conn = self._idle_readers.pop()
        except IndexError:
            conn = self._connect(self.db_path)
            conn.execute("PRAGMA query_only=1")
        try:
            yield conn
        finally:
            if self._closed or len(self._idle_readers) >= _MAX_IDLE_READERS:
                conn.close()
            else:
                self._idle_readers.append(conn)

    def close(self) -> None:
        with self.lock:
            if self._closed:
                return
            self._closed = True
            while self._idle_readers:
                try:
                    self._idle_readers.pop().close()
                except (sqlite3.Error, IndexError):  # pragma: no cover
                    pass
            self._conn.close()
            self._release_dir_lock()

    def _tx(self) -> _Transaction:
        return _Transaction(self._conn)

    # ----------------------------------------------------------------------------------------------------------------
    # Projects

    def list_projects(self) -> List[Project]:
        with self.lock:
            return [self.projects[name] for name in sorted(self.projects)]

    def get_project(self, name: str) -> Project:
        project = self.projects.get(name)
        if project is None:
            raise NotFound("project", name)
        return project

    def create_project(self, name: str, attrs: Dict[str, Any], now: int) -> Project:
        with self.lock:
            if name in self.projects:
                raise AlreadyExists("project", name)
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO projects (name, attrs, create_time, last_modify_time) VALUES (?, ?, ?, ?)",
                    (name, _dumps(attrs), now, now),
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
                    "UPDATE projects SET attrs = ?, last_modify_time = ? WHERE name = ?", (_dumps(merged), now, name)
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

    # ----------------------------------------------------------------------------------------------------------------
    # Logstores

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
            if name in owner.logstores:
                raise AlreadyExists("logstore", name)
            ls = Logstore(project, name, dict(config), now, now)
            bounds = even_boundaries(0, HASH_SPACE, shard_count)
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO logstores (project, name, config, create_time, last_modify_time) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (project, name, _dumps(config), now, now),
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
                    (_dumps(config), now, project, name),
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
            "DELETE FROM log_groups WHERE id >= ? AND id < ?", (shard.uid << _SEQ_BITS, (shard.uid + 1) << _SEQ_BITS)
        )

    @staticmethod
    def _forget_logstore(ls: Logstore) -> None:
        for shard in ls.shards.values():
            shard.deleted = True
        ls.deleted = True
        ls.writers = []

    # ----------------------------------------------------------------------------------------------------------------
    # Shards

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
        if shard is None:
            raise NotFound("shard", shard_id)
        return shard

    def _set_readonly(self, conn: sqlite3.Connection, shard: Shard) -> None:
        conn.execute("UPDATE shards SET status = ? WHERE uid = ?", (READONLY, shard.uid))

    def split_shard(self, ls: Logstore, shard_id: int, boundaries: List[int], now: int) -> List[Shard]:
        """Split a readwrite shard at the inner ``boundaries`` (strictly inside its range, ascending).

        The parent becomes readonly; the children get IDs max+1, max+2, ... Returns [parent, children...].
        """
        with self.lock:
            shard = self.get_shard(ls, shard_id)
            if shard.deleted:
                raise NotFound("shard", shard_id)
            if shard.status != READWRITE:
                raise InvalidState(f"shard {shard_id} is {shard.status}; only a readwrite shard can be split")
            edges = [shard.begin, *list(boundaries), shard.end]
            if any(not (a < b) for a, b in zip(edges, edges[1:])):
                raise InvalidState(
                    f"split keys must lie strictly inside the shard's range "
                    f"[{format_hash_key(shard.begin)}, {format_hash_key(shard.end)})"
                )
            next_id = max(ls.shards) + 1
            children = []
            with self._tx() as conn:
                self._set_readonly(conn, shard)
                for i, (begin, end) in enumerate(zip(edges, edges[1:])):
                    children.append(self._insert_shard(conn, ls, next_id + i, begin, end, now))
            shard.status = READONLY
            ls.refresh_writers()
            return [shard, *children]

    def merge_shards(self, ls: Logstore, shard_id: int, now: int) -> List[Shard]:
        """Merge readwrite shard ``shard_id`` with the readwrite shard starting at its end.

        Both become readonly; the new shard gets ID max+1. Returns [new, left, right].
        """
        with self.lock:
            left = self.get_shard(ls, shard_id)
            if left.status != READWRITE:
                raise InvalidState(f"shard {shard_id} is {left.status}; only a readwrite shard can be merged")
            right = next((s for s in ls.writers if s.begin == left.end), None)
            if right is None:
                raise InvalidState(f"shard {shard_id} has no adjacent readwrite shard on its right to merge with")
            with self._tx() as conn:
                self._set_readonly(conn, left)
                self._set_readonly(conn, right)
                merged = self._insert_shard(conn, ls, max(ls.shards) + 1, left.begin, right.end, now)
            left.status = READONLY
            right.status = READONLY
            ls.refresh_writers()
            return [merged, left, right]

    def delete_shard(self, ls: Logstore, shard_id: int) -> None:
        """Delete a readonly shard and its log groups."""
        with self.lock:
            shard = self.get_shard(ls, shard_id)
            if shard.status == READWRITE:
                raise InvalidState(f"shard {shard_id} is readwrite; only a readonly shard can be deleted")
            with self._tx() as conn:
                self._delete_group_rows(conn, shard)
                conn.execute("DELETE FROM shards WHERE uid = ?", (shard.uid,))
            shard.deleted = True
            del ls.shards[shard_id]

    # ----------------------------------------------------------------------------------------------------------------
    # Log groups

    def append_group(
        self,
        ls: Logstore,
        data: Union[bytes, Callable[[int], bytes]],
        now: int,
        hash_key: Optional[int] = None,
    ) -> Tuple[Shard, int]:
        """Store one serialized LogGroup in a readwrite shard; returns ``(shard, seq)`` once committed.

        ``hash_key`` picks the shard whose range holds it, else round-robin. ``data`` may be a function of the
        receive time (for appendMeta tags). Receive times are kept non-decreasing per shard (``max(now, last)``)
        so time lookups can bisect.
        """
        with self.lock:
            shard = ls.next_writer() if hash_key is None else ls.writer_for(hash_key)
            if ls.deleted:
                raise NotFound("logstore", ls.name)
            if shard is None:
                where = "" if hash_key is None else f" holds hash key {format_hash_key(hash_key)}"
                raise InvalidState(f"no readwrite shard{where}")
            receive_time = now if now > shard.last_receive_time else shard.last_receive_time
            blob = data(receive_time) if callable(data) else data
            seq = shard.next_seq
            self._conn.execute(_INSERT_GROUP, ((shard.uid << _SEQ_BITS) | seq, receive_time, blob))
            shard.next_seq = seq + 1
            shard.last_receive_time = receive_time
            return shard, seq

    def read_groups(self, shard: Shard, start: int, stop: int, max_count: int, max_bytes: int) -> List[StoredGroup]:
        """Groups ``start <= seq < stop`` in order, at most ``max_count`` and (beyond the first) ``max_bytes``."""
        if stop <= start or max_count <= 0:
            return []
        with self._reading() as conn:
            return self._collect(conn, shard.uid << _SEQ_BITS, start, stop, max_count, max_bytes)

    @staticmethod
    def _collect(
        conn: sqlite3.Connection, base: int, start: int, stop: int, max_count: int, max_bytes: int
    ) -> List[StoredGroup]:
        out: List[StoredGroup] = []
        total = 0
        cursor = conn.execute(_READ_GROUPS, (base | start, base | stop, max_count))
        try:
            for row_id, receive_time, data in cursor:
                total += len(data)
                if out and total > max_bytes:
                    break
                out.append(StoredGroup(row_id & _SEQ_MASK, receive_time, data))
        finally:
            cursor.close()
        return out

    def receive_time(self, shard: Shard, seq: int) -> Optional[int]:
        """Receive time of the group at ``seq`` (None when not stored)."""
        with self._reading() as conn:
            row = conn.execute(_RECEIVE_TIME, ((shard.uid << _SEQ_BITS) | seq,)).fetchone()
        return None if row is None else row[0]

    def seq_at_time(self, shard: Shard, when: int) -> int:
        """The first ``seq`` whose receive time is ``>= when``; ``first_seq`` / ``next_seq`` outside the range."""
        low, high = shard.first_seq, shard.next_seq
        if low >= high:
            return high
        if when > shard.last_receive_time:
            return high
        first_time = self.receive_time(shard, low)
        if first_time is None or when <= first_time:
            return low
        # Invariant: time(low) < when <= time(high - 1); receive times are non-decreasing in seq.
        high -= 1
        while high - low > 1:
            mid = (low + high) // 2
            mid_time = self.receive_time(shard, mid)
            if mid_time is None or mid_time < when:
                low = mid
            else:
                high = mid
        return high

    def iter_groups(
        self, ls: Logstore, shard_ids: Optional[List[int]] = None, batch: int = 256
    ) -> Iterator[Tuple[Shard, StoredGroup]]:
        """Every stored group of the logstore, shard by shard in seq order: the read path for a query engine."""
        for shard in ls.sorted_shards():
            if shard_ids is not None and shard.shard_id not in shard_ids:
                continue
            seq = shard.first_seq
            stop = shard.next_seq
            while seq < stop:
                groups = self.read_groups(shard, seq, stop, batch, 1 << 62)
                if not groups:
                    break
                for group in groups:
                    yield shard, group
                seq = groups[-1].seq + 1

    # ----------------------------------------------------------------------------------------------------------------
    # Generic resources (for later resource areas)

    def put_resource(
        self, project: str, kind: str, name: str, body: Any, now: int, *, scope: str = "", create: Optional[bool] = None
    ) -> None:
        """Store a named JSON document. ``create=True``: must not exist; ``False``: must exist; None: upsert."""
        with self.lock:
            self.get_project(project)
            exists = self._conn.execute(
                "SELECT create_time FROM resources WHERE project=? AND kind=? AND scope=? AND name=?",
                (project, kind, scope, name),
            ).fetchone()
            if create is True and exists:
                raise AlreadyExists(kind, name)
            if create is False and not exists:
                raise NotFound(kind, name)
            created = exists[0] if exists else now
            with self._tx() as conn:
                conn.execute(
                    "INSERT OR REPLACE INTO resources "
                    "(project, kind, scope, name, body, create_time, last_modify_time) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (project, kind, scope, name, _dumps(body), created, now),
                )

    def get_resource(self, project: str, kind: str, name: str, *, scope: str = "") -> Tuple[Any, int, int]:
        """``(body, create_time, last_modify_time)``; NotFound(kind, name) when absent."""
        with self.lock:
            row = self._conn.execute(
                "SELECT body, create_time, last_modify_time FROM resources "
                "WHERE project=? AND kind=? AND scope=? AND name=?",
                (project, kind, scope, name),
            ).fetchone()
        if row is None:
            raise NotFound(kind, name)
        return json.loads(row[0]), row[1], row[2]

    def list_resources(self, project: str, kind: str, *, scope: str = "") -> List[Tuple[str, Any]]:
        """``[(name, body)]`` sorted by name."""
        with self.lock:
            rows = self._conn.execute(
                "SELECT name, body FROM resources WHERE project=? AND kind=? AND scope=? ORDER BY name",
                (project, kind, scope),
            ).fetchall()
        return [(name, json.loads(body)) for name, body in rows]

    def delete_resource(self, project: str, kind: str, name: str, *, scope: str = "") -> None:
        with self.lock:
            with self._tx() as conn:
                cur = conn.execute(
                    "DELETE FROM resources WHERE project=? AND kind=? AND scope=? AND name=?",
                    (project, kind, scope, name),
                )
            if cur.rowcount == 0:
                raise NotFound(kind, name)

    # ----------------------------------------------------------------------------------------------------------------
    # Control plane

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


class _Transaction:
    """``with storage._tx() as conn``: BEGIN IMMEDIATE ... COMMIT, ROLLBACK on error."""

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
