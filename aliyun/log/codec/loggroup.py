"""LogGroup encoding (the PutLogs hot path), decoding, and flattening to dicts (the PullLogs hot path).

Encoding is done by hand, without protobuf objects. Every piece of the output is kept as a ``str`` whose code points
are the wire bytes (latin-1), so a whole LogGroup is one ``"".join`` and one ``encode("latin-1")`` (a copy): ASCII
values -- nearly all log data -- go in as they are, and the framing of each content (tag, lengths, key) is looked up in
a cache keyed by key and value length. The output is byte-identical to protobuf's ``SerializeToString`` (fields in
field-number order: Logs, Topic, Source, LogTags; in a Log: Time, Contents, Time_ns).

Flattening avoids Python-level work per content. The LogGroupList is parsed with a view in which each group's logs
stay serialized; the logs of a group are joined, each preceded by a marker content (empty key and value), and parsed
once with a view that merges every content into two parallel arrays (keys, values) -- all in upb. When every log of
the group has the same keys (checked byte-for-byte on the re-serialized key array, which also proves where each log
starts), the dicts are built by a generated comprehension from the value array; otherwise the markers split the
arrays per log, and anything unexpected (a log without a time, a partial Time_ns, a content without a value) goes
through the exact per-log path (one parse per log, bytes keys and values).
"""

from __future__ import annotations

import struct
import threading
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple, Union

from .._speedups import native_codec

__all__ = [
    "CodecError",
    "append_log_tags",
    "decode_log_group",
    "decode_log_group_list",
    "encode_log_group",
    "encode_log_group_checked",
    "encode_log_tags",
    "flatten_log_groups",
    "log_group_list_from_groups",
    "pull_body_to_flat",
]

Value = Union[str, bytes]
Pairs = Union[Iterable[Tuple[Value, Value]], Mapping[Value, Value]]

_MAX_UINT32 = 0xFFFFFFFF
_TABLE_SIZE = 1 << 14  # varints of 1 and 2 bytes
_MAX_CACHED_KEYS = 512
_MAX_CACHED_LENGTH = 1024  # value lengths whose content framing is cached per key
_MAX_CACHED_TIMES = 4096
_MAX_BUILDERS = 256

# The marker put before each log when flattening: a Content with an empty key and an empty value (field 2).
_MARKER = b"\x12\x04\x0a\x00\x12\x00"


class CodecError(ValueError):
    """Data that is not a valid serialized LogGroup / LogGroupList, or a log that cannot be encoded."""


# --------------------------------------------------------------------------------------------------------------------
# Varints


def _varint(n: int) -> bytes:
    out = bytearray()
    while n > 0x7F:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


_VARINT_STR: List[str] = []  # n -> varint(n) as a latin-1 str, for n < _TABLE_SIZE
_LOG_HEADER: List[str] = []  # n -> "\x0a" + varint(n): the framing of a Log of n bytes
_tables_lock = threading.Lock()


def _build_tables() -> None:
    with _tables_lock:
        if _VARINT_STR:
            return
        table = [chr(n) for n in range(0x80)]
        table += [chr((n & 0x7F) | 0x80) + chr(n >> 7) for n in range(0x80, _TABLE_SIZE)]
        _LOG_HEADER.extend(["\x0a" + s for s in table])
        _VARINT_STR.extend(table)


def _varint_str(n: int) -> str:
    if n < _TABLE_SIZE and _VARINT_STR:
        return _VARINT_STR[n]
    return _varint(n).decode("latin-1")


def _wire_str(value: Any, what: str) -> str:
    """The UTF-8 bytes of a str, or the bytes themselves, as a latin-1 str (one code point per byte)."""
    if isinstance(value, str):
        return value if value.isascii() else value.encode("utf-8").decode("latin-1")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("latin-1")
    raise TypeError(f"{what} must be str or bytes, not {type(value).__name__}")


def _field_str(tag: str, value: Any, what: str) -> str:
    """A length-delimited field: tag, varint length, bytes."""
    wire = _wire_str(value, what)
    return tag + _varint_str(len(wire)) + wire


# --------------------------------------------------------------------------------------------------------------------
# Encoding

# key -> {value length -> "\x12" varint(content length) "\x0a" varint(key length) key "\x12" varint(value length)}
_prefixes: Dict[Any, Dict[int, str]] = {}
# unix time -> "\x08" varint(time)
_time_fields: Dict[Any, str] = {}


