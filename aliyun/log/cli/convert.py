"""Turning option strings into the Python values a LogClient method expects, driven by its type hints.

The hint of each parameter picks the conversion (``int``, ``bool``, ``Dict`` as a JSON object, ``List[str]`` as
``a,b c``, request and config classes from JSON...). A parameter typed ``Any`` falls back to the docstring's
``:type x:`` line, as the reference CLI reads it. ``file://path`` gives the text of a file to structured types.
"""

from __future__ import annotations

import collections.abc
import inspect
import json
import re
import sys
import typing
from typing import Any, Callable, Dict, List, Optional

Converter = Callable[[Any], Any]
ClientMaker = Callable[[str], Any]

_TRUE = ("true", "t", "1", "yes", "y")
_FALSE = ("false", "f", "0", "no", "n")
_STRING_LIST_SEPARATOR = re.compile(r"[\s|,]+")
_CURSOR_WORDS = ("begin", "end")


class ConversionError(TypeError):
    """An option value that does not fit its parameter; the message names the parameter and the type."""


def convert_value(name: str, value: Any, converter: Converter, type_text: str) -> Any:
    try:
        return converter(value)
    except Exception as exc:
        raise ConversionError(
            f"parameter '{name}' should be of type {type_text}, but got type={type(value).__name__}, "
            f"value='{value}' ({exc})"
        ) from None


def read_file_value(value: Any) -> Any:
    """The text of ``file://<path>`` (``~`` expanded), anything else unchanged."""
    if isinstance(value, str) and value.startswith("file://"):
        import os

        with open(os.path.expanduser(value[len("file://"):]), encoding="utf-8") as fh:
            return fh.read()
    return value


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("expected true/false, t/f, 1/0, yes/no or y/n")


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("expected an integer")
    return int(value)


def _json(value: Any, kind: type) -> Any:
    value = read_file_value(value)
    if isinstance(value, (str, bytes)):
        value = json.loads(value)
    if not isinstance(value, kind):
        raise ValueError(f"expected a JSON {'object' if kind is dict else 'array'}")
    return value


def to_dict(value: Any) -> Dict[str, Any]:
    result: Dict[str, Any] = _json(value, dict)
    return result


def to_string_list(value: Any) -> List[str]:
    value = read_file_value(value)
    if isinstance(value, str):
        return [part for part in _STRING_LIST_SEPARATOR.split(value) if part]
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return list(value)
    raise ValueError("expected words separated by commas, spaces or |")


def list_of(item: Converter) -> Converter:
    def convert(value: Any) -> List[Any]:
        return [item(element) for element in _json(value, list)]

    return convert


def to_log_item(value: Any) -> Any:
    from ..models.logitem import LogItem

    if isinstance(value, LogItem):
        return value
    if not isinstance(value, dict) or not isinstance(value.get("contents"), (list, dict)):
        raise ValueError('expected {"timestamp": <int>, "contents": [[key, value], ...]}')
    contents = value["contents"]
    pairs = contents.items() if isinstance(contents, dict) else [tuple(pair) for pair in contents]
    if any(len(pair) != 2 or not all(isinstance(part, str) for part in pair) for pair in pairs):
        raise ValueError("each content must be a [key, value] pair of strings")
    return LogItem(value.get("timestamp"), list(pairs), value.get("time_nano_part"))


def to_time(value: Any) -> Any:
    """A time any form of :mod:`aliyun.log.timeparse` reads (unix seconds out), or a cursor word kept as is."""
    if isinstance(value, str) and value.strip().lower() in _CURSOR_WORDS:
        return value.strip().lower()
    from ..timeparse import parse_timestamp

    return parse_timestamp(value)


def first_of(converters: List[Converter], raw_fallback: bool) -> Converter:
    """Try each converter in order; the raw value when all fail and the type also admits a string."""

    def convert(value: Any) -> Any:
        errors = []
        for converter in converters:
            try:
                return converter(value)
            except Exception as exc:
                errors.append(str(exc))
        if raw_fallback:
            return value
        raise ValueError("; ".join(errors))

    return convert


def class_maker(cls: type, make_client: ClientMaker) -> Converter:
    """Build ``cls`` from JSON: through ``from_json`` when it has one, else from its constructor's parameters."""

    def make(value: Any) -> Any:
        if isinstance(value, cls):
            return value
        data = to_dict(value)
        if getattr(cls, "from_json", None) is None:
            return _construct(cls, data, make_client)
        try:
            return _from_json(cls, data)
        except Exception as from_json_error:  # the constructor's names are the other accepted form
            try:
                return _construct(cls, data, make_client)
            except Exception as constructor_error:
                raise ValueError(f"{from_json_error}; {constructor_error}") from None

    return make


def _from_json(cls: type, data: Dict[str, Any]) -> Any:
    """``cls.from_json(data)`` when it is static or the class needs arguments, else ``cls().from_json(data)``."""
    from_json = cls.from_json  # type: ignore[attr-defined]  # checked by the caller
    if isinstance(inspect.getattr_static(cls, "from_json"), (staticmethod, classmethod)) or _required_params(cls):
        return from_json(data)
    instance = cls()
    built = instance.from_json(data)
    return instance if built is None else built


def _required_params(cls: type) -> List[str]:
    return [name for name, param in _init_params(cls).items() if param.default is param.empty]


def _init_params(cls: type) -> Dict[str, inspect.Parameter]:
    params = inspect.signature(cls.__init__).parameters  # type: ignore[misc]
    return {name: param for name, param in params.items()
            if name != "self" and param.kind not in (param.VAR_POSITIONAL, param.VAR_KEYWORD)}


