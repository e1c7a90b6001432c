"""Search compilation: a parsed search tree becomes a SQL condition over a logstore copy's table.

Exact token checks run in Python (through the ``sls_m`` function) only on rows a cheap ``LIKE`` / ``instr``
pre-filter lets through.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..core import ApiError
from .index import FieldSpec, IndexSpec, Tokenizer
from .search import And, Compare, MatchAll, Node, Not, Or, Range, Term
from .tables import StoreHandle, numeric_expr

__all__ = ["QueryError", "SearchCompiler", "no_index_error"]


def QueryError(message: str, code: str = "ParameterInvalid", status: int = 400) -> ApiError:
    """A query the service would reject (400 ``ParameterInvalid`` unless told otherwise)."""
    return ApiError(status, code, message)


def no_index_error() -> ApiError:
    """A query of a logstore without an index config."""
    return ApiError(400, "IndexConfigNotExist", "logstore without index config")


#: ``__time__`` in a search (``__time__ > 1700000000``) is a long field.
_TIME_FIELD = FieldSpec("__time__", "long", Tokenizer((), True), True)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _glob_escape(text: str) -> str:
    return re.sub(r"([\[\]*?])", r"[\1]", text)


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


class SearchCompiler:
    """Search tree → SQL condition (0/1, never NULL) over a store's table."""

    def __init__(self, store: StoreHandle, spec: IndexSpec, patterns: List[Callable[[str], Any]],
                 numeric: Optional[Callable[[str, str], str]] = None) -> None:
        self.store = store
        self.spec = spec
        self.params: List[Any] = []
        self.patterns = patterns
        self.numeric_of = numeric or numeric_expr
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
