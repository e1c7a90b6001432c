"""Conditions: when a rule applies (``condition``), the event predicates and the field-name constants."""

from __future__ import annotations

import functools
import logging
from typing import Any, Callable, Dict, List, Optional, Tuple

from .errors import SettingError
from .util import NOT, Event, get_re_full_match

__all__ = ["ALL", "ANY", "EMPTY", "EXIST", "F_META", "F_TAGS", "F_TIME", "NONE", "NO_EMPTY", "condition"]

logger = logging.getLogger("aliyun.log.etl")

ANY = True
ALL = True
#: Field-name regexes: every tag, every meta field but the time, the time.
F_TAGS = "__tag__:.+"
F_META = "__tag__:.+|__topic__|__source__"
F_TIME = "__time__"

_META_KEYS = frozenset(("__time__", "__topic__", "__source__"))


def is_meta_key(key: str) -> bool:
    return key in _META_KEYS or (key.startswith("__tag__:") and len(key) > 8)


class _FieldPredicate:
    """An event predicate about one field (used as a list item of a condition)."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __call__(self, event: Event) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.field!r})"


class EMPTY(_FieldPredicate):
    """True when the field is missing or its value is empty."""

    def __call__(self, event: Event) -> bool:
        return not event.get(self.field)


class NO_EMPTY(_FieldPredicate):
    """True when the field is present with a non-empty value."""

    def __call__(self, event: Event) -> Any:
        return self.field in event and event[self.field]


class NONE(_FieldPredicate):
    """True when the field is missing."""

    def __call__(self, event: Event) -> bool:
        return self.field not in event


class EXIST(_FieldPredicate):
    """True when the field is present."""

    def __call__(self, event: Event) -> bool:
        return self.field in event


def _value_test(spec: Any) -> Tuple[Optional[Callable[[Any], Any]], bool]:
    """``(test of a present value, result when absent)`` for one entry of a dict condition; the test is None when
    a present value always passes (``True``)."""
    if spec is True:
        return None, False
    if isinstance(spec, bool):
        return (lambda _value: spec), False
    if callable(spec):
        return spec, False
    if isinstance(spec, str):
        full_match = get_re_full_match(str(spec))
        if isinstance(spec, NOT):
            return (lambda value: full_match(value) is None), False
        return (lambda value: full_match(value) is not None), False
    return (lambda _value: False), spec is None


def _dict_check(spec: Dict[str, Any]) -> Callable[[Event], bool]:
    entries = [(field, *_value_test(value)) for field, value in spec.items()]
    if len(entries) == 1:  # the usual {"field": spec}, without the loop
        field, test, when_absent = entries[0]
        if test is None:
            return lambda event: field in event
        return lambda event: bool(test(event[field])) if field in event else when_absent

    def check(event: Event) -> bool:
        for field, test, when_absent in entries:
            if field in event:
                if test is not None and not test(event[field]):
                    return False
            elif not when_absent:
                return False
        return True

    return check


def _check(cond: Any) -> Optional[Callable[[Event], Any]]:
    if isinstance(cond, bool):
        return lambda _event: cond
    if callable(cond):
        return cond  # type: ignore[no-any-return]
    if isinstance(cond, dict):
        return _dict_check(cond)
    return None


class condition:
    """A condition: a bool, a callable ``f(event)``, a dict ``{field: spec}`` (all must hold) or a list of those
    (any may hold). ``condition(c)(event)`` tests an event; ``@condition(c)`` wraps a function so it runs only on
    matching events (errors are logged and the event is passed on unchanged).

    ``pass_meta=False`` hands the function the event without its meta fields; ``restore_meta`` (default
    ``not pass_meta``) writes them back into its result.
    """

    def __init__(self, cond: Any, pass_meta: Optional[bool] = None, restore_meta: Optional[bool] = None) -> None:
        self.cond: List[Any] = cond if isinstance(cond, list) else [cond]
        self.pass_meta = True if pass_meta is None else pass_meta
        self.restore_meta = (not self.pass_meta) if restore_meta is None else restore_meta
        self.check_list: List[Callable[[Event], Any]] = []
        for item in self.cond:
            check = _check(item)
            if check is None:
                raise SettingError(msg="Invalid condition", settings=item)
            self.check_list.append(check)
        #: True / False when the condition does not depend on the event (only bools), else None.
        self.constant: Optional[bool] = (any(self.cond) if all(isinstance(c, bool) for c in self.cond) else None)
        #: The field whose presence is the whole condition (``{"f": True}``), else None.
        self.present_field: Optional[str] = None
        if len(self.cond) == 1 and isinstance(self.cond[0], dict) and len(self.cond[0]) == 1:
            (field, spec), = self.cond[0].items()
            self.present_field = field if spec is True else None
        #: ``matches(event)``: truthy when the condition holds.
        if self.constant is not None:
            self.matches: Callable[[Event], Any] = self._match_constant
        elif len(self.check_list) == 1:
            self.matches = self.check_list[0]
        else:
            self.matches = self._match_any

    def _match_constant(self, event: Event) -> bool:
        return bool(self.constant)

    def _match_any(self, event: Event) -> bool:
        return any(check(event) for check in self.check_list)

    def call_processor(self, fn: Callable[..., Any], event: Event, *args: Any, **kwargs: Any) -> Any:
        given = event if self.pass_meta else {k: v for k, v in event.items() if not is_meta_key(k)}
        result = fn(given, *args, **kwargs)
        if self.restore_meta and result is not None:
            result.update({k: v for k, v in event.items() if is_meta_key(k)})
        return result

    def __call__(self, entity: Any) -> Any:
        if isinstance(entity, dict):
            return bool(self.matches(entity))
        if callable(entity):
            fn = entity

            @functools.wraps(fn)
            def wrapped(event: Event, *args: Any, **kwargs: Any) -> Any:
                try:
                    if self.matches(event):
                        return self.call_processor(fn, event, *args, **kwargs)
                except Exception as exc:
                    logger.error("condition: %s failed on an event (passed on unchanged): %r", fn, exc)
                return event

            return wrapped
        raise SettingError(settings=f"condition: unsupported data type: {entity!r}")

    def __repr__(self) -> str:
        return f"condition({self.cond!r})"
