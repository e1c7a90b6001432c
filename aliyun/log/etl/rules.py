"""The rules a config's prefixes build (``KEEP_EVENT_`` -> :class:`keep_event`...) and ``transform``, which
applies the ``trans`` part of a dispatch / transform pair (``aliyun.log.etl_core.transform`` of the original SDK)."""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Dict, List, Optional, Tuple

from .components import KV, REGEX
from .components.base import FieldComponent
from .conditions import condition
from .errors import SettingError
from .util import Event, KeyCache, process_event, support_event_list_simple

__all__ = [
    "ALIAS", "DROP", "DROP_F", "KEEP", "KEEP_F", "KV_F", "RENAME", "dispatch_event", "drop_event", "drop_fields",
    "extract_kv_fields", "keep_event", "keep_fields", "rename_fields", "simple_drop", "simple_keep", "transform",
    "transform_event",
]

logger = logging.getLogger("aliyun.log.etl")

Step = Callable[[Any], Any]


class transform_base:
    """Base of the rule classes; ``str(rule)`` names the class."""

    def __call__(self, event: Any) -> Any:  # pragma: no cover - every rule overrides it
        raise NotImplementedError

    @property
    def __name__(self) -> str:
        return str(type(self))

    def dict_step(self) -> Callable[[Event], Any]:
        """This rule applied to one dict (without the handling of event lists): what the Runner's loop calls."""
        call = type(self).__call__
        return getattr(call, "__wrapped__", call).__get__(self)  # type: ignore[no-any-return]


def _assign_step(spec: Dict[str, Any]) -> Step:
    """``{field: value}``: constants and ``g(event)`` results (None skips) computed first, then merged."""

    def apply(event: Event) -> Event:
        result: Dict[str, Any] = {}
        for key, value in spec.items():
            if callable(value):
                value = value(event)
            if isinstance(value, (str, bytes)):
                result[key] = value
            elif value is None:
                result.pop(key, None)
            else:
                logger.warning("transform: value %r for field %r is not text; skipped", value, key)
        event.update(result)
        return event

    return apply


def _tuple_step(spec: Tuple[Any, ...]) -> Optional[Step]:
    """``(inputs, pattern[, fields_info])`` or ``(inputs, component)``, each bound to its own arguments."""
    if not 2 <= len(spec) <= 3:
        logger.warning("transform: a tuple needs 2 or 3 items, got %r; skipped", spec)
        return None
    inputs, config = spec[0], spec[1]
    if isinstance(config, (str, bytes)):
        return REGEX(*spec[1:]).bind_inputs(inputs)
    if isinstance(config, FieldComponent):
        return config.bind_inputs(inputs)
    if callable(config):
        return lambda event: config(event, inputs)
    logger.warning("transform: unknown transform config %r; skipped", config)
    return None


def _step(spec: Any) -> Optional[Step]:
    if callable(spec):
        return spec  # type: ignore[no-any-return]
    if isinstance(spec, dict):
        return _assign_step(spec)
    if isinstance(spec, tuple):
        return _tuple_step(spec)
    return None


class transform(transform_base):
    """A transform: a callable, a ``{field: value}`` dict, an ``(inputs, config[, extra])`` tuple, or a list of
    them applied in sequence."""

    def __init__(self, trans: Any) -> None:
        self.trans = trans if isinstance(trans, list) else [trans]
        self.transform_list: List[Step] = [step for step in map(_step, self.trans) if step is not None]

    def __call__(self, event: Any) -> Any:
        # Rules hand over events they own: no copy is needed (a split's parts are copied by process_event).
        steps = self.transform_list
        if len(steps) == 1 and isinstance(event, dict):
            return steps[0](event)
        return process_event(event, steps, False)


def _pairs(config: Any, rule: str) -> List[Tuple[condition, transform]]:
    items = config if isinstance(config, list) else [config]
    pairs = []
    for item in items:
        if not isinstance(item, (tuple, list)) or len(item) != 2:
            raise SettingError(msg=f"{rule}: each item must be a (condition, transform) pair", settings=item)
        pairs.append((condition(item[0]), transform(item[1])))
    return pairs


class dispatch_event(transform_base):
    """``DISPATCH_EVENT_``: apply the transform of the first pair whose condition matches."""

    def __init__(self, config: Any) -> None:
        self.trans = _pairs(config, "DISPATCH_EVENT")

    @support_event_list_simple
    def __call__(self, event: Event) -> Any:
        for cond, trans in self.trans:
            if cond(event):
                return trans(event)
        return event


def _when(cond: condition, trans: transform) -> Step:
    if cond.constant is True:  # applied as it is: its single step directly, if it has only one
        return trans.transform_list[0] if len(trans.transform_list) == 1 else trans
    matches = cond.matches
    step = trans.transform_list[0] if len(trans.transform_list) == 1 else trans
    field = cond.present_field
    if field is not None:
        return lambda event: step(event) if field in event else event

    def apply(event: Event) -> Any:
        return step(event) if matches(event) else event

    return apply


