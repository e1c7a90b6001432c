"""The query engine: a searchable SQLite copy of every queried logstore, kept up to date incrementally.

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

Before every query the copy catches up with the shards: groups stored since the last query are decoded once (with
``aliyun.log.codec``) and appended; shards that disappeared or expired groups are removed. A search compiles to a
WHERE clause (exact token checks run in Python only on rows a cheap ``LIKE`` / ``instr`` pre-filter lets through);
SQL runs on a common table expression ``log`` exposing the indexed fields with their index types.
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

from ..core import ApiError
from .functions import FunctionError, SessionClock, format_value, last_error, parse_window, register
from .index import FieldSpec, IndexSpec, Tokenizer
from .search import And, Compare, MatchAll, Node, Not, Or, Range, SearchSyntaxError, Term, parse_search, split_query
from .sql import DEFAULT_LIMIT, SqlError, SqlPlan, analyse, leading_with

__all__ = ["Histogram", "LogsResult", "QueryEngine", "QueryError", "StoreHandle", "choose_interval"]

logger = logging.getLogger("aliyun.log.emulator.query")

INDEX_DB_NAME = "query-index.sqlite3"
_DB_VERSION = "1"
_SEQ_BITS = 40
#: The most columns one logstore copy gets; further keys go to the ``_x`` JSON column.
MAX_KEY_COLUMNS = 1900
_FIXED = ("_g", "__time__", "__ns__", "__topic__", "__source__", "_x")
_FIXED_KEYS = {"__time__": 1, "__time_ns_part__": 2, "__topic__": 3, "__source__": 4}
_READ_BATCH = 512
_READ_BYTES = 32 * 1024 * 1024
#: Logs one GetLogs call returns at most.
MAX_LINE = 100
#: Histogram sub-interval widths, smallest first; the smallest giving at most ``_MAX_BUCKETS`` buckets is used.
_INTERVALS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
              172800, 604800, 2592000, 31536000)
_MAX_BUCKETS = 60
#: Seconds between scans for copies of deleted logstores.
_GC_INTERVAL = 30.0
#: ``__time__`` in a search (``__time__ > 1700000000``) is a long field.
_TIME_FIELD = FieldSpec("__time__", "long", Tokenizer((), True), True)
#: The background indexer waits this long after a write for more writes, and stops after this long idle.
_DEBOUNCE = 0.05
_WORKER_IDLE = 30.0


def QueryError(message: str, code: str = "ParameterInvalid", status: int = 400) -> ApiError:
    """A query the service would reject (400 ``ParameterInvalid`` unless told otherwise)."""
    return ApiError(status, code, message)


def no_index_error() -> ApiError:
    return ApiError(400, "IndexConfigNotExist", "logstore without index config")


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
        position = len(_FIXED) + len(self.keys)
        self.keys.append(key)
        self.positions[key] = position
        return position

    @property
    def width(self) -> int:
        return len(_FIXED) + len(self.keys)

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
        return f"c{position - len(_FIXED)}"

    def columns(self) -> List[str]:
        return list(_FIXED) + [f"c{i}" for i in range(len(self.keys))]


class Histogram:
    __slots__ = ("count", "start", "stop")

    def __init__(self, start: int, stop: int, count: int) -> None:
        self.start = start
        self.stop = stop
        self.count = count

    def to_json(self) -> Dict[str, Any]:
        return {"from": self.start, "to": self.stop, "count": self.count, "progress": "Complete"}


class LogsResult:
    """The answer of a GetLogs query: result objects (string values only) and the query meta."""

    def __init__(self, logs: List[Dict[str, str]], meta: Dict[str, Any]) -> None:
        self.logs = logs
        self.meta = meta


def choose_interval(start: int, stop: int) -> int:
    span = max(1, stop - start)
    for width in _INTERVALS:
        if span / width <= _MAX_BUCKETS:
            return width
    return _INTERVALS[-1]


# ---------------------------------------------------------------------------------------------------------------------
# Search compilation


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def _numeric_expr(value: str, kind: str) -> str:
    """A SQL expression: ``value`` as a number (long or double), NULL when it is not one."""
    if value == "__time__":
        return value
    if kind == "long":
        return (f"(CASE WHEN {value} GLOB '*[0-9]*' AND NOT {value} GLOB '*[^0-9+-]*' "
                f"THEN CAST({value} AS INTEGER) END)")
    return (f"(CASE WHEN {value} GLOB '*[0-9]*' AND NOT {value} GLOB '*[^0-9.eE+-]*' "
            f"THEN CAST({value} AS REAL) END)")


def _token_finder(token: str, tokenizer: Tokenizer) -> Callable[[str], bool]:
    """A test "``token`` is one of the tokens of the value" (``token`` already case-folded as the tokenizer does).

    ``str.find`` plus a look at the characters around each hit: several times faster than a regular expression
    with boundary alternatives, and this runs for every candidate row of a search.
    """
    delimiters = frozenset(tokenizer.delimiters)
    size = len(token)
    fold = tokenizer.fold

    def found(value: str) -> bool:
        text = fold(value if isinstance(value, str) else str(value))
        end = len(text)
        at = text.find(token)
        while at >= 0:
            if (at == 0 or text[at - 1] in delimiters) and (at + size == end or text[at + size] in delimiters):
                return True
            at = text.find(token, at + 1)
        return False

    return found


def _parse_number(text: str) -> Optional[float]:
    try:
        return float(text)
    except ValueError:
        return None


class _SearchCompiler:
    """Search tree → SQL condition (0/1, never NULL) over a store's table."""

    def __init__(self, store: StoreHandle, spec: IndexSpec, patterns: List[Callable[[str], Any]],
                 numeric: Optional[Callable[[str, str], str]] = None) -> None:
        self.store = store
        self.spec = spec
        self.params: List[Any] = []
        self.patterns = patterns
        self.numeric_of = numeric or _numeric_expr
        self.keys: List[str] = []
        self.terms: List[Dict[str, str]] = []

    # -- tree ------------------------------------------------------------------------------------------------------
    def compile(self, node: Node) -> str:
        if isinstance(node, MatchAll):
            return "1"
        if isinstance(node, And):
            return "(" + " AND ".join(self.compile(item) for item in node.items) + ")"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.compile(item) for item in node.items) + ")"
        if isinstance(node, Not):
            return f"(NOT {self.compile(node.item)})"
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, (Compare, Range)):
            return self.numeric(node)
        raise TypeError(f"unexpected search node {node!r}")  # pragma: no cover

    # -- fields ----------------------------------------------------------------------------------------------------
    def _field(self, key: str) -> Tuple[Optional[str], Optional[FieldSpec]]:
        """(SQL value expression or None when no log has the key, field spec or None for exact matching)."""
        if key in ("__topic__", "__source__"):
            return key, None
        if key == "__time__":
            return key, _TIME_FIELD
        spec = self.spec.field(key)
        if spec is not None:
            return self.store.column(key), spec
        found = self.spec.json_field(key)
        if found is not None:
            parent, path, sub = found
            column = self.store.column(parent.key)
            if column is None:
                return None, sub
            return f"sls_json({column}, '{path.replace(chr(39), chr(39) * 2)}')", sub
        if key.startswith("__tag__:") or key.startswith("__"):
            return self.store.column(key), None
        raise QueryError(
            f"key {key} has no field index: add it to the logstore's index keys to search {key}: ...",
        )

    def term(self, node: Term) -> str:
        if node.key is None:
            return self.fulltext(node)
        value, spec = self._field(node.key)
        if node.key not in self.keys:
            self.keys.append(node.key)
        self.terms.append({"key": node.key, "term": node.text})
        if value is None:
            return "0"
        if node.text == "*" and not node.quoted:
            return f"({value} IS NOT NULL)"
        if spec is None:
            return self.exact(value, node)
        if spec.numeric:
            number = _parse_number(node.text)
            if number is not None and not node.wildcard:
                self.params.append(number)
                return f"IFNULL({self.numeric_of(value, spec.kind)} = ?, 0)"
            return self.exact(value, node)
        return self.text_match([value], node, spec.tokenizer)

    def exact(self, value: str, node: Term) -> str:
        if node.wildcard and not node.quoted:
            self.params.append(_glob_escape(node.text).replace("[*]", "*").replace("[?]", "?"))
            return f"IFNULL({value} GLOB ?, 0)"
        self.params.append(node.text)
        return f"IFNULL({value} = ?, 0)"

    def fulltext(self, node: Term) -> str:
        self.terms.append({"key": "", "term": node.text})
        line = self.spec.line
        if line is None:
            raise QueryError(
                f"full-text search of {node.text!r} needs a full-text (line) index; the logstore's index has none "
                "(search a field instead: key: value)"
            )
        keys = self.spec.fulltext_keys(self.store.keys)
        columns = [self.store.column(key) for key in keys]
        return self.text_match([c for c in columns if c], node, line.tokenizer)

    # -- text matching ---------------------------------------------------------------------------------------------
    def text_match(self, values: Sequence[str], node: Term, tokenizer: Tokenizer) -> str:
        if not values:
            return "0"
        if node.quoted:
            tokens = tokenizer.tokens(node.text)
            if not tokens:
                if node.text:
                    return "0"  # nothing but delimiters: no token can match
                return "(" + " OR ".join(f"IFNULL({v} = '', 0)" for v in values) + ")"  # key: "" (empty value)
            return self._pattern_condition(values, self._phrase_regex(tokens, tokenizer), max(tokens, key=len),
                                           tokenizer, None)
        if node.wildcard:
            pieces = self._wildcard_pieces(node.text, tokenizer)
            parts = []
            for piece in pieces:
                literal = max(re.split(r"[*?]", piece), key=len)
                parts.append(self._pattern_condition(values, self._wildcard_regex(piece, tokenizer), literal,
                                                     tokenizer, None))
            return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"
        tokens = tokenizer.tokens(node.text)
        if not tokens:
            return "0"
        # A whole value equal to the token matches without a Python call: worth it for a field (status: GET), not
        # across every field of a full-text search, where values rarely are one word.
        equal = len(values) == 1
        parts = [self._pattern_condition(values, _token_finder(token, tokenizer), token, tokenizer,
                                         token if equal else None)
                 for token in tokens]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    @staticmethod
    def _wildcard_pieces(text: str, tokenizer: Tokenizer) -> List[str]:
        delimiters = [d for d in tokenizer.delimiters if d not in "*?"]
        folded = tokenizer.fold(text)
        if not delimiters:
            return [folded]
        pieces = re.split("[" + "".join(re.escape(d) for d in delimiters) + "]+", folded)
        return [p for p in pieces if p] or [folded]

    @staticmethod
    def _class(tokenizer: Tokenizer) -> str:
        return "".join(re.escape(d) for d in tokenizer.delimiters)

    def _bounds(self, tokenizer: Tokenizer) -> Tuple[str, str, str]:
        delims = self._class(tokenizer)
        if not delims:
            return "^", "$", ""
        return f"(?:^|[{delims}])", f"(?=[{delims}]|$)", delims

    def _phrase_regex(self, tokens: List[str], tokenizer: Tokenizer) -> re.Pattern[str]:
        head, tail, delims = self._bounds(tokenizer)
        glue = f"[{delims}]+" if delims else ""
        body = glue.join(re.escape(t) for t in tokens)
        return re.compile(head + body + tail, 0 if tokenizer.case_sensitive else re.IGNORECASE)

    def _wildcard_regex(self, piece: str, tokenizer: Tokenizer) -> re.Pattern[str]:
        head, tail, delims = self._bounds(tokenizer)
        inner = f"[^{delims}]" if delims else "."
        body = "".join(f"{inner}*" if ch == "*" else inner if ch == "?" else re.escape(ch) for ch in piece)
        return re.compile(head + body + tail, 0 if tokenizer.case_sensitive else re.IGNORECASE)

    def _pattern_condition(self, values: Sequence[str], pattern: Any, literal: str,
                           tokenizer: Tokenizer, equal: Optional[str]) -> str:
        index = len(self.patterns)
        self.patterns.append(pattern.search if hasattr(pattern, "search") else pattern)
        conditions = []
        for value in values:
            checks = []
            params: List[Any] = []
            if equal is not None and equal.isascii():
                checks.append(f"{value} = ?" + ("" if tokenizer.case_sensitive else " COLLATE NOCASE"))
                params.append(equal)
            test = f"sls_m({value}, {index})"
            if literal and tokenizer.case_sensitive:
                test = f"(instr({value}, ?) > 0 AND {test})"
                params.append(literal)
            elif literal and literal.isascii():
                test = f"({value} LIKE ? ESCAPE '\\' AND {test})"
                params.append(f"%{_like_escape(literal)}%")
            checks.append(test)
            self.params.extend(params)
            conditions.append(f"({value} IS NOT NULL AND ({' OR '.join(checks)}))")
        return conditions[0] if len(conditions) == 1 else "(" + " OR ".join(conditions) + ")"

    # -- numbers ---------------------------------------------------------------------------------------------------
    def numeric(self, node: Any) -> str:
        value, spec = self._field(node.key)
        if node.key not in self.keys:
            self.keys.append(node.key)
        if spec is None or not spec.numeric:
            kind = "text" if spec is None else spec.kind
            raise QueryError(
                f"{node.key}: a range or comparison needs a long or double field index, {node.key} is indexed as "
                f"{kind}"
            )
        if value is None:
            return "0"
        number = self.numeric_of(value, spec.kind)
        if isinstance(node, Compare):
            op = "=" if node.op == "=" else node.op
            self.params.append(node.value)
            return f"IFNULL({number} {op} ?, 0)"
        low_op = ">=" if node.low_inclusive else ">"
        high_op = "<=" if node.high_inclusive else "<"
        self.params.extend([node.low, node.high])
        return f"IFNULL({number} {low_op} ? AND {number} {high_op} ?, 0)"


