"""From a captured ``LogRecord`` to the ``(key, value)`` contents of one log: fields, JSON and KV extraction.

Everything here is pure and thread-agnostic: the queued handler runs it in its sender thread, the simple handler in
the caller's thread. Keys derived from user data that the service would refuse are repaired (see :func:`sanitize_key`)
so one odd key never costs the whole batch.
"""

from __future__ import annotations

import json
import logging
import re
from enum import Enum
from typing import Any, Dict, Iterable, List, Mapping, Optional, Pattern, Set, Tuple

from ..limits import MAX_KEY_BYTES, MAX_VALUE_BYTES, RESERVED_KEYS, key_problem

Contents = List[Tuple[str, str]]

#: Largest value the service accepts for one field (1 MiB); longer values are truncated.
DEFAULT_MAX_VALUE_BYTES = MAX_VALUE_BYTES


class LogFields(Enum):
    """Attributes of a ``logging.LogRecord`` a handler can upload, by key name.

    The member *name* is the key written to the log (with ``buildin_fields_prefix`` / ``buildin_fields_suffix``);
    the member *value* is the ``LogRecord`` attribute it reads. Handlers accept members, member names
    (``"thread_name"``) or record attribute names (``"threadName"``).

    The default set: record_name, level, func_name, module, file_path, line_no, process_id, process_name,
    thread_id, thread_name. ``message`` is always written (unless a drop-message option removes it).
    """

    record_name = "name"
    level = "levelname"
    file_name = "filename"
    func_name = "funcName"
    module = "module"
    file_path = "pathname"
    line_no = "lineno"
    process_id = "process"
    process_name = "processName"
    thread_id = "thread"
    thread_name = "threadName"
    level_no = "levelno"
    asc_time = "asctime"
    created_timestamp = "created"
    micro_second = "msecs"
    relative_created = "relativeCreated"
    task_name = "taskName"


DEFAULT_FIELDS: Tuple[LogFields, ...] = (
    LogFields.record_name,
    LogFields.level,
    LogFields.func_name,
    LogFields.module,
    LogFields.file_path,
    LogFields.line_no,
    LogFields.process_id,
    LogFields.process_name,
    LogFields.thread_id,
    LogFields.thread_name,
)

_BY_ATTRIBUTE: Dict[str, LogFields] = {member.value: member for member in LogFields}
_FIELD_ORDER: Dict[LogFields, int] = {member: index for index, member in enumerate(LogFields)}

#: Record attributes that are never uploaded as fields on their own (they are part of the message).
_NOT_FIELDS = frozenset({"msg", "args", "message", "exc_info", "exc_text", "stack_info"})

#: Attributes every LogRecord has; anything else on a record came from ``extra=`` or a filter.
STANDARD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}

_KEY_CACHE_LIMIT = 4096


def sanitize_key(key: Any) -> str:
    """Make ``key`` a content key the service accepts (:func:`aliyun.log.limits.key_problem`), deterministically.

    A key the service accepts is kept as it is (``"user.id"``, ``"@timestamp"``, ``"2xx"``). Otherwise: bytes are
    decoded as UTF-8 (invalid bytes replaced); an empty key becomes ``_``; a reserved key (``__time__``,
    ``__topic__``...) gets a trailing ``_`` (``"__time__"`` -> ``"__time___"``); a key over 128 UTF-8 bytes is cut
    to 128 bytes.
    """
    if isinstance(key, (bytes, bytearray)):
        text = bytes(key).decode("utf-8", "replace")
    else:
        text = key if isinstance(key, str) else str(key)
    if key_problem(text) is None:
        return text
    if not text:
        return "_"
    if text in RESERVED_KEYS:
        return text + "_"
    return text.encode("utf-8", "replace")[:MAX_KEY_BYTES].decode("utf-8", "ignore")


def to_text(value: Any) -> str:
    """A record attribute as text: str as is, None as ``""``, bytes decoded, containers as compact JSON."""
    kind = type(value)
    if kind is str:
        return value  # type: ignore[no-any-return]
    if kind is int or kind is float:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "backslashreplace")
    if isinstance(value, (dict, list, tuple)):
        try:
            return json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            pass
    try:
        return str(value)
    except Exception:  # a broken __str__ must not cost the record
        return object.__repr__(value)


def json_text(value: Any) -> str:
    """A value extracted from JSON: strings as they are, everything else as JSON text (``true``, ``null``...)."""
    if type(value) is str:
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8", "backslashreplace")
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return to_text(value)


def clean_text(text: str) -> str:
    """``text`` with characters UTF-8 cannot encode (lone surrogates) written as backslash escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def truncate_text(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes, ending with a marker that gives the original size."""
    if len(text) * 4 <= max_bytes:
        return text
    raw = text.encode("utf-8", "backslashreplace")
    if len(raw) <= max_bytes:
        return text
    marker = f"...[truncated, {len(raw)} bytes in total]"
    keep = max(0, max_bytes - len(marker))
    return raw[:keep].decode("utf-8", "ignore") + marker


