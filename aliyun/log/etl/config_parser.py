"""Reading a config module into its ordered rule list (``aliyun.log.etl_core.config_parser``)."""

from __future__ import annotations

import ast
import functools
import inspect
import logging
from types import ModuleType
from typing import Any, Callable, List, NamedTuple, Optional

from .settings import TransFnType, check_fn_type_by_name, rule_builder
from .util import Event

__all__ = ["ConfigParser"]

logger = logging.getLogger("aliyun.log.etl")


class ParsedRule(NamedTuple):
    line: int
    name: str
    fn: Callable[[Any], Any]


def function_rule(fn: Callable[[Event], Any], name: str) -> Optional[Callable[[Any], Any]]:
    """The rule of a ``sls_en_*`` function (itself) or ``sls_eu_*`` function (its result merged into the event)."""
    kind = check_fn_type_by_name(name)
    if kind is TransFnType.EVENT_NEW:
        return fn
    if kind is TransFnType.EVENT_UPDATE:
        @functools.wraps(fn)
        def update(event: Event) -> Event:
            event.update(fn(event))
            return event

        return update
    return None


class ConfigParser(ast.NodeVisitor):
    """Finds the rules of a config module in its source: every occurrence of a prefixed name with a non-callable
    value, and every ``sls_en_*`` / ``sls_eu_*`` function, sorted (stably) by line."""

    def __init__(self, md: ModuleType) -> None:
        self.md = md
        self.name_list: List[ParsedRule] = []
        self.fn_list: List[ParsedRule] = []

    def visit_Name(self, node: ast.Name) -> None:
        if not hasattr(self.md, node.id):
            return
        value = getattr(self.md, node.id)
        if callable(value):
            rule = function_rule(value, node.id)
        else:
            builder = rule_builder(node.id)
            rule = builder(value) if builder is not None else None
        if rule is not None:
            self.name_list.append(ParsedRule(node.lineno, node.id, rule))

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        value = getattr(self.md, node.name, None)
        if inspect.isfunction(value):
            rule = function_rule(value, node.name)
            if rule is not None:
                self.fn_list.append(ParsedRule(node.lineno, node.name, rule))
        self.generic_visit(node)

    def parse_rules(self) -> List[ParsedRule]:
        """The rules with their line and name."""
        self.visit(ast.parse(inspect.getsource(self.md)))
        return sorted(self.name_list + self.fn_list, key=lambda rule: rule.line)

    def parse(self) -> List[List[Any]]:
        """``[[line, rule], ...]`` in execution order."""
        return [[rule.line, rule.fn] for rule in self.parse_rules()]
