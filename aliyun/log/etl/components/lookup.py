"""``LOOKUP``: enrich events from a dict or a CSV table."""

from __future__ import annotations

import csv
import logging
import os
import sys
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

from ..errors import SettingError
from ..util import KeyCache
from .base import FieldComponent, as_inputs

__all__ = ["LOOKUP", "LookupTable"]

logger = logging.getLogger("aliyun.log.etl")

WILDCARD = "*"


class _DefaultDict:
    """Dict-mode data: a key of ``*`` answers for every other value."""

    def __init__(self, data: Dict[str, Any], case_insensitive: bool) -> None:
        self.default = data.get(WILDCARD)
        self.case_insensitive = case_insensitive
        self.data = {k.lower(): v for k, v in data.items()} if case_insensitive else data

    def get(self, value: str) -> Tuple[bool, Any]:
        """``(found, value)``."""
        key = value.lower() if self.case_insensitive else value
        if key in self.data:
            return True, self.data[key]
        return self.default is not None, self.default


class LookupTable:
    """A CSV table: the first row whose cells equal the given values (``*`` cells match anything).

    Rows are indexed per set of looked-up columns, so a lookup costs a dict access plus a scan of the rows holding
    wildcards, whatever the size of the table.
    """

    def __init__(self, reader: csv.DictReader[str], case_insensitive: bool) -> None:
        self.field_names = set(reader.fieldnames or ())
        self.rows: List[Dict[str, Any]] = list(reader)
        self.case_insensitive = case_insensitive
        self._indexes: Dict[Tuple[str, ...], Tuple[Dict[Tuple[str, ...], int], List[int]]] = {}

    def _fold(self, value: str) -> str:
        return value.lower() if self.case_insensitive else value

    def _index(self, columns: Tuple[str, ...]) -> Tuple[Dict[Tuple[str, ...], int], List[int]]:
        index = self._indexes.get(columns)
        if index is None:
            exact: Dict[Tuple[str, ...], int] = {}
            wild: List[int] = []
            for number, row in enumerate(self.rows):
                cells = tuple(row[c] for c in columns)
                if WILDCARD in cells or None in cells:
                    wild.append(number)
                else:
                    exact.setdefault(tuple(self._fold(c) for c in cells), number)
            index = self._indexes[columns] = (exact, wild)
        return index

    def get_row(self, inputs: Dict[str, str]) -> Optional[Dict[str, Any]]:
        """The first row matching ``{column: value}``; None when a column is unknown or nothing matches."""
        for column in inputs:
            if column not in self.field_names:
                logger.info("LOOKUP: the table has no column %r", column)
                return None
        fold = self._fold
        return self.first_match(tuple(inputs), tuple(fold(v) for v in inputs.values()))

    def first_match(self, columns: Tuple[str, ...], folded: Tuple[str, ...]) -> Optional[Dict[str, Any]]:
        """The first row whose ``columns`` (all known) hold the ``folded`` values."""
        exact, wild = self._index(columns)
        best = exact.get(folded)
        for number in wild:
            if best is not None and number > best:
                break
            row = self.rows[number]
            if all(row[c] == WILDCARD or (row[c] is not None and self._fold(row[c]) == v)
                   for c, v in zip(columns, folded)):
                best = number
                break
        return None if best is None else self.rows[best]


#: Tables by (data, sep, quote, lstrip, headers), for the whole process.
TABLE_CACHE: Dict[Tuple[Any, ...], LookupTable] = {}


def _caller_dir() -> Optional[str]:
    """The directory of the first module outside this package on the call stack (the config)."""
    frame = sys._getframe(1)
    package = __name__.rsplit(".", 2)[0]
    while frame is not None:
        name = frame.f_globals.get("__name__", "")
        if not name.startswith(package):
            path = frame.f_globals.get("__file__")
            return os.path.dirname(os.path.abspath(path)) if path else None
        frame = frame.f_back  # type: ignore[assignment]
    return None


def _load_table(data: str, sep: str, quote: str, lstrip: bool, headers: Optional[Tuple[str, ...]],
                case_insensitive: bool) -> LookupTable:
    parts = data.split("://")
    scheme, path = (parts[0], parts[1]) if len(parts) == 2 else ("file", data)
    if scheme != "file":
        raise SettingError(msg="LOOKUP: only file:// tables are supported", settings=data)
    if not os.path.isfile(path):
        base = _caller_dir()
        candidate = os.path.join(base, path) if base else path
        if not os.path.isfile(candidate):
            raise SettingError(msg="LOOKUP: cannot find the table file", settings=data)
        path = candidate
    with open(path, newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file, fieldnames=headers, skipinitialspace=lstrip, delimiter=sep, quotechar=quote)
        return LookupTable(reader, case_insensitive)


