"""Tokens of an SPL statement, each with its line and column (line 1-based, column 0-based) for error messages."""

from __future__ import annotations

import re
from typing import List, NamedTuple, Tuple

__all__ = ["SplError", "Token", "tokenize"]


class SplError(ValueError):
    """An invalid SPL statement; the message names the line and column, as the service's ``invalid query``."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        where = f"line {line}:{column} " if line else ""
        super().__init__(f"{where}{message}")
        self.line = line
        self.column = column


class Token(NamedTuple):
    kind: str  # IDENT, QIDENT, STRING, NUMBER, OP, EOF
    text: str  # identifier (as written), string/identifier content (unquoted), number or operator
    offset: int  # index of the first character in the statement
    end: int  # index after the last character
    line: int
    column: int


_SPEC = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<number>(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<qident>"(?:[^"]|"")*")
  | (?P<bident>`(?:[^`]|``)*`)
  | (?P<string>'(?:[^']|'')*')
  | (?P<op>\|\||<>|!=|<=|>=|[=<>+\-*/%(),|:.\[\]])
    """,
    re.VERBOSE,
)


def _position(text: str, offset: int) -> Tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1)  # 0-based, as the service (ANTLR) reports it
    return line, column


def tokenize(text: str) -> List[Token]:
    """The tokens of ``text`` followed by an EOF token; ``SplError`` at the first character no token starts with."""
    tokens: List[Token] = []
    offset = 0
    while offset < len(text):
        match = _SPEC.match(text, offset)
        if match is None:
            line, column = _position(text, offset)
            raise SplError(f"token recognition error at: '{text[offset]}'", line, column)
        kind = match.lastgroup or ""
        raw = match.group()
        if kind != "ws":
            line, column = _position(text, offset)
            if kind == "qident":
                tokens.append(Token("QIDENT", raw[1:-1].replace('""', '"'), offset, match.end(), line, column))
            elif kind == "bident":
                tokens.append(Token("QIDENT", raw[1:-1].replace("``", "`"), offset, match.end(), line, column))
            elif kind == "string":
                tokens.append(Token("STRING", raw[1:-1].replace("''", "'"), offset, match.end(), line, column))
            else:
                tokens.append(Token(kind.upper(), raw, offset, match.end(), line, column))
        offset = match.end()
    line, column = _position(text, len(text))
    tokens.append(Token("EOF", "<EOF>", len(text), len(text), line, column))
    return tokens
