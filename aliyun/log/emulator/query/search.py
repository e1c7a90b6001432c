"""The search half of a query (before ``|``): tokens → an expression tree.

Grammar (keywords ``and`` / ``or`` / ``not`` / ``in`` are case-insensitive; juxtaposition means ``and``)::

    query    := or_expr | ''
    or_expr  := and_expr ('or' and_expr)*
    and_expr := unary (['and'] unary | 'not' unary)*        # "a not b" is "a and not b"
    unary    := 'not' unary | primary
    primary  := '(' or_expr ')' | '*'
              | key ':' value                              # key: value, key: "a b", key: abc*, key: *
              | key ('>' | '>=' | '<' | '<=' | '=') number
              | key 'in' ('[' | '(') number number (']' | ')')
              | term | "quoted phrase" | #"quoted phrase"
    key      := word | "quoted key"       (``__tag__:name`` is one key)

A bare word may hold the wildcards ``*`` (any run) and ``?`` (one character); inside quotes they are literal.
``\\`` escapes the next character of a bare word. Bare words and quoted strings are tokenized later, with the
delimiters of the index that serves them: a quoted string must match as a phrase (consecutive tokens), a bare word
that splits into several tokens must match each of them.
"""

from __future__ import annotations

from typing import List, Optional, Tuple, Union

__all__ = [
    "And",
    "Compare",
    "MatchAll",
    "Node",
    "Not",
    "Or",
    "Range",
    "SearchSyntaxError",
    "Term",
    "parse_search",
    "split_query",
]


class SearchSyntaxError(ValueError):
    """A search statement that does not parse; ``position`` is the character offset of the problem."""

    def __init__(self, message: str, position: int = -1) -> None:
        super().__init__(message)
        self.position = position


# ---------------------------------------------------------------------------------------------------------------------
# Tree


class Node:
    __slots__ = ()

    def _fields(self) -> Tuple[str, ...]:
        return tuple(self.__slots__)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and all(
            getattr(self, name) == getattr(other, name) for name in self._fields()
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, *(repr(getattr(self, name)) for name in self._fields())))

    def __repr__(self) -> str:
        args = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields())
        return f"{type(self).__name__}({args})"


class MatchAll(Node):
    """``*``: every log."""

    __slots__ = ()


class Term(Node):
    """A word or phrase, searched in one field (``key``) or in the whole log (``key`` None).

    ``quoted``: the text came in quotes (a phrase; no wildcards). ``wildcard``: a bare word holding ``*`` / ``?``.
    ``text == "*"`` with a key is ``key: *`` (the field has a value).
    """

    __slots__ = ("key", "quoted", "text", "wildcard")

    def __init__(self, text: str, key: Optional[str] = None, quoted: bool = False, wildcard: bool = False) -> None:
        self.text = text
        self.key = key
        self.quoted = quoted
        self.wildcard = wildcard


class Compare(Node):
    """``key op number`` with op one of ``>``, ``>=``, ``<``, ``<=``, ``=``."""

    __slots__ = ("key", "op", "value")

    def __init__(self, key: str, op: str, value: float) -> None:
        self.key = key
        self.op = op
        self.value = value


class Range(Node):
    """``key in [low high)``: brackets say whether each end is included."""

    __slots__ = ("high", "high_inclusive", "key", "low", "low_inclusive")

    def __init__(self, key: str, low: float, high: float, low_inclusive: bool, high_inclusive: bool) -> None:
        self.key = key
        self.low = low
        self.high = high
        self.low_inclusive = low_inclusive
        self.high_inclusive = high_inclusive


class And(Node):
    __slots__ = ("items",)

    def __init__(self, items: List[Node]) -> None:
        self.items = items


class Or(Node):
    __slots__ = ("items",)

    def __init__(self, items: List[Node]) -> None:
        self.items = items


class Not(Node):
    __slots__ = ("item",)

    def __init__(self, item: Node) -> None:
        self.item = item


# ---------------------------------------------------------------------------------------------------------------------
# Lexer

