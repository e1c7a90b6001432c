"""``V`` (copy the first present field) and ``ZIP`` (pair two list-valued fields)."""

from __future__ import annotations

import csv
import io
import logging
from typing import Any, Dict, Optional, Tuple

from ..errors import SettingError
from .base import to_text
from .split import parse_list

__all__ = ["ZIP", "V"]

logger = logging.getLogger("aliyun.log.etl")


class V:
    """``V(*fields)``: the value of the first of ``fields`` present in the event (even an empty one).

    As a dict value it returns that value (None when no field is present); as ``(target, V(...))`` it sets the
    target, or deletes it when no field is present.
    """

    def __init__(self, *fields: str) -> None:
        if not fields:
            raise SettingError(settings=fields)
        self.field = fields

    def value(self, event: Dict[str, Any]) -> Any:
        for field in self.field:
            if field in event:
                return event[field]
        return None

    def __call__(self, event: Dict[str, Any], inpt: Optional[str] = None) -> Any:
        value = self.value(event)
        if inpt is None:
            return value
        if value is not None:
            event[inpt] = value
        elif inpt in event:
            del event[inpt]
        return event

    def __repr__(self) -> str:
        return f"V{self.field!r}"


class ZIP:
    """``ZIP(f1, f2, combine_sep='#', sep=',', quote='"', lparse=(',', '"'), rparse=(',', '"'))``: the items of
    two list fields (JSON arrays or CSV records) paired as ``a#b`` and written as one CSV record."""

    def __init__(self, field1: str, field2: str, combine_sep: Optional[str] = None, sep: Optional[str] = None,
                 quote: Optional[str] = None, lparse: Optional[Tuple[str, str]] = None,
                 rparse: Optional[Tuple[str, str]] = None) -> None:
        self.field1 = field1
        self.field2 = field2
        self.combine_sep = combine_sep or "#"
        self.sep = sep or ","
        self.quote = quote or '"'
        self.lsep, self.lquote = lparse or (",", '"')
        self.rsep, self.rquote = rparse or (",", '"')

    def __call__(self, event: Dict[str, Any]) -> Optional[str]:
        if self.field1 not in event or self.field2 not in event:
            logger.warning("ZIP: the event lacks %r or %r; field skipped", self.field1, self.field2)
            return None
        left = parse_list(event[self.field1], self.lsep, self.lquote) or []
        right = parse_list(event[self.field2], self.rsep, self.rquote) or []
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.sep, quotechar=self.quote, quoting=csv.QUOTE_MINIMAL)
        writer.writerow([f"{to_text(a)}{self.combine_sep}{to_text(b)}" for a, b in zip(left, right)])
        return buffer.getvalue().strip()

    def __repr__(self) -> str:
        return f"ZIP({self.field1!r}, {self.field2!r})"
