"""Protobuf helpers specific to the emulator (the SDK's ``aliyun.log.codec`` does the general work).

``distinct_keys(data)`` validates a serialized LogGroup and returns the set of its content keys without building a
Python object per log: it parses with a private "keys-only" schema, wire-compatible with LogGroup, in which
``Logs`` is a *singular* message (so the parser merges every Log into one) and ``Log.Contents`` is a
``map<string, bytes>`` (a map entry is exactly ``Content{Key = 1, Value = 2}``), so upb computes the distinct keys
in C. About 5 ms for 2 MB of nginx logs versus ~18 ms for a full parse plus a Python loop.

``encode_log_tags`` / ``encode_log_group`` write LogTags / a whole LogGroup by hand: appending encoded repeated
fields to a serialized message is the same as adding them (protobuf merge semantics).
"""

from __future__ import annotations

from typing import Iterable, List, Optional, Sequence, Tuple, Union

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory
from google.protobuf.message import DecodeError

__all__ = ["DecodeError", "KeysOnlyGroup", "distinct_keys", "encode_log_group", "encode_log_tags"]

_PACKAGE = "aliyun_log_emulator_wire"


def _build_keys_only_class():  # type: ignore[no-untyped-def]
    f = descriptor_pb2.FieldDescriptorProto
    proto = descriptor_pb2.FileDescriptorProto(name=f"{_PACKAGE}.proto", package=_PACKAGE, syntax="proto2")
    log = proto.message_type.add(name="LogKeys")
    entry = log.nested_type.add(name="ContentsEntry")
    entry.options.map_entry = True
    entry.field.add(name="key", number=1, type=f.TYPE_STRING, label=f.LABEL_OPTIONAL)
    entry.field.add(name="value", number=2, type=f.TYPE_BYTES, label=f.LABEL_OPTIONAL)
    log.field.add(name="Time", number=1, type=f.TYPE_UINT32, label=f.LABEL_OPTIONAL)
    log.field.add(
        name="Contents",
        number=2,
        type=f.TYPE_MESSAGE,
        label=f.LABEL_REPEATED,
        type_name=f".{_PACKAGE}.LogKeys.ContentsEntry",
    )
    log.field.add(name="Time_ns", number=4, type=f.TYPE_FIXED32, label=f.LABEL_OPTIONAL)
    tag = proto.message_type.add(name="Tag")
    tag.field.add(name="Key", number=1, type=f.TYPE_BYTES, label=f.LABEL_OPTIONAL)
    tag.field.add(name="Value", number=2, type=f.TYPE_BYTES, label=f.LABEL_OPTIONAL)
    group = proto.message_type.add(name="KeysOnlyGroup")
    group.field.add(
        name="Logs", number=1, type=f.TYPE_MESSAGE, label=f.LABEL_OPTIONAL, type_name=f".{_PACKAGE}.LogKeys"
    )
    for name, number in (("Reserved", 2), ("Topic", 3), ("Source", 4), ("MachineUUID", 5)):
        group.field.add(name=name, number=number, type=f.TYPE_BYTES, label=f.LABEL_OPTIONAL)
    group.field.add(name="LogTags", number=6, type=f.TYPE_MESSAGE, label=f.LABEL_REPEATED, type_name=f".{_PACKAGE}.Tag")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(proto)
    descriptor = pool.FindMessageTypeByName(f"{_PACKAGE}.KeysOnlyGroup")
    get_class = getattr(message_factory, "GetMessageClass", None)  # protobuf >= 4.22
    if get_class is not None:
        return get_class(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


KeysOnlyGroup = _build_keys_only_class()


def distinct_keys(data: bytes) -> Optional[List[Union[str, bytes]]]:
    """The distinct content keys of a serialized LogGroup; None when it holds no log.

    Keys that are not valid UTF-8 come back as ``bytes``. Raises ``DecodeError`` for a corrupt message.
    """
    group = KeysOnlyGroup.FromString(data)
    if not group.HasField("Logs"):
        return None
    return list(group.Logs.Contents.keys())


def _varint(value: int) -> bytes:
    out = bytearray()
    while value > 0x7F:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _text(value: Union[str, bytes]) -> bytes:
    return value.encode("utf-8") if isinstance(value, str) else value


def encode_log_tags(tags: Iterable[Tuple[Union[str, bytes], Union[str, bytes]]]) -> bytes:
    """Serialized ``LogGroup.LogTags`` entries (field 6), to append to a serialized LogGroup."""
    return b"".join(_field(6, _field(1, _text(k)) + _field(2, _text(v))) for k, v in tags)


def encode_log_group(
    logs: Sequence[Tuple[int, Optional[int], Sequence[Tuple[Union[str, bytes], Union[str, bytes]]]]],
    topic: Optional[str] = None,
    source: Optional[str] = None,
    tags: Sequence[Tuple[str, str]] = (),
) -> bytes:
    """A serialized LogGroup from ``(time, time_ns or None, [(key, value)])`` logs, in Python's field order."""
    parts: List[bytes] = []
    for when, nanos, contents in logs:
        body = bytearray(b"\x08" + _varint(when))
        for key, value in contents:
            body += _field(2, _field(1, _text(key)) + _field(2, _text(value)))
        if nanos:
            body += b"\x25" + int(nanos).to_bytes(4, "little")
        parts.append(_field(1, bytes(body)))
    if topic:
        parts.append(_field(3, _text(topic)))
    if source:
        parts.append(_field(4, _text(source)))
    parts.append(encode_log_tags(tags))
    return b"".join(parts)