# token kinds
_WORD = "word"  # bare word (may hold wildcards)
_QUOTED = "quoted"  # "..." or #"..."
_LPAREN = "("
_RPAREN = ")"
_LBRACKET = "["
_RBRACKET = "]"
_COLON = ":"
_OP = "op"  # > >= < <= =
_END = "end"

_SPECIAL = set('()":<>=[]')
_KEYWORDS = ("and", "or", "not")

Token = Tuple[str, str, int, bool]  # kind, text, position, has-wildcard (words) / phrase-marker (quoted)


def _tokenize(text: str) -> List[Token]:
    tokens: List[Token] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        if ch == "#" and i + 1 < n and text[i + 1] == '"':
            value, i = _read_quoted(text, i + 1)
            tokens.append((_QUOTED, value, start, True))
            continue
        if ch == '"':
            value, i = _read_quoted(text, i)
            tokens.append((_QUOTED, value, start, False))
            continue
        if ch in "()[]:":
            tokens.append(({"(": _LPAREN, ")": _RPAREN, "[": _LBRACKET, "]": _RBRACKET, ":": _COLON}[ch], ch, i,
                           False))
            i += 1
            continue
        if ch in "<>=":
            op = ch
            if ch in "<>" and i + 1 < n and text[i + 1] == "=":
                op += "="
            tokens.append((_OP, op, i, False))
            i += len(op)
            continue
        # a bare word; "__tag__:name" keeps its first colon
        chars: List[str] = []
        wildcard = False
        while i < n:
            ch = text[i]
            if ch == "\\" and i + 1 < n:
                chars.append(text[i + 1])
                i += 2
                continue
            if ch.isspace() or ch in _SPECIAL:
                if ch == ":" and "".join(chars) == "__tag__":
                    chars.append(ch)
                    i += 1
                    continue
                break
            if ch in "*?":
                wildcard = True
            chars.append(ch)
            i += 1
        tokens.append((_WORD, "".join(chars), start, wildcard))
    tokens.append((_END, "", n, False))
    return tokens


def _read_quoted(text: str, i: int) -> Tuple[str, int]:
    """Read ``"..."`` starting at ``text[i] == '"'``; returns (content, index after the closing quote)."""
    chars: List[str] = []
    j = i + 1
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == "\\" and j + 1 < n:
            chars.append(text[j + 1])
            j += 2
            continue
        if ch == '"':
            return "".join(chars), j + 1
        chars.append(ch)
        j += 1
    raise SearchSyntaxError(f"unterminated quoted string starting at position {i}", i)