# ---------------------------------------------------------------------------------------------------------------------
# Engine


class QueryEngine:
    """Searches and analyses logstores of a :class:`~aliyun.log.emulator.storage.Storage`.

    ``path``: the engine's database file (None: in memory). ``tz``: the session time zone of SQL timestamps (UTC).
    One engine serves one emulator; its methods are thread-safe (queries run one at a time).
    """

    def __init__(self, path: Optional[str] = None, tz: Optional[tzinfo] = None) -> None:
        self.path = path
        self.lock = threading.RLock()
        self.clock = SessionClock(tz)
        self._patterns: List[Callable[[str], Any]] = []
        self._stores: Dict[int, StoreHandle] = {}
        self._shards: Dict[int, List[int]] = {}  # uid -> [base, store_id, first_seq, next_seq]
        self._range_counts: Dict[Tuple[Any, ...], int] = {}
        self._continuations: Dict[Tuple[Any, ...], Tuple[int, int]] = {}
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
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-262144")
        self._time = register(conn, self.clock, self._match)
        return conn

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        row = conn.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
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
            return _numeric_expr(value, kind)
        name = ("l" if kind == "long" else "d") + value[1:]
        if name not in store.shadows:
            conn = self.conn
            conn.execute("BEGIN")
            try:
                conn.execute(f"ALTER TABLE {store.table} ADD COLUMN {name}")
                conn.execute(f"UPDATE {store.table} SET {name} = {_numeric_expr(value, kind)}")
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
        self.conn.execute(f"ALTER TABLE {store.table} ADD COLUMN c{position - len(_FIXED)}")
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
            columns.append(_FIXED[position] if position < len(_FIXED) else f"c{position - len(_FIXED)}")
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
            last_rowid = conn.execute(f"SELECT max(rowid) FROM {store.table}").fetchone()[0] or 0
            for keys, rows in runs:
                columns = self._columns_for(store, keys)
                if columns is None:
                    self._insert_overflow(store, keys, rows)
                    continue
                marks = ", ".join("?" * (len(columns) + 1))
                conn.executemany(f"INSERT INTO {store.table} (_g, {', '.join(columns)}) VALUES ({marks})", rows)
            if store.shadows and runs:
                assignments = ", ".join(f"{name} = {_numeric_expr(source, kind)}"
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
        row = self.conn.execute("SELECT keys FROM stores WHERE id = ?", (store.id,)).fetchone()
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

    # -- helpers ---------------------------------------------------------------------------------------------------
    def _condition(self, store: StoreHandle, spec: IndexSpec, search: str, from_time: int, to_time: int,
                   topic: Optional[str], first: bool = True) -> Tuple[str, List[Any], _SearchCompiler]:
        """The WHERE clause of a search; ``first=False`` keeps the patterns of earlier conditions of the same
        statement (a UNION of several conditions)."""
        try:
            tree = parse_search(search)
        except SearchSyntaxError as exc:
            raise QueryError(f"query syntax error: {exc}") from None
        if first:
            self._patterns = []
        compiler = _SearchCompiler(store, spec, self._patterns, lambda value, kind: self._numeric(store, value, kind))
        condition = compiler.compile(tree)
        where = "__time__ >= ? AND __time__ < ?"
        params: List[Any] = [from_time, to_time]
        if topic:
            where += " AND __topic__ = ?"
            params.append(topic)
        if condition != "1":
            where += f" AND {condition}"
            params.extend(compiler.params)
        return where, params, compiler

    def _range_count(self, store: StoreHandle, from_time: int, to_time: int) -> int:
        key = (store.id, store.version, from_time, to_time)
        count = self._range_counts.get(key)
        if count is None:
            count = self.conn.execute(
                f"SELECT count(*) FROM {store.table} WHERE __time__ >= ? AND __time__ < ?", (from_time, to_time)
            ).fetchone()[0]
            if len(self._range_counts) > 256:
                self._range_counts.clear()
            self._range_counts[key] = count
        return count

    def _row_to_log(self, store: StoreHandle, row: Sequence[Any]) -> Dict[str, str]:
        log: Dict[str, str] = {"__time__": str(row[1])}
        if row[2] is not None:
            log["__time_ns_part__"] = str(row[2])
        log["__topic__"] = row[3] if row[3] is not None else ""
        log["__source__"] = row[4] if row[4] is not None else ""
        for key, value in zip(store.keys, row[len(_FIXED):]):
            if value is not None:
                log[key] = value
        if row[5]:
            log.update(json.loads(row[5]))
        return log

    def _execute(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except FunctionError as exc:  # pragma: no cover - sqlite wraps these
            raise QueryError(str(exc)) from None
        except sqlite3.Error as exc:
            raise self._sql_error(exc) from None

    def _sql_error(self, exc: sqlite3.Error) -> ApiError:
        message = str(exc)
        failed = last_error()
        if "user-defined function raised exception" in message or "user-defined aggregate" in message:
            return QueryError(failed or message)
        match = re.match(r"no such column: (.+)", message)
        if match:
            name = match.group(1).strip().strip('"')
            return QueryError(
                f"line 1:1: Column '{name}' cannot be resolved; the logstore's index has no field '{name}' with "
                "analytics (doc_value) enabled"
            )
        match = re.match(r"no such table: (.+)", message)
        if match:
            return QueryError(f"line 1:1: Table '{match.group(1)}' does not exist")
        return QueryError(f"SQL error: {message}")

    # -- GetLogs ---------------------------------------------------------------------------------------------------
    def get_logs(self, store: StoreHandle, spec: IndexSpec, from_time: int, to_time: int, query: Optional[str],
                 topic: Optional[str] = None, line: int = MAX_LINE, offset: int = 0,
                 reverse: bool = False, pack: Optional[Callable[[int, int], Dict[str, str]]] = None,
                 sql_limit: int = DEFAULT_LIMIT) -> LogsResult:
        """Run a GetLogs query (search, or search | SQL) over ``[from_time, to_time)``; ``pack(_g, rowid)`` adds
        fields to each log of a search (its pack id and meta, see ``rows.py``); ``sql_limit`` is the LIMIT of a SQL
        statement without one (0: none, as async SQL)."""
        if not spec.exists:
            raise no_index_error()
        started = time.perf_counter()
        search, sql = split_query(query)
        with self.lock:
            where, params, compiler = self._condition(store, spec, search, from_time, to_time, topic)
            processed = self._range_count(store, from_time, to_time)
            if sql is not None:
                return self._run_sql(store, spec, where, params, sql, search, compiler, processed, started,
                                     from_time, to_time, sql_limit)
            line = max(0, min(int(line), MAX_LINE))
            order = "DESC" if reverse else "ASC"
            continuation_key = (store.id, store.version, spec.fingerprint, from_time, to_time, topic, search,
                                reverse, offset)
            resume = self._continuations.get(continuation_key)
            extra_where = ""
            extra_params: List[Any] = []
            skip = offset
            if resume is not None:
                last_time, last_rowid = resume
                if reverse:
                    extra_where = " AND __time__ <= ? AND (__time__ < ? OR rowid < ?)"
                else:
                    extra_where = " AND __time__ >= ? AND (__time__ > ? OR rowid > ?)"
                extra_params = [last_time, last_time, last_rowid]
                skip = 0
            rows = self._execute(
                f"SELECT rowid, {', '.join(store.columns())} FROM {store.table} WHERE {where}{extra_where} "
                f"ORDER BY __time__ {order}, rowid {order} LIMIT ? OFFSET ?",
                params + extra_params + [line, skip],
            ).fetchall()
            if rows and line:
                next_key = (*continuation_key[:-1], offset + len(rows))
                if len(self._continuations) > 1024:
                    self._continuations.clear()
                self._continuations[next_key] = (rows[-1][2], rows[-1][0])
            logs = [self._row_to_log(store, row[1:]) for row in rows]
            if pack is not None:
                for log, row in zip(logs, rows):
                    log.update(pack(row[1], row[0]))
        meta = self._meta(len(logs), processed, started, False, search, "", compiler, [])
        return LogsResult(logs, meta)

    def _meta(self, count: int, processed: int, started: float, has_sql: bool, search: str, agg: str,
              compiler: _SearchCompiler, keys: List[str], column_types: Optional[List[str]] = None) -> Dict[str, Any]:
        elapsed = int((time.perf_counter() - started) * 1000)
        meta: Dict[str, Any] = {
            "progress": "Complete",
            "count": count,
            "processedRows": processed,
            "elapsedMillisecond": elapsed,
            "hasSQL": has_sql,
            "whereQuery": search,
            "aggQuery": agg,
            "cpuSec": round(elapsed / 1000.0, 3),
            "cpuCores": 1,
            "limited": 0,
            "processedBytes": 0,
            "telementryType": "logging",
            "powerSql": False,
            "insertedSQL": "",
            "keys": keys if has_sql else compiler.keys,
            "terms": compiler.terms,
            "marker": "",
            "mode": 0,
            "phraseQueryInfo": {"scanAll": False, "beginOffset": 0, "endOffset": 0, "endTime": 0},
            "scanBytes": 0,
            "isAccurate": True,
            "columnTypes": column_types or [],
            "highlights": [],
        }
        return meta

    # -- SQL -------------------------------------------------------------------------------------------------------
    def _column_exprs(self, store: StoreHandle, spec: IndexSpec) -> Dict[str, str]:
        """SQL name → expression over the store's table, for the ``log`` relation."""
        exprs: Dict[str, str] = {
            "__time__": "__time__",
            "__topic__": "__topic__",
            "__source__": "__source__",
            "__date__": "from_unixtime(__time__)",
        }
        for name, (source, field, path) in spec.analytic_columns().items():
            column = store.column(source)
            if column is None:
                exprs[name] = "NULL"
                continue
            value = column
            if path is not None:
                value = f"sls_json({column}, '{path.replace(chr(39), chr(39) * 2)}')"
            if field.kind in ("long", "double"):
                value = self._numeric(store, value, field.kind)
            exprs[name] = value
        return exprs

    @staticmethod
    def _quote(name: str) -> str:
        return '"' + name.replace('"', '""') + '"'

    def _relation(self, store: StoreHandle, exprs: Dict[str, str], names: Sequence[str], where: str) -> str:
        columns = ", ".join(f"{exprs.get(name, 'NULL')} AS {self._quote(name)}" for name in names)
        return f"SELECT {columns} FROM {store.table} WHERE {where}"

    def _run_sql(self, store: StoreHandle, spec: IndexSpec, where: str, params: List[Any], sql: str, search: str,
                 compiler: _SearchCompiler, processed: int, started: float, from_time: int,
                 to_time: int, sql_limit: int = DEFAULT_LIMIT) -> LogsResult:
        try:
            plan = analyse(sql, "log", default_limit=sql_limit)
        except SqlError as exc:
            raise QueryError(str(exc)) from None
        exprs = self._column_exprs(store, spec)
        relation = self._relation(store, exprs, list(exprs), where)
        body, had_with = leading_with(plan.sql)
        aliases = [f'"log" AS ({relation})']
        if store.logstore.lower() != "log":
            aliases.append(f"{self._quote(store.logstore)} AS (SELECT * FROM \"log\")")
        statement = "WITH " + ", ".join(aliases) + (", " if had_with else " ") + body
        columns, rows = self._fetch(statement, params, plan, from_time, to_time)
        return LogsResult(rows, self._meta(len(rows), processed, started, True, search, sql, compiler, columns,
                                           self._column_types))

    _column_types: List[str] = []

    def _fetch(self, statement: str, params: Sequence[Any], plan: SqlPlan, from_time: Optional[int],
               to_time: Optional[int]) -> Tuple[List[str], List[Dict[str, str]]]:
        last_error()
        cursor = self._execute(statement, params)
        try:
            raw_rows = cursor.fetchall()
        except sqlite3.Error as exc:
            raise self._sql_error(exc) from None
        description = cursor.description or []
        names = [d[0] for d in description]
        if plan.names is not None and len(plan.names) == len(names):
            names = [override or name for override, name in zip(plan.names, names)]
        if plan.fill is not None and from_time is not None and to_time is not None:
            raw_rows = self._fill_time_series(raw_rows, plan, from_time, to_time)
        types: List[str] = []
        for index in range(len(names)):
            sample = next((r[index] for r in raw_rows if r[index] is not None), None)
            types.append("bigint" if isinstance(sample, int) else "double" if isinstance(sample, float)
                         else "varchar")
        self._column_types = types
        rows = [{name: format_value(value) for name, value in zip(names, row)} for row in raw_rows]
        return names, rows

    def _fill_time_series(self, rows: List[Tuple[Any, ...]], plan: SqlPlan, from_time: int,
                          to_time: int) -> List[Tuple[Any, ...]]:
        """Add a ``padding`` row for every window of ``[from_time, to_time)`` the result lacks (time_series)."""
        fill = plan.fill
        assert fill is not None
        try:
            width = parse_window(fill.window)
        except FunctionError as exc:
            raise QueryError(str(exc)) from None
        index = fill.column
        if rows and index >= len(rows[0]):
            return rows
        ncols = len(rows[0]) if rows else (len(plan.names) if plan.names else index + 1)
        padding: Any = None if fill.padding.lower() == "null" else fill.padding
        present = {row[index] for row in rows}
        filled = list(rows)
        at = self._time.bucket(from_time, width)
        limit = plan.limit if plan.limit is not None else len(rows) + 100_000
        while at < to_time and len(filled) < max(limit, len(rows)):
            label = self._time.date_format(at, fill.fmt)
            if label not in present:
                row: List[Any] = [padding] * ncols
                row[index] = label
                filled.append(tuple(row))
                present.add(label)
            at += width
        filled.sort(key=lambda r: (r[index] is None, str(r[index])))
        return filled[:limit] if plan.limit is not None else filled

    # -- histograms ------------------------------------------------------------------------------------------------
    def histograms(self, store: StoreHandle, spec: IndexSpec, from_time: int, to_time: int, query: Optional[str],
                   topic: Optional[str] = None, interval: Optional[int] = None) -> Tuple[List[Histogram], int]:
        """Counts of matching logs per sub-interval of ``[from_time, to_time)`` (SQL after ``|`` is ignored).

        The range is cut into equal sub-intervals from ``from_time`` (the last one may be shorter): ``interval``
        seconds wide, or the smallest of 1 s, 2 s, 5 s ... 1 day ... giving at most 60 of them.
        """
        if not spec.exists:
            raise no_index_error()
        search, _sql = split_query(query)
        if to_time <= from_time:
            return [], 0
        width = int(interval) if interval else choose_interval(from_time, to_time)
        with self.lock:
            where, params, _compiler = self._condition(store, spec, search, from_time, to_time, topic)
            counts = dict(self._execute(
                f"SELECT (__time__ - ?) / ? AS b, count(*) FROM {store.table} WHERE {where} GROUP BY b",
                [from_time, width, *params],
            ).fetchall())
        result = []
        total = 0
        bucket = 0
        while from_time + bucket * width < to_time:
            start = from_time + bucket * width
            count = counts.get(bucket, 0)
            total += count
            result.append(Histogram(start, min(start + width, to_time), count))
            bucket += 1
        return result, total

    # -- topics ----------------------------------------------------------------------------------------------------
    def topics(self, store: StoreHandle, token: Optional[str], line: int) -> Tuple[List[str], str]:
        """Distinct non-empty topics in order, ``line`` of them from ``token``; and the next token ("" at the end)."""
        with self.lock:
            rows = self.conn.execute(
                f"SELECT DISTINCT __topic__ FROM {store.table} WHERE __topic__ IS NOT NULL AND __topic__ <> '' "
                "AND __topic__ >= ? ORDER BY __topic__ LIMIT ?",
                (token or "", max(0, line) + 1),
            ).fetchall()
        topics = [r[0] for r in rows]
        if len(topics) > line:
            return topics[:line], topics[line]
        return topics, ""

    # -- project SQL -----------------------------------------------------------------------------------------------
    def project_sql(self, logstores: Sequence[str], resolve: Callable[[str], Tuple[StoreHandle, IndexSpec]],
                    sql: str) -> LogsResult:
        """Run a project-level statement over all time: ``FROM ls1, ls2`` reads the union of the named logstores.

        ``logstores``: the project's logstore names; ``resolve(name)`` → (synced copy, index spec), called only for
        the logstores the statement names.
        """
        started = time.perf_counter()
        relations = {name.lower(): name for name in logstores}
        try:
            plan = analyse(sql, "__project__", project_tables=relations)
        except SqlError as exc:
            raise QueryError(str(exc)) from None
        if not plan.tables:
            raise QueryError("a project query names its logstores: select ... from logstore1, logstore2 ...")
        members_needed = list(dict.fromkeys(m for relation in plan.tables for m in relation.split("+")))
        resolved = {member: resolve(member) for member in members_needed}
        with self.lock:
            ctes = []
            processed = 0
            for relation in dict.fromkeys(plan.tables):
                members = relation.split("+")
                exprs_by_member = {}
                for member in members:
                    store, spec = resolved[member]
                    if not spec.exists:
                        raise no_index_error()
                    exprs_by_member[member] = self._column_exprs(store, spec)
                    processed += self._range_count(store, 0, 1 << 40)
                names: List[str] = []
                for exprs in exprs_by_member.values():
                    names.extend(n for n in exprs if n not in names)
                selects = [self._relation(resolved[m][0], exprs_by_member[m], names, "1") for m in members]
                ctes.append(f"{self._quote(relation)} AS ({' UNION ALL '.join(selects)})")
            body, had_with = leading_with(plan.sql)
            statement = "WITH " + ", ".join(ctes) + (", " if had_with else " ") + body
            first_store = next(iter(resolved.values()))[0]
            empty = _SearchCompiler(first_store, IndexSpec.from_config(None), [])
            columns, rows = self._fetch(statement, [], plan, None, None)
            return LogsResult(rows, self._meta(len(rows), processed, started, True, "", sql, empty, columns,
                                               self._column_types))
