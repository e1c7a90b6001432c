"""Row-level work on a logstore's searchable copy: deleting and updating logs, pack ids and context logs.

The copy (one SQLite table per logstore, see ``engine.py``) holds one row per log, in write order within a shard
(``rowid`` grows as groups are appended; ``_g = shard uid << 40 | group seq``). Deleting or updating a log changes
this copy only: queries, histograms and SQL see the change, while pulls by cursor read the raw, append-only shard
stream and still return the original logs, as on the service.

A log's identity is its pack: ``__tag__:__pack_id__`` (``<shard uid hex>-<group seq hex>``) and ``__pack_meta__``
(``<shard id>|<base64 of the group's cursor>|<rowid>|<group seq>``), returned by queries ending in
``| with_pack_meta``; GetContextLogs and ``rowId`` of DeleteLogs v2 / UpdateLogs take them back.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from aliyun.log.limits import key_problem

from ..core import ApiError
from .compiler import QueryError
from .engine import QueryEngine
from .index import IndexSpec
from .results import row_to_log
from .search import split_query
from .tables import _SEQ_BITS, StoreHandle, numeric_expr

__all__ = [
    "PACK_ID_FIELD",
    "PACK_META_FIELD",
    "context_logs",
    "delete_logs",
    "json_object_data",
    "pack_describer",
    "pack_fields",
    "parse_pack",
    "row_id",
    "strip_with_pack_meta",
    "update_logs",
]

PACK_ID_FIELD = "__tag__:__pack_id__"
PACK_META_FIELD = "__pack_meta__"
_WITH_PACK_META = "with_pack_meta"
_SEQ_MASK = (1 << _SEQ_BITS) - 1


def strip_with_pack_meta(query: Optional[str]) -> Tuple[Optional[str], bool]:
    """``"status: 500 | with_pack_meta"`` → ``("status: 500", True)``; other queries unchanged."""
    search, rest = split_query(query)
    if rest is not None and rest.strip().lower() == _WITH_PACK_META:
        return search, True
    return query, False


def pack_fields(gid: int, rowid: int, shard_id: int, cursor_base: int) -> Dict[str, str]:
    """The pack id and meta of the log in row ``rowid`` of group ``gid``."""
    uid, seq = gid >> _SEQ_BITS, gid & _SEQ_MASK
    cursor = base64.b64encode(str(cursor_base + seq).encode()).decode()
    return {PACK_ID_FIELD: f"{uid:X}-{seq:X}", PACK_META_FIELD: f"{shard_id}|{cursor}|{rowid}|{seq}"}


def pack_describer(storage: Any, ls: Any) -> Callable[[int, int], Dict[str, str]]:
    """``describe(_g, rowid)`` → the pack fields of a log of logstore ``ls`` of ``storage``."""
    with storage.lock:
        shards: Dict[int, Tuple[int, int]] = {s.uid: (s.shard_id, s.cursor_base) for s in ls.shards.values()}

    def describe(gid: int, rowid: int) -> Dict[str, str]:
        shard_id, cursor_base = shards.get(gid >> _SEQ_BITS, (-1, 0))
        return pack_fields(gid, rowid, shard_id, cursor_base)

    return describe


def _invalid_pack(what: str) -> ApiError:
    return ApiError(400, "ParameterInvalid", f"invalid {what}: pass the __tag__:__pack_id__ and __pack_meta__ of "
                                             "a log returned by a query ending in '| with_pack_meta'")


_PACK_ID = re.compile(r"([0-9A-F]{1,6})-([0-9A-F]{1,10})", re.IGNORECASE)
_DECIMAL = re.compile(r"[0-9]{1,18}")


def parse_pack(pack_id: str, pack_meta: str) -> Tuple[int, int]:
    """``(gid, rowid)`` of a log from its pack id and meta; ParameterInvalid when they do not fit together."""
    found = _PACK_ID.fullmatch(pack_id)
    if found is None:
        raise _invalid_pack("pack_id")
    uid, seq = int(found.group(1), 16), int(found.group(2), 16)
    parts = pack_meta.split("|")
    if len(parts) != 4 or not _DECIMAL.fullmatch(parts[2]) or not _DECIMAL.fullmatch(parts[3]) \
            or int(parts[3]) != seq or uid >= 1 << (63 - _SEQ_BITS) or seq > _SEQ_MASK:
        raise _invalid_pack("pack_meta")
    return uid << _SEQ_BITS | seq, int(parts[2])


def row_id(text: Any) -> int:
    """The rowid named by a ``rowId`` (a ``__pack_meta__`` value, or the bare rowid)."""
    if isinstance(text, int) and not isinstance(text, bool) and 0 < text < 1 << 62:
        return text
    if isinstance(text, str):
        parts = text.split("|")
        candidate = parts[2] if len(parts) == 4 else text
        if _DECIMAL.fullmatch(candidate):
            return int(candidate)
    raise ApiError(400, "ParameterInvalid", f"invalid rowId {text!r}: pass the __pack_meta__ of a log returned by "
                                            "a query ending in '| with_pack_meta'")


# -- selecting -------------------------------------------------------------------------------------------------------
def _selection(engine: QueryEngine, store: StoreHandle, spec: IndexSpec, from_time: Optional[int],
               to_time: Optional[int], query: Optional[str], topic: Optional[str],
               rowid: Optional[int]) -> Tuple[str, List[Any]]:
    """A WHERE clause (and its parameters) choosing the logs to change: by rowid, or by range and search."""
    if rowid is not None:
        return "rowid = ?", [rowid]
    search, sql = split_query(query)
    if sql is not None:
        raise QueryError("only a search statement selects logs to delete or update, without '| SQL'")
    if from_time is None or to_time is None:
        raise ApiError(400, "ParameterInvalid", "from and to (unix seconds) are required")
    where, params, _compiler = engine._condition(store, spec, search, from_time, to_time, topic)
    return where, params


def delete_logs(engine: QueryEngine, store: StoreHandle, spec: IndexSpec, from_time: Optional[int],
                to_time: Optional[int], query: Optional[str], topic: Optional[str] = None,
                rowid: Optional[int] = None) -> int:
    """Remove the chosen logs from the searchable copy; the number removed."""
    with engine.lock:
        where, params = _selection(engine, store, spec, from_time, to_time, query, topic, rowid)
        removed = engine._execute(f"DELETE FROM {store.table} WHERE {where}", params).rowcount
        store.version += 1
    return int(removed)


def update_logs(engine: QueryEngine, store: StoreHandle, spec: IndexSpec, from_time: Optional[int],
                to_time: Optional[int], query: Optional[str], data: Dict[str, str], mode: str,
                rowid: Optional[int] = None) -> int:
    """Set ``data``'s fields on the chosen logs (``replace``: and drop their other fields); the number changed."""
    with engine.lock:
        where, params = _selection(engine, store, spec, from_time, to_time, query, None, rowid)
        engine.conn.execute("BEGIN")
        try:
            columns = engine._columns_for(store, tuple(data))
            if columns is None:
                raise QueryError("too many distinct keys in this logstore to add the updated fields")
            assignments = [f"{column} = ?" for column in columns]
            values: List[Any] = list(data.values())
            if mode == "replace":
                kept = set(columns)
                assignments += [f"c{i} = NULL" for i in range(len(store.keys)) if f"c{i}" not in kept]
                assignments.append("_x = NULL")
            shadows = [f"{name} = {numeric_expr(source, kind)}" for name, (source, kind) in store.shadows.items()]
            changed = engine._execute(f"UPDATE {store.table} SET {', '.join(assignments)} WHERE {where}",
                                      values + params).rowcount
            if shadows and changed:
                engine._execute(f"UPDATE {store.table} SET {', '.join(shadows)} WHERE {where}", params)
            engine.conn.execute("COMMIT")
        except BaseException:
            engine.conn.execute("ROLLBACK")
            engine._reload_keys(store)
            raise
        store.version += 1
    return int(changed)


