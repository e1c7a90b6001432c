"""SQL-style expressions of SPL (``where``, ``extend``), compiled to Python closures over a row.

A row is a ``dict`` of field name to text; a missing field is null. Precedence, lowest first: ``or``, ``and``,
``not``, predicates (comparisons, ``[not] like``, ``[not] in``, ``[not] between``, ``is [not] null``), ``||``,
``+ -``, ``* / %``, unary minus.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Dict, List, Optional

from .functions import FUNCTIONS, Value, cast, compare, like_pattern, to_number
from .lexer import SplError, Token

__all__ = ["Expr", "Row", "TokenStream"]

Row = Dict[str, Any]
Expr = Callable[[Row], Value]

_COMPARISONS: Dict[str, Callable[[int], bool]] = {
    "=": lambda c: c == 0,
    "!=": lambda c: c != 0,
    "<>": lambda c: c != 0,
    "<": lambda c: c < 0,
    "<=": lambda c: c <= 0,
    ">": lambda c: c > 0,
    ">=": lambda c: c >= 0,
}

_ARITHMETIC: Dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": lambda a, b: (abs(a) // abs(b)) * (1 if (a >= 0) == (b >= 0) else -1) if isinstance(a, int) and isinstance(
        b, int) else a / b,
    "%": lambda a, b: a - b * int(a / b) if isinstance(a, int) and isinstance(b, int) else a % b,
}


class TokenStream:
    """A cursor over the tokens with the helpers a recursive-descent parser needs."""

    def __init__(self, tokens: List[Token]) -> None:
        self.tokens = tokens
        self.index = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def peek(self, ahead: int = 1) -> Token:
        return self.tokens[min(self.index + ahead, len(self.tokens) - 1)]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "EOF":
            self.index += 1
        return token

    def error(self, expecting: str, token: Optional[Token] = None) -> SplError:
        token = token or self.current
        shown = token.text if token.kind != "STRING" else f"'{token.text}'"
        return SplError(f"mismatched input '{shown}' expecting {expecting}", token.line, token.column)

    def is_keyword(self, *words: str) -> bool:
        token = self.current
        return token.kind == "IDENT" and token.text.lower() in words

    def accept_keyword(self, *words: str) -> bool:
        if self.is_keyword(*words):
            self.advance()
            return True
        return False

    def expect_keyword(self, word: str) -> None:
        if not self.accept_keyword(word):
            raise self.error(word.upper())

    def is_op(self, *ops: str) -> bool:
        return self.current.kind == "OP" and self.current.text in ops

    def accept_op(self, op: str) -> bool:
        if self.is_op(op):
            self.advance()
            return True
        return False

    def expect_op(self, op: str) -> None:
        if not self.accept_op(op):
            raise self.error(f"'{op}'")

    def field_name(self) -> str:
        """A field: an identifier, a ``"quoted"`` one, or ``__tag__:name`` written out."""
        token = self.current
        if token.kind == "QIDENT":
            self.advance()
            return token.text
        if token.kind != "IDENT" or token.text.lower() in _RESERVED:
            raise self.error("a field name")
        self.advance()
        name = token.text
        # __tag__:__receive_time__ without quotes, as users write it
        while self.is_op(":") and self.current.offset == self.tokens[self.index - 1].end:
            self.advance()
            part = self.advance()
            if part.kind != "IDENT":
                raise self.error("a field name", part)
            name += ":" + part.text
        return name

    # -- expressions -------------------------------------------------------------------------------------------------
    def expression(self) -> Expr:
        left = self._and()
        while self.accept_keyword("or"):
            left = _or(left, self._and())
        return left

    def _and(self) -> Expr:
        left = self._not()
        while self.accept_keyword("and"):
            left = _and(left, self._not())
        return left

    def _not(self) -> Expr:
        if self.accept_keyword("not"):
            return _negate(self._not())
        return self._predicate()

    def _predicate(self) -> Expr:
        left = self._concat()
        token = self.current
        if token.kind == "OP" and token.text in _COMPARISONS:
            self.advance()
            return _comparison(left, self._concat(), _COMPARISONS[token.text])
        if self.accept_keyword("is"):
            negated = self.accept_keyword("not")
            self.expect_keyword("null")
            return (lambda row: left(row) is not None) if negated else (lambda row: left(row) is None)
        negated = self.accept_keyword("not")
        if self.accept_keyword("like"):
            result = _like(left, self._concat())
        elif self.accept_keyword("in"):
            self.expect_op("(")
            options = [self._concat()]
            while self.accept_op(","):
                options.append(self._concat())
            self.expect_op(")")
            result = _in(left, options)
        elif self.accept_keyword("between"):
            low = self._concat()
            self.expect_keyword("and")
            result = _between(left, low, self._concat())
        elif negated:
            raise self.error("LIKE, IN or BETWEEN")
        else:
            return left
        return _negate(result) if negated else result

    def _concat(self) -> Expr:
        left = self._additive()
        while self.accept_op("||"):
            right = self._additive()
            left = _call(FUNCTIONS["concat"][2], [left, right])
        return left

    def _additive(self) -> Expr:
        left = self._multiplicative()
        while self.is_op("+", "-"):
            op = _ARITHMETIC[self.advance().text]
            left = _arithmetic(left, self._multiplicative(), op)
        return left

    def _multiplicative(self) -> Expr:
        left = self._unary()
        while self.is_op("*", "/", "%"):
            op = _ARITHMETIC[self.advance().text]
            left = _arithmetic(left, self._unary(), op)
        return left

    def _unary(self) -> Expr:
        if self.accept_op("-"):
            operand = self._unary()
            return _arithmetic(lambda row: 0, operand, operator.sub)
        return self._primary()

    def _primary(self) -> Expr:
        token = self.current
        if token.kind == "NUMBER":
            self.advance()
            if len(token.text) > 64:
                raise SplError(f"number literal {token.text[:20]}... is too long", token.line, token.column)
            number: Value = float(token.text) if any(c in token.text for c in ".eE") else int(token.text)
            return lambda row: number
        if token.kind == "STRING":
            self.advance()
            text = token.text
            return lambda row: text
        if self.accept_op("("):
            inner = self.expression()
            self.expect_op(")")
            return inner
        if token.kind == "IDENT":
            word = token.text.lower()
            if word in ("true", "false"):
                self.advance()
                flag = word == "true"
                return lambda row: flag
            if word == "null":
                self.advance()
                return lambda row: None
            if word in ("cast", "try_cast") and self.peek().text == "(":
                return self._cast()
            if word == "case":
                return self._case()
            if self.peek().kind == "OP" and self.peek().text == "(":
                return self._function()
        if token.kind in ("IDENT", "QIDENT"):
            name = self.field_name()
            return lambda row: row.get(name)
        raise self.error("an expression")

    def _cast(self) -> Expr:
        self.advance()  # cast and try_cast alike: a value that does not convert is null (see functions.py)
        self.expect_op("(")
        value = self.expression()
        self.expect_keyword("as")
        type_token = self.advance()
        if type_token.kind != "IDENT":
            raise self.error("a type name", type_token)
        try:
            cast(None, type_token.text)
            cast("0", type_token.text)
        except ValueError:
            raise SplError(f"unknown type '{type_token.text}'", type_token.line, type_token.column) from None
        self.expect_op(")")
        type_name = type_token.text

        def converted(row: Row) -> Value:
            try:
                return cast(value(row), type_name)
            except ValueError:
                return None
        return converted

    def _case(self) -> Expr:
        self.advance()
        branches = []
        while self.accept_keyword("when"):
            condition = self.expression()
            self.expect_keyword("then")
            branches.append((condition, self.expression()))
        if not branches:
            raise self.error("WHEN")
        otherwise = self.expression() if self.accept_keyword("else") else (lambda row: None)
        self.expect_keyword("end")

        def chosen(row: Row) -> Value:
            for condition, result in branches:
                if condition(row) is True:
                    return result(row)
            return otherwise(row)
        return chosen

    def _function(self) -> Expr:
        token = self.advance()
        name = token.text.lower()
        if name not in FUNCTIONS:
            raise SplError(f"function '{token.text}' is not supported", token.line, token.column)
        minimum, maximum, implementation = FUNCTIONS[name]
        self.expect_op("(")
        args: List[Expr] = []
        if not self.is_op(")"):
            args.append(self.expression())
            while self.accept_op(","):
                args.append(self.expression())
        self.expect_op(")")
        if not minimum <= len(args) <= maximum:
            raise SplError(f"function '{token.text}' takes {minimum}..{maximum} arguments, got {len(args)}",
                           token.line, token.column)
        return _call(implementation, args)


_RESERVED = {"and", "or", "not", "like", "in", "between", "is", "null", "as", "when", "then", "else", "end"}


def _call(implementation: Callable[..., Value], args: List[Expr]) -> Expr:
    def call(row: Row) -> Value:
        try:
            return implementation(*(arg(row) for arg in args))
        except (ValueError, TypeError, ArithmeticError, IndexError):
            return None
    return call


def _or(left: Expr, right: Expr) -> Expr:
    def either(row: Row) -> Value:
        a = left(row)
        if a is True:
            return True
        b = right(row)
        if b is True:
            return True
        return None if a is None or b is None else False
    return either


def _and(left: Expr, right: Expr) -> Expr:
    def both(row: Row) -> Value:
        a = left(row)
        if a is False:
            return False
        b = right(row)
        if b is False:
            return False
        return None if a is None or b is None else True
    return both


def _negate(inner: Expr) -> Expr:
    def negated(row: Row) -> Value:
        value = inner(row)
        return None if value is None else not value
    return negated


def _comparison(left: Expr, right: Expr, test: Callable[[int], bool]) -> Expr:
    def compared(row: Row) -> Value:
        order = compare(left(row), right(row))
        return None if order is None else test(order)
    return compared


def _like(left: Expr, pattern: Expr) -> Expr:
    def matched(row: Row) -> Value:
        value, wanted = left(row), pattern(row)
        if value is None or wanted is None:
            return None
        return like_pattern(str(wanted)).match(str(value)) is not None
    return matched


def _in(left: Expr, options: List[Expr]) -> Expr:
    def contained(row: Row) -> Value:
        value = left(row)
        if value is None:
            return None
        return any(compare(value, option(row)) == 0 for option in options)
    return contained


def _between(value: Expr, low: Expr, high: Expr) -> Expr:
    def within(row: Row) -> Value:
        current = value(row)
        a, b = compare(current, low(row)), compare(current, high(row))
        return None if a is None or b is None else a >= 0 and b <= 0
    return within


def _arithmetic(left: Expr, right: Expr, op: Callable[[Any, Any], Any]) -> Expr:
    def computed(row: Row) -> Value:
        a, b = to_number(left(row)), to_number(right(row))
        if a is None or b is None:
            return None
        try:
            return op(a, b)  # type: ignore[no-any-return]
        except (ArithmeticError, ValueError):  # division by zero, overflow
            return None
    return computed
