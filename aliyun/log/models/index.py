"""Index configuration of a logstore: the JSON body of the index API (PROTOCOL §3.6).

``IndexConfig`` holds the full-text (``line``) index, the per-field (``keys``) indexes and the logstore-wide options.
``to_json()`` gives the request body; ``from_json(body)`` reads a GET answer (or any body built by hand) back.
Round trips are exact: ``IndexConfig().from_json(x).to_json() == x`` for every null-free ``x``. Keys the SDK does not
model (``storage``, ``index_mode``, newer service fields...) are kept verbatim, and a field that was absent from the
input is not added on output unless it was changed in between.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional

__all__ = [
    "DEFAULT_TOKEN_LIST",
    "INDEX_TYPES",
    "IndexConfig",
    "IndexJsonKeyConfig",
    "IndexKeyConfig",
    "IndexLineConfig",
]

#: The service's default delimiters: ``, '";=()[]{}?@&<>/:`` plus newline, tab and carriage return.
DEFAULT_TOKEN_LIST: List[str] = list(", '\";=()[]{}?@&<>/:\n\t\r")

#: Field index types the SDK knows about.
INDEX_TYPES = ("text", "long", "double", "json")

# Sub-keys of a ``json`` field may only be scalar types.
_JSON_SUB_KEY_TYPES = ("text", "long", "double")


# --------------------------------------------------------------------------------------------------------------------
# argument checks (constructors and setters validate; from_json trusts the service)


def _check_bool(name: str, value: Any, optional: bool = False) -> Optional[bool]:
    if value is None and optional:
        return None
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be a bool{' or None' if optional else ''}, got {value!r}")
    return value


def _check_int(name: str, value: Any, optional: bool = False, minimum: Optional[int] = None) -> Optional[int]:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int{' or None' if optional else ''}, got {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return value


def _require_int(name: str, value: Any, minimum: int) -> int:
    checked = _check_int(name, value, minimum=minimum)
    assert checked is not None
    return checked


def _check_str(name: str, value: Any, optional: bool = False, allow_empty: bool = True) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str{' or None' if optional else ''}, got {value!r}")
    if not allow_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def _check_str_list(name: str, value: Any, optional: bool = False) -> Optional[List[str]]:
    if value is None and optional:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list of str, got {value!r}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{name} must be a list of str, got item {item!r}")
    return items


def _check_tokens(name: str, value: Any) -> List[str]:
    if value is None:
        return list(DEFAULT_TOKEN_LIST)
    tokens = _check_str_list(name, value)
    assert tokens is not None
    return tokens


def _require_mapping(name: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a JSON object (dict), got {type(value).__name__}")
    return value


class _JsonModel:
    """Bookkeeping shared by the index classes for exact JSON round trips.

    ``_present`` is None for an object built by its constructor, or the set of keys its ``from_json`` input had.
    ``_extra`` holds input keys that are not modelled, emitted back unchanged.
    """

    _present: Optional[FrozenSet[str]] = None
    _extra: Dict[str, Any]

    def _emit(self, key: str, value: Any, default: Any, always: bool = False) -> bool:
        """Whether ``key`` goes into ``to_json()``: never for None; for a parsed object when the input had it or the
        value changed; for a constructed object when ``always`` or the value differs from the default."""
        if value is None:
            return False
        if self._present is not None:
            return key in self._present or value != default
        return always or value != default

    def _had(self, key: str) -> bool:
        return self._present is not None and key in self._present

    def to_json(self) -> Dict[str, Any]:  # pragma: no cover - overridden
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]


# --------------------------------------------------------------------------------------------------------------------


class IndexLineConfig(_JsonModel):
    """Full-text index of the whole log line (JSON ``line``).

    :param token_list: delimiters, each a single character; None means :data:`DEFAULT_TOKEN_LIST`
    :param case_sensitive: whether searches are case sensitive
    :param include_keys: only these keys are full-text indexed (deprecated by the service)
    :param exclude_keys: these keys are not full-text indexed (deprecated by the service)
    :param chinese: enable Chinese word segmentation (``chn``, sent as false when None)
    :param auto_key_detect: let the service add field indexes for keys it detects (None: not sent)
    :param auto_key_count_limit: cap on the number of detected keys, sent only with ``auto_key_detect``
    :param auto_text_keys: keys the detection always indexes as text (sent, empty by default)
    """

    _KNOWN = frozenset(
        {
            "token",
            "caseSensitive",
            "chn",
            "include_keys",
            "exclude_keys",
            "auto_key_detect",
            "auto_key_count_limit",
            "auto_text_keys",
        }
    )

    def __init__(
        self,
        token_list: Optional[List[str]] = None,
        case_sensitive: bool = False,
        include_keys: Optional[List[str]] = None,
        exclude_keys: Optional[List[str]] = None,
        chinese: Optional[bool] = None,
        auto_key_detect: Optional[bool] = False,
        auto_key_count_limit: Optional[int] = None,
        auto_text_keys: Optional[List[str]] = None,
    ) -> None:
        self.token_list: List[str] = _check_tokens("token_list", token_list)
        self.case_sensitive: bool = bool(_check_bool("case_sensitive", case_sensitive))
        self.include_keys = _check_str_list("include_keys", include_keys, optional=True)
        self.exclude_keys = _check_str_list("exclude_keys", exclude_keys, optional=True)
        self.chinese: Optional[bool] = bool(_check_bool("chinese", chinese, optional=True))
        self.auto_key_detect = _check_bool("auto_key_detect", auto_key_detect, optional=True)
        self.auto_key_count_limit = _check_int("auto_key_count_limit", auto_key_count_limit, optional=True, minimum=0)
        text_keys = _check_str_list("auto_text_keys", auto_text_keys, optional=True)
        self.auto_text_keys: Optional[List[str]] = text_keys or []
        self._present = None
        self._extra = {}

    @property
    def chn(self) -> Optional[bool]:
        """The original SDK's name for :attr:`chinese`."""
        return self.chinese

    @chn.setter
    def chn(self, value: Optional[bool]) -> None:
        self.chinese = value

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        if self._emit("token", self.token_list, DEFAULT_TOKEN_LIST, always=True):
            out["token"] = list(self.token_list)
        if self._emit("caseSensitive", self.case_sensitive, False, always=True):
            out["caseSensitive"] = self.case_sensitive
        # The official client's keys and order: a constructed object always sends auto_text_keys, chn and
        # auto_key_detect; the count limit goes only with an enabled detection.
        if self._emit("auto_text_keys", self.auto_text_keys, [], always=True):
            out["auto_text_keys"] = list(self.auto_text_keys or [])
        if self._emit("chn", self.chinese, None, always=True):
            out["chn"] = self.chinese
        if self._emit("auto_key_detect", self.auto_key_detect, False, always=True):
            out["auto_key_detect"] = self.auto_key_detect
        if (self.auto_key_detect or self._had("auto_key_count_limit")) and self._emit(
            "auto_key_count_limit", self.auto_key_count_limit, None
        ):
            out["auto_key_count_limit"] = self.auto_key_count_limit
        if self._emit("include_keys", self.include_keys, None):
            out["include_keys"] = list(self.include_keys or [])
        if self._emit("exclude_keys", self.exclude_keys, None):
            out["exclude_keys"] = list(self.exclude_keys or [])
        out.update(copy.deepcopy(self._extra))
        return out

    def from_json(self, json_value: Mapping[str, Any]) -> IndexLineConfig:
        """Fill this object from a ``line`` JSON object and return it."""
        value = _require_mapping("json_value", json_value)
        self.token_list = list(value.get("token", DEFAULT_TOKEN_LIST))
        self.case_sensitive = bool(value.get("caseSensitive", False))
        self.chinese = value.get("chn")
        self.include_keys = _copy_list(value.get("include_keys"))
        self.exclude_keys = _copy_list(value.get("exclude_keys"))
        self.auto_key_detect = value.get("auto_key_detect", False)
        self.auto_key_count_limit = value.get("auto_key_count_limit")
        self.auto_text_keys = _copy_list(value.get("auto_text_keys"))
        self._present = frozenset(value)
        self._extra = {k: copy.deepcopy(v) for k, v in value.items() if k not in self._KNOWN}
        return self

    def __repr__(self) -> str:
        return (
            f"IndexLineConfig(token_list={self.token_list!r}, case_sensitive={self.case_sensitive!r}, "
            f"chinese={self.chinese!r})"
        )


