"""SPL statements: ``* | command | command ...`` compiled into one function from a row to a row (or None).

Commands: ``where``, ``extend``, ``project``, ``project-away``, ``project-rename``, ``parse-json``,
``parse-regexp``, ``parse-csv``. Each command changes the row in place and the whole statement returns the row, or
None when a ``where`` dropped it.
"""

from __future__ import annotations

import csv
import json
import re
from typing import Callable, Dict, List, Optional, Tuple

from .expressions import Expr, Row, TokenStream
from .functions import to_text
from .lexer import SplError, tokenize

__all__ = ["Program", "compile_spl"]

Step = Callable[[Row], Optional[Row]]

#: The longest statement accepted (the service limits query text too).
MAX_STATEMENT_CHARS = 64 * 1024

_COMMANDS = ("where", "extend", "project", "project-away", "project-rename", "parse-json", "parse-regexp",
             "parse-csv")


class Program:
    """A compiled SPL statement; ``run(row)`` gives the processed row, or None when it is filtered out."""

    def __init__(self, text: str, steps: List[Step]) -> None:
        self.text = text
        self._steps = steps

    def run(self, row: Row) -> Optional[Row]:
        """``SplError`` when the statement nests too deeply to evaluate."""
        result: Optional[Row] = row
        try:
            for step in self._steps:
                result = step(result)  # type: ignore[arg-type]
                if result is None:
                    return None
        except RecursionError:
            raise SplError("the statement nests expressions too deeply") from None
        return result

    def __repr__(self) -> str:
        return f"Program({self.text!r})"


def compile_spl(text: str) -> Program:
    """Parse ``text``; ``SplError`` (naming line and column) when it is not valid SPL."""
    if not isinstance(text, str) or not text.strip():
        raise SplError("the SPL statement is empty")
    if len(text) > MAX_STATEMENT_CHARS:
        raise SplError(f"the SPL statement is longer than {MAX_STATEMENT_CHARS} characters")
    stream = TokenStream(tokenize(text))
    if not stream.accept_op("*"):
        raise stream.error("'*'")
    steps: List[Step] = []
    try:
        while stream.accept_op("|"):
            steps.append(_command(stream))
    except RecursionError:
        token = stream.current
        raise SplError("the statement nests expressions too deeply", token.line, token.column) from None
    if stream.current.kind != "EOF":
        raise stream.error("'|' or <EOF>")
    return Program(text, steps)


def _command_name(stream: TokenStream) -> str:
    token = stream.current
    if token.kind != "IDENT":
        raise stream.error("{" + ", ".join(c.upper() for c in _COMMANDS) + "}")
    stream.advance()
    name = token.text.lower()
    while stream.is_op("-") and stream.current.offset == stream.tokens[stream.index - 1].end:
        suffix = stream.peek()
        if suffix.kind != "IDENT" or suffix.offset != stream.current.end:
            break
        stream.advance()
        stream.advance()
        name += "-" + suffix.text.lower()
    if name not in _COMMANDS:
        raise SplError(f"mismatched input '{name}' expecting "
                       "{" + ", ".join(c.upper() for c in _COMMANDS) + "}", token.line, token.column)
    return name


def _command(stream: TokenStream) -> Step:
    name = _command_name(stream)
    return _BUILDERS[name](stream)


def _options(stream: TokenStream, allowed: Tuple[str, ...]) -> Dict[str, str]:
    """``-name='value'`` options before a command's arguments."""
    options: Dict[str, str] = {}
    while stream.is_op("-") and stream.peek().kind == "IDENT":
        stream.advance()
        token = stream.advance()
        option = token.text.lower()
        if option not in allowed:
            raise SplError(f"unknown option '-{token.text}' (allowed: {', '.join('-' + a for a in allowed)})",
                           token.line, token.column)
        stream.expect_op("=")
        value = stream.advance()
        if value.kind not in ("STRING", "IDENT", "NUMBER"):
            raise stream.error("an option value", value)
        options[option] = value.text
    return options


def _field_list(stream: TokenStream) -> List[str]:
    names = [stream.field_name()]
    while stream.accept_op(","):
        names.append(stream.field_name())
    return names


def _assignments(stream: TokenStream, value: Callable[[], Expr]) -> List[Tuple[str, Expr]]:
    pairs = []
    while True:
        target = stream.field_name()
        stream.expect_op("=")
        pairs.append((target, value()))
        if not stream.accept_op(","):
            return pairs


