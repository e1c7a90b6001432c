"""LogGroup protobuf messages, encoding / decoding / flattening, and body compression.

Names are imported on first use (PEP 562): ``import aliyun.log.codec`` does not import protobuf, lz4 or zstandard.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Dict, List

_EXPORTS: Dict[str, str] = {
    "Log": ".proto",
    "LogTag": ".proto",
    "LogGroup": ".proto",
    "LogGroupList": ".proto",
    "LogRaw": ".proto",
    "LogTagRaw": ".proto",
    "LogGroupRaw": ".proto",
    "LogGroupListRaw": ".proto",
    "CodecError": ".loggroup",
    "append_log_tags": ".loggroup",
    "decode_log_group": ".loggroup",
    "decode_log_group_list": ".loggroup",
    "encode_log_group": ".loggroup",
    "encode_log_tags": ".loggroup",
    "flatten_log_groups": ".loggroup",
    "log_group_list_from_groups": ".loggroup",
    "pull_body_to_flat": ".loggroup",
    "CompressionError": ".compression",
    "available_compressions": ".compression",
    "compress": ".compression",
    "decompress": ".compression",
}

__all__ = [
    "CodecError",
    "CompressionError",
    "Log",
    "LogGroup",
    "LogGroupList",
    "LogGroupListRaw",
    "LogGroupRaw",
    "LogRaw",
    "LogTag",
    "LogTagRaw",
    "append_log_tags",
    "available_compressions",
    "compress",
    "decode_log_group",
    "decode_log_group_list",
    "decompress",
    "encode_log_group",
    "encode_log_tags",
    "flatten_log_groups",
    "log_group_list_from_groups",
    "pull_body_to_flat",
]

if TYPE_CHECKING:  # pragma: no cover
    from .compression import CompressionError, available_compressions, compress, decompress
    from .loggroup import (
        CodecError,
        append_log_tags,
        decode_log_group,
        decode_log_group_list,
        encode_log_group,
        encode_log_tags,
        flatten_log_groups,
        log_group_list_from_groups,
        pull_body_to_flat,
    )
    from .proto import Log, LogGroup, LogGroupList, LogGroupListRaw, LogGroupRaw, LogRaw, LogTag, LogTagRaw


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(_EXPORTS))
