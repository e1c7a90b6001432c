"""The analytics half of a query (after ``|``): a Presto-flavoured SELECT rewritten for SQLite.

The rewrite works on tokens, never on raw text, so strings and quoted identifiers are left alone:

- every SELECT without a FROM reads the matched logs (``FROM "log"``); ``from log`` works as written;
- ``cast(x as bigint)`` / ``try_cast(...)`` become functions with Presto's semantics (a bad cast fails / is NULL);
- ``approx_distinct(x)`` is ``count(DISTINCT x)``; ``array[a, b]`` an array value;
- the outermost SELECT gets ``LIMIT 100`` when it has none (the service's default);
- a call of a function the emulator does not have fails before SQLite runs, naming the function.

:func:`analyse` also reports what the result needs afterwards: the output column names (``_col0`` for unnamed
expressions, as Presto) and the ``time_series`` padding to apply.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Sequence, Tuple

from .functions import KNOWN_FUNCTIONS

__all__ = ["DEFAULT_LIMIT", "SqlError", "SqlPlan", "analyse", "tokenize"]

#: Rows an analytic statement returns when it has no LIMIT.
DEFAULT_LIMIT = 100


class SqlError(ValueError):
    """A statement the emulator cannot run; the message names the problem (and the position when known)."""


# token kinds
WS = "ws"
STRING = "string"
QUOTED = "quoted"  # "identifier"
NUMBER = "number"
IDENT = "ident"
OP = "op"

_TOKEN = re.compile(
    r"""(?P<ws>\s+|--[^\n]*|/\*.*?\*/)
      |(?P<string>'(?:[^']|'')*')
      |(?P<quoted>"(?:[^"]|"")*"|`[^`]*`)
      |(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      |(?P<ident>[^\W\d]\w*)
      |(?P<op>\|\||<=|>=|<>|!=|==|[-+*/%(),.;<>=\[\]?:!&|^~])""",
    re.VERBOSE | re.DOTALL,
)

Token = Tuple[str, str]

_KEYWORDS = frozenset(
    {
        "select", "from", "where", "group", "by", "having", "order", "limit", "offset", "union", "all", "intersect",
        "except", "distinct", "as", "on", "join", "left", "right", "full", "inner", "outer", "cross", "natural",
        "using", "and", "or", "not", "in", "is", "null", "like", "glob", "between", "case", "when", "then", "else",
        "end", "exists", "over", "partition", "rows", "range", "unbounded", "preceding", "following", "current", "row",
        "asc", "desc", "nulls", "first", "last", "with", "values", "filter", "window", "escape", "collate", "true",
        "false", "interval"
    }
)
_CLAUSE_AFTER_FROM = frozenset({"where", "group", "having", "order", "limit", "window", "offset"})
_SET_OPS = frozenset({"union", "intersect", "except"})


def tokenize(sql: str) -> List[Token]:
    tokens: List[Token] = []
    pos = 0
    n = len(sql)
    while pos < n:
        match = _TOKEN.match(sql, pos)
        if match is None:
            raise SqlError(f"line 1:{pos + 1}: unexpected character {sql[pos]!r}")
        kind = match.lastgroup or OP
        tokens.append((kind, match.group()))
        pos = match.end()
    return tokens


def _word(token: Token) -> str:
    return token[1].lower() if token[0] == IDENT else ""


def _next_significant(tokens: Sequence[Token], index: int) -> int:
    i = index
    while i < len(tokens) and tokens[i][0] == WS:
        i += 1
    return i


def _prev_significant(tokens: Sequence[Token], index: int) -> int:
    i = index
    while i >= 0 and tokens[i][0] == WS:
        i -= 1
    return i


def _matching_paren(tokens: Sequence[Token], open_index: int) -> int:
    depth = 0
    for i in range(open_index, len(tokens)):
        text = tokens[i][1]
        if tokens[i][0] == OP and text in ("(", "["):
            depth += 1
        elif tokens[i][0] == OP and text in (")", "]"):
            depth -= 1
            if depth == 0:
                return i
    raise SqlError("line 1: unbalanced parentheses")


def _split_args(tokens: Sequence[Token]) -> List[List[Token]]:
    """Split a token run at top-level commas."""
    args: List[List[Token]] = [[]]
    depth = 0
    for token in tokens:
        if token[0] == OP and token[1] in ("(", "["):
            depth += 1
        elif token[0] == OP and token[1] in (")", "]"):
            depth -= 1
        if depth == 0 and token == (OP, ","):
            args.append([])
            continue
        args[-1].append(token)
    return args


def _text(tokens: Sequence[Token]) -> str:
    return "".join(t[1] for t in tokens)


def _position(tokens: Sequence[Token], index: int) -> int:
    return len(_text(tokens[:index])) + 1


# ---------------------------------------------------------------------------------------------------------------------
# Rewrites


def _check_functions(tokens: List[Token]) -> None:
    for i, token in enumerate(tokens):
        if token[0] != IDENT:
            continue
        name = token[1].lower()
        j = _next_significant(tokens, i + 1)
        if j >= len(tokens) or tokens[j] != (OP, "("):
            continue
        prev = _prev_significant(tokens, i - 1)
        if prev >= 0 and tokens[prev] == (OP, "."):
            continue
        if name in _KEYWORDS or name in KNOWN_FUNCTIONS or name in ("cast", "try_cast", "approx_distinct"):
            continue
        hint = " (PromQL is not emulated: query the metric store with SQL over __name__, __labels__ and " \
               "__value__)" if name.startswith("promql_") else ""
        raise SqlError(
            f"line 1:{_position(tokens, i)}: Function {name} not registered: the emulator does not support "
            f"{name}(){hint}"
        )


def _rewrite_calls(tokens: List[Token]) -> List[Token]:
    """cast / try_cast / approx_distinct / array[...], innermost first."""
    out: List[Token] = []
    i = 0
    n = len(tokens)
    while i < n:
        token = tokens[i]
        word = _word(token)
        j = _next_significant(tokens, i + 1)
        if word in ("cast", "try_cast") and j < n and tokens[j] == (OP, "("):
            close = _matching_paren(tokens, j)
            inner = _rewrite_calls(tokens[j + 1 : close])
            depth = 0
            as_index = -1
            for k, item in enumerate(inner):
                if item[0] == OP and item[1] in ("(", "["):
                    depth += 1
                elif item[0] == OP and item[1] in (")", "]"):
                    depth -= 1
                elif depth == 0 and _word(item) == "as":
                    as_index = k
            if as_index < 0:
                raise SqlError(f"line 1:{_position(tokens, i)}: {word}(...) needs 'AS <type>'")
            type_name = _text(inner[as_index + 1 :]).strip()
            if not type_name:
                raise SqlError(f"line 1:{_position(tokens, i)}: {word}(...) needs a type after AS")
            function = "sls_cast" if word == "cast" else "sls_try_cast"
            value = list(inner[:as_index])
            while value and value[-1][0] == WS:
                value.pop()
            out.append((IDENT, function))
            out.append((OP, "("))
            out.extend(value)
            out.extend([(OP, ","), (WS, " ")])
            out.append((STRING, "'" + type_name.replace("'", "''") + "'"))
            out.append((OP, ")"))
            i = close + 1
            continue
        if word == "approx_distinct" and j < n and tokens[j] == (OP, "("):
            close = _matching_paren(tokens, j)
            args = _split_args(_rewrite_calls(tokens[j + 1 : close]))
            out.extend([(IDENT, "count"), (OP, "("), (IDENT, "DISTINCT"), (WS, " ")])
            out.extend(args[0])
            out.append((OP, ")"))
            i = close + 1
            continue
        if word == "array" and j < n and tokens[j] == (OP, "["):
            close = _matching_paren(tokens, j)
            out.extend([(IDENT, "sls_array"), (OP, "(")])
            out.extend(_rewrite_calls(tokens[j + 1 : close]))
            out.append((OP, ")"))
            i = close + 1
            continue
        out.append(token)
        i += 1
    return out


def _depths(tokens: Sequence[Token]) -> List[int]:
    depths = []
    depth = 0
    for token in tokens:
        if token[0] == OP and token[1] == ")":
            depth -= 1
        depths.append(depth)
        if token[0] == OP and token[1] == "(":
            depth += 1
    return depths


def _insert_from(tokens: List[Token], table: str) -> List[Token]:
    """Give every SELECT without a FROM (at its own depth) ``FROM <table>``."""
    depths = _depths(tokens)
    inserts: List[int] = []
    n = len(tokens)
    for start, token in enumerate(tokens):
        if _word(token) != "select":
            continue
        depth = depths[start]
        has_from = False
        insert_at = None
        end = n
        for k in range(start + 1, n):
            if depths[k] < depth:
                end = k
                break
            if depths[k] != depth:
                continue
            word = _word(tokens[k])
            if word == "from":
                has_from = True
                break
            if word in _SET_OPS or word == "select":
                end = k
                break
            if word in _CLAUSE_AFTER_FROM and insert_at is None:
                insert_at = k
        if has_from:
            continue
        position = insert_at if insert_at is not None else end
        # keep trailing whitespace / semicolons after the insertion
        while position > start + 1 and tokens[position - 1][0] == WS:
            position -= 1
        inserts.append(position)
    out = list(tokens)
    for position in sorted(inserts, reverse=True):
        insert = [(WS, " "), (IDENT, "FROM"), (WS, " "), (QUOTED, table)]
        if position < len(out) and out[position][0] != WS:
            insert.append((WS, " "))
        out[position:position] = insert
    return out


def _outer_select_items(tokens: List[Token]) -> Optional[List[List[Token]]]:
    """The select-list items of the outermost SELECT (None when it is not a plain SELECT)."""
    depths = _depths(tokens)
    start = next((i for i, t in enumerate(tokens) if _word(t) == "select" and depths[i] == 0), None)
    if start is None:
        return None
    items_start = start + 1
    j = _next_significant(tokens, items_start)
    if j < len(tokens) and _word(tokens[j]) in ("distinct", "all"):
        items_start = j + 1
    end = len(tokens)
    for k in range(items_start, len(tokens)):
        if depths[k] == 0 and (_word(tokens[k]) in ("from",) or _word(tokens[k]) in _SET_OPS):
            end = k
            break
    return [[t for t in item if t[0] != WS] for item in _split_args(tokens[items_start:end])]


def _identifier_name(token: Token) -> Optional[str]:
    if token[0] == IDENT and token[1].lower() not in _KEYWORDS:
        return token[1]
    if token[0] == QUOTED:
        return token[1][1:-1].replace('""', '"') if token[1].startswith('"') else token[1][1:-1]
    return None


def _item_name(item: List[Token], index: int) -> Optional[str]:
    """Output name of a select item: its alias, the column it names, or Presto's ``_colN``; None for ``*``."""
    if not item:
        return f"_col{index}"
    if item[-1] == (OP, "*"):
        return None
    if len(item) >= 2 and _word(item[-2]) == "as" and item[-1][0] in (IDENT, QUOTED):
        return item[-1][1] if item[-1][0] == IDENT else _identifier_name(item[-1])
    last = _identifier_name(item[-1])
    if len(item) >= 2 and last is not None:
        before = item[-2]
        plain = before[0] in (IDENT, QUOTED, NUMBER, STRING) or before == (OP, ")")
        if plain and not (before[0] == IDENT and before[1].lower() in _KEYWORDS):
            return last
    if len(item) == 1 and last is not None:
        return last
    if len(item) == 3 and item[1] == (OP, ".") and last is not None:
        return last
    return f"_col{index}"


class TimeSeriesFill:
    """A ``time_series(x, window, format, padding)`` column whose missing buckets get ``padding`` rows."""

    def __init__(self, column: int, window: str, fmt: str, padding: str) -> None:
        self.column = column
        self.window = window
        self.fmt = fmt
        self.padding = padding


def _literal(tokens: List[Token]) -> Optional[str]:
    significant = [t for t in tokens if t[0] != WS]
    if len(significant) == 1 and significant[0][0] == STRING:
        return significant[0][1][1:-1].replace("''", "'")
    if len(significant) == 1 and significant[0][0] == NUMBER:
        return significant[0][1]
    return None


def _time_series(items: List[List[Token]]) -> Optional[TimeSeriesFill]:
    for index, item in enumerate(items):
        for k, token in enumerate(item):
            if _word(token) == "time_series" and k + 1 < len(item) and item[k + 1] == (OP, "("):
                close = _matching_paren(item, k + 1)
                args = _split_args(item[k + 2 : close])
                if len(args) < 3:
                    return None
                window, fmt = _literal(args[1]), _literal(args[2])
                padding = _literal(args[3]) if len(args) > 3 else "0"
                if window is None or fmt is None:
                    return None
                return TimeSeriesFill(index, window, fmt, padding if padding is not None else "0")
    return None


class SqlPlan:
    """A rewritten statement and what its result needs.

    ``sql``: the SQLite statement (reads the relation ``table``); ``names``: output column names by position (None
    where SQLite's own name is right); ``fill``: time_series padding; ``limit_added``: the default LIMIT was added.
    """

    def __init__(self, sql: str, names: Optional[List[Optional[str]]], fill: Optional[TimeSeriesFill],
                 limit_added: bool, tables: List[str], limit: Optional[int] = None) -> None:
        self.sql = sql
        self.names = names
        self.fill = fill
        self.limit_added = limit_added
        self.tables = tables
        self.limit = limit


def _from_tables(tokens: List[Token]) -> List[Tuple[int, int, List[str]]]:
    """Every ``FROM a, b, c`` list of plain names: (start index, end index, names) (for project-level SQL)."""
    found = []
    depths = _depths(tokens)
    for i, token in enumerate(tokens):
        if _word(token) != "from":
            continue
        depth = depths[i]
        names: List[str] = []
        k = _next_significant(tokens, i + 1)
        last_end = k
        while k < len(tokens):
            token_k = tokens[k]
            if token_k[0] == QUOTED:
                name = _identifier_name(token_k)
                m = k + 1
            elif token_k[0] == IDENT and token_k[1].lower() not in _KEYWORDS:
                # an unquoted hyphenated name arrives as several adjacent tokens: ls-3-1a2b
                m = k + 1
                while m < len(tokens) and (tokens[m][0] in (IDENT, NUMBER) or tokens[m] == (OP, "-")):
                    m += 1
                name = _text(tokens[k:m])
            else:
                name = None
            if not name:
                break
            parts = [name]
            names.append("".join(parts))
            last_end = m
            k = _next_significant(tokens, m)
            if k < len(tokens) and tokens[k] == (OP, ",") and depths[k] == depth:
                k = _next_significant(tokens, k + 1)
                continue
            break
        if names:
            found.append((i, last_end, names))
    return found


def analyse(sql: str, table: str = "log", *, project_tables: Optional[Dict[str, str]] = None,
            default_limit: int = DEFAULT_LIMIT) -> SqlPlan:
    """Rewrite ``sql`` for SQLite.

    ``table``: the relation a SELECT without FROM reads. ``project_tables``: for project-level SQL, the known
    logstore names → relation names; a ``FROM ls1, ls2`` list of them reads their union (the relation name of the
    union is returned in :attr:`SqlPlan.tables`, in order, for the caller to define).
    """
    text = sql.strip()
    while text.endswith(";"):
        text = text[:-1].rstrip()
    if not text:
        raise SqlError("line 1:1: the SQL statement after '|' is empty")
    tokens = tokenize(text)
    first = _next_significant(tokens, 0)
    if first >= len(tokens) or _word(tokens[first]) not in ("select", "with"):
        raise SqlError(f"line 1:1: mismatched input '{tokens[first][1] if first < len(tokens) else ''}'. "
                       "Expecting: 'SELECT' or 'WITH'")
    _check_functions(tokens)
    tokens = _rewrite_calls(tokens)
    tables: List[str] = []
    if project_tables is not None:
        for start, end, listed in reversed(_from_tables(tokens)):
            unknown = [name for name in listed if name.lower() not in project_tables]
            known = [project_tables[name.lower()] for name in listed if name.lower() in project_tables]
            if unknown and not known:
                continue
            if unknown:
                raise SqlError(f"logstore {unknown[0]} does not exist")
            relation = "+".join(known)
            tables.insert(0, relation)
            tokens[start + 1 : end] = [(WS, " "), (QUOTED, '"' + relation.replace('"', '""') + '"')]
    tokens = _insert_from(tokens, '"' + table.replace('"', '""') + '"')
    items = _outer_select_items(tokens)
    names: Optional[List[Optional[str]]] = None
    if items is not None:
        names = [_item_name(item, index) for index, item in enumerate(items)]
        if any(name is None for name in names):
            names = None
    fill = _time_series(items) if items is not None else None
    depths = _depths(tokens)
    limit_at = next((i for i, t in enumerate(tokens) if _word(t) == "limit" and depths[i] == 0), None)
    limit: Optional[int] = None
    limit_added = False
    if limit_at is None and default_limit:
        while tokens and tokens[-1][0] == WS:
            tokens.pop()
        tokens.extend([(WS, " "), (IDENT, "LIMIT"), (WS, " "), (NUMBER, str(default_limit))])
        limit_added = True
        limit = default_limit
    elif limit_at is not None:
        numbers = [t[1] for t in tokens[limit_at + 1 :] if t[0] == NUMBER]
        if numbers and numbers[-1].isdigit():
            limit = int(numbers[-1])
    return SqlPlan(_text(tokens), names, fill, limit_added, tables, limit)


def leading_with(sql: str) -> Tuple[str, bool]:
    """Strip a leading ``WITH`` so the caller can prepend its own common table expressions."""
    tokens = tokenize(sql)
    first = _next_significant(tokens, 0)
    if first < len(tokens) and _word(tokens[first]) == "with":
        return _text(tokens[first + 1 :]).lstrip(), True
    return sql, False