# -- context ---------------------------------------------------------------------------------------------------------
def context_logs(engine: QueryEngine, store: StoreHandle, gid: int, rowid: int, back_lines: int,
                 forward_lines: int, describe: Callable[[int, int], Dict[str, str]]
                 ) -> Tuple[List[Dict[str, str]], int, int]:
    """``(logs, back, forward)``: up to ``back_lines`` logs of the same shard before row ``rowid``, the log itself
    and up to ``forward_lines`` after it, in write order, each with ``describe(gid, rowid)`` (its pack fields).
    ParameterInvalid when the row is not that log."""
    low = gid >> _SEQ_BITS << _SEQ_BITS
    high = low + (1 << _SEQ_BITS)
    columns = ", ".join(store.columns())
    with engine.lock:
        found = engine._execute(f"SELECT _g FROM {store.table} WHERE rowid = ?", [rowid]).fetchone()
        if found is None or found[0] != gid:
            raise _invalid_pack("pack_meta (no such log: it may have been deleted)")
        before = engine._execute(
            f"SELECT rowid, {columns} FROM {store.table} WHERE rowid < ? AND _g >= ? AND _g < ? "
            "ORDER BY rowid DESC LIMIT ?", [rowid, low, high, back_lines]).fetchall()
        after = engine._execute(
            f"SELECT rowid, {columns} FROM {store.table} WHERE rowid >= ? AND _g >= ? AND _g < ? "
            "ORDER BY rowid LIMIT ?", [rowid, low, high, forward_lines + 1]).fetchall()
        rows = list(reversed(before)) + after
        logs = [{**row_to_log(store, row[1:]), **describe(row[1], row[0])} for row in rows]
    return logs, len(before), len(after) - 1


def json_object_data(text: Any) -> Dict[str, str]:
    """The ``data`` of an UpdateLogs body: a JSON object (or its text) of field → value, values as text."""
    value = text
    if isinstance(text, str):
        try:
            value = json.loads(text)
        except ValueError:
            raise ApiError(400, "ParameterInvalid", "data must be a JSON object of the fields to set") from None
    if not isinstance(value, dict) or not value:
        raise ApiError(400, "ParameterInvalid", "data must be a non-empty JSON object of the fields to set")
    for key in value:
        problem = key_problem(key) or ("tags are not log fields" if key.startswith("__tag__:") else None)
        if problem is not None:
            raise ApiError(400, "ParameterInvalid", f"data cannot set {key!r}: {problem}")
    return {key: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for key, v in value.items()}