def _content_prefix(key: Any, size: int) -> str:
    """The framing of a content whose value is ``size`` bytes long (cached for common keys and sizes)."""
    per_key = _prefixes.get(key)
    if per_key is not None:
        prefix = per_key.get(size)
        if prefix is not None:
            return prefix
    key_field = _field_str("\x0a", key, "log content key") + "\x12"
    size_str = _varint_str(size)
    prefix = "\x12" + _varint_str(len(key_field) + len(size_str) + size) + key_field + size_str
    if size < _MAX_CACHED_LENGTH:
        if per_key is None:
            if len(_prefixes) >= _MAX_CACHED_KEYS:
                _prefixes.clear()
            per_key = _prefixes.setdefault(key, {})
        per_key[size] = prefix
    return prefix


def _time_field(timestamp: Any) -> str:
    field = _time_fields.get(timestamp)
    if field is not None:
        return field
    try:
        seconds = int(timestamp)
    except (TypeError, ValueError):
        raise TypeError(f"log time must be an int of unix seconds, not {timestamp!r}") from None
    if not 0 <= seconds <= _MAX_UINT32:
        raise ValueError(f"log time {seconds} is out of the uint32 range")
    field = "\x08" + _varint_str(seconds)
    if seconds == timestamp and type(timestamp) is int:
        if len(_time_fields) >= _MAX_CACHED_TIMES:
            _time_fields.clear()
        _time_fields[seconds] = field
    return field


def _time_ns_field(time_ns: Any) -> str:
    try:
        value = int(time_ns)
    except (TypeError, ValueError):
        raise TypeError(f"time_nano_part must be an int, not {time_ns!r}") from None
    if not 0 <= value <= _MAX_UINT32:
        raise ValueError(f"time_nano_part {value} is out of the fixed32 range")
    return "\x25" + struct.pack("<I", value).decode("latin-1")


def _log_body(timestamp: Any, contents: Any) -> str:
    """The exact (slow) encoding of one Log without its framing: any str / bytes keys and values."""
    parts = [_time_field(timestamp)]
    if isinstance(contents, Mapping):
        contents = contents.items()
    for pair in contents:
        try:
            key, value = pair
        except (TypeError, ValueError):
            raise TypeError(f"log contents must be (key, value) pairs, got {pair!r}") from None
        wire = _wire_str(value, f"value of log content {key!r}")
        parts.append(_content_prefix(key, len(wire)))
        parts.append(wire)
    return "".join(parts)


def _dict_log_body(log: Mapping[Any, Any]) -> Tuple[str, Any]:
    """Body and Time_ns of a log given as ``{"__time__": t, "__time_ns_part__": ns (optional), key: value...}``."""
    if "__time__" not in log:
        raise ValueError("a log given as a dict needs a '__time__' entry")
    contents = [(k, v) for k, v in log.items() if k != "__time__" and k != "__time_ns_part__"]
    return _log_body(log["__time__"], contents), log.get("__time_ns_part__")


def encode_log_tags(logtags: Optional[Pairs]) -> bytes:
    """LogTags entries (field 6) for ``(key, value)`` pairs; appending them to a LogGroup adds the tags."""
    return _tags_str(logtags).encode("latin-1")


def _tags_str(logtags: Optional[Pairs]) -> str:
    if not logtags:
        return ""
    items = logtags.items() if isinstance(logtags, Mapping) else logtags
    parts = []
    for key, value in items:
        tag = _field_str("\x0a", key, "log tag key") + _field_str("\x12", value, f"value of log tag {key!r}")
        parts.append("\x32" + _varint_str(len(tag)) + tag)
    return "".join(parts)


