"""Checks of a serialized LogGroup without building a Python object per log (used by the emulator's PutLogs).

:func:`scan_log_group` validates the message and returns its distinct content keys, topic and source. It parses with
a private "keys-only" schema, wire-compatible with LogGroup, in which ``Logs`` is a *singular* message (the parser
merges every Log into one) and ``Log.Contents`` is a ``map<string, bytes>`` (a map entry is exactly
``Content{Key = 1, Value = 2}``), so upb computes the distinct keys in C: about 5 ms for 2 MB of nginx logs versus
~18 ms for a full parse plus a Python loop. :func:`longest_value` does the same with every value in one repeated
field.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, NamedTuple, Optional, Union

from .loggroup import CodecError

__all__ = ["LogGroupScan", "longest_value", "scan_log_group"]

_PACKAGE = "aliyun_log_codec_wire"
_lock = threading.Lock()
_classes: Optional[Dict[str, Any]] = None


def _build() -> Dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    f = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name=f"{_PACKAGE}.proto", package=_PACKAGE, syntax="proto2")
    p = f".{_PACKAGE}"

    def add(message: Any, name: str, number: int, kind: int, label: int = f.LABEL_OPTIONAL, type_name: str = "",
            ) -> None:
        field = message.field.add(name=name, number=number, type=kind, label=label)
        if type_name:
            field.type_name = type_name

    log = proto.message_type.add(name="LogKeys")
    entry = log.nested_type.add(name="ContentsEntry")
    entry.options.map_entry = True
    add(entry, "key", 1, f.TYPE_STRING)
    add(entry, "value", 2, f.TYPE_BYTES)
    add(log, "Time", 1, f.TYPE_UINT32)
    add(log, "Contents", 2, f.TYPE_MESSAGE, f.LABEL_REPEATED, f"{p}.LogKeys.ContentsEntry")
    add(log, "Time_ns", 4, f.TYPE_FIXED32)
    tag = proto.message_type.add(name="Tag")
    add(tag, "Key", 1, f.TYPE_BYTES)
    add(tag, "Value", 2, f.TYPE_BYTES)
    group = proto.message_type.add(name="KeysOnlyGroup")
    add(group, "Logs", 1, f.TYPE_MESSAGE, type_name=f"{p}.LogKeys")
    for name, number in (("Reserved", 2), ("Topic", 3), ("Source", 4), ("MachineUUID", 5)):
        add(group, name, number, f.TYPE_BYTES)
    add(group, "LogTags", 6, f.TYPE_MESSAGE, f.LABEL_REPEATED, f"{p}.Tag")
    # Every Content.Value of every log in one repeated field (singular messages merge, repeated fields concatenate).
    values = proto.message_type.add(name="Values")
    add(values, "Value", 2, f.TYPE_BYTES, f.LABEL_REPEATED)
    log_values = proto.message_type.add(name="LogValues")
    add(log_values, "Contents", 2, f.TYPE_MESSAGE, type_name=f"{p}.Values")
    values_group = proto.message_type.add(name="ValuesOnlyGroup")
    add(values_group, "Logs", 1, f.TYPE_MESSAGE, type_name=f"{p}.LogValues")

    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    get_class = getattr(message_factory, "GetMessageClass", None)  # protobuf >= 4.22
    out: Dict[str, Any] = {}
    for name in ("KeysOnlyGroup", "ValuesOnlyGroup"):
        descriptor = pool.FindMessageTypeByName(f"{_PACKAGE}.{name}")
        if get_class is not None:
            out[name] = get_class(descriptor)
        else:  # pragma: no cover - protobuf < 4.22
            out[name] = message_factory.MessageFactory(pool).GetPrototype(descriptor)  # type: ignore[attr-defined]
    return out


def _message(name: str) -> Any:
    global _classes
    if _classes is None:
        with _lock:
            if _classes is None:
                _classes = _build()
    return _classes[name]


def _parse(name: str, data: bytes) -> Any:
    from google.protobuf.message import DecodeError

    try:
        return _message(name).FromString(data)
    except (DecodeError, UnicodeDecodeError) as exc:
        raise CodecError(f"invalid LogGroup ({len(data)} bytes): {exc}") from None


class LogGroupScan(NamedTuple):
    """``keys``: the distinct content keys (``bytes`` when not UTF-8), None when the group holds no log."""

    keys: Optional[List[Union[str, bytes]]]
    topic: bytes
    source: bytes


def scan_log_group(data: bytes) -> LogGroupScan:
    """Validate a serialized LogGroup; its distinct keys, topic and source. ``CodecError`` when corrupt."""
    group = _parse("KeysOnlyGroup", data)
    keys = list(group.Logs.Contents.keys()) if group.HasField("Logs") else None
    return LogGroupScan(keys, group.Topic, group.Source)


def longest_value(data: bytes) -> int:
    """The size in bytes of the longest content value of a serialized LogGroup (0 without values)."""
    group = _parse("ValuesOnlyGroup", data)
    return max(map(len, group.Logs.Contents.Value), default=0)
