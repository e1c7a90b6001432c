"""The converter classes of the original migration tool, on top of this package's mapping and planning rules.

``DocLogItemConverter`` (a search hit to a LogItem), ``IndexLogstoreMappings`` (which logstore each index goes to)
and ``MappingIndexConverter`` (an index mapping to a logstore index config) give the same results as a migration
run by :class:`~aliyun.log.es_migration.MigrationManager`.
"""

from __future__ import annotations

import fnmatch
from functools import partial
from typing import Any, Callable, Dict, Iterable, KeysView, List, Mapping, Optional

from ..models.index import IndexConfig, IndexKeyConfig
from ..models.logitem import LogItem
from .mapping import (
    DOUBLE,
    ES_TYPE_TABLE,
    LONG,
    TEXT,
    TEXT_NO_TOKENS,
    DocumentConverter,
    _key_config,
    index_config_from_mapping,
)
from .planning import logstore_for_index, parse_logstore_index_mappings

__all__ = [
    "AliyunLogFieldType",
    "DocLogItemConverter",
    "DocRangeComparator",
    "IndexLogstoreMappings",
    "MappingIndexConverter",
    "field_type_handlers",
]


class AliyunLogFieldType:
    """Index types of a Log Service field."""

    TEXT = "text"
    LONG = "long"
    DOUBLE = "double"
    JSON = "json"


class DocRangeComparator:
    """Range operators of an Elasticsearch ``range`` query."""

    GT = "gt"
    LT = "lt"
    GTE = "gte"
    LTE = "lte"


class DocLogItemConverter:
    """A search hit (``{"_index", "_id", "_source"...}``) to the LogItem a migration writes for it."""

    INDEX_FIELD = "_index"
    TYPE_FIELD = "_type"
    ID_FIELD = "_id"
    SOURCE_FIELD = "_source"

    @classmethod
    def to_log_item(cls, doc: Mapping[str, Any], time_reference: Optional[str] = None) -> LogItem:
        """The log of ``doc``; its time comes from the ``time_reference`` field when that holds a date."""
        return DocumentConverter(time_reference).convert(doc)[0]

    @classmethod
    def get_index(cls, doc: Mapping[str, Any]) -> Any:
        return doc[cls.INDEX_FIELD]


class IndexLogstoreMappings:
    """The logstore of each index of ``index_lst`` under ``logstore_index_mappings``
    (``'{"logstore1": "my_index*", "logstore2": "index1,index2"}'``; first matching entry wins)."""

    def __init__(self, index_lst: Optional[Iterable[str]] = None, logstore_index_mappings: Any = None) -> None:
        mappings = parse_logstore_index_mappings(logstore_index_mappings)
        self.index_logstore_dct: Dict[str, str] = {
            index: logstore_for_index(index, mappings) for index in (index_lst or [])
        }
        self.logstore_indexes_dct: Dict[str, List[str]] = {}
        for index, logstore in self.index_logstore_dct.items():
            self.logstore_indexes_dct.setdefault(logstore, []).append(index)

    def get_logstore(self, index: str) -> Optional[str]:
        return self.index_logstore_dct.get(index)

    def get_all_logstores(self) -> KeysView[str]:
        return self.logstore_indexes_dct.keys()

    def get_indexes(self, logstore: str) -> List[str]:
        return self.logstore_indexes_dct.get(logstore, [])

    def get_all_indexes(self) -> KeysView[str]:
        return self.index_logstore_dct.keys()

    @classmethod
    def _get_match_indexes(cls, pattern: str, index_lst: Iterable[str]) -> List[str]:
        return [index for index in index_lst if pattern and fnmatch.fnmatchcase(index, pattern)]


#: Elasticsearch scalar field type -> a factory of its field index config
field_type_handlers: Dict[str, Callable[[], IndexKeyConfig]] = {
    es_type: partial(_key_config, kind)
    for es_type, kind in ES_TYPE_TABLE.items()
    if kind in (TEXT, TEXT_NO_TOKENS, LONG, DOUBLE)
}


class MappingIndexConverter:
    """An Elasticsearch index mapping to the logstore index config a migration creates."""

    @classmethod
    def to_index_config(cls, mapping: Optional[Mapping[str, Any]]) -> Optional[IndexConfig]:
        """The index config for ``mapping`` (``{"properties": {...}}``); None for an empty mapping."""
        if not mapping:
            return None
        return index_config_from_mapping(mapping.get("properties") or {})

    @classmethod
    def to_key_config_list(cls, properties: Optional[Mapping[str, Any]]) -> Dict[str, IndexKeyConfig]:
        """The field index configs for mapping ``properties``, by field name."""
        return dict(index_config_from_mapping(properties or {}).key_config_list)