def encode_log_group(
    logitems: Iterable[Any],
    topic: Optional[Value] = None,
    source: Optional[Value] = None,
    logtags: Optional[Pairs] = None,
) -> bytes:
    """Serialize a LogGroup from ``LogItem`` objects (or dicts with a ``__time__`` entry).

    ``topic`` / ``source`` of None are left out, ``logtags`` are ``(key, value)`` pairs; keys and values are ``str``
    or ``bytes`` (any bytes are kept as they are). ``Time_ns`` is written only for items whose ``time_nano_part`` is
    not None. The result equals protobuf's ``SerializeToString`` of the same LogGroup.
    """
    if not _VARINT_STR:
        _build_tables()
    items = logitems if isinstance(logitems, (list, tuple)) else list(logitems)
    codec = native_codec()
    if codec is not None:
        try:
            tail = _group_tail(topic, source, logtags).encode("latin-1")
        except Exception:  # the reference path below raises it, after any error in the logs (its order)
            tail = None
        if tail is not None:
            encoded = codec.encode_logs(items, tail)
            if encoded is not None:
                return encoded  # type: ignore[no-any-return]
    parts: List[str] = []
    if items and type(items[0]) is dict:
        _encode_dicts(items, parts)
    else:
        _encode_items(items, parts)
    parts.append(_group_tail(topic, source, logtags))
    return "".join(parts).encode("latin-1")


def encode_log_group_checked(
    logitems: Sequence[Any],
    topic: Optional[Value],
    source: Optional[Value],
    logtags: Optional[Pairs],
    item_type: type,
    valid_keys: Set[str],
    max_value: int,
) -> Optional[bytes]:
    """``encode_log_group`` with the put path's checks done in the same pass, by the compiled codec only.

    Returns the LogGroup when every item is exactly ``item_type``, every key a ``str`` in ``valid_keys`` (keys the
    caller's own check accepted before) and every value at most ``max_value`` bytes; None when the compiled codec
    is not in use or anything fails a check or is unusual -- the caller then runs its checks and
    ``encode_log_group``, which name the problem. Never raises for bad input.
    """
    codec = native_codec()
    if codec is None:
        return None
    if not _VARINT_STR:
        _build_tables()
    try:
        tail = _group_tail(topic, source, logtags).encode("latin-1")
    except Exception:  # the caller's checks name it
        return None
    return codec.encode_checked(logitems, tail, item_type, valid_keys, max_value)  # type: ignore[no-any-return]


def _group_tail(topic: Optional[Value], source: Optional[Value], logtags: Optional[Pairs]) -> str:
    """The fields after the Logs: Topic, Source and LogTags."""
    parts = []
    if topic is not None:
        parts.append(_field_str("\x1a", topic, "topic"))
    if source is not None:
        parts.append(_field_str("\x22", source, "source"))
    if logtags:
        parts.append(_tags_str(logtags))
    return "".join(parts)


def _item_body(item: Any) -> str:
    """The exact (slow) encoding of a LogItem or a dict log, with its Time_ns, without the framing."""
    if isinstance(item, Mapping):
        body, time_ns = _dict_log_body(item)
    else:
        try:
            timestamp, time_ns = item.timestamp, item.time_nano_part
            contents = item.iter_contents() if hasattr(item, "iter_contents") else item.contents
        except AttributeError:
            raise TypeError(f"logitems must be LogItem objects or dicts, got {type(item).__name__}") from None
        body = _log_body(timestamp, contents)
    if time_ns is not None:
        body += _time_ns_field(time_ns)
    return body


def _encode_items(items: Sequence[Any], parts: List[str]) -> None:
    app = parts.append
    prefixes = _prefixes
    times = _time_fields
    headers = _LOG_HEADER
    for item in items:
        # Fast path: cached framing, ASCII or str values. Anything else (a first-seen key or length, bytes values,
        # a wrong type) raises here and is redone by the exact path, which fills the caches or names the problem.
        try:
            lp = [times[item.timestamp]]
            la = lp.append
            contents = item._contents  # LogItem's own storage: a list of pairs, or a dict
            if contents.__class__ is dict:
                contents = contents.items()
            for key, value in contents:
                if not value.isascii():
                    value = value.encode("utf-8").decode("latin-1")
                la(prefixes[key][len(value)])
                la(value)
            time_ns = item.time_nano_part
            if time_ns is not None:
                la(_time_ns_field(time_ns))
            body = "".join(lp)
        except Exception:
            body = _item_body(item)
        size = len(body)
        app(headers[size] if size < _TABLE_SIZE else "\x0a" + _varint_str(size))
        app(body)