def resolve_fields(fields: Any, extra: bool) -> Tuple[List[Tuple[LogFields, str]], List[str]]:
    """Normalise the ``fields`` option.

    Returns ``(members, extra_names)``: the LogFields to upload (each with its record attribute) and, when ``extra``
    is off, the names of other record attributes to upload (a white list of ``extra=`` attributes).
    ``fields`` may be LogFields members, their names, record attribute names, a comma separated string, or a set.
    """
    if fields is None:
        return [(member, member.value) for member in DEFAULT_FIELDS], []
    if isinstance(fields, (str, bytes)):
        text = fields.decode() if isinstance(fields, bytes) else fields
        items: List[Any] = [part for part in re.split(r"[\s,]+", text) if part]
    elif isinstance(fields, LogFields):
        items = [fields]
    else:
        items = list(fields)
        if isinstance(fields, (set, frozenset)):
            items.sort(key=lambda item: _FIELD_ORDER.get(item, len(_FIELD_ORDER)) if isinstance(item, LogFields)
                       else len(_FIELD_ORDER) + 1)
    members: List[Tuple[LogFields, str]] = []
    names: List[str] = []
    for item in items:
        member: Optional[LogFields] = None
        if isinstance(item, LogFields):
            member = item
        elif isinstance(item, str):
            name = item.strip()
            if name.startswith("LogFields."):
                name = name[len("LogFields."):]
            if name in LogFields.__members__:
                member = LogFields[name]
            elif name in _BY_ATTRIBUTE:
                member = _BY_ATTRIBUTE[name]
            elif name and name not in _NOT_FIELDS and not extra and name not in names:
                names.append(name)
        else:
            raise TypeError(f"fields must hold LogFields members or their names, got {item!r}")
        if member is not None and all(member is not seen for seen, _ in members):
            members.append((member, member.value))
    return members, names


def compile_kv_pattern(sep: Optional[str]) -> Pattern[str]:
    """The KV pattern for separator ``sep``: one character is literal, anything longer is a regular expression.

    Keys are runs of letters (any script), digits, ``_``, ``.`` and ``-``; values are either such a run or a
    double-quoted string of anything but ``"`` (newlines included; surrounding blanks inside the quotes trimmed).
    Blanks around the separator are allowed (``k = v``).
    """
    if sep is None or sep == "":
        sep = "="
    sep_pattern = re.escape(sep) if len(sep) == 1 else sep
    token = r"[\w.\-]+"
    try:
        return re.compile(rf"({token})\s*(?:{sep_pattern})\s*(?:\"\s*([^\"]*?)\s*\"|({token}))")
    except re.error as exc:
        raise ValueError(f"extract_kv_sep is not a valid regular expression: {sep!r} ({exc})") from None


def kv_pairs(pattern: Pattern[str], message: str) -> List[Tuple[str, str]]:
    """Raw ``(key, value)`` pairs found in ``message`` (in order, duplicates kept)."""
    return [(key, quoted if plain == "" else plain) for key, quoted, plain in pattern.findall(message)]


def json_object(message: Any) -> Optional[Mapping[Any, Any]]:
    """The mapping to extract from a message: a dict message, or a string holding one JSON object."""
    if isinstance(message, Mapping):
        return message
    if isinstance(message, str) and message[:1] in ("{", " ", "\t", "\r", "\n"):
        text = message.strip()
        if text[:1] == "{" and text[-1:] == "}":
            try:
                value = json.loads(text)
            except ValueError:
                return None
            if isinstance(value, dict):
                return value
    return None


class KeyMaker:
    """``prefix + name + suffix``, sanitised, with a bounded cache (keys repeat across records)."""

    __slots__ = ("_cache", "prefix", "suffix")

    def __init__(self, prefix: str, suffix: str) -> None:
        self.prefix = prefix
        self.suffix = suffix
        self._cache: Dict[Any, str] = {}

    def __call__(self, name: Any) -> str:
        try:
            return self._cache[name]
        except (KeyError, TypeError):
            pass
        if isinstance(name, (bytes, bytearray)):
            text = bytes(name).decode("utf-8", "replace")
        else:
            text = name if isinstance(name, str) else str(name)
        key = sanitize_key(f"{self.prefix}{text}{self.suffix}")
        try:
            if len(self._cache) >= _KEY_CACHE_LIMIT:
                self._cache.clear()
            self._cache[name] = key
        except TypeError:
            pass
        return key


def add_unique(contents: Contents, used: Set[str], key: str, value: str) -> None:
    """Append ``(key, value)``; a key already present gets ``_1``, ``_2``... so no key is written twice."""
    if key in used:
        number = 1
        while True:
            tail = f"_{number}"
            base = key
            if len((base + tail).encode("utf-8")) > MAX_KEY_BYTES:
                base = (base.encode("utf-8")[: MAX_KEY_BYTES - len(tail)]).decode("utf-8", "ignore")
            candidate = base + tail
            if candidate not in used:
                key = candidate
                break
            number += 1
    used.add(key)
    contents.append((key, value))


def extra_attributes(snapshot: Mapping[str, Any]) -> Iterable[str]:
    """Names of the non-standard attributes of a captured record, in the order they were set."""
    names = snapshot.keys() - STANDARD_ATTRIBUTES
    if not names:
        return ()
    return [name for name in snapshot if name in names]
