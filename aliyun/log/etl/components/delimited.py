"""``CSV`` / ``TSV`` / ``PSV``: name the values of a delimited record."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, Iterable, Optional

from ..errors import SettingError
from .base import FieldComponent, as_inputs, csv_record

__all__ = ["CSV", "PSV", "TSV"]

logger = logging.getLogger("aliyun.log.etl")

_NAME_SEP = re.compile(r"\s*,\s*")


class CSV(FieldComponent):
    """``CSV(config, sep=',', quote='"', lstrip=True, restrict=False, mode=None)``: the first record of the input
    value, paired with the names of ``config`` (``"a, b, c"`` or a list); ``restrict`` needs as many values as
    names."""

    DEFAULT_SEP = ","

    def __init__(self, config: Any, sep: Optional[str] = None, quote: Optional[str] = None,
                 lstrip: Optional[bool] = None, restrict: Optional[bool] = None, mode: Optional[str] = None) -> None:
        super().__init__(mode)
        if isinstance(config, str):
            self.keys = _NAME_SEP.split(config)
        elif isinstance(config, Iterable):
            self.keys = list(config)
        else:
            raise SettingError(settings=config)
        self.sep = sep or self.DEFAULT_SEP
        self.quote = quote or '"'
        self.lstrip = True if lstrip is None else lstrip
        self.restrict = bool(restrict)

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Dict[str, Any]:
        for field in as_inputs(inputs):
            if field not in event:
                logger.warning("%s: the event has no field %r", type(self).__name__, field)
                continue
            values = csv_record(event[field].split("\n"), self.sep, self.quote, self.lstrip)
            if self.restrict and len(values) != len(self.keys):
                logger.warning("%s: %d values for %d names in field %r; skipped", type(self).__name__, len(values),
                               len(self.keys), field)
                continue
            self.sets(event, dict(zip(self.keys, values)))
        return event


class TSV(CSV):
    """``CSV`` with a tab separator."""

    DEFAULT_SEP = "\t"


class PSV(CSV):
    """``CSV`` with a ``|`` separator."""

    DEFAULT_SEP = "|"
