"""``KV``: extract ``key=value`` pairs."""

from __future__ import annotations

import functools
import logging
import re
from typing import Any, Callable, Dict, Optional

from ..util import KeyCache
from .base import FieldComponent, as_inputs, is_keyword

__all__ = ["KV", "KeyValueExtractor"]

logger = logging.getLogger("aliyun.log.etl")

_CHARS = "[\u4e00-\u9fa5\u0800-\u4e00\\w.\\-]+"


@functools.lru_cache(maxsize=64)
def kv_pattern(sep: str, quote: str, escape: bool) -> re.Pattern[str]:
    """``key sep value`` (a word) or ``key sep "quoted value"``; ``sep`` goes into the regex as it is."""
    bare = rf"(?!{sep})({_CHARS})\s*{sep}\s*({_CHARS})"
    if escape:
        quoted = rf"(?!{sep})({_CHARS})\s*{sep}\s*{quote}\s*((?:[^{quote}]|\\{quote})*?[^\\]){quote}"
    else:
        quoted = rf"(?!{sep})({_CHARS})\s*{sep}\s*{quote}\s*([^{quote}]*?)\s*{quote}"
    return re.compile(f"{bare}|{quoted}")


class KeyValueExtractor(FieldComponent):
    """What ``KV(prefix='', suffix='', sep='=', quote='"', escape=False, mode=None)`` builds."""

    def __init__(self, prefix: Optional[str] = None, suffix: Optional[str] = None, sep: Optional[str] = None,
                 quote: Optional[str] = None, escape: Optional[bool] = None, mode: Optional[str] = None) -> None:
        super().__init__(mode)
        self.prefix = prefix or ""
        self.suffix = suffix or ""
        self.escape = bool(escape)
        self.sep = "=" if sep is None else sep
        self.quote = '"' if quote is None else quote
        self.ptn = kv_pattern(self.sep, self.quote, self.escape)
        self._unescape = ("\\" + self.quote, self.quote)
        self._names = KeyCache(self._output_name)

    def _output_name(self, key: str) -> Optional[str]:
        """``prefix + key + suffix``, or None when the key fails the keyword check."""
        return f"{self.prefix}{key}{self.suffix}" if key and is_keyword(key) else None

    def _put(self, event: Dict[str, Any], key: str, value: str) -> None:
        if self.escape:
            value = value.strip().replace(*self._unescape)
        name = self._names[key]
        if name is None:
            return
        if_exists, if_filled, if_empty = self._flags
        # quirk kept: the mode looks at the bare key, not at the output name
        if (if_empty and not value) or (key in event and (if_exists or (if_filled and event[key]))):
            return
        event[name] = value

    def bind_inputs(self, inputs: Any) -> Callable[[Dict[str, Any]], Any]:
        if inputs.__class__ is not str:
            return super().bind_inputs(inputs)
        field, findall, put = inputs, self.ptn.findall, self._put

        def extract(event: Dict[str, Any]) -> Dict[str, Any]:  # one field: the usual case
            value = event.get(field)
            if value is None:
                return self(event, field)  # missing (logged) or not text: the general path
            for key1, value1, key2, value2 in findall(value if value.__class__ is str else to_str(value)):
                if key1:
                    put(event, key1, value1)
                if key2:
                    put(event, key2, value2)
            return event

        return extract

    def __call__(self, event: Dict[str, Any], inputs: Any) -> Dict[str, Any]:
        for field in ((inputs,) if inputs.__class__ is str else as_inputs(inputs)):
            if not isinstance(field, (str, bytes)):
                logger.error("KV: input field %r is not a name", field)
                continue
            if field not in event:
                logger.info("KV: the event has no field %r", field)
                continue
            value = event[field]
            if value.__class__ is not str:
                value = to_str(value)
            for key1, value1, key2, value2 in self.ptn.findall(value):
                if key1:
                    self._put(event, key1, value1)
                if key2:
                    self._put(event, key2, value2)
        return event

    def __repr__(self) -> str:
        return f"KV(sep={self.sep!r}, quote={self.quote!r})"


def to_str(value: Any) -> Any:
    """Bytes decoded (other values are left to fail in the regex, as in the reference)."""
    return value.decode("utf8", "ignore") if isinstance(value, bytes) else value


_DEFAULT = KeyValueExtractor()


def KV(*args: Any, **kwargs: Any) -> Any:
    """``KV(prefix='', suffix='', sep='=', quote='"', escape=False, mode=None)`` builds an extractor;
    ``KV(event, inputs)`` (the form ``("f", KV)`` calls) extracts with the defaults."""
    if (args and isinstance(args[0], dict)) or isinstance(kwargs.get("event"), dict):
        return _DEFAULT(*args, **kwargs)
    return KeyValueExtractor(*args, **kwargs)
