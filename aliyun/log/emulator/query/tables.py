"""The engine's searchable copies of logstores, kept up to date incrementally.

Layout of the engine's database (``:memory:``, or ``query-index.sqlite3`` in the data dir; it is derived data and is
rebuilt from the stored log groups whenever it is missing or stale):

``stores(id, project, logstore, keys JSON)``
    One row per logstore copy; ``keys`` lists the log keys in column order.
``shard_state(uid, base, store_id, first_seq, next_seq)``
    How far each shard (``uid`` and ``cursor_base`` identify it for ever) has been copied.
``t<id>``
    One row per log: ``_g`` (the group's storage id: shard uid << 40 | seq), ``__time__`` (indexed), ``__ns__``,
    ``__topic__``, ``__source__``, ``_x`` (JSON of keys beyond the column limit) and one column ``c<n>`` per key
    (content keys and ``__tag__:<name>``), created when the key first appears. Values are the log's strings.

Before every query the copy catches up with the shards (:meth:`IndexTables.sync`): groups stored since the last
query are decoded once (with ``aliyun.log.codec``) and appended; shards that disappeared or expired groups are
removed. Writes also schedule a catch-up in a background thread (:meth:`IndexTables.schedule`).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
import threading
import time
from datetime import tzinfo
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .functions import SessionClock, register

__all__ = ["FIXED_COLUMNS", "INDEX_DB_NAME", "MAX_KEY_COLUMNS", "IndexTables", "StoreHandle", "numeric_expr"]

logger = logging.getLogger("aliyun.log.emulator.query")

INDEX_DB_NAME = "query-index.sqlite3"
_DB_VERSION = "1"
_SEQ_BITS = 40
#: The most columns one logstore copy gets; further keys go to the ``_x`` JSON column.
MAX_KEY_COLUMNS = 1900
#: The columns every copy's table starts with (then one ``c<n>`` per key).
FIXED_COLUMNS = ("_g", "__time__", "__ns__", "__topic__", "__source__", "_x")
_FIXED_KEYS = {"__time__": 1, "__time_ns_part__": 2, "__topic__": 3, "__source__": 4}
_READ_BATCH = 512
_READ_BYTES = 32 * 1024 * 1024
#: Seconds between scans for copies of deleted logstores.
_GC_INTERVAL = 30.0
#: The background indexer waits this long after a write for more writes, and stops after this long idle.
_DEBOUNCE = 0.05
_WORKER_IDLE = 30.0


def numeric_expr(value: str, kind: str) -> str:
    """A SQL expression: ``value`` as a number (long or double), NULL when it is not one."""
    if value == "__time__":
        return value
    if kind == "long":
        return (f"(CASE WHEN {value} GLOB '*[0-9]*' AND NOT {value} GLOB '*[^0-9+-]*' "
                f"THEN CAST({value} AS INTEGER) END)")
    return (f"(CASE WHEN {value} GLOB '*[0-9]*' AND NOT {value} GLOB '*[^0-9.eE+-]*' "
            f"THEN CAST({value} AS REAL) END)")


class StoreHandle:
    """One logstore's copy: its table and the column of every key."""

    def __init__(self, store_id: int, project: str, logstore: str, keys: List[str]) -> None:
        self.id = store_id
        self.project = project
        self.logstore = logstore
        self.table = f"t{store_id}"
        self.keys: List[str] = []
        self.positions: Dict[str, int] = dict(_FIXED_KEYS)
        self.overflow = False
        self.version = 0
        #: numeric copies of text columns: column name (``l3`` / ``d3``) -> (source column, long | double)
        self.shadows: Dict[str, Tuple[str, str]] = {}
        for key in keys:
            self._add(key)

    def _add(self, key: str) -> int:
        position = len(FIXED_COLUMNS) + len(self.keys)
        self.keys.append(key)
        self.positions[key] = position
        return position

    @property
    def width(self) -> int:
        return len(FIXED_COLUMNS) + len(self.keys)

    def column(self, key: str) -> Optional[str]:
        """The SQL column holding ``key``, or None when no log had it."""
        if key == "__time__":
            return "__time__"
        if key == "__topic__":
            return "__topic__"
        if key == "__source__":
            return "__source__"
        if key == "__time_ns_part__":
            return "__ns__"
        position = self.positions.get(key)
        if position is None:
            return None
        return f"c{position - len(FIXED_COLUMNS)}"

    def columns(self) -> List[str]:
        return list(FIXED_COLUMNS) + [f"c{i}" for i in range(len(self.keys))]