class transform_event(transform_base):
    """``TRANSFORM_EVENT_``: apply every pair in order, each condition tested on the event as it is then."""

    def __init__(self, config: Any) -> None:
        self.fn_list = [_when(cond, trans) for cond, trans in _pairs(config, "TRANSFORM_EVENT")]

    def __call__(self, event: Any) -> Any:
        steps = self.fn_list
        if len(steps) == 1 and isinstance(event, dict):
            return steps[0](event)
        return process_event(event, steps, False)

    def dict_step(self) -> Callable[[Event], Any]:
        return self.fn_list[0] if len(self.fn_list) == 1 else self


class drop_event(transform_base):
    """``DROP_EVENT_``: drop the events matching the condition."""

    def __init__(self, cond: Any) -> None:
        self.c = condition(cond)

    @support_event_list_simple
    def __call__(self, event: Event) -> Optional[Event]:
        return None if self.c.matches(event) else event


class keep_event(transform_base):
    """``KEEP_EVENT_``: keep only the events matching the condition."""

    def __init__(self, cond: Any) -> None:
        self.c = condition(cond)

    @support_event_list_simple
    def __call__(self, event: Event) -> Optional[Event]:
        return event if self.c.matches(event) else None


class simple_drop(transform_base):
    @support_event_list_simple
    def __call__(self, event: Event) -> None:
        return None


class simple_keep(transform_base):
    @support_event_list_simple
    def __call__(self, event: Event) -> Event:
        return event


def _key_matcher(config: Any, rule: str) -> KeyCache:
    """``matcher[key]``: whether the key fully matches the regex, or one of the list of regexes."""
    patterns: List[Any]
    if isinstance(config, (str, bytes)):
        patterns = [config]
    elif isinstance(config, list):
        patterns = config
    else:
        raise SettingError(None, f"{rule} setting {config!r} is not supported")
    try:
        compiled: List[re.Pattern[str]] = [re.compile(p) for p in patterns]
    except (re.error, TypeError) as exc:
        raise SettingError(exc, f"{rule} setting {config!r} is not a valid regex") from None
    if len(compiled) == 1:
        single = compiled[0].fullmatch
        return KeyCache(lambda key: single(key) is not None)
    return KeyCache(lambda key: any(c.fullmatch(key) for c in compiled))


class drop_fields(transform_base):
    """``DROP_FIELDS_``: remove the fields whose key fully matches."""

    def __init__(self, config: Any) -> None:
        self.check = _key_matcher(config, "DROP_FIELDS")

    @support_event_list_simple
    def __call__(self, event: Event) -> Event:
        check = self.check
        return {k: v for k, v in event.items() if not check[k]}


class keep_fields(transform_base):
    """``KEEP_FIELDS_``: keep only the fields whose key fully matches (meta fields included)."""

    def __init__(self, config: Any) -> None:
        self.check = _key_matcher(config, "KEEP_FIELDS")

    @support_event_list_simple
    def __call__(self, event: Event) -> Event:
        check = self.check
        return {k: v for k, v in event.items() if check[k]}


class rename_fields(transform_base):
    """``RENAME_FIELDS_`` / ``ALIAS_``: ``{key_regex: new_name}``, first full match wins; None / ``""`` does
    nothing."""

    def __init__(self, config: Any) -> None:
        self.renames: List[Tuple[Callable[[str], Any], str]] = []
        if isinstance(config, dict):
            try:
                self.renames = [(re.compile(k).fullmatch, v) for k, v in config.items()]
            except (re.error, TypeError) as exc:
                raise SettingError(exc, f"rename setting {config!r} is invalid") from None
        elif not (config is None or config == ""):
            raise SettingError(None, f"rename setting {config!r} is not supported, should be a dict")
        self.new_names = KeyCache(self.new_name)
        # key layout of an event -> its new key layout (events of one source mostly share a few layouts)
        self.layouts = KeyCache(lambda layout: tuple(map(self.new_names.__getitem__, layout)), limit=1000)

    def new_name(self, key: str) -> str:
        """The key's new name: that of the first pattern fully matching it, else the key."""
        for full_match, new in self.renames:
            if full_match(key):
                return new
        return key

    @support_event_list_simple
    def __call__(self, event: Event) -> Event:
        return dict(zip(self.layouts[tuple(event)], event.values()))


class extract_kv_fields(transform_base):
    """``KV_FIELDS_``: run ``KV`` with its defaults on every field whose key fully matches."""

    def __init__(self, config: Any) -> None:
        self.check = _key_matcher(config, "KV_FIELDS")

    @support_event_list_simple
    def __call__(self, event: Event) -> Any:
        check = self.check
        return KV(event, [k for k in event if check[k]])


DROP = simple_drop()
KEEP = simple_keep()
ALIAS = RENAME = rename_fields
DROP_F = drop_fields
KEEP_F = keep_fields
KV_F = extract_kv_fields