class LOOKUP(FieldComponent):
    """``LOOKUP(data, output_fields, sep=',', quote='"', lstrip=True, case_insensitive=True, headers=None,
    mode=None)``: ``data`` is a dict (``*`` as default key; ``output_fields`` one name) or a CSV file path
    (``output_fields``: ``col``, ``(col, new_name)`` or a list of those; inputs ``name`` or ``(field, column)``)."""

    def __init__(self, data: Any, output_fields: Any, sep: str = ",", quote: str = '"', lstrip: bool = True,
                 case_insensitive: bool = True, headers: Any = None, mode: Optional[str] = None) -> None:
        super().__init__(mode)
        self.table: Optional[LookupTable] = None
        self.mapping: Optional[_DefaultDict] = None
        if isinstance(data, dict):
            if not isinstance(output_fields, str):
                raise SettingError(settings=output_fields)
            self.mapping = _DefaultDict(data, case_insensitive)
            self.output_names = [output_fields]
            return
        if not isinstance(data, str):
            raise SettingError(settings=data)
        if headers:
            headers = tuple(h.strip() for h in headers.split(",")) if isinstance(headers, str) else tuple(headers)
        key = (data, sep, quote, lstrip, headers or None)
        table = TABLE_CACHE.get(key)
        if table is None:
            table = TABLE_CACHE[key] = _load_table(data, sep, quote, lstrip, headers or None, case_insensitive)
        self.table = table
        self.output_fields = _output_columns(output_fields)
        for column in self.output_fields:
            if column not in table.field_names:
                raise SettingError(msg=f"LOOKUP: the table has no column {column!r}", settings=output_fields)

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Dict[str, Any]:
        if self.mapping is not None:
            return self._from_dict(event, inputs)
        assert self.table is not None
        wanted: Dict[str, str] = {}
        for item in as_inputs(inputs):
            if isinstance(item, (tuple, list)) and len(item) == 2:
                field, column = item
            elif isinstance(item, str):
                field = column = item
            else:
                logger.error("LOOKUP: input %r is neither a name nor (field, column)", item)
                return event
            if field not in event:
                logger.info("LOOKUP: the event has no field %r", field)
                return event
            wanted[column] = event[field]
        row = self.table.get_row(wanted)
        if row is None:
            return event
        for column, name in self.output_fields.items():
            self.set(event, name, row[column])
        return event

    def bind_inputs(self, inputs: Any) -> Callable[[Dict[str, Any]], Any]:
        table = self.table
        if table is None or inputs.__class__ is not str or inputs not in table.field_names:
            return super().bind_inputs(inputs)
        field, columns, fold = inputs, (inputs,), table.case_insensitive
        exact, wild = table._index(columns)
        outputs, sets = list(self.output_fields.items()), self.merge
        # row number -> its output fields, built on first use
        fields_of = KeyCache(lambda number: {name: table.rows[number][column] for column, name in outputs})

        def look_up(event: Dict[str, Any]) -> Dict[str, Any]:  # one field in its own column: the usual lookup
            value = event.get(field)
            if value is None:
                return event
            key = (value.lower() if fold else value,)
            if key in exact and not wild:
                sets(event, fields_of[exact[key]])
                return event
            row = table.first_match(columns, key)
            if row is not None:
                sets(event, {name: row[column] for column, name in outputs})
            return event

        return look_up

    def _from_dict(self, event: Dict[str, Any], inputs: Any) -> Dict[str, Any]:
        assert self.mapping is not None
        for field in as_inputs(inputs):
            if not isinstance(field, str):
                logger.error("LOOKUP: input %r is not a name", field)
                continue
            if field not in event:
                continue
            found, value = self.mapping.get(event[field])
            if found:
                for name in self.output_names:
                    self.set(event, name, value)
        return event

    def __repr__(self) -> str:
        return f"<LOOKUP {'dict' if self.mapping is not None else 'table'}>"


def _output_columns(output_fields: Any) -> Dict[str, str]:
    if isinstance(output_fields, str):
        return {output_fields: output_fields}
    if not isinstance(output_fields, Iterable):
        raise SettingError(settings=output_fields)
    columns: Dict[str, str] = {}
    for item in output_fields:
        if isinstance(item, str):
            columns[item] = item
        elif isinstance(item, (tuple, list)) and len(item) == 2:
            columns[item[0]] = item[1]
        else:
            raise SettingError(settings=output_fields)
    return columns
