"""``JSON``: select with JMESPath and expand a JSON value into fields."""

from __future__ import annotations

import inspect
import json
import logging
import re
from typing import Any, Callable, Dict, Optional, Tuple

from ...version import install_hint
from ..errors import SettingError
from ..util import get_re_full_match
from .base import KEYWORD_PATTERN, FieldComponent, as_inputs, to_text

__all__ = ["JSON", "JsonExpander"]

logger = logging.getLogger("aliyun.log.etl")

MAX_DEPTH = 100
Parents = Tuple[str, ...]

#: Built-in leaf-name formats (``fmt``), compared after trimming and lower-casing.
BUILTIN_FORMATS: Dict[str, Callable[..., str]] = {
    "simple": lambda parent_list, sep, prefix, current, suffix: f"{prefix}{current}{suffix}",
    "full": lambda parent_list, sep, prefix, current, suffix: f"{sep.join(parent_list)}{sep}{prefix}{current}{suffix}",
    "parent": lambda parent_list, sep, prefix, current, suffix: f"{parent_list[-1]}{sep}{prefix}{current}{suffix}",
    "root": lambda parent_list, sep, prefix, current, suffix: f"{parent_list[0]}{sep}{prefix}{current}{suffix}",
}


def _compile_jmes(jmes: str) -> Any:
    try:
        import jmespath
    except ImportError as exc:
        raise SettingError(exc, jmes, "JMESPath filters need the jmespath package: "
                                      + install_hint("etl")) from None

    try:
        return jmespath.compile(jmes)
    except jmespath.exceptions.ParseError as exc:
        raise SettingError(ex=exc, msg="Invalid JMES filter setting", settings=jmes) from None