class IndexTables:
    """The searchable copies of the logstores of a :class:`~aliyun.log.emulator.storage.Storage`, and the SQLite
    connection holding them (the base of :class:`~aliyun.log.emulator.query.engine.QueryEngine`).

    ``path``: the database file (None: in memory). ``tz``: the session time zone of SQL timestamps (UTC).
    """

    def __init__(self, path: Optional[str] = None, tz: Optional[tzinfo] = None) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.clock = SessionClock(tz)
        self._patterns: List[Callable[[str], Any]] = []
        self._stores: Dict[int, StoreHandle] = {}
        self._shards: Dict[int, List[int]] = {}  # uid -> [base, store_id, first_seq, next_seq]
        self._last_gc = time.monotonic()
        self._pending: Dict[Tuple[str, str], Tuple[Any, Any, Callable[[], bool]]] = {}
        self._pending_lock = threading.Lock()
        self._wake = threading.Event()
        self._worker: Optional[threading.Thread] = None
        self._closing = False
        self.conn = self._open(path)

    # -- database --------------------------------------------------------------------------------------------------
    def _open(self, path: Optional[str]) -> sqlite3.Connection:
        if path is not None:
            try:
                conn = self._connect(path)
                self._init_schema(conn)
                return conn
            except (sqlite3.DatabaseError, ValueError) as exc:
                logger.warning("rebuilding the query index %s: %s", path, exc)
                for suffix in ("", "-wal", "-shm"):
                    try:
                        os.remove(path + suffix)
                    except OSError:
                        pass
        conn = self._connect(path or ":memory:")
        self._init_schema(conn)
        return conn

    def _connect(self, target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        if target != ":memory:":
            conn.execute("PRAGMA journal_mode=WAL").fetchall()
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-262144")
        self._time = register(conn, self.clock, self._match)
        return conn

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = next(iter(conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchall()), None)
        if row is not None and row[0] != _DB_VERSION:
            raise ValueError(f"query index version {row[0]}, expected {_DB_VERSION}")
        conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('version', ?)", (_DB_VERSION,))
        conn.execute("CREATE TABLE IF NOT EXISTS stores (id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL, "
                     "logstore TEXT NOT NULL, keys TEXT NOT NULL)")
        conn.execute("CREATE TABLE IF NOT EXISTS shard_state (uid INTEGER PRIMARY KEY, base INTEGER NOT NULL, "
                     "store_id INTEGER NOT NULL, first_seq INTEGER NOT NULL, next_seq INTEGER NOT NULL)")
        self._stores.clear()
        self._shards.clear()
        rows = conn.execute("SELECT id, project, logstore, keys FROM stores").fetchall()
        for store_id, project, logstore, keys in rows:
            store = self._stores[store_id] = StoreHandle(store_id, project, logstore, json.loads(keys))
            for column in conn.execute(f"PRAGMA table_info({store.table})").fetchall():
                name = column[1]
                if re.fullmatch(r"[ld]\d+", name):
                    store.shadows[name] = ("c" + name[1:], "long" if name[0] == "l" else "double")
        for uid, base, store_id, first_seq, next_seq in conn.execute(
            "SELECT uid, base, store_id, first_seq, next_seq FROM shard_state"
        ):
            self._shards[uid] = [base, store_id, first_seq, next_seq]

    def close(self) -> None:
        """Stop the background indexer (waiting for a running catch-up) and close the copy's database."""
        with self._pending_lock:
            self._closing = True
            self._pending.clear()
            worker = self._worker
        self._wake.set()
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=10)
        with self.lock:
            try:
                self.conn.close()
            except sqlite3.Error:  # pragma: no cover
                pass

    def _match(self, value: Any, index: int) -> int:
        if value is None:
            return 0
        return 1 if self._patterns[index](value) else 0

    # -- stores ----------------------------------------------------------------------------------------------------
    def _create_store(self, project: str, logstore: str) -> StoreHandle:
        conn = self.conn
        cur = conn.execute("INSERT INTO stores (project, logstore, keys) VALUES (?, ?, '[]')", (project, logstore))
        store = StoreHandle(int(cur.lastrowid or 0), project, logstore, [])
        conn.execute(f"CREATE TABLE {store.table} (_g INTEGER, __time__ INTEGER, __ns__ INTEGER, __topic__, "
                     "__source__, _x)")
        conn.execute(f"CREATE INDEX {store.table}_time ON {store.table} (__time__)")
        self._stores[store.id] = store
        return store

    def _drop_store(self, store: StoreHandle) -> None:
        conn = self.conn
        conn.execute(f"DROP TABLE IF EXISTS {store.table}")
        conn.execute("DELETE FROM stores WHERE id = ?", (store.id,))
        conn.execute("DELETE FROM shard_state WHERE store_id = ?", (store.id,))
        for uid in [uid for uid, state in self._shards.items() if state[1] == store.id]:
            del self._shards[uid]
        self._stores.pop(store.id, None)

    def _numeric(self, store: StoreHandle, value: str, kind: str) -> str:
        """A number column for a SQL value: ``__time__`` itself, a numeric copy of a key's column (created on first
        use, then kept up to date on every insert), or a per-row conversion for other expressions (json paths)."""
        if value == "__time__":
            return value
        if not re.fullmatch(r"c\d+", value):
            return numeric_expr(value, kind)
        name = ("l" if kind == "long" else "d") + value[1:]
        if name not in store.shadows:
            conn = self.conn
            conn.execute("BEGIN")
            try:
                conn.execute(f"ALTER TABLE {store.table} ADD COLUMN {name}")
                conn.execute(f"UPDATE {store.table} SET {name} = {numeric_expr(value, kind)}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            store.shadows[name] = (value, kind)
        return name

    def _add_column(self, store: StoreHandle, key: str) -> Optional[int]:
        if len(store.keys) >= MAX_KEY_COLUMNS:
            store.overflow = True
            return None
        position = store._add(key)
        self.conn.execute(f"ALTER TABLE {store.table} ADD COLUMN c{position - len(FIXED_COLUMNS)}")
        self.conn.execute("UPDATE stores SET keys = ? WHERE id = ?", (json.dumps(store.keys), store.id))
        return position

    def _store_for(self, project: str, logstore: str, shards: List[Tuple[int, int, int, int, Any]]) -> StoreHandle:
        """The copy of a logstore, identified by its shards (a re-created logstore gets a new copy)."""
        owners = {
            self._shards[uid][1]
            for uid, base, _first, _next, _shard in shards
            if uid in self._shards and self._shards[uid][0] == base
        }
        store: Optional[StoreHandle] = None
        if len(owners) == 1:
            store = self._stores.get(next(iter(owners)))
        if store is None or (store.project, store.logstore) != (project, logstore):
            for other in [s for s in self._stores.values() if (s.project, s.logstore) == (project, logstore)]:
                self._drop_store(other)
            for owner in owners:
                if owner in self._stores:
                    self._drop_store(self._stores[owner])
            store = self._create_store(project, logstore)
        return store

    def sync(self, storage: Any, ls: Any) -> StoreHandle:
        """Bring the copy of logstore ``ls`` (of ``storage``) up to date and return it.

        The engine lock is taken per batch of groups, so a long catch-up (e.g. in the background after a big
        write) does not hold up queries of other logstores.
        """
        with storage.lock:
            shards = [(s.uid, s.cursor_base, s.first_seq, s.next_seq, s) for s in ls.shards.values()]
        with self.lock:
            if time.monotonic() - self._last_gc > _GC_INTERVAL:
                self._gc(storage)
            conn = self.conn
            conn.execute("BEGIN")
            try:
                store = self._store_for(ls.project, ls.name, shards)
                live = {uid for uid, *_rest in shards}
                for uid in [u for u, state in self._shards.items() if state[1] == store.id and u not in live]:
                    self._delete_groups(store, uid, 0, 1 << _SEQ_BITS)
                    conn.execute("DELETE FROM shard_state WHERE uid = ?", (uid,))
                    del self._shards[uid]
                for uid, base, first_seq, _next_seq, _shard in shards:
                    state = self._shards.get(uid)
                    if state is None:
                        state = self._shards[uid] = [base, store.id, first_seq, first_seq]
                        conn.execute("INSERT OR REPLACE INTO shard_state VALUES (?, ?, ?, ?, ?)",
                                     (uid, base, store.id, first_seq, first_seq))
                    if first_seq > state[2]:
                        self._delete_groups(store, uid, 0, first_seq)
                        state[2] = first_seq
                        state[3] = max(state[3], first_seq)
                        conn.execute("UPDATE shard_state SET first_seq = ?, next_seq = ? WHERE uid = ?",
                                     (state[2], state[3], uid))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        for uid, _base, _first_seq, next_seq, shard in shards:
            while True:
                with self.lock:
                    state = self._shards.get(uid)
                    if state is None or state[1] != store.id or state[3] >= next_seq:
                        break
                    groups = storage.read_groups(shard, state[3], next_seq, _READ_BATCH, _READ_BYTES)
                    if not groups:
                        break
                    self._append_groups(store, uid, groups)
                    state[3] = groups[-1].seq + 1
        return store

    def _gc(self, storage: Any) -> None:
        """Drop copies of logstores that no longer exist (deleted, or the whole emulator reset)."""
        self._last_gc = time.monotonic()
        with storage.lock:
            live = {
                (project.name, ls.name): {(shard.uid, shard.cursor_base) for shard in ls.shards.values()}
                for project in storage.projects.values()
                for ls in project.logstores.values()
            }
        for store in list(self._stores.values()):
            uids = {uid for uid, state in self._shards.items() if state[1] == store.id}
            if uids and all(uid < 0 for uid in uids):
                continue  # loaded directly (load_logs), not from a storage
            shards = live.get((store.project, store.logstore), set())
            if not any((uid, self._shards[uid][0]) in shards for uid in uids):
                self.conn.execute("BEGIN")
                try:
                    self._drop_store(store)
                    self.conn.execute("COMMIT")
                except BaseException:
                    self.conn.execute("ROLLBACK")
                    raise

    # -- background catch-up -----------------------------------------------------------------------------------------
    def schedule(self, storage: Any, ls: Any, wanted: Callable[[], bool]) -> None:
        """Catch the copy of ``ls`` up soon, in a background thread, if ``wanted()`` (it has an index) then.

        Called after writes, so queries find the logs already copied (the service, too, makes written logs
        searchable within seconds). Queries still catch up themselves: they never miss an acknowledged write.
        """
        with self._pending_lock:
            if self._closing:
                return
            self._pending[(ls.project, ls.name)] = (storage, ls, wanted)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="sls-emulator-indexer", daemon=True)
                self._worker.start()
        self._wake.set()

    def _work(self) -> None:
        idle_since = time.monotonic()
        while True:
            woken = self._wake.wait(timeout=1.0)
            if woken:
                time.sleep(_DEBOUNCE)  # let a burst of writes land first
                self._wake.clear()
            with self._pending_lock:
                pending = list(self._pending.values())
                self._pending.clear()
                if self._closing or (not pending and time.monotonic() - idle_since > _WORKER_IDLE):
                    self._worker = None
                    return
            if pending:
                idle_since = time.monotonic()
            for storage, ls, wanted in pending:
                if getattr(storage, "_closed", False) or getattr(ls, "deleted", False):
                    continue
                try:
                    if wanted():
                        self.sync(storage, ls)
                except Exception as exc:  # the next query retries and reports it
                    logger.debug("background indexing of %s/%s failed: %s", ls.project, ls.name, exc)

    def _delete_groups(self, store: StoreHandle, uid: int, first_seq: int, stop_seq: int) -> None:
        base = uid << _SEQ_BITS
        self.conn.execute(f"DELETE FROM {store.table} WHERE _g >= ? AND _g < ?", (base + first_seq, base + stop_seq))
        store.version += 1

    def _columns_for(self, store: StoreHandle, keys: Tuple[str, ...]) -> Optional[List[str]]:
        """The table columns of ``keys`` (added when new); None when some key is beyond the column limit."""
        columns = []
        for key in keys:
            position = store.positions.get(key)
            if position is None:
                position = self._add_column(store, key)
                if position is None:
                    return None
            fixed = len(FIXED_COLUMNS)
            columns.append(FIXED_COLUMNS[position] if position < fixed else f"c{position - fixed}")
        return columns

    def _append_groups(self, store: StoreHandle, uid: int, groups: Sequence[Any]) -> None:
        """Decode and insert groups. Logs are inserted in order, in runs of logs with the same keys (one INSERT
        statement per run: values go in as they come out of the decoder, without a Python loop per field)."""
        from aliyun.log.codec import flatten_log_groups

        conn = self.conn
        runs: List[Tuple[Tuple[str, ...], List[Tuple[Any, ...]]]] = []
        for group in groups:
            gid = (uid << _SEQ_BITS) | group.seq
            try:
                logs = flatten_log_groups([group.data], decode_bytes=True)
            except Exception as exc:  # a stored group that does not parse: skip it, keep the rest queryable
                logger.warning("cannot decode a stored log group of %s/%s: %s", store.project, store.logstore, exc)
                continue
            previous: Optional[Tuple[str, ...]] = runs[-1][0] if runs else None
            rows = runs[-1][1] if runs else []
            for log in logs:
                keys = tuple(log)
                if keys != previous:
                    rows = []
                    runs.append((keys, rows))
                    previous = keys
                rows.append((gid, *log.values()))
        conn.execute("BEGIN")
        try:
            last_rowid = conn.execute(f"SELECT max(rowid) FROM {store.table}").fetchall()[0][0] or 0
            for keys, rows in runs:
                columns = self._columns_for(store, keys)
                if columns is None:
                    self._insert_overflow(store, keys, rows)
                    continue
                marks = ", ".join("?" * (len(columns) + 1))
                conn.executemany(f"INSERT INTO {store.table} (_g, {', '.join(columns)}) VALUES ({marks})", rows)
            if store.shadows and runs:
                assignments = ", ".join(f"{name} = {numeric_expr(source, kind)}"
                                        for name, (source, kind) in store.shadows.items())
                conn.execute(f"UPDATE {store.table} SET {assignments} WHERE rowid > ?", (last_rowid,))
            conn.execute("UPDATE shard_state SET next_seq = ? WHERE uid = ?", (groups[-1].seq + 1, uid))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            self._reload_keys(store)
            raise
        store.version += 1

    def _reload_keys(self, store: StoreHandle) -> None:
        """After a rollback: forget columns added by the failed transaction."""
        row = next(iter(self.conn.execute("SELECT keys FROM stores WHERE id = ?", (store.id,)).fetchall()), None)
        fresh = StoreHandle(store.id, store.project, store.logstore, json.loads(row[0]) if row else [])
        store.keys, store.positions = fresh.keys, fresh.positions
        store.version += 1

    def _insert_overflow(self, store: StoreHandle, keys: Tuple[str, ...], rows: List[Tuple[Any, ...]]) -> None:
        """Logs with keys beyond the column limit: those keys go into the ``_x`` JSON column."""
        kept = [key for key in keys if key in store.positions]
        columns = self._columns_for(store, tuple(kept)) or []
        indexes = [keys.index(key) + 1 for key in kept]
        extra_indexes = [(key, keys.index(key) + 1) for key in keys if key not in store.positions]
        marks = ", ".join("?" * (len(columns) + 2))
        self.conn.executemany(
            f"INSERT INTO {store.table} (_g, _x{''.join(', ' + c for c in columns)}) VALUES ({marks})",
            [
                (row[0], json.dumps({key: row[i] for key, i in extra_indexes}, ensure_ascii=False),
                 *[row[i] for i in indexes])
                for row in rows
            ],
        )

    def load_logs(self, project: str, logstore: str, logs: Sequence[Dict[str, Any]]) -> StoreHandle:
        """Put flattened logs (``__time__`` int, ``__topic__``...) into a copy directly (tests, tools)."""
        from aliyun.log.codec import encode_log_group

        class _Group:
            def __init__(self, seq: int, data: bytes) -> None:
                self.seq = seq
                self.data = data

        with self.lock:
            store = next((s for s in self._stores.values() if (s.project, s.logstore) == (project, logstore)),
                         None)
            if store is None:
                self.conn.execute("BEGIN")
                store = self._create_store(project, logstore)
                self.conn.execute("COMMIT")
            uid = -store.id
            groups = []
            seq = self._shards.get(uid, [0, store.id, 0, 0])[3]
            by_meta: Dict[Tuple[Any, ...], List[Dict[str, Any]]] = {}
            for log in logs:
                tags = tuple(sorted((k[8:], str(v)) for k, v in log.items() if k.startswith("__tag__:")))
                meta = (log.get("__topic__") or "", log.get("__source__") or "", tags)
                content = {"__time__": log["__time__"]}
                content.update((k, v) for k, v in log.items()
                               if k not in ("__topic__", "__source__") and not k.startswith("__tag__:"))
                by_meta.setdefault(meta, []).append(content)
            for (topic, source, tags), items in by_meta.items():
                groups.append(_Group(seq, encode_log_group(items, topic, source, list(tags))))
                seq += 1
            if uid not in self._shards:
                self._shards[uid] = [0, store.id, 0, 0]
                self.conn.execute("INSERT OR REPLACE INTO shard_state VALUES (?, 0, ?, 0, 0)", (uid, store.id))
            if groups:
                self._append_groups(store, uid, groups)
                self._shards[uid][3] = seq
            return store