def _construct(cls: type, data: Dict[str, Any], make_client: ClientMaker) -> Any:
    params = _init_params(cls)
    missing = [name for name in _required_params(cls) if name not in data]
    if missing:
        raise ValueError(f"{cls.__name__} needs {', '.join(missing)}")
    unexpected = [key for key in data if key not in params]
    if unexpected:
        raise ValueError(f"{cls.__name__} has no {', '.join(unexpected)}; it takes {', '.join(params)}")
    hints = resolve_hints(cls.__init__)  # type: ignore[misc]
    kwargs = {}
    for key, value in data.items():
        hint = hints.get(key, Any)
        raw = params[key].annotation if isinstance(params[key].annotation, str) else ""
        kwargs[key] = convert_value(key, value, converter_for(hint, raw, "", make_client), raw or "value")
    return cls(**kwargs)


def resolve_hints(func: Callable[..., Any]) -> Dict[str, Any]:
    """Each parameter's type hint, evaluated one by one so that one unresolvable hint only costs itself."""
    names = _HintNames(getattr(sys.modules.get(func.__module__), "__dict__", {}))
    typing_names = dict(vars(typing))
    hints: Dict[str, Any] = {}
    for name, param in inspect.signature(func).parameters.items():
        annotation = param.annotation
        if isinstance(annotation, str):
            try:
                annotation = eval(annotation, typing_names, names)  # the SDK's own hints
            except Exception:
                annotation = Any
        hints[name] = Any if annotation is param.empty else annotation
    return hints


class _HintNames(Dict[str, Any]):
    """A module's names, then the public names of ``aliyun.log`` (for classes imported only for type checking)."""

    def __missing__(self, key: str) -> Any:
        import aliyun.log

        try:
            return getattr(aliyun.log, key)
        except AttributeError:
            raise KeyError(key) from None


def converter_for(hint: Any, raw: str, doc_type: str, make_client: ClientMaker) -> Converter:
    """The converter of one parameter from its evaluated hint (``raw`` is the hint as written)."""
    if re.search(r"\bTimeValue\b|\bTimeArg\b", raw):
        return to_time
    if re.search(r"\bLogClient\b", raw):
        return make_client
    if hint is Any and doc_type:
        return docstring_converter(doc_type, make_client)
    return _from_hint(hint, make_client)


def _from_hint(hint: Any, make_client: ClientMaker) -> Converter:
    origin = typing.get_origin(hint)
    args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
    if origin is typing.Union:
        if len(args) == 1:
            return _from_hint(args[0], make_client)
        textual = [arg for arg in args if arg in (str, Any)]
        # A JSON object goes to the SDK as a dict when it takes one (it converts dicts to its classes itself).
        others = sorted((arg for arg in args if arg not in (str, Any)), key=lambda arg: not _is_mapping(arg))
        return first_of([_from_hint(arg, make_client) for arg in others], raw_fallback=bool(textual))
    if hint is Any or hint is str or hint is inspect.Parameter.empty:
        return _identity
    if hint is bool:
        return to_bool
    if hint is int:
        return to_int
    if hint is float:
        return float
    if hint is bytes:
        return lambda value: value.encode("utf-8") if isinstance(value, str) else bytes(value)
    if _is_mapping(hint):
        return to_dict
    target = origin or hint
    if target in (list, tuple, set, collections.abc.Sequence, collections.abc.Iterable, collections.abc.Collection):
        item = args[0] if args else Any
        if item is str:
            return to_string_list
        item_converter = _item_converter(item, make_client)
        convert = list_of(item_converter)
        return (lambda value: tuple(convert(value))) if target is tuple else convert
    if inspect.isclass(hint):
        return class_maker(hint, make_client)
    return _identity


def _is_mapping(hint: Any) -> bool:
    return (typing.get_origin(hint) or hint) in (dict, collections.abc.Mapping, collections.abc.MutableMapping)


def _item_converter(item: Any, make_client: ClientMaker) -> Converter:
    from ..models.logitem import LogItem

    if inspect.isclass(item) and issubclass(item, LogItem):
        return to_log_item
    if typing.get_origin(item) is tuple:
        return tuple
    if item is str or item is Any:
        return _identity
    return _from_hint(item, make_client)


def _identity(value: Any) -> Any:
    return value


# -- the reference CLI's docstring types ------------------------------------------------------------------------------
_DOC_TYPES: Dict[str, Converter] = {
    "string": _identity,
    "str": _identity,
    "bool": to_bool,
    "boolean": to_bool,
    "int": to_int,
    "double": float,
    "float": float,
    "int list": list_of(to_int),
    "string list": to_string_list,
    "string array": to_string_list,
    "dict": to_dict,
    "list": list_of(_identity),
    "list<logitem>": list_of(to_log_item),
}


def docstring_converter(doc_type: str, make_client: ClientMaker) -> Converter:
    """The converter of a ``:type x: T`` text: ``int``, ``string list``, ``dict/string``, ``IndexConfig``..."""
    known = _DOC_TYPES.get(doc_type.strip().lower())
    if known is not None:
        return known
    if doc_type.strip().lower() == "logclient":
        return make_client
    converters: List[Converter] = []
    textual = False
    for part in re.split(r"\s+or\s+|/|\||,", doc_type.strip(), flags=re.IGNORECASE):
        name = part.strip()
        if name.lower() in ("string", "str"):
            textual = True
        elif name.lower() in _DOC_TYPES:
            converters.append(_DOC_TYPES[name.lower()])
        elif name:
            cls = _sdk_class(name)
            if cls is not None:
                converters.append(class_maker(cls, make_client))
    return first_of(converters, raw_fallback=True) if converters or textual else _identity


def _sdk_class(name: str) -> Optional[type]:
    import aliyun.log

    try:
        value = getattr(aliyun.log, name)
    except AttributeError:
        return None
    return value if inspect.isclass(value) else None