class JsonExpander(FieldComponent):
    """What ``JSON(...)`` builds; see the DSL spec for every parameter."""

    def __init__(self, jmes: Optional[str] = None, jmes_ignore_none: Optional[bool] = None,
                 output: Optional[str] = None, expand: Optional[bool] = None, depth: Optional[int] = None,
                 include_node: Optional[str] = None, exclude_node: Optional[str] = None,
                 include_path: Optional[str] = None, exclude_path: Optional[str] = None, fmt: Any = None,
                 sep: Optional[str] = None, prefix: Optional[str] = None, suffix: Optional[str] = None,
                 expand_array: Optional[bool] = None, fmt_array: Optional[str] = None,
                 mode: Optional[str] = None) -> None:
        super().__init__(mode)
        self.expand = (not jmes or not output) if expand is None else expand
        self.jmes = jmes or ""
        self.prefix = prefix or ""
        self.suffix = suffix or ""
        self.sep = "." if sep is None else sep
        self.output = output or ""
        self.jmes_ignore_none = True if jmes_ignore_none is None else jmes_ignore_none
        self.jmes_filter = _compile_jmes(jmes) if jmes else None
        if not jmes and self.output:
            logger.warning("JSON: output %r is ignored without jmes", output)
        self.depth = min(depth or MAX_DEPTH, MAX_DEPTH)
        self.include_node = include_node or KEYWORD_PATTERN
        self.exclude_node = exclude_node or ""
        self.include_path = include_path or ""
        self.exclude_path = exclude_path or ""
        self.fmt = fmt or "simple"
        try:
            self.include_node_match = get_re_full_match(self.include_node)
            self.exclude_node_match = get_re_full_match(self.exclude_node)
            self.include_path_match = re.compile(self.include_path).match
            self.exclude_path_match = re.compile(self.exclude_path).match
        except (re.error, TypeError) as exc:
            raise SettingError(ex=exc, msg="Invalid regex string for include/exclude") from None
        self.expand_array = True if expand_array is None else expand_array
        self.format_array = fmt_array or "{parent_rlist[0]}_{index}"

    def _skip_key(self, key: str, parent_list: Parents) -> bool:
        if not self.include_node_match(key) or (self.exclude_node and self.exclude_node_match(key)):
            return True
        if self.include_path or self.exclude_path:
            path = ".".join(parent_list) + "." + key
            if (self.include_path and not self.include_path_match(path)) or (
                    self.exclude_path and self.exclude_path_match(path)):
                return True
        return False

    def _leaf_name(self, current: str, value: str, parent_list: Parents, parent_rlist: Parents) -> Any:
        fmt = self.fmt
        try:
            if isinstance(fmt, str):
                builtin = BUILTIN_FORMATS.get(fmt.strip().lower())
                if builtin is not None:
                    return builtin(parent_list, self.sep, self.prefix, current, self.suffix), value
                return fmt.format(parent_list=parent_list, parent_rlist=parent_rlist, current=current, sep=self.sep,
                                  prefix=self.prefix, suffix=self.suffix), value
            if inspect.isfunction(fmt):
                return fmt(parent_list, current, value)
        except Exception as exc:
            logger.info("JSON: cannot format the name of %r with %r: %s", current, fmt, exc)
        return None

    def _add_leaf(self, out: Dict[str, Any], key: Any, value: Any, parent_list: Parents,
                  parent_rlist: Parents) -> None:
        current = to_text(key)
        if self._skip_key(current, parent_list):
            return
        named = self._leaf_name(current, to_text(value), parent_list, parent_rlist)
        if isinstance(named, (tuple, list)) and len(named) == 2:
            out[to_text(named[0])] = to_text(named[1])
        else:
            logger.info("JSON: leaf %r skipped (format result %r)", current, named)

    def _expand(self, out: Dict[str, Any], key: Any, value: Any, parent_list: Parents, parent_rlist: Parents) -> None:
        if (len(parent_list) > self.depth or not isinstance(value, (list, tuple, dict))
                or (isinstance(value, (list, tuple)) and not self.expand_array)):
            self._add_leaf(out, key, value, parent_list, parent_rlist)
            return
        if isinstance(value, (list, tuple)):
            value = {self.format_array.format(parent_list=parent_list, parent_rlist=parent_rlist, index=i): item
                     for i, item in enumerate(value)}
        for child_key, child in value.items():
            if isinstance(child, (dict, list, tuple)):
                self._expand(out, child_key, child, (*parent_list, child_key), (child_key, *parent_rlist))
            else:
                self._add_leaf(out, child_key, child, parent_list, parent_rlist)

    def _fields_of(self, field: str, value: Any) -> Optional[Dict[str, Any]]:
        if isinstance(value, (str, bytes)):
            try:
                value = json.loads(value)
            except ValueError:
                return None
        out: Dict[str, Any] = {}
        if self.jmes_filter is not None:
            try:
                value = self.jmes_filter.search(value)
            except Exception as exc:
                logger.info("JSON: jmes %r failed: %s", self.jmes, exc)
                return None
            if value is None and self.jmes_ignore_none:
                return None
            if self.output:
                out[self.output] = to_text(value)
        if self.expand:
            self._expand(out, field, value, (field,), (field,))
        return out

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Dict[str, Any]:
        for field in as_inputs(inputs):
            if not isinstance(field, str):
                logger.error("JSON: input field %r is not a name", field)
                continue
            if field not in event:
                logger.info("JSON: the event has no field %r", field)
                continue
            fields = self._fields_of(field, event[field])
            if fields:
                self.sets(event, fields)
        return event

    def __repr__(self) -> str:
        return f"JSON(jmes={self.jmes!r}, output={self.output!r})"


def JSON(*args: Any, **kwargs: Any) -> Any:
    """``JSON(jmes=None, ..., mode=None)`` builds an expander; ``JSON(event, inputs)`` (the form ``("f", JSON)``
    calls) expands with the defaults."""
    if (args and isinstance(args[0], dict)) or isinstance(kwargs.get("event"), dict):
        return JsonExpander()(*args, **kwargs)
    return JsonExpander(*args, **kwargs)
