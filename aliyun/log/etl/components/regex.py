"""``REGEX``: extract fields with a regular expression."""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Dict, List, Optional, Union

from ..errors import SettingError
from .base import FieldComponent, as_inputs

__all__ = ["REGEX"]

logger = logging.getLogger("aliyun.log.etl")

FieldsInfo = Union[str, List[str], Dict[str, str], None]


class REGEX(FieldComponent):
    """``REGEX(pattern, fields_info=None, mode=None)`` used as ``(inputs, REGEX(...))`` or ``(inputs, pattern,
    fields_info)``: named groups of the first match are set; ``fields_info`` names the whole match (str), the
    groups or successive matches (list), or expands ``{key_template: value_template}`` for every match (dict)."""

    def __init__(self, pattern: str, fields_info: FieldsInfo = None, mode: Optional[str] = None) -> None:
        super().__init__(mode)
        self.config = pattern
        try:
            self.ptn = re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise SettingError(exc, pattern) from None
        self.fields_info: FieldsInfo = None
        if isinstance(fields_info, (str, list, dict)):
            self.fields_info = fields_info
        elif fields_info is not None:
            logger.warning("REGEX: fields_info %r is neither a string, a list nor a dict; ignored", fields_info)

    def bind_inputs(self, inputs: Any) -> Callable[[Dict[str, Any]], Any]:
        if self.fields_info or inputs.__class__ is not str:
            return super().bind_inputs(inputs)
        search, sets, field = self.ptn.search, self.merge, inputs

        def extract(event: Dict[str, Any]) -> Dict[str, Any]:  # one field, named groups only: the usual parse
            if field in event:
                found = search(event[field])
                if found is not None:
                    sets(event, found.groupdict())
            else:
                logger.info("REGEX: the event has no field %r", field)
            return event

        return extract

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Dict[str, Any]:
        for field in ((inputs,) if inputs.__class__ is str else as_inputs(inputs)):
            if field not in event:
                logger.info("REGEX: the event has no field %r", field)
                continue
            if not self.fields_info:
                found = self.ptn.search(event[field])
                if found is not None:
                    self.sets(event, found.groupdict())
                continue
            matches = self.ptn.finditer(event[field])
            first = next(matches, None)
            if first is not None:
                self.sets(event, first.groupdict())
            else:
                logger.info("REGEX: %r does not match the value of %r; remaining inputs skipped", self.config, field)
                break
            self._apply_fields_info(event, first, matches)
        return event

    def _apply_fields_info(self, event: Dict[str, Any], first: re.Match[str], rest: Any) -> None:
        info = self.fields_info
        if isinstance(info, str):
            self.set(event, info, first.group())
        elif isinstance(info, dict):
            for match in (first, *rest):
                for key_template, value_template in info.items():
                    try:
                        key, value = match.expand(key_template), match.expand(value_template)
                    except (re.error, IndexError) as exc:
                        logger.info("REGEX: cannot expand %r: %s", key_template, exc)
                        continue
                    self.set(event, key, value, check_keyword=True)
        elif isinstance(info, list):
            groups = first.groups()
            values = groups if groups else [m.group() for m in (first, *rest)]
            if len(values) > len(info):
                logger.warning("REGEX: %d values for %d names in %r; extra values ignored", len(values), len(info),
                               info)
            for name, value in zip(info, values):
                self.set(event, name, value, check_keyword=True)
