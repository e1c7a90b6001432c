"""The emulator's SQLite database (WAL): connections, schema, the data-dir lock, loading the metadata mirror.

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
dirs); bump ``SCHEMA_VERSION`` only for incompatible changes. Keep each access in a small method of
``metadata.py`` (projects, logstores, shards, resources) or ``loggroups.py`` (log groups).

Durability: the database is in WAL mode with ``synchronous=NORMAL`` and every write commits before the handler
answers, so an acknowledged PutLogs survives ``kill -9`` of the emulator (not a power loss).

Concurrency: metadata lives in memory (``Project`` / ``Logstore`` / ``Shard`` objects) and is changed only under
``Storage.lock`` together with its SQLite rows (backends hold it around a check and the write it allows); this
process is the only writer (the data dir is locked). Log groups are appended under the same lock on one
connection; reads of log groups use a small pool of reader connections in file mode (WAL readers never block the
writer) and the shared connection under the lock in memory mode.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
from typing import Any, Dict, Iterator, List, Optional

from .models import Logstore, Project, Shard

__all__ = ["DB_FILE_NAME", "LOCK_FILE_NAME", "SCHEMA_VERSION", "Database", "StorageError", "dumps"]

logger = logging.getLogger("aliyun.log.emulator")

SCHEMA_VERSION = 1
DB_FILE_NAME = "emulator.sqlite3"
LOCK_FILE_NAME = "emulator.lock"

SEQ_BITS = 40
SEQ_MASK = (1 << SEQ_BITS) - 1
_MAX_IDLE_READERS = 8

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


class StorageError(RuntimeError):
    """The data dir cannot be used (incompatible schema, locked by another process, not an emulator database)."""



def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True)



class Database:
    """The database of one emulator. ``path`` = a data dir (created if missing), or None for in-memory."""

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
            low, high = uid << SEQ_BITS, (uid + 1) << SEQ_BITS
            top = conn.execute(
                "SELECT id, receive_time FROM log_groups WHERE id >= ? AND id < ? ORDER BY id DESC LIMIT 1",
                (low, high),
            ).fetchone()
            if top is not None:
                shard.next_seq = max(first, (top[0] & SEQ_MASK) + 1)
                shard.last_receive_time = top[1]
                bottom = conn.execute(
                    "SELECT id FROM log_groups WHERE id >= ? AND id < ? ORDER BY id LIMIT 1", (low, high)
                ).fetchone()
                shard.first_seq = max(first, bottom[0] & SEQ_MASK)
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

    def _tx(self) -> Transaction:
        return Transaction(self._conn)


class Transaction:
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
