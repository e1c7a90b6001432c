"""``SPLIT``: one event per item of a list-valued field."""

from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Union

from .base import as_inputs, csv_record, to_text
from .jsonexpand import _compile_jmes

__all__ = ["SPLIT", "EventSplitter", "parse_list"]

logger = logging.getLogger("aliyun.log.etl")


def parse_list(value: Any, sep: str, quote: str, lstrip: bool = True) -> Optional[List[Any]]:
    """A JSON array's items, else the first CSV record of ``value``; None when it is not text."""
    try:
        parsed = json.loads(value)
        if isinstance(parsed, list):
            return parsed
    except (TypeError, ValueError):
        pass
    if isinstance(value, (str, bytes)):
        return csv_record([to_text(value)], sep, quote, lstrip)
    return None


class EventSplitter:
    """What ``SPLIT(sep=',', quote='"', lstrip=True, output=None, jmes=None)`` builds."""

    def __init__(self, sep: Optional[str] = None, quote: Optional[str] = None, lstrip: Optional[bool] = None,
                 output: Optional[str] = None, jmes: Optional[str] = None) -> None:
        self.sep = sep or ","
        self.quote = quote or '"'
        self.lstrip = True if lstrip is None else lstrip
        self.output_field = output
        self.jmes = jmes or ""
        self.jmes_filter = _compile_jmes(jmes) if jmes else None

    def _items(self, value: Any, use_filter: bool = True) -> Optional[List[Any]]:
        try:
            parsed = json.loads(value)
            if isinstance(parsed, list) and not self.jmes:
                return parsed
            if use_filter and self.jmes_filter is not None:
                selected = self.jmes_filter.search(parsed)
                if isinstance(selected, list):
                    return selected
                if isinstance(selected, (str, bytes)):
                    return self._items(selected, use_filter=False)
                logger.info("SPLIT: jmes %r selects no list", self.jmes)
                return None
        except Exception as exc:
            if use_filter and self.jmes_filter is not None:
                logger.info("SPLIT: value is not JSON or jmes %r failed: %s", self.jmes, exc)
                return None
        if isinstance(value, (str, bytes)):
            return csv_record([to_text(value)], self.sep, self.quote, self.lstrip)
        return None

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Union[Dict[str, Any], List[Dict[str, Any]]]:
        if not self.output_field:
            self.output_field = inputs  # the first input field, remembered (as the reference does)
        field = as_inputs(inputs)[0] if isinstance(inputs, (list, tuple)) else inputs
        if field not in event:
            logger.error("SPLIT: the event has no field %r", field)
            return event
        items = self._items(event[field])
        if not items:
            return event
        output = self.output_field
        if len(items) == 1:
            event[output] = to_text(items[0])
            return event
        parts = []
        for item in items:
            part = event.copy()
            part[output] = to_text(item)
            parts.append(part)
        return parts

    def __repr__(self) -> str:
        return f"SPLIT(sep={self.sep!r}, output={self.output_field!r})"


def SPLIT(*args: Any, **kwargs: Any) -> Any:
    """``SPLIT(sep=',', quote='"', lstrip=True, output=None, jmes=None)`` builds a splitter; ``SPLIT(event, field)``
    (the form ``("f", SPLIT)`` calls) splits with the defaults."""
    if (args and isinstance(args[0], dict)) or isinstance(kwargs.get("event"), dict):
        return EventSplitter()(*args, **kwargs)
    return EventSplitter(*args, **kwargs)
