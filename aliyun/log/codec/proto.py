"""The LogGroup protobuf messages (schema in ``logs.proto``), built at run time from descriptors.

No protoc output is shipped: generated ``_pb2`` modules refuse runtimes older than the protoc that wrote them, so
the descriptors are assembled here with ``descriptor_pb2`` into a private ``DescriptorPool`` and turned into classes
by the installed runtime -- protobuf 4.21 through 7.x. Classes are built on first access (``proto.LogGroup``), so
importing this module does not import protobuf.

Public classes (names and fields as in the original SDK): ``Log`` (with ``Log.Content``), ``LogTag``, ``LogGroup``,
``LogGroupList`` (``string`` values) and ``LogRaw``, ``LogTagRaw``, ``LogGroupRaw``, ``LogGroupListRaw`` (content
values are ``bytes``, for data that is not UTF-8). ``LogGroupList.LogGroups`` is field 1 (``logGroupList`` in the
service's documentation; the wire is the same).

The private ``fast_classes()`` are wire-compatible views used by ``loggroup.flatten_log_groups``; see there.
"""

from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    "PUBLIC_MESSAGES",
    "Log",
    "LogGroup",
    "LogGroupList",
    "LogGroupListRaw",
    "LogGroupRaw",
    "LogRaw",
    "LogTag",
    "LogTagRaw",
    "fast_classes",
    "message_classes",
]

PUBLIC_MESSAGES = ("Log", "LogTag", "LogGroup", "LogGroupList", "LogRaw", "LogTagRaw", "LogGroupRaw", "LogGroupListRaw")
_FAST_PACKAGE = "aliyun_log_codec_fast"

# Declared for type checkers and linters; the values come from ``__getattr__`` on first access.
Log: Any
LogTag: Any
LogGroup: Any
LogGroupList: Any
LogRaw: Any
LogTagRaw: Any
LogGroupRaw: Any
LogGroupListRaw: Any

_lock = threading.Lock()
_public: Optional[Dict[str, Any]] = None
_fast: Optional[Dict[str, Any]] = None

# (name, number, type, label, message type name or None); types and labels are descriptor_pb2 enum names.
_FieldSpec = Tuple[str, int, str, str, Optional[str]]
# (message name, fields, nested messages as (name, fields))
_MessageSpec = Tuple[str, List[_FieldSpec], List[Tuple[str, List[_FieldSpec]]]]


def _public_schema(suffix: str, value_type: str) -> List[_MessageSpec]:
    log, tag, group = f"Log{suffix}", f"LogTag{suffix}", f"LogGroup{suffix}"
    return [
        (
            log,
            [
                ("Time", 1, "TYPE_UINT32", "LABEL_REQUIRED", None),
                ("Contents", 2, "TYPE_MESSAGE", "LABEL_REPEATED", f".{log}.Content"),
                ("Time_ns", 4, "TYPE_FIXED32", "LABEL_OPTIONAL", None),
            ],
            [
                (
                    "Content",
                    [
                        ("Key", 1, "TYPE_STRING", "LABEL_REQUIRED", None),
                        ("Value", 2, value_type, "LABEL_REQUIRED", None),
                    ],
                )
            ],
        ),
        (
            tag,
            [("Key", 1, "TYPE_STRING", "LABEL_REQUIRED", None), ("Value", 2, "TYPE_STRING", "LABEL_REQUIRED", None)],
            [],
        ),
        (
            group,
            [
                ("Logs", 1, "TYPE_MESSAGE", "LABEL_REPEATED", f".{log}"),
                ("Reserved", 2, "TYPE_STRING", "LABEL_OPTIONAL", None),
                ("Topic", 3, "TYPE_STRING", "LABEL_OPTIONAL", None),
                ("Source", 4, "TYPE_STRING", "LABEL_OPTIONAL", None),
                ("MachineUUID", 5, "TYPE_STRING", "LABEL_OPTIONAL", None),
                ("LogTags", 6, "TYPE_MESSAGE", "LABEL_REPEATED", f".{tag}"),
            ],
            [],
        ),
        (f"LogGroupList{suffix}", [("LogGroups", 1, "TYPE_MESSAGE", "LABEL_REPEATED", f".{group}")], []),
    ]


