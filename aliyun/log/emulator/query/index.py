"""What an index config (the JSON of PROTOCOL §3.6) means for searching and SQL.

``IndexSpec.from_config(config)`` reads the dict stored by the index API (or None when the logstore has no index):

- ``line``: the full-text index: delimiters (``token``), ``caseSensitive``, ``include_keys`` / ``exclude_keys``;
- ``keys``: one field index per key: ``type`` (``text`` / ``long`` / ``double`` / ``json``), delimiters and case
  sensitivity for text, ``doc_value`` (analytics: the field can be used in SQL), ``alias`` (a second SQL name),
  ``json_keys`` (typed sub-fields of a json field, ``"field.sub.path"``);
- ``all_keys`` (old configs): the field index of every key not listed in ``keys``.

Tokenizing: a value is split at every delimiter character; a search term matches a value when it equals one of the
value's tokens (case-folded unless ``caseSensitive``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Pattern, Tuple

__all__ = ["DEFAULT_TOKENS", "ESCAPED_TOKENS", "FieldSpec", "IndexSpec", "Tokenizer", "delimiter_of", "tokenizer_for"]

#: The service's default delimiters.
DEFAULT_TOKENS: Tuple[str, ...] = tuple(", '\";=()[]{}?@&<>/:\n\t\r")

_TOKENIZERS: Dict[Tuple[Tuple[str, ...], bool], Tokenizer] = {}

#: Escaped delimiters the service accepts in a token list (users send ``"\\t"`` for a tab), and what they stand for.
ESCAPED_TOKENS: Dict[str, str] = {"\\t": "\t", "\\n": "\n", "\\r": "\r"}


def delimiter_of(token: str) -> str:
    """The delimiter character of a token-list entry: itself, or the character an escaped form stands for."""
    return ESCAPED_TOKENS.get(token, token)


class Tokenizer:
    """Splits values at a set of delimiter characters, optionally folding case."""

    __slots__ = ("_fold", "case_sensitive", "delimiters", "splitter")

    def __init__(self, delimiters: Iterable[str], case_sensitive: bool) -> None:
        chars = sorted({ch for token in delimiters for ch in delimiter_of(token)})
        self.delimiters: Tuple[str, ...] = tuple(chars)
        self.case_sensitive = case_sensitive
        self.splitter: Optional[Pattern[str]] = (
            re.compile("[" + "".join(re.escape(ch) for ch in chars) + "]+") if chars else None
        )
        self._fold: Callable[[str], str] = (lambda s: s) if case_sensitive else str.lower

    def fold(self, text: str) -> str:
        return self._fold(text)

    def tokens(self, value: str) -> List[str]:
        """The tokens of ``value`` (case-folded unless case sensitive), empty ones dropped."""
        text = self._fold(value)
        if self.splitter is None:
            return [text] if text else []
        return [token for token in self.splitter.split(text) if token]

    def has_delimiter(self, text: str) -> bool:
        return self.splitter is not None and self.splitter.search(text) is not None


def tokenizer_for(delimiters: Iterable[str], case_sensitive: bool) -> Tokenizer:
    key = (tuple(delimiters), bool(case_sensitive))
    found = _TOKENIZERS.get(key)
    if found is None:
        found = _TOKENIZERS[key] = Tokenizer(key[0], key[1])
    return found


class FieldSpec:
    """The index of one field (or of the whole line when ``kind == "line"``)."""

    __slots__ = ("alias", "analytic", "json_keys", "key", "kind", "tokenizer")

    def __init__(self, key: str, kind: str, tokenizer: Tokenizer, analytic: bool, alias: Optional[str] = None,
                 json_keys: Optional[Dict[str, FieldSpec]] = None) -> None:
        self.key = key
        self.kind = kind  # text | long | double | json | line
        self.tokenizer = tokenizer
        self.analytic = analytic
        self.alias = alias
        self.json_keys = json_keys or {}

    @property
    def numeric(self) -> bool:
        return self.kind in ("long", "double")

    def __repr__(self) -> str:
        return f"FieldSpec({self.key!r}, {self.kind}, analytic={self.analytic})"


def _field_from_json(key: str, body: Mapping[str, Any], parent: Optional[FieldSpec] = None) -> FieldSpec:
    kind = str(body.get("type") or "text").lower()
    if kind not in ("text", "long", "double", "json"):
        kind = "text"
    if parent is not None:
        tokens = body.get("token", parent.tokenizer.delimiters)
        case = body.get("caseSensitive", parent.tokenizer.case_sensitive)
    else:
        tokens = body.get("token", DEFAULT_TOKENS)
        case = body.get("caseSensitive", False)
    spec = FieldSpec(
        key,
        kind,
        tokenizer_for(tokens if isinstance(tokens, (list, tuple)) else DEFAULT_TOKENS, bool(case)),
        bool(body.get("doc_value", False)),
        body.get("alias") or None,
    )
    if kind == "json":
        subs = body.get("json_keys") or {}
        if isinstance(subs, Mapping):
            spec.json_keys = {
                str(name): _field_from_json(f"{key}.{name}", sub, spec)
                for name, sub in subs.items()
                if isinstance(sub, Mapping)
            }
    return spec


class IndexSpec:
    """A parsed index config. ``IndexSpec.from_config(None)`` is the "no index" spec (``exists`` False)."""

    def __init__(self, exists: bool, line: Optional[FieldSpec], keys: Dict[str, FieldSpec],
                 all_keys: Optional[FieldSpec], include_keys: Optional[List[str]],
                 exclude_keys: Optional[List[str]]) -> None:
        self.exists = exists
        self.line = line
        self.keys = keys
        self.all_keys = all_keys
        self.include_keys = set(include_keys) if include_keys else None
        self.exclude_keys = set(exclude_keys) if exclude_keys else set()
        #: identifies the config (results cached for one config are not reused for another)
        self.fingerprint = ""

    @classmethod
    def from_config(cls, config: Optional[Mapping[str, Any]]) -> IndexSpec:
        if not config:
            return cls(False, None, {}, None, None, None)
        line_json = config.get("line")
        line = None
        include = exclude = None
        if isinstance(line_json, Mapping):
            line = FieldSpec(
                "",
                "line",
                tokenizer_for(line_json.get("token") or DEFAULT_TOKENS, bool(line_json.get("caseSensitive", False))),
                False,
            )
            include = line_json.get("include_keys") or None
            exclude = line_json.get("exclude_keys") or None
        keys: Dict[str, FieldSpec] = {}
        keys_json = config.get("keys")
        if isinstance(keys_json, Mapping):
            for name, body in keys_json.items():
                if isinstance(body, Mapping):
                    keys[str(name)] = _field_from_json(str(name), body)
        all_keys = None
        all_json = config.get("all_keys")
        if isinstance(all_json, Mapping):
            all_keys = _field_from_json("", all_json)
        spec = cls(True, line, keys, all_keys, include, exclude)
        spec.fingerprint = json.dumps(config, sort_keys=True, default=str)
        return spec

    # -- lookups -------------------------------------------------------------------------------------------------
    def field(self, key: str) -> Optional[FieldSpec]:
        """The field index serving ``key`` (exact name, then ``all_keys``); None when the key is not indexed."""
        spec = self.keys.get(key)
        if spec is not None:
            return spec
        if self.all_keys is not None:
            template = self.all_keys
            return FieldSpec(key, template.kind, template.tokenizer, template.analytic)
        return None

    def json_field(self, key: str) -> Optional[Tuple[FieldSpec, str, FieldSpec]]:
        """``"field.a.b"`` → (json field spec, ``"a.b"``, sub-field spec) when ``field`` is a json index.

        A sub-path without a ``json_keys`` entry is served as text by the parent's tokens when ``index_all`` is on
        (the default), which is how the service indexes every string value of a json field.
        """
        parts = key.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            head = ".".join(parts[:cut])
            spec = self.keys.get(head)
            if spec is not None and spec.kind == "json":
                path = ".".join(parts[cut:])
                sub = spec.json_keys.get(path)
                if sub is None:
                    sub = FieldSpec(key, "text", spec.tokenizer, False)
                return spec, path, sub
        return None

    def fulltext_keys(self, keys: Iterable[str]) -> List[str]:
        """Which of ``keys`` (content keys of the logstore) the full-text index covers."""
        out = []
        for key in keys:
            if key.startswith("__"):
                continue
            if self.include_keys is not None and key not in self.include_keys:
                continue
            if key in self.exclude_keys:
                continue
            out.append(key)
        return out

    def analytic_columns(self) -> Dict[str, Tuple[str, FieldSpec, Optional[str]]]:
        """SQL name → (source key, field spec, json path or None) of every field usable in SQL (``doc_value`` on).

        Aliases add a second name; typed json sub-keys are ``"field.sub"``.
        """
        columns: Dict[str, Tuple[str, FieldSpec, Optional[str]]] = {}
        for name, spec in self.keys.items():
            if spec.kind == "json":
                for path, sub in spec.json_keys.items():
                    if sub.analytic:
                        columns[f"{name}.{path}"] = (name, sub, path)
                        if sub.alias:
                            columns[sub.alias] = (name, sub, path)
            if spec.analytic:
                columns[name] = (name, spec, None)
                if spec.alias:
                    columns[spec.alias] = (name, spec, None)
        return columns