def _encode_dicts(items: Sequence[Any], parts: List[str]) -> None:
    app = parts.append
    prefixes = _prefixes
    times = _time_fields
    headers = _LOG_HEADER
    for log in items:
        # Same fast path for ``{"__time__": t, key: value...}`` with ``__time__`` first and no ``__time_ns_part__``.
        try:
            if "__time_ns_part__" in log:
                raise LookupError
            pairs = iter(log.items())
            key, timestamp = next(pairs)
            if key != "__time__":
                raise LookupError
            lp = [times[timestamp]]
            la = lp.append
            for key, value in pairs:
                if not value.isascii():
                    value = value.encode("utf-8").decode("latin-1")
                la(prefixes[key][len(value)])
                la(value)
            body = "".join(lp)
        except Exception:
            body = _item_body(log)
        size = len(body)
        app(headers[size] if size < _TABLE_SIZE else "\x0a" + _varint_str(size))
        app(body)


def log_group_list_from_groups(serialized_groups: Iterable[bytes]) -> bytes:
    """A serialized LogGroupList made of already-serialized LogGroups (concatenation, nothing is re-parsed)."""
    parts = []
    for group in serialized_groups:
        parts.append(b"\x0a" + _varint(len(group)))
        parts.append(group)
    return b"".join(parts)


def append_log_tags(serialized_group: bytes, tags: Optional[Pairs]) -> bytes:
    """``serialized_group`` with LogTags appended (protobuf merges them into the group's repeated LogTags)."""
    return bytes(serialized_group) + encode_log_tags(tags)


# --------------------------------------------------------------------------------------------------------------------
# Decoding


def _parse(cls: Any, data: Any, what: str) -> Any:
    from google.protobuf.message import DecodeError

    if not isinstance(data, bytes):
        data = bytes(data)
    try:
        return cls.FromString(data)
    except (DecodeError, UnicodeDecodeError) as exc:  # the pure-Python runtime checks UTF-8 while parsing
        raise CodecError(f"invalid {what} ({len(data)} bytes): {exc}") from None


def decode_log_group(data: bytes) -> Any:
    """Parse a serialized LogGroup into a ``LogGroup`` message (``str`` values)."""
    from . import proto

    return _parse(proto.LogGroup, data, "LogGroup")


def decode_log_group_list(data: bytes, raw: bool = True) -> Any:
    """Parse a serialized LogGroupList: ``LogGroupListRaw`` (``bytes`` values, the default) or ``LogGroupList``."""
    from . import proto

    return _parse(proto.LogGroupListRaw if raw else proto.LogGroupList, data, "LogGroupList")


# --------------------------------------------------------------------------------------------------------------------
# Flattening

_builders: Dict[Tuple[int, int, bool], Callable[..., List[Dict[Any, Any]]]] = {}


def _make_builder(n_base: int, n_values: int, with_ns: bool) -> Callable[..., List[Dict[Any, Any]]]:
    """Compile ``build(times, time_ns, values_iterator, keys, base_values)`` for one shape of log.

    A dict display with a fixed number of entries is presized and filled in C, faster than ``dict(zip(...))``. The
    generated source holds only generated identifiers: keys and values are passed in as arguments.
    """
    n_keys = 1 + int(with_ns) + n_base + n_values
    keys = [f"k{i}" for i in range(n_keys)]
    bases = [f"b{i}" for i in range(n_base)]
    values = [f"v{i}" for i in range(n_values)]
    entries = ["k0: t"]
    if with_ns:
        entries.append("k1: ns")
    offset = 1 + int(with_ns)
    entries += [f"{keys[offset + i]}: {bases[i]}" for i in range(n_base)]
    offset += n_base
    entries += [f"{keys[offset + i]}: {values[i]}" for i in range(n_values)]
    # One zip over the times and n_values + 1 references to the same iterator: each step takes a whole log (its
    # marker, then its values) without building a tuple per log.
    targets = ", ".join(["t"] + (["ns"] if with_ns else []) + ["_"] + values)
    loop = f"{targets} in zip(T, {'NS, ' if with_ns else ''}*[it] * {n_values + 1})"
    source = (
        "def build(T, NS, it, K, B):\n"
        f"    {', '.join(keys)}, = K\n"
        + (f"    {', '.join(bases)}, = B\n" if bases else "")
        + f"    return [{{{', '.join(entries)}}} for {loop}]\n"
    )
    namespace: Dict[str, Any] = {}
    exec(compile(source, f"<flatten builder {n_base}/{n_values}/{int(with_ns)}>", "exec"), namespace)
    return namespace["build"]  # type: ignore[no-any-return]


