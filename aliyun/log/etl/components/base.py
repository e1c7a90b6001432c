"""What field components share: set modes, the keyword charset, and turning values into text."""

from __future__ import annotations

import csv
import functools
import json
import logging
import re
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

__all__ = ["KEYWORD_PATTERN", "FieldComponent", "as_inputs", "csv_record", "to_text"]

logger = logging.getLogger("aliyun.log.etl")

#: Names that dynamically produced keys (KV keys, REGEX list/dict names, JSON leaves) must fully match.
KEYWORD_PATTERN = "[\u4e00-\u9fa5\u0800-\u4e00a-zA-Z][\u4e00-\u9fa5\u0800-\u4e00\\w.\\-]*"
is_keyword = re.compile(KEYWORD_PATTERN).fullmatch

#: mode -> (skip when the target exists, skip when it exists non-empty, skip when the new value is empty)
SET_MODES: Dict[str, Tuple[bool, bool, bool]] = {
    "fill": (False, True, False),
    "add": (True, False, False),
    "overwrite": (False, False, False),
    "fill-auto": (False, True, True),
    "add-auto": (True, False, True),
    "overwrite-auto": (False, False, True),
}
DEFAULT_MODE = "fill-auto"


def to_text(value: Any) -> str:
    """None -> ``""``, dict / list -> JSON, bytes -> UTF-8 text, anything else -> ``str()``."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        try:
            return json.dumps(value)
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, bytes):
        return value.decode("utf8", "ignore")
    return str(value)


def as_inputs(inputs: Any) -> List[Any]:
    """One input field name or a list of them, as a list."""
    return [inputs] if isinstance(inputs, (str, bytes)) else list(inputs)


def csv_record(lines: Iterable[str], sep: str, quote: str, lstrip: bool) -> List[str]:
    """The first CSV record of ``lines``."""
    for record in csv.reader(lines, skipinitialspace=lstrip, delimiter=sep, quotechar=quote):
        return record
    return []


def _merge_auto(event: Dict[str, Any], values: Dict[str, Any], keep_filled: bool) -> bool:
    """``fill-auto`` (``keep_filled``) / ``overwrite-auto`` writes of ``values``, at C speed where possible."""
    # nothing to leave out (the usual case): no copy
    update = values if all(values.values()) and "" not in values else {k: v for k, v in values.items() if k and v}
    if keep_filled and not update.keys().isdisjoint(event):
        update = {k: v for k, v in update.items() if not event.get(k)}
    event.update(update)
    return bool(update)


_fill_auto = functools.partial(_merge_auto, keep_filled=True)
_overwrite_auto = functools.partial(_merge_auto, keep_filled=False)


class FieldComponent:
    """A component writing fields under a set mode (``fill-auto`` by default, see the DSL spec)."""

    def __init__(self, mode: Optional[str] = None) -> None:
        self.mode = mode
        self._flags = SET_MODES.get(mode or DEFAULT_MODE, SET_MODES[DEFAULT_MODE])
        if_exists, if_filled, if_empty = self._flags
        #: ``merge(event, values)``: ``sets`` without keyword check, specialised for the mode.
        self.merge: Callable[[Dict[str, Any], Dict[str, Any]], bool] = (
            (_fill_auto if if_filled else _overwrite_auto) if if_empty and not if_exists else self._set_each)

    def set(self, event: Dict[str, Any], key: str, value: Any, real_key: Optional[str] = None,
            check_keyword: bool = False) -> bool:
        """Write ``event[real_key or key] = value`` unless the mode (tested on ``key``) or the keyword check says
        no; True when written."""
        if not key or (check_keyword and not is_keyword(key)):
            return False
        if_exists, if_filled, if_empty = self._flags
        if (if_empty and not value) or (key in event and (if_exists or (if_filled and event[key]))):
            return False
        event[real_key or key] = value
        return True

    def sets(self, event: Dict[str, Any], values: Dict[str, Any], check_keyword: bool = False) -> bool:
        """``set`` of every pair (inlined: this is the hot path of REGEX, CSV and JSON)."""
        if not check_keyword:
            return self.merge(event, values)
        return self._set_each(event, values, True)

    def _set_each(self, event: Dict[str, Any], values: Dict[str, Any], check_keyword: bool = False) -> bool:
        if_exists, if_filled, if_empty = self._flags
        written = False
        for key, value in values.items():
            if not key or (if_empty and not value) or (check_keyword and not is_keyword(key)):
                continue
            if key in event and (if_exists or (if_filled and event[key])):
                continue
            event[key] = value
            written = True
        return written

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Any:  # pragma: no cover - every component has one
        raise NotImplementedError

    def bind_inputs(self, inputs: Any) -> Callable[[Dict[str, Any]], Any]:
        """This component applied to ``inputs``, as a one-argument step of a transform."""
        return lambda event: self(event, inputs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
