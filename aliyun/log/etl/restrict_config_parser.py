"""The restricted ("safe") config validator: only the DSL's declarative subset of Python
(``aliyun.log.etl_core.restrict_config_parser``)."""

from __future__ import annotations

import ast
from typing import Any

from .settings import PREFIXES

__all__ = ["InvalidETLConfig", "RestrictConfigParser"]

#: Functions a restricted config may call (by bare name; arguments are not inspected).
ALLOWED_CALLS = frozenset({"V", "JSON", "CSV", "REGEX", "EMPTY", "NO_EMPTY", "DROP_F", "KV", "TSV", "PSV", "LOOKUP",
                           "SPLIT", "ZIP"})
#: Names a restricted config may read.
ALLOWED_NAMES = frozenset({"KV", "ANY", "ALL", "F_TIME", "F_META", "F_TAGS", "SPLIT", "JSON", "True", "False",
                           "None"})
_ALLOWED_NODES = (ast.Module, ast.Assign, ast.List, ast.Tuple, ast.Dict, ast.Load)
_ALLOWED_CONSTANTS = (str, bytes, int, float, complex, bool, type(None))


class InvalidETLConfig(Exception):
    """A config the restricted parser rejects; the message names the construct and its line."""


def _where(node: ast.AST) -> str:
    line = getattr(node, "lineno", None)
    return f" at line {line}" if line else ""


class RestrictConfigParser(ast.NodeVisitor):
    """``RestrictConfigParser().parse(source)`` raises :class:`InvalidETLConfig` on the first construct outside
    the DSL: imports other than ``from aliyun.log.etl_core import *``, ``def``, ``lambda``, attribute access,
    subscripts, operators, bare expressions, assignments to names without a rule prefix, unknown names or calls."""

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if not (node.module == "aliyun.log.etl_core" and len(node.names) == 1 and node.names[0].name == "*"
                and not node.level):
            raise InvalidETLConfig(f"unknown import: {node.module}{_where(node)}")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Name):
                raise InvalidETLConfig(f"only assignments to a single name are allowed, got "
                                       f"{type(target).__name__}{_where(node)}")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        if not isinstance(node.func, ast.Name):
            raise InvalidETLConfig(f"unknown call type detected: {type(node.func).__name__}{_where(node)}")
        if node.func.id not in ALLOWED_CALLS:
            raise InvalidETLConfig(f"unknown call id detected: {node.func.id}{_where(node)}")

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            if not node.id.startswith(PREFIXES):
                raise InvalidETLConfig(f"unknown assign detected: {node.id}{_where(node)}")
        elif isinstance(node.ctx, ast.Load):
            if node.id not in ALLOWED_NAMES:
                raise InvalidETLConfig(f"unknown load detected: {node.id}{_where(node)}")
        else:
            raise InvalidETLConfig(f"unknown Name: {node.id}{_where(node)}")

    def visit_Constant(self, node: ast.Constant) -> None:
        if node.value is Ellipsis or not isinstance(node.value, _ALLOWED_CONSTANTS):
            raise InvalidETLConfig(f"unknown constant detected: {node.value!r}{_where(node)}")

    def generic_visit(self, node: ast.AST) -> Any:
        if not isinstance(node, _ALLOWED_NODES):
            raise InvalidETLConfig(f"unknown type detected: {type(node).__name__}{_where(node)}")
        return super().generic_visit(node)

    def parse(self, code: str) -> None:
        """Validate ``code``; raises :class:`InvalidETLConfig` naming the first violation and its line."""
        try:
            tree = ast.parse(code)
        except SyntaxError as exc:
            raise InvalidETLConfig(f"syntax error at line {exc.lineno}: {exc.msg}") from None
        self.visit(tree)