def _set(row: Row, name: str, value: object) -> None:
    text = to_text(value)  # type: ignore[arg-type]
    if text is None:
        row.pop(name, None)
    else:
        row[name] = text


# -- commands ------------------------------------------------------------------------------------------------------
def _where(stream: TokenStream) -> Step:
    condition = stream.expression()
    return lambda row: row if condition(row) is True else None


def _extend(stream: TokenStream) -> Step:
    pairs = _assignments(stream, stream.expression)

    def extend(row: Row) -> Row:
        values = [(name, expr(row)) for name, expr in pairs]
        for name, value in values:
            _set(row, name, value)
        return row
    return extend


def _project(stream: TokenStream) -> Step:
    names = _field_list(stream)
    return lambda row: {name: row[name] for name in names if name in row}


def _project_away(stream: TokenStream) -> Step:
    names = _field_list(stream)

    def project_away(row: Row) -> Row:
        for name in names:
            row.pop(name, None)
        return row
    return project_away


def _project_rename(stream: TokenStream) -> Step:
    pairs: List[Tuple[str, str]] = []
    while True:
        target = stream.field_name()
        stream.expect_op("=")
        pairs.append((target, stream.field_name()))
        if not stream.accept_op(","):
            break

    def project_rename(row: Row) -> Row:
        for target, source in pairs:
            if source in row:
                row[target] = row.pop(source)
        return row
    return project_rename


def _parse_json(stream: TokenStream) -> Step:
    options = _options(stream, ("mode", "prefix", "path"))
    mode = options.get("mode", "overwrite").lower()
    if mode not in ("overwrite", "preserve"):
        raise SplError(f"parse-json -mode must be 'overwrite' or 'preserve', got '{mode}'")
    prefix = options.get("prefix", "")
    path = [p for p in re.split(r"\.", options.get("path", "$").lstrip("$")) if p]
    source = stream.field_name()

    def parse_json(row: Row) -> Row:
        text = row.get(source)
        if text is None:
            return row
        try:
            node = json.loads(text)
        except ValueError:
            return row
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            return row
        for key, value in node.items():
            name = prefix + key
            if mode == "preserve" and name in row:
                continue
            text_value = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False,
                                                                          separators=(",", ":"))
            row[name] = text_value
        return row
    return parse_json


def _parse_regexp(stream: TokenStream) -> Step:
    source = stream.field_name()
    stream.expect_op(",")
    token = stream.advance()
    if token.kind != "STRING":
        raise stream.error("a regular expression string", token)
    try:
        pattern = re.compile(token.text)
    except re.error as exc:
        raise SplError(f"invalid regular expression: {exc}", token.line, token.column) from None
    if stream.accept_keyword("as"):
        names = _field_list(stream)
        if len(names) != pattern.groups:
            raise SplError(f"parse-regexp names {len(names)} fields for {pattern.groups} capturing groups",
                           token.line, token.column)
    else:
        by_index = {index: name for name, index in pattern.groupindex.items()}
        if not by_index:
            raise SplError("parse-regexp needs named groups or 'as <fields>'", token.line, token.column)
        names = [by_index.get(i, "") for i in range(1, pattern.groups + 1)]

    def parse_regexp(row: Row) -> Row:
        text = row.get(source)
        match = pattern.search(text) if text is not None else None
        if match:
            for name, value in zip(names, match.groups()):
                if name and value is not None:
                    row[name] = value
        return row
    return parse_regexp


def _parse_csv(stream: TokenStream) -> Step:
    options = _options(stream, ("delim", "quote"))
    delimiter = options.get("delim", ",")
    quote = options.get("quote", '"')
    if len(quote) != 1 or not delimiter:
        raise SplError("parse-csv: -quote must be one character and -delim not empty")
    source = stream.field_name()
    stream.expect_keyword("as")
    names = _field_list(stream)

    def split(text: str) -> List[str]:
        if len(delimiter) == 1:
            return next(csv.reader([text], delimiter=delimiter, quotechar=quote), [])
        return text.split(delimiter)

    def parse_csv(row: Row) -> Row:
        text = row.get(source)
        if text is not None:
            for name, value in zip(names, split(text)):
                row[name] = value
        return row
    return parse_csv


_BUILDERS: Dict[str, Callable[[TokenStream], Step]] = {
    "where": _where,
    "extend": _extend,
    "project": _project,
    "project-away": _project_away,
    "project-rename": _project_rename,
    "parse-json": _parse_json,
    "parse-regexp": _parse_regexp,
    "parse-csv": _parse_csv,
}