def _copy_list(value: Any) -> Optional[List[Any]]:
    return None if value is None else copy.deepcopy(list(value))


class IndexJsonKeyConfig(_JsonModel):
    """The ``json``-type part of a field index: ``index_all``, ``max_depth`` and the typed sub-keys ``json_keys``.

    :param index_all: index every string value inside the JSON
    :param max_depth: with ``index_all``, only values at depth <= max_depth are indexed (-1: no limit)
    :param alias: alias of the json field (used when the owning :class:`IndexKeyConfig` has no alias)
    :param json_keys: sub-key path (e.g. ``"a.b"``) -> :class:`IndexKeyConfig` (or its JSON dict)
    """

    _KNOWN = frozenset({"index_all", "max_depth", "json_keys"})

    def __init__(
        self,
        index_all: bool = True,
        max_depth: int = -1,
        alias: Optional[str] = None,
        *,
        json_keys: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self.index_all: bool = bool(_check_bool("index_all", index_all))
        self.max_depth: int = _require_int("max_depth", max_depth, minimum=-1)
        self.alias = _check_str("alias", alias, optional=True)
        self.json_keys: Dict[str, IndexKeyConfig] = {}
        self._present = None
        self._extra = {}
        for name, sub in (json_keys or {}).items():
            self._set_sub_key(name, sub)

    def _set_sub_key(self, name: Any, sub: Any) -> None:
        _check_str("json_keys key", name, allow_empty=False)
        if isinstance(sub, Mapping):
            sub = IndexKeyConfig().from_json(sub)
        if not isinstance(sub, IndexKeyConfig):
            raise ValueError(f"json_keys[{name!r}] must be an IndexKeyConfig or a dict, got {type(sub).__name__}")
        self.json_keys[name] = sub

    def add_key(self, key_name: str, key_type: str, doc_value: bool = False, alias: Optional[str] = None) -> None:
        """Add a typed sub-key, e.g. ``add_key("user.id", "long", doc_value=True)``."""
        _check_str("key_name", key_name, allow_empty=False)
        if key_type not in _JSON_SUB_KEY_TYPES:
            raise ValueError(f"key_type must be one of {', '.join(_JSON_SUB_KEY_TYPES)}, got {key_type!r}")
        self.json_keys[key_name] = IndexKeyConfig(index_type=key_type, doc_value=doc_value, alias=alias)

    def to_json(self, json_value: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Write ``index_all``/``max_depth``/``json_keys`` into ``json_value`` (a new dict if None) and return it."""
        out: Dict[str, Any] = {} if json_value is None else json_value
        if self._emit("index_all", self.index_all, True, always=True):
            out["index_all"] = self.index_all
        if self._emit("max_depth", self.max_depth, -1, always=True):
            out["max_depth"] = self.max_depth
        if self.json_keys or self._emit("json_keys", self.json_keys, {}, always=True):
            out["json_keys"] = {name: sub._to_json(nested=True) for name, sub in self.json_keys.items()}
        out.update(copy.deepcopy(self._extra))
        return out

    def from_json(self, json_value: Mapping[str, Any]) -> IndexJsonKeyConfig:
        """Fill this object from a ``json``-type field index object and return it."""
        value = _require_mapping("json_value", json_value)
        self.index_all = bool(value.get("index_all", True))
        self.max_depth = value.get("max_depth", -1)
        self.alias = None
        self.json_keys = {name: IndexKeyConfig().from_json(sub) for name, sub in (value.get("json_keys") or {}).items()}
        self._present = frozenset(k for k in value if k in self._KNOWN)
        self._extra = {}
        return self

    def __repr__(self) -> str:
        return (
            f"IndexJsonKeyConfig(index_all={self.index_all!r}, max_depth={self.max_depth!r}, "
            f"json_keys={sorted(self.json_keys)!r})"
        )


class IndexKeyConfig(_JsonModel):
    """Index of one log field (an entry of JSON ``keys``, or ``all_keys``).

    :param token_list: delimiters for ``text``/``json`` fields; None means :data:`DEFAULT_TOKEN_LIST`
    :param case_sensitive: whether searches are case sensitive (``text``/``json``)
    :param index_type: one of ``text``, ``long``, ``double``, ``json``
    :param doc_value: enable analytics (SQL) on the field
    :param alias: alias name usable in SQL
    :param json_key_config: :class:`IndexJsonKeyConfig` for ``json`` fields (a default one is created if None)
    :param chinese: enable Chinese word segmentation (``chn``); None leaves it unset
    :param embedding: embedding setting of the field, sent as ``embedding`` (opaque JSON value)
    :param vector_index: vector index setting of the field, sent as ``vector_index`` (opaque JSON value)
    """

    _BASE_KNOWN = frozenset(
        {"type", "token", "caseSensitive", "chn", "alias", "doc_value", "embedding", "vector_index"}
    )

    def __init__(
        self,
        token_list: Optional[List[str]] = None,
        case_sensitive: bool = False,
        index_type: str = "text",
        doc_value: bool = False,
        alias: Optional[str] = None,
        json_key_config: Optional[IndexJsonKeyConfig] = None,
        chinese: Optional[bool] = None,
        embedding: Any = None,
        vector_index: Any = None,
    ) -> None:
        if index_type not in INDEX_TYPES:
            raise ValueError(f"index_type must be one of {', '.join(INDEX_TYPES)}, got {index_type!r}")
        self.index_type: str = index_type
        self.token_list: List[str] = _check_tokens("token_list", token_list)
        self.case_sensitive: bool = bool(_check_bool("case_sensitive", case_sensitive))
        self.doc_value: bool = bool(_check_bool("doc_value", doc_value))
        self.alias = _check_str("alias", alias, optional=True)
        self.chinese = _check_bool("chinese", chinese, optional=True)
        self.embedding = copy.deepcopy(embedding)
        self.vector_index = copy.deepcopy(vector_index)
        self.json_key_config: Optional[IndexJsonKeyConfig] = None
        self._present = None
        self._extra = {}
        if json_key_config is not None:
            self.set_json_key_config(json_key_config)
        elif index_type == "json":
            self.json_key_config = IndexJsonKeyConfig()

    @property
    def chn(self) -> Optional[bool]:
        """The original SDK's name for :attr:`chinese`."""
        return self.chinese

    @chn.setter
    def chn(self, value: Optional[bool]) -> None:
        self.chinese = value

    def get_json_key_config(self) -> Optional[IndexJsonKeyConfig]:
        return self.json_key_config

    def set_json_key_config(self, json_key_config: Optional[IndexJsonKeyConfig]) -> None:
        if json_key_config is not None and not isinstance(json_key_config, IndexJsonKeyConfig):
            raise ValueError(f"json_key_config must be an IndexJsonKeyConfig, got {type(json_key_config).__name__}")
        self.json_key_config = json_key_config

    def to_json(self) -> Dict[str, Any]:
        return self._to_json(nested=False)

    def _to_json(self, nested: bool) -> Dict[str, Any]:
        """``nested`` is True for a sub-key inside ``json_keys``, which inherits tokens from its parent field."""
        out: Dict[str, Any] = {}
        if self._emit("type", self.index_type, "text", always=True):
            out["type"] = self.index_type
        textual = self.index_type in ("text", "json")
        if textual and not nested:
            if self._emit("token", self.token_list, DEFAULT_TOKEN_LIST, always=True):
                out["token"] = list(self.token_list)
            if self._emit("caseSensitive", self.case_sensitive, False, always=True):
                out["caseSensitive"] = self.case_sensitive
        elif textual:
            if self._emit("token", self.token_list, DEFAULT_TOKEN_LIST):
                out["token"] = list(self.token_list)
            if self._emit("caseSensitive", self.case_sensitive, False):
                out["caseSensitive"] = self.case_sensitive
        else:  # long / double carry no tokens; keep them only if the input had them
            if self._had("token"):
                out["token"] = list(self.token_list)
            if self._had("caseSensitive"):
                out["caseSensitive"] = self.case_sensitive
        if (textual or self._had("chn")) and self._emit("chn", self.chinese, None):
            out["chn"] = self.chinese
        alias = self.alias
        if alias is None and self.json_key_config is not None and self.index_type == "json":
            alias = self.json_key_config.alias
        if self._emit("alias", alias, None):
            out["alias"] = alias
        if self._emit("doc_value", self.doc_value, False, always=True):
            out["doc_value"] = self.doc_value
        if self.index_type == "json" and self.json_key_config is not None:
            self.json_key_config.to_json(out)
        if self._emit("embedding", self.embedding, None):
            out["embedding"] = copy.deepcopy(self.embedding)
        if self._emit("vector_index", self.vector_index, None):
            out["vector_index"] = copy.deepcopy(self.vector_index)
        out.update(copy.deepcopy(self._extra))
        return out

    def from_json(self, json_value: Mapping[str, Any]) -> IndexKeyConfig:
        """Fill this object from a field index JSON object and return it."""
        value = _require_mapping("json_value", json_value)
        self.index_type = value.get("type", "text")
        self.token_list = list(value.get("token", DEFAULT_TOKEN_LIST))
        self.case_sensitive = bool(value.get("caseSensitive", False))
        self.chinese = value.get("chn")
        self.alias = value.get("alias")
        self.doc_value = bool(value.get("doc_value", False))
        self.embedding = copy.deepcopy(value.get("embedding"))
        self.vector_index = copy.deepcopy(value.get("vector_index"))
        known = self._BASE_KNOWN
        if self.index_type == "json":
            self.json_key_config = IndexJsonKeyConfig().from_json(value)
            known = known | IndexJsonKeyConfig._KNOWN
        else:
            self.json_key_config = None
        self._present = frozenset(value)
        self._extra = {k: copy.deepcopy(v) for k, v in value.items() if k not in known}
        return self

    def __repr__(self) -> str:
        parts = [f"index_type={self.index_type!r}"]
        if self.index_type in ("text", "json"):
            parts.append(f"case_sensitive={self.case_sensitive!r}")
        parts.append(f"doc_value={self.doc_value!r}")
        if self.alias is not None:
            parts.append(f"alias={self.alias!r}")
        if self.json_key_config is not None:
            parts.append(f"json_key_config={self.json_key_config!r}")
        return f"IndexKeyConfig({', '.join(parts)})"


class IndexConfig(_JsonModel):
    """The index of a logstore (the body of create/update index, the answer of get index).

    :param ttl: deprecated by the service (the logstore's TTL applies); not sent (as the official client)
    :param line_config: :class:`IndexLineConfig`, the full-text index, or None
    :param key_config_list: dict field name -> :class:`IndexKeyConfig`
    :param all_keys_config: :class:`IndexKeyConfig` for all keys (legacy configs only)
    :param log_reduce: enable LogReduce (log clustering); None leaves it unset
    :param scan_index: enable the scan index; None leaves it unset
    """

    _KNOWN = frozenset(
        {
            "line",
            "keys",
            "all_keys",
            "ttl",
            "max_text_len",
            "log_reduce",
            "log_reduce_white_list",
            "log_reduce_black_list",
            "scan_index",
            "lastModifyTime",
        }
    )

    def __init__(
        self,
        ttl: int = 1,
        line_config: Optional[IndexLineConfig] = None,
        key_config_list: Optional[Mapping[str, IndexKeyConfig]] = None,
        all_keys_config: Optional[IndexKeyConfig] = None,
        log_reduce: Optional[bool] = None,
        scan_index: Optional[bool] = None,
    ) -> None:
        self.ttl: int = _require_int("ttl", ttl, minimum=0)
        if line_config is not None and not isinstance(line_config, IndexLineConfig):
            raise ValueError(f"line_config must be an IndexLineConfig or None, got {type(line_config).__name__}")
        self.line_config = line_config
        if key_config_list is not None and not isinstance(key_config_list, Mapping):
            raise ValueError(f"key_config_list must be a dict of str -> IndexKeyConfig, got {key_config_list!r}")
        self.key_config_list: Dict[str, IndexKeyConfig] = {}
        for name, key_config in (key_config_list or {}).items():
            _check_str("key_config_list key", name, allow_empty=False)
            if not isinstance(key_config, IndexKeyConfig):
                raise ValueError(
                    f"key_config_list[{name!r}] must be an IndexKeyConfig, got {type(key_config).__name__}"
                )
            self.key_config_list[name] = key_config
        if all_keys_config is not None and not isinstance(all_keys_config, IndexKeyConfig):
            raise ValueError(f"all_keys_config must be an IndexKeyConfig or None, got {type(all_keys_config).__name__}")
        self.all_keys_config = all_keys_config
        self.log_reduce = _check_bool("log_reduce", log_reduce, optional=True)
        self.scan_index = _check_bool("scan_index", scan_index, optional=True)
        self.docvalue_max_text_len: int = 0
        self.log_reduce_white_list: Optional[List[str]] = None
        self.log_reduce_black_list: Optional[List[str]] = None
        #: ``lastModifyTime`` of a GET answer (unix seconds), None for a locally built config.
        self.modify_time: Optional[int] = None
        self._present = None
        self._extra = {}

    def set_docvalue_max_text_len(self, max_len: int) -> None:
        """Maximum length of a text value kept for analytics (``max_text_len``); 0 leaves the service default."""
        self.docvalue_max_text_len = _require_int("max_len", max_len, minimum=0)

    def set_log_reduce_white_list(self, white_list: Optional[List[str]]) -> None:
        """Keys LogReduce clusters on (``log_reduce_white_list``)."""
        self.log_reduce_white_list = _check_str_list("white_list", white_list, optional=True)

    def set_log_reduce_black_list(self, black_list: Optional[List[str]]) -> None:
        """Keys LogReduce ignores (``log_reduce_black_list``)."""
        self.log_reduce_black_list = _check_str_list("black_list", black_list, optional=True)

    def set_scan_index(self, scan_index: Optional[bool]) -> None:
        self.scan_index = _check_bool("scan_index", scan_index, optional=True)

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {}
        if self.line_config is not None:
            out["line"] = self.line_config.to_json()
        if self.key_config_list or self._had("keys"):
            out["keys"] = {name: key.to_json() for name, key in self.key_config_list.items()}
        if self.all_keys_config is not None:
            out["all_keys"] = self.all_keys_config.to_json()
        if self._had("ttl"):  # deprecated: never sent by a constructed config, only kept in a round trip
            out["ttl"] = self.ttl
        if self._emit("log_reduce", self.log_reduce, None):
            out["log_reduce"] = self.log_reduce
        if self._emit("max_text_len", self.docvalue_max_text_len, 0):
            out["max_text_len"] = self.docvalue_max_text_len
        if self._emit("log_reduce_white_list", self.log_reduce_white_list, None):
            out["log_reduce_white_list"] = list(self.log_reduce_white_list or [])
        if self._emit("log_reduce_black_list", self.log_reduce_black_list, None):
            out["log_reduce_black_list"] = list(self.log_reduce_black_list or [])
        if self._emit("scan_index", self.scan_index, None):
            out["scan_index"] = self.scan_index
        if self.modify_time is not None:
            out["lastModifyTime"] = self.modify_time
        out.update(copy.deepcopy(self._extra))
        return out

    def from_json(self, json_value: Mapping[str, Any]) -> IndexConfig:
        """Fill this object from an index JSON body (e.g. a GET answer) and return it."""
        value = _require_mapping("json_value", json_value)
        self.ttl = value.get("ttl", 1)
        self.line_config = IndexLineConfig().from_json(value["line"]) if value.get("line") is not None else None
        self.key_config_list = {name: IndexKeyConfig().from_json(v) for name, v in (value.get("keys") or {}).items()}
        all_keys = value.get("all_keys")
        self.all_keys_config = IndexKeyConfig().from_json(all_keys) if all_keys is not None else None
        self.docvalue_max_text_len = value.get("max_text_len", 0)
        self.log_reduce = value.get("log_reduce")
        self.log_reduce_white_list = _copy_list(value.get("log_reduce_white_list"))
        self.log_reduce_black_list = _copy_list(value.get("log_reduce_black_list"))
        self.scan_index = value.get("scan_index")
        self.modify_time = value.get("lastModifyTime")
        self._present = frozenset(value)
        self._extra = {k: copy.deepcopy(v) for k, v in value.items() if k not in self._KNOWN}
        return self

    def __repr__(self) -> str:
        return (
            f"IndexConfig(line_config={self.line_config!r}, keys={sorted(self.key_config_list)!r}, "
            f"log_reduce={self.log_reduce!r}, scan_index={self.scan_index!r})"
        )
