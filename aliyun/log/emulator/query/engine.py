"""The query engine: searches, SQL analytics, histograms, topics and project-level SQL over the logstore copies of
:mod:`.tables`.

Before every query the copy catches up with the shards (:meth:`~.tables.IndexTables.sync`). A search compiles to a
WHERE clause (:mod:`.compiler`); SQL runs on a common table expression ``log`` exposing the indexed fields with their
index types; :mod:`.results` shapes the answers.
"""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import tzinfo
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..core import ApiError
from .compiler import QueryError, SearchCompiler, no_index_error
from .functions import FunctionError, format_value, last_error, parse_window
from .index import IndexSpec
from .results import MAX_LINE, Histogram, LogsResult, choose_interval, query_meta, row_to_log
from .search import SearchSyntaxError, parse_search, split_query
from .sql import DEFAULT_LIMIT, SqlError, SqlPlan, analyse, leading_with
from .tables import INDEX_DB_NAME, IndexTables, StoreHandle

__all__ = [
    "INDEX_DB_NAME",
    "MAX_LINE",
    "Histogram",
    "LogsResult",
    "QueryEngine",
    "QueryError",
    "StoreHandle",
    "choose_interval",
]


_SQLITE_SYNTAX = re.compile(r'near "(?P<token>.*)": syntax error|(?P<incomplete>incomplete input)')
#: SQLite's own words, never shown to clients.
_ENGINE_WORDS = re.compile(r"\b(sqlite3?|SQLite)\b:?\s*", re.IGNORECASE)


def _syntax_error(message: str, source: str) -> Optional[ApiError]:
    """``line 1:C: mismatched input 'X'`` for a SQLite syntax error, placed in the user's statement ``source``."""
    match = _SQLITE_SYNTAX.match(message)
    if match is None:
        return None
    token = match.group("token")
    at = -1
    if token and (token.upper() != "LIMIT" or re.search(r"\blimit\b", source, re.IGNORECASE)):
        found = re.search(r"(?<![\w.])" + re.escape(token) + r"(?![\w.])", source, re.IGNORECASE)
        at = found.start() if found else -1
    if at < 0:  # the statement ended early (SQLite saw the LIMIT the emulator appends, or the end)
        return QueryError(f"line 1:{len(source) + 1}: mismatched input '<EOF>'. Expecting: an expression or a "
                          "clause to complete the statement")
    return QueryError(f"line 1:{at + 1}: mismatched input '{source[at:at + len(token)]}'")


class QueryEngine(IndexTables):
    """Searches and analyses logstores of a :class:`~aliyun.log.emulator.storage.Storage`.

    ``path``: the engine's database file (None: in memory). ``tz``: the session time zone of SQL timestamps (UTC).
    One engine serves one emulator; its methods are thread-safe (queries run one at a time).
    """

    def __init__(self, path: Optional[str] = None, tz: Optional[tzinfo] = None) -> None:
        super().__init__(path, tz)
        self._range_counts: Dict[Tuple[Any, ...], int] = {}
        self._continuations: Dict[Tuple[Any, ...], Tuple[int, int]] = {}

    # -- helpers ---------------------------------------------------------------------------------------------------
    def _condition(self, store: StoreHandle, spec: IndexSpec, search: str, from_time: int, to_time: int,
                   topic: Optional[str], first: bool = True) -> Tuple[str, List[Any], SearchCompiler]:
        """The WHERE clause of a search; ``first=False`` keeps the patterns of earlier conditions of the same
        statement (a UNION of several conditions, see ``union.py``)."""
        try:
            tree = parse_search(search)
        except SearchSyntaxError as exc:
            raise QueryError(f"query syntax error: {exc}") from None
        if first:
            self._patterns = []
        compiler = SearchCompiler(store, spec, self._patterns, lambda value, kind: self._numeric(store, value, kind))
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

    def _execute(self, sql: str, params: Sequence[Any]) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except FunctionError as exc:  # pragma: no cover - sqlite wraps these
            raise QueryError(str(exc)) from None
        except sqlite3.Error as exc:
            raise self._sql_error(exc) from None

    def _sql_error(self, exc: sqlite3.Error, source: str = "") -> ApiError:
        """The service's answer to a statement SQLite refused: ``ParameterInvalid`` worded as the service words it
        (``line 1:C: mismatched input 'X'``), never SQLite's own message. ``source``: the user's SQL, to place
        the error."""
        message = str(exc)
        syntax = _syntax_error(message, source)
        if syntax is not None:
            return syntax
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
        return QueryError(f"line 1:1: the statement cannot be run: {_ENGINE_WORDS.sub('', message)}")

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
            logs = [row_to_log(store, row[1:]) for row in rows]
            if pack is not None:
                for log, row in zip(logs, rows):
                    log.update(pack(row[1], row[0]))
        meta = query_meta(len(logs), processed, started, False, search, "", compiler, [])
        return LogsResult(logs, meta)

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
                 compiler: SearchCompiler, processed: int, started: float, from_time: int,
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
        columns, rows = self._fetch(statement, params, plan, from_time, to_time, sql)
        return LogsResult(rows, query_meta(len(rows), processed, started, True, search, sql, compiler, columns,
                                           self._column_types))

    _column_types: List[str] = []

    def _fetch(self, statement: str, params: Sequence[Any], plan: SqlPlan, from_time: Optional[int],
               to_time: Optional[int], source: str = "") -> Tuple[List[str], List[Dict[str, str]]]:
        last_error()
        try:
            cursor = self.conn.execute(statement, params)
            raw_rows = cursor.fetchall()
        except FunctionError as exc:  # pragma: no cover - sqlite wraps these
            raise QueryError(str(exc)) from None
        except sqlite3.Error as exc:
            raise self._sql_error(exc, source) from None
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
            empty = SearchCompiler(first_store, IndexSpec.from_config(None), [])
            columns, rows = self._fetch(statement, [], plan, None, None, sql)
            return LogsResult(rows, query_meta(len(rows), processed, started, True, "", sql, empty, columns,
                                               self._column_types))
