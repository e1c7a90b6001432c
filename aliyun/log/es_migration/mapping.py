"""From Elasticsearch to Log Service: field names, field types, index configs and documents.

Everything here is pure (no network, no ``elasticsearch`` import), so it is unit-tested on its own.

Field names (:func:`sls_key`)
    A field name the service accepts as a content key (:func:`aliyun.log.limits.key_problem`: 1..128 UTF-8 bytes,
    not reserved) is kept as it is, as the original SDK's migration does: ``@timestamp``, ``user-agent`` and
    ``a.b`` stay unchanged. Only names the service would refuse are changed:

    1. an empty name becomes ``_``;
    2. a reserved name gets a trailing ``_`` (``__time__`` -> ``__time___``);
    3. a name longer than 128 bytes is cut to 119 bytes followed by ``_`` and the first 8 hex digits of the SHA-1
       of the original name.

    Two names of one document that end up the same key are told apart by suffixes: the second one in document order
    gets ``_2``, the third ``_3`` and so on.

Values (:func:`to_text`)
    Strings are kept as they are; objects and arrays are written as compact JSON (``{"a":1,"b":[1,2]}``, non-ASCII
    kept); numbers, ``true``/``false`` and ``null`` are written as their JSON text.

Types (:data:`ES_TYPE_TABLE`)
    The Elasticsearch mapping of an index becomes the logstore's index config using the table of the user guide:
    text -> text; keyword -> text without tokens; long/integer/short/byte -> long;
    double/float/half_float/scaled_float -> double; date -> text; boolean -> text without tokens; the numeric and
    date ranges -> json; ip and ip_range -> text without tokens; object -> json (its scalar sub-fields become typed
    ``json_keys``); geo_point/geo_shape -> text; binary, nested, completion, token_count, murmur3, percolator and
    join -> no index (the values are still migrated).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import time
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

from ..limits import MAX_KEY_BYTES, RESERVED_KEYS, key_problem
from ..models.index import IndexConfig, IndexJsonKeyConfig, IndexKeyConfig, IndexLineConfig
from ..models.logitem import LogItem

__all__ = [
    "ES_TYPE_TABLE",
    "META_FIELDS",
    "DocumentConverter",
    "date_format_of",
    "index_config_from_mapping",
    "logstore_name_for_index",
    "merge_index_configs",
    "parse_es_date",
    "sls_key",
    "to_text",
]


#: Metadata of each hit that is kept as a field of the log (``_type`` only when the hit has one, i.e. ES <= 7).
META_FIELDS = ("_id", "_index", "_type")

# Log Service index kinds of the type table.
TEXT = "text"  # text with the default delimiters
TEXT_NO_TOKENS = "text-no-tokens"  # text, not tokenised (the whole value is one token)
LONG = "long"
DOUBLE = "double"
JSON = "json"
NO_INDEX = None

#: Elasticsearch field type -> Log Service index kind (None: no index; the value is still migrated).
ES_TYPE_TABLE: Dict[str, Optional[str]] = {
    # core
    "text": TEXT,
    "match_only_text": TEXT,
    "search_as_you_type": TEXT,
    "keyword": TEXT_NO_TOKENS,
    "constant_keyword": TEXT_NO_TOKENS,
    "wildcard": TEXT_NO_TOKENS,
    "version": TEXT_NO_TOKENS,
    "long": LONG,
    "integer": LONG,
    "short": LONG,
    "byte": LONG,
    "unsigned_long": TEXT_NO_TOKENS,  # values up to 2**64 - 1 do not fit a signed long
    "double": DOUBLE,
    "float": DOUBLE,
    "half_float": DOUBLE,
    "scaled_float": DOUBLE,
    "date": TEXT,
    "date_nanos": TEXT,
    "boolean": TEXT_NO_TOKENS,
    "binary": NO_INDEX,
    "integer_range": JSON,
    "float_range": JSON,
    "long_range": JSON,
    "double_range": JSON,
    "date_range": JSON,
    "ip_range": TEXT_NO_TOKENS,
    # complex
    "object": JSON,
    "flattened": JSON,
    "nested": NO_INDEX,
    # geo
    "geo_point": TEXT,
    "geo_shape": TEXT,
    "point": TEXT,
    "shape": TEXT,
    # specialised
    "ip": TEXT_NO_TOKENS,
    "completion": NO_INDEX,
    "token_count": NO_INDEX,
    "murmur3": NO_INDEX,
    "percolator": NO_INDEX,
    "join": NO_INDEX,
    "alias": NO_INDEX,
    "dense_vector": NO_INDEX,
    "sparse_vector": NO_INDEX,
    "rank_feature": NO_INDEX,
    "rank_features": NO_INDEX,
    "histogram": NO_INDEX,
    "aggregate_metric_double": NO_INDEX,
}



# --------------------------------------------------------------------------------------------------------------------
# names


def sls_key(name: str) -> str:
    """The Log Service key for an Elasticsearch field name (rules in the module docstring)."""
    if key_problem(name) is None:
        return name
    if not name:
        return "_"
    if name in RESERVED_KEYS:
        return name + "_"
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]
    return name.encode("utf-8")[:MAX_KEY_BYTES - 9].decode("utf-8", "ignore") + "_" + digest


_LOGSTORE_INVALID = re.compile(r"[^a-z0-9_-]")


def logstore_name_for_index(index: str) -> str:
    """The default logstore of an index: its name, made a valid logstore name.

    Lower-cased; characters other than ``a-z0-9_-`` become ``-``; leading and trailing ``-``/``_`` are dropped; a
    name shorter than 3 characters is padded with ``-es``; one longer than 63 is cut to 54 characters plus ``-`` and
    8 hex digits of its SHA-1.
    """
    name = _LOGSTORE_INVALID.sub("-", index.lower()).strip("-_")
    if len(name) < 3:
        name = (name + "-es").strip("-") if name else "es-index"
        if len(name) < 3:
            name += "-es"
    if len(name) > 63:
        name = name[:54].rstrip("-_") + "-" + hashlib.sha1(index.encode("utf-8")).hexdigest()[:8]
    return name


# --------------------------------------------------------------------------------------------------------------------
# values and documents


_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_SCALARS = {bool: lambda v: "true" if v else "false", type(None): lambda v: "null", int: int.__repr__}


def to_text(value: Any) -> str:
    """A field value as the string stored in the log: strings as they are, anything else as its compact JSON."""
    cls = value.__class__
    if cls is str:
        return value  # type: ignore[no-any-return]
    convert = _SCALARS.get(cls)
    if convert is not None:
        return convert(value)
    if cls is float and value == value and value not in (float("inf"), float("-inf")):
        return float.__repr__(value)  # what json.dumps writes for a finite float
    return _COMPACT.encode(value)


_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)
_DIGITS = re.compile(r"^-?\d+(\.\d+)?$")
_FRACTION = re.compile(r"[T ]\d{1,2}:\d{2}(:\d{2})?[.,](\d+)")


def date_format_of(mapping_properties: Mapping[str, Any], field: str) -> Optional[str]:
    """The ``format`` of the date field ``field`` (dotted paths walk objects), or None."""
    node: Any = {"properties": mapping_properties}
    for part in field.split("."):
        props = node.get("properties") if isinstance(node, Mapping) else None
        if not isinstance(props, Mapping) or part not in props:
            return None
        node = props[part]
    if isinstance(node, Mapping) and node.get("type") in ("date", "date_nanos"):
        fmt = node.get("format")
        return str(fmt) if fmt else None
    return None


def _epoch_unit(date_format: Optional[str]) -> str:
    """``s`` when the field's format lists epoch_second before epoch_millis, else ``ms`` (ES's default)."""
    if not date_format:
        return "ms"
    formats = [f.strip() for f in date_format.split("||")]
    for fmt in formats:
        if fmt == "epoch_second":
            return "s"
        if fmt == "epoch_millis":
            return "ms"
    return "ms"


def parse_es_date(value: Any, epoch_unit: str = "ms") -> Optional[Tuple[int, int]]:
    """``(unix seconds, nanoseconds)`` of a date as Elasticsearch stores it, or None when it is not one.

    Numbers (and digit strings) are epoch milliseconds, or seconds with ``epoch_unit="s"``; strings are ISO 8601
    dates (``2024-01-02``, ``2024-01-02T03:04:05.123Z``, ``2024-01-02 03:04:05+08:00``...), taken as UTC when they
    carry no zone, as Elasticsearch does; other free-form dates are tried with dateutil.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (list, tuple)):
        return parse_es_date(value[0], epoch_unit) if value else None
    if isinstance(value, (int, float)) or (isinstance(value, str) and _DIGITS.match(value.strip())):
        if isinstance(value, str):
            number: Any = float(value) if "." in value else int(value)
        else:
            number = value
        scale = 1 if epoch_unit == "s" else 1000
        seconds, rest = divmod(number, scale)
        nanos = round(rest * (1_000_000_000 // scale))
        if nanos >= 1_000_000_000:
            seconds, nanos = seconds + 1, nanos - 1_000_000_000
        return _checked(int(seconds), nanos)
    if not isinstance(value, str):
        return None
    text = value.strip()
    parsed: Optional[_dt.datetime] = None
    try:
        parsed = _dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        try:
            from dateutil import parser as date_parser

            parsed = date_parser.parse(text)
        except (ValueError, OverflowError, ImportError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_dt.timezone.utc)
    delta = parsed - _EPOCH
    seconds = delta.days * 86400 + delta.seconds
    nanos = delta.microseconds * 1000
    match = _FRACTION.search(text)  # keep digits beyond microseconds (date_nanos)
    if match:
        digits = (match.group(2) + "000000000")[:9]
        nanos = int(digits)
    return _checked(seconds, nanos)


def _checked(seconds: int, nanos: int) -> Optional[Tuple[int, int]]:
    if not 0 <= seconds <= 0xFFFFFFFF:
        return None
    return seconds, nanos


class DocumentConverter:
    """Turns search hits into :class:`LogItem` objects (one converter per task).

    :param time_reference: the field whose date becomes the log time (dotted paths reach into objects); without
        it, or when a document lacks a usable date, the log time is the time of conversion
    :param date_format: the mapping's ``format`` of that field (decides epoch seconds vs milliseconds)
    """

    def __init__(self, time_reference: Optional[str] = None, date_format: Optional[str] = None) -> None:
        self.time_reference = time_reference or None
        self._path = self.time_reference.split(".") if self.time_reference else []
        self._epoch_unit = _epoch_unit(date_format)
        self._keys: Dict[str, str] = {}
        #: documents whose time field was missing or not a date (their time is the conversion time)
        self.time_fallbacks = 0

    def key(self, name: str) -> str:
        key = self._keys.get(name)
        if key is None:
            key = self._keys[name] = sls_key(name)
        return key

    def contents(self, hit: Mapping[str, Any]) -> Dict[str, str]:
        """The fields of a log for one hit: ``_id``, ``_index``, ``_type`` (if any), then the source fields."""
        out: Dict[str, str] = {}
        for meta in META_FIELDS:
            value = hit.get(meta)
            if value is not None:
                out[meta] = str(value)
        source = hit.get("_source") or {}
        key_of = self.key
        for name, value in source.items():
            key = key_of(name)
            if key in out:
                n = 2
                while f"{key}_{n}" in out:
                    n += 1
                key = f"{key}_{n}"
            out[key] = to_text(value)
        return out

    def log_time(self, hit: Mapping[str, Any]) -> Tuple[int, Optional[int]]:
        if self._path:
            node: Any = hit.get("_source") or {}
            for part in self._path:
                node = node.get(part) if isinstance(node, Mapping) else None
                if node is None:
                    break
            if node is None and len(self._path) > 1:  # a dotted name stored flat: {"a.b": ...}
                node = (hit.get("_source") or {}).get(self.time_reference)
            parsed = parse_es_date(node, self._epoch_unit) if node is not None else None
            if parsed is not None:
                return parsed[0], (parsed[1] or None)
            self.time_fallbacks += 1
        return int(time.time()), None

    def convert(self, hit: Mapping[str, Any]) -> Tuple[LogItem, int]:
        """``(log, raw size)``: the raw size is the UTF-8 bytes of every key and value (what the batch limits
        count, and the "raw MB" of the figures)."""
        contents = self.contents(hit)
        size = 0
        for key, value in contents.items():
            size += len(key) + (len(value) if value.isascii() else len(value.encode("utf-8")))
        seconds, nanos = self.log_time(hit)
        return LogItem(seconds, contents, nanos), size  # type: ignore[arg-type]  # str keys and values


# --------------------------------------------------------------------------------------------------------------------
# index configs


def _key_config(kind: str) -> IndexKeyConfig:
    if kind == TEXT:
        return IndexKeyConfig(index_type="text", doc_value=True)
    if kind == TEXT_NO_TOKENS:
        return IndexKeyConfig(token_list=[], index_type="text", doc_value=True)
    if kind == LONG:
        return IndexKeyConfig(index_type="long", doc_value=True)
    if kind == DOUBLE:
        return IndexKeyConfig(index_type="double", doc_value=True)
    raise ValueError(f"not a scalar index kind: {kind!r}")


def _field_kind(field: Mapping[str, Any]) -> Optional[str]:
    es_type = field.get("type")
    if es_type is None:
        return JSON if "properties" in field else NO_INDEX  # an object without an explicit type
    return ES_TYPE_TABLE.get(str(es_type), TEXT)  # a type we do not know: plain text


def _json_sub_keys(properties: Mapping[str, Any], prefix: str = "") -> Dict[str, IndexKeyConfig]:
    """Typed ``json_keys`` for the scalar leaves of an object (dotted paths for deeper objects)."""
    keys: Dict[str, IndexKeyConfig] = {}
    for name, field in properties.items():
        if not isinstance(field, Mapping):
            continue
        path = f"{prefix}{name}"
        kind = _field_kind(field)
        if kind in (TEXT, TEXT_NO_TOKENS, LONG, DOUBLE):
            keys[path] = _key_config(kind)
        elif kind == JSON and isinstance(field.get("properties"), Mapping) and field.get("type") in (None, "object"):
            keys.update(_json_sub_keys(field["properties"], path + "."))
    return keys


def mapping_properties(index_mapping: Mapping[str, Any]) -> Dict[str, Any]:
    """The top-level ``properties`` of a ``GET <index>/_mapping`` entry (typeless, or ES 6/7 with one type)."""
    mappings = index_mapping.get("mappings", index_mapping)
    if not isinstance(mappings, Mapping):
        return {}
    if "properties" in mappings and isinstance(mappings["properties"], Mapping):
        return dict(mappings["properties"])
    for value in mappings.values():  # a single mapping type: {"_doc": {"properties": ...}}
        if isinstance(value, Mapping) and isinstance(value.get("properties"), Mapping):
            return dict(value["properties"])
    return {}


def index_config_from_mapping(properties: Mapping[str, Any]) -> IndexConfig:
    """The logstore index config for an index's top-level mapping ``properties``.

    A full-text (line) index with the default delimiters, field indexes for ``_id``, ``_index`` and ``_type``
    (text without tokens) and one field index per mapped top-level field, under its :func:`sls_key` name.
    """
    keys: Dict[str, IndexKeyConfig] = {meta: _key_config(TEXT_NO_TOKENS) for meta in META_FIELDS}
    for name, field in properties.items():
        if not isinstance(field, Mapping):
            continue
        kind = _field_kind(field)
        if kind is NO_INDEX:
            continue
        key = sls_key(name)
        if kind == JSON:
            sub = field.get("properties")
            json_keys = _json_sub_keys(sub) if isinstance(sub, Mapping) and field.get("type") in (None, "object") \
                else {}
            keys[key] = IndexKeyConfig(index_type="json", doc_value=True,
                                       json_key_config=IndexJsonKeyConfig(index_all=True, max_depth=-1,
                                                                          json_keys=json_keys))
        else:
            keys[key] = _key_config(kind)
    return IndexConfig(line_config=IndexLineConfig(), key_config_list=keys)


def merge_index_configs(configs: Iterable[IndexConfig]) -> Optional[IndexConfig]:
    """One config for a logstore fed by several indices: the union of their keys.

    A key mapped to different index types by different indices becomes plain text (the one type every value fits).
    """
    merged: Optional[IndexConfig] = None
    for config in configs:
        if merged is None:
            merged = IndexConfig(line_config=IndexLineConfig(), key_config_list=dict(config.key_config_list))
            continue
        for key, key_config in config.key_config_list.items():
            current = merged.key_config_list.get(key)
            if current is None:
                merged.key_config_list[key] = key_config
            elif current.to_json() != key_config.to_json():
                merged.key_config_list[key] = _key_config(TEXT)
    return merged


def missing_keys(existing: IndexConfig, wanted: IndexConfig) -> List[str]:
    """Keys ``wanted`` indexes that ``existing`` does not."""
    have = existing.key_config_list or {}
    return [key for key in wanted.key_config_list if key not in have]