def _builder(n_base: int, n_values: int, with_ns: bool) -> Callable[..., List[Dict[Any, Any]]]:
    shape = (n_base, n_values, with_ns)
    build = _builders.get(shape)
    if build is None:
        if len(_builders) >= _MAX_BUILDERS:
            _builders.clear()
        build = _builders[shape] = _make_builder(n_base, n_values, with_ns)
    return build


def _fix_bytes(values: List[Any]) -> List[Any]:
    """``values`` with bytes (data that is not UTF-8) decoded with replacement characters."""
    try:
        "".join(values)  # C-speed test that every item is a str
        return values
    except TypeError:
        return [v.decode("utf-8", "replace") if v.__class__ is bytes else v for v in values]


def _as_text(value: bytes, decode_bytes: bool) -> Any:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("utf-8", "replace") if decode_bytes else value


def _group_base(group: Any, decode_bytes: bool) -> Tuple[List[Any], List[Any]]:
    """Keys and values every log of a group starts with (after ``__time__`` / ``__time_ns_part__``)."""
    keys: List[Any] = ["__topic__", "__source__"]
    values: List[Any] = [_as_text(group.Topic, decode_bytes), _as_text(group.Source, decode_bytes)]
    for tag in group.LogTags:
        key = _as_text(tag.Key, decode_bytes)
        keys.append("__tag__:" + key if isinstance(key, str) else b"__tag__:" + key)
        values.append(_as_text(tag.Value, decode_bytes))
    return keys, values


def _flatten_group_exact(logs: List[bytes], base_keys: List[Any], base_values: List[Any], time_as_str: bool,
                         decode_bytes: bool, out: List[Dict[Any, Any]]) -> None:
    """One parse per log with bytes keys and values: handles any valid data (missing or repeated fields...)."""
    from . import proto

    log_cls = proto.fast_classes()["RawLog"]
    base = dict(zip(base_keys, base_values))
    for data in logs:
        log = _parse(log_cls, data, "Log")
        item: Dict[Any, Any] = {"__time__": str(log.Time) if time_as_str else log.Time}
        if log.HasField("Time_ns"):
            item["__time_ns_part__"] = log.Time_ns
        item.update(base)
        for content in log.Contents:
            item[_as_text(content.Key, decode_bytes)] = _as_text(content.Value, decode_bytes)
        out.append(item)


def _flatten_group(group: Any, flat_cls: Any, time_as_str: bool, decode_bytes: bool,
                   out: List[Dict[Any, Any]]) -> None:
    logs = group.Logs[:]
    count = len(logs)
    if not count:
        return
    base_keys, base_values = _group_base(group, decode_bytes)
    try:
        flat = flat_cls.FromString(_MARKER.join([b"", *logs]))
    except Exception:  # corrupt data (named by the exact path), or text that is not UTF-8 on a pure-Python runtime
        _flatten_group_exact(logs, base_keys, base_values, time_as_str, decode_bytes, out)
        return
    times = flat.Time[:]
    time_ns = flat.Time_ns[:]
    pairs = flat.Contents
    total = len(pairs.Key)
    if len(times) != count or (time_ns and len(time_ns) != count) or len(pairs.Value) != total:
        _flatten_group_exact(logs, base_keys, base_values, time_as_str, decode_bytes, out)
        return
    stride, rest = divmod(total, count)
    values = pairs.Value[:]
    if not rest:
        # Uniform logs? Every log has the marker and then the same keys: the re-serialized key array (values
        # cleared) must be the first log's key fields repeated ``count`` times, the first log may not hold an
        # empty key (so the markers are the only empty keys, one per log), and each marker's value must be empty.
        first = pairs.Key[1:stride]
        if "" not in first:
            template = [b"\x0a\x00"]
            for key in first:
                wire = key.encode("utf-8") if isinstance(key, str) else key
                template.append(b"\x0a" + _varint(len(wire)) + wire)
            pairs.ClearField("Value")
            if pairs.SerializePartialToString() == b"".join(template) * count and values[::stride].count("") == count:
                if decode_bytes:
                    values = _fix_bytes(values)
                    first = _fix_bytes(first)
                keys = ["__time__"] + (["__time_ns_part__"] if time_ns else []) + base_keys + first
                if time_as_str:
                    text = {t: str(t) for t in set(times)}  # logs of a group share few distinct seconds
                    times = list(map(text.__getitem__, times))
                build = _builder(len(base_values), stride - 1, bool(time_ns))
                out.extend(build(times, time_ns, iter(values), keys, base_values))
                return
    # Logs with different keys: the markers (empty keys) split the arrays.
    keys = pairs.Key[:]
    if keys.count("") != count or not keys or keys[0] != "":
        _flatten_group_exact(logs, base_keys, base_values, time_as_str, decode_bytes, out)
        return
    if decode_bytes:
        keys = _fix_bytes(keys)
        values = _fix_bytes(values)
    head: Dict[Any, Any] = {"__time__": None}
    if time_ns:
        head["__time_ns_part__"] = None
    head.update(zip(base_keys, base_values))
    find = keys.index
    start = 0
    items: List[Dict[Any, Any]] = []
    append = items.append
    for i in range(count):
        end = find("", start + 1) if i + 1 < count else total
        if values[start] != "":
            _flatten_group_exact(logs, base_keys, base_values, time_as_str, decode_bytes, out)
            return
        item = head.copy()
        item["__time__"] = str(times[i]) if time_as_str else times[i]
        if time_ns:
            item["__time_ns_part__"] = time_ns[i]
        item.update(zip(keys[start + 1:end], values[start + 1:end]))
        append(item)
        start = end
    out.extend(items)