def _fast_schema() -> List[_MessageSpec]:
    p = f".{_FAST_PACKAGE}"
    optional_bytes: List[_FieldSpec] = [
        ("Key", 1, "TYPE_BYTES", "LABEL_OPTIONAL", None),
        ("Value", 2, "TYPE_BYTES", "LABEL_OPTIONAL", None),
    ]
    return [
        # A LogGroup whose logs stay serialized (one bytes object per log): cheap to parse. Text fields are bytes
        # here so that no runtime (upb or pure Python) fails on data that is not UTF-8.
        ("Tag", optional_bytes, []),
        (
            "SplitGroup",
            [
                ("Logs", 1, "TYPE_BYTES", "LABEL_REPEATED", None),
                ("Topic", 3, "TYPE_BYTES", "LABEL_OPTIONAL", None),
                ("Source", 4, "TYPE_BYTES", "LABEL_OPTIONAL", None),
                ("LogTags", 6, "TYPE_MESSAGE", "LABEL_REPEATED", f"{p}.Tag"),
            ],
            [],
        ),
        ("SplitList", [("LogGroups", 1, "TYPE_MESSAGE", "LABEL_REPEATED", f"{p}.SplitGroup")], []),
        # Content{Key, Value} occurrences merged into two parallel arrays (a singular message field that appears
        # several times is merged, and merging concatenates repeated fields). upb hands out a proto2 string that
        # is not UTF-8 as bytes.
        (
            "Pairs",
            [("Key", 1, "TYPE_STRING", "LABEL_REPEATED", None), ("Value", 2, "TYPE_STRING", "LABEL_REPEATED", None)],
            [],
        ),
        # Any number of Log messages concatenated: every Time, every content and every Time_ns in wire order.
        (
            "FlatLogs",
            [
                ("Time", 1, "TYPE_UINT32", "LABEL_REPEATED", None),
                ("Contents", 2, "TYPE_MESSAGE", "LABEL_OPTIONAL", f"{p}.Pairs"),
                ("Time_ns", 4, "TYPE_FIXED32", "LABEL_REPEATED", None),
            ],
            [],
        ),
        # One Log with bytes keys and values, no required fields: the exact fallback.
        ("RawContent", optional_bytes, []),
        (
            "RawLog",
            [
                ("Time", 1, "TYPE_UINT32", "LABEL_OPTIONAL", None),
                ("Contents", 2, "TYPE_MESSAGE", "LABEL_REPEATED", f"{p}.RawContent"),
                ("Time_ns", 4, "TYPE_FIXED32", "LABEL_OPTIONAL", None),
            ],
            [],
        ),
    ]


def _build(file_name: str, package: str, schema: List[_MessageSpec]) -> Dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    field_proto = descriptor_pb2.FieldDescriptorProto

    def add_fields(message: Any, fields: List[_FieldSpec]) -> None:
        for name, number, type_name, label, message_type in fields:
            field = message.field.add(
                name=name, number=number, type=getattr(field_proto, type_name), label=getattr(field_proto, label)
            )
            if message_type:
                field.type_name = message_type

    file_proto = descriptor_pb2.FileDescriptorProto(name=file_name, syntax="proto2")
    if package:
        file_proto.package = package
    for name, fields, nested in schema:
        message = file_proto.message_type.add(name=name)
        add_fields(message, fields)
        for nested_name, nested_fields in nested:
            add_fields(message.nested_type.add(name=nested_name), nested_fields)

    pool = descriptor_pool.DescriptorPool()
    pool.AddSerializedFile(file_proto.SerializeToString())
    get_class = getattr(message_factory, "GetMessageClass", None)
    factory = None if get_class is not None else message_factory.MessageFactory(pool)
    classes: Dict[str, Any] = {}
    for name, _fields, _nested in schema:
        descriptor = pool.FindMessageTypeByName(f"{package}.{name}" if package else name)
        classes[name] = get_class(descriptor) if get_class is not None else factory.GetPrototype(descriptor)  # type: ignore[union-attr]
    return classes


def message_classes() -> Dict[str, Any]:
    """All public message classes by name (built on the first call)."""
    global _public
    if _public is None:
        with _lock:
            if _public is None:
                schema = _public_schema("", "TYPE_STRING") + _public_schema("Raw", "TYPE_BYTES")
                _public = _build("aliyun/log/codec/logs.proto", "", schema)
    return _public


def fast_classes() -> Dict[str, Any]:
    """Private wire-compatible views used by the flatten fast path (``SplitList``, ``FlatLogs``...)."""
    global _fast
    if _fast is None:
        with _lock:
            if _fast is None:
                _fast = _build("aliyun/log/codec/logs_fast.proto", _FAST_PACKAGE, _fast_schema())
    return _fast


def __getattr__(name: str) -> Any:
    if name in PUBLIC_MESSAGES:
        cls = message_classes()[name]
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