# ---------------------------------------------------------------------------------------------------------------------
# Parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0

    def peek(self, ahead: int = 0) -> Token:
        return self.tokens[min(self.pos + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.pos]
        if token[0] != _END:
            self.pos += 1
        return token

    def error(self, message: str, token: Optional[Token] = None) -> SearchSyntaxError:
        token = token or self.peek()
        where = "at the end" if token[0] == _END else f"at position {token[2]} ({token[1]!r})"
        return SearchSyntaxError(f"{message} {where} of the search {self.text!r}", token[2])

    def is_keyword(self, token: Token, word: str) -> bool:
        return token[0] == _WORD and not token[3] and token[1].lower() == word

    def parse(self) -> Node:
        if self.peek()[0] == _END:
            return MatchAll()
        node = self.or_expr()
        if self.peek()[0] != _END:
            raise self.error("unexpected token")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while self.is_keyword(self.peek(), "or"):
            self.advance()
            items.append(self.and_expr())
        return items[0] if len(items) == 1 else Or(items)

    def _starts_operand(self, token: Token) -> bool:
        kind = token[0]
        if kind in (_QUOTED, _LPAREN):
            return True
        if kind == _WORD:
            return not (self.is_keyword(token, "or") or self.is_keyword(token, "and"))
        return False

    def and_expr(self) -> Node:
        items = [self.unary()]
        while True:
            token = self.peek()
            if self.is_keyword(token, "and"):
                self.advance()
                items.append(self.unary())
            elif self.is_keyword(token, "not"):
                self.advance()
                items.append(Not(self.unary()))
            elif self._starts_operand(token):
                items.append(self.unary())
            else:
                break
        return items[0] if len(items) == 1 else And(items)

    def unary(self) -> Node:
        if self.is_keyword(self.peek(), "not"):
            self.advance()
            return Not(self.unary())
        return self.primary()

    def primary(self) -> Node:
        token = self.peek()
        kind = token[0]
        if kind == _LPAREN:
            self.advance()
            node = self.or_expr()
            if self.peek()[0] != _RPAREN:
                raise self.error("expected ')'")
            self.advance()
            return node
        if kind == _QUOTED:
            self.advance()
            if self.peek()[0] == _COLON and not token[3]:
                return self.field(token[1])
            return Term(token[1], None, quoted=True)
        if kind == _WORD:
            self.advance()
            following = self.peek()
            if following[0] == _COLON:
                return self.field(token[1])
            if following[0] == _OP:
                return self.compare(token[1])
            if self.is_keyword(following, "in") and self.peek(1)[0] in (_LBRACKET, _LPAREN):
                self.advance()
                return self.range(token[1])
            if token[1] == "*":
                return MatchAll()
            if self.is_keyword(token, "and") or self.is_keyword(token, "or"):
                raise self.error("missing operand before", token)
            return Term(token[1], None, wildcard=token[3])
        if kind == _END:
            raise self.error("missing operand")
        raise self.error("unexpected token")

    def field(self, key: str) -> Node:
        self.advance()  # ':'
        if not key:
            raise self.error("empty key before ':'")
        token = self.peek()
        if token[0] == _QUOTED:
            self.advance()
            return Term(token[1], key, quoted=True)
        if token[0] == _WORD:
            self.advance()
            return Term(token[1], key, wildcard=token[3])
        if token[0] == _OP:  # "key: > 10" is accepted as "key > 10"
            return self.compare(key)
        raise self.error(f"expected a value after '{key}:'")

    def number(self) -> float:
        token = self.peek()
        if token[0] != _WORD or token[3]:
            raise self.error("expected a number")
        self.advance()
        try:
            return float(token[1])
        except ValueError:
            raise self.error("expected a number", token) from None

    def compare(self, key: str) -> Node:
        op = self.advance()[1]
        return Compare(key, op, self.number())

    def range(self, key: str) -> Node:
        opening = self.advance()
        low = self.number()
        high = self.number()
        closing = self.peek()
        if closing[0] not in (_RBRACKET, _RPAREN):
            raise self.error("expected ']' or ')' closing the range")
        self.advance()
        return Range(key, low, high, opening[0] == _LBRACKET, closing[0] == _RBRACKET)


def parse_search(text: Optional[str]) -> Node:
    """The tree of a search statement; empty text (or ``*``) is :class:`MatchAll`."""
    return _Parser(text or "").parse()


def split_query(query: Optional[str]) -> Tuple[str, Optional[str]]:
    """``"search | sql"`` → ``("search", "sql")``; a ``|`` inside quotes does not split. No ``|``: ``(query, None)``."""
    text = query or ""
    quote = ""
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            i += 2
            continue
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "|":
            return text[:i].strip(), text[i + 1 :].strip()
        i += 1
    return text.strip(), None


def describe(node: Node) -> str:
    """A canonical text of a tree (used in error messages and the ``whereQuery`` meta)."""
    if isinstance(node, MatchAll):
        return "*"
    if isinstance(node, Term):
        text = f'"{node.text}"' if node.quoted else node.text
        return f"{node.key}: {text}" if node.key is not None else text
    if isinstance(node, Compare):
        return f"{node.key} {node.op} {_num(node.value)}"
    if isinstance(node, Range):
        return (f"{node.key} in {'[' if node.low_inclusive else '('}{_num(node.low)} {_num(node.high)}"
                f"{']' if node.high_inclusive else ')'}")
    if isinstance(node, Not):
        return f"not {describe(node.item)}"
    if isinstance(node, (And, Or)):
        joiner = " and " if isinstance(node, And) else " or "
        return "(" + joiner.join(describe(item) for item in node.items) + ")"
    raise TypeError(f"not a search node: {node!r}")  # pragma: no cover


def _num(value: Union[int, float]) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