def _log_group_list_bytes(groups: Any) -> bytes:
    if isinstance(groups, (bytes, bytearray, memoryview)):
        return bytes(groups)
    if hasattr(groups, "LogGroups") and hasattr(groups, "SerializePartialToString"):
        return groups.SerializePartialToString()  # type: ignore[no-any-return]
    if hasattr(groups, "Logs") and hasattr(groups, "SerializePartialToString"):
        return log_group_list_from_groups([groups.SerializePartialToString()])
    return log_group_list_from_groups(
        [g if isinstance(g, bytes) else g.SerializePartialToString() for g in groups]
    )


def flatten_log_groups(groups: Any, time_as_str: bool = False, decode_bytes: bool = False) -> List[Dict[Any, Any]]:
    """One dict per log, in order: ``__time__`` (int, or str with ``time_as_str``), ``__time_ns_part__`` (only
    when set), ``__topic__``, ``__source__``, ``__tag__:<key>`` per tag, then the contents.

    ``groups`` is a serialized LogGroupList (fastest), a ``LogGroupList``/``LogGroupListRaw`` message, one
    ``LogGroup`` message, or an iterable of LogGroup messages or serialized LogGroups. Values that are valid UTF-8
    are ``str``; others stay ``bytes`` unless ``decode_bytes``, which decodes them with replacement characters.
    """
    data = _log_group_list_bytes(groups)
    if not data:
        return []
    codec = native_codec()
    if codec is not None:
        flat = codec.flatten(data, bool(time_as_str), bool(decode_bytes))
        if flat is not None:
            return flat  # type: ignore[no-any-return]
    return _flatten_reference(data, time_as_str, decode_bytes)


def _flatten_reference(data: bytes, time_as_str: bool, decode_bytes: bool) -> List[Dict[Any, Any]]:
    """The pure-Python flattening of a serialized LogGroupList (the reference of the compiled codec)."""
    from . import proto

    fast = proto.fast_classes()
    out: List[Dict[Any, Any]] = []
    flat_cls = fast["FlatLogs"]
    for group in _parse(fast["SplitList"], data, "LogGroupList").LogGroups:
        _flatten_group(group, flat_cls, time_as_str, decode_bytes, out)
    return out


def pull_body_to_flat(
    body: bytes, compress_type: str, raw_size: int, time_as_str: bool = False, decode_bytes: bool = False
) -> List[Dict[Any, Any]]:
    """Decompress a PullLogs body (``x-log-compresstype`` / ``x-log-bodyrawsize``) and flatten its logs.

    With the compiled codec an lz4 body is decompressed a window at a time and each window flattened while it is in
    the CPU cache, without a decompressed copy of the whole body; anything it does not handle (a corrupt body...)
    goes the reference way, which gives the same result or raises the same ``CompressionError`` / ``CodecError``.
    """
    from .compression import decompress

    codec = native_codec()
    if codec is not None and raw_size > 0 and compress_type.lower() == "lz4":
        flat = codec.flatten_lz4(body, raw_size, bool(time_as_str), bool(decode_bytes))
        if flat is not None:
            return flat  # type: ignore[no-any-return]
    return flatten_log_groups(decompress(body, compress_type, raw_size), time_as_str, decode_bytes)
