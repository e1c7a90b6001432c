"""Running an SPL program over serialized LogGroups, as the service's ``scan_on_stream`` pulls do.

Each log is one row: its contents plus ``__time__``, ``__topic__``, ``__source__`` and ``__tag__:<key>`` of its
group. The processed row's content fields form the output log (its ``__time__`` if still a valid time); topic,
source and tags stay those of the group. A group whose logs are all filtered out is left out of the answer.
Values that are not UTF-8 pass through unchanged (as ``bytes``).
"""

from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

from aliyun.log.codec import encode_log_group, flatten_log_groups

from .program import Program

__all__ = ["META_FIELDS", "apply_to_group", "apply_to_groups"]

META_FIELDS = ("__time__", "__topic__", "__source__")
_TAG_PREFIX = "__tag__:"
_NS = "__time_ns_part__"
_GROUP_FIELDS = ("__topic__", "__source__")
#: A ``__time__`` an SPL statement may set: unix seconds that fit the LogGroup's uint32.
_UNIX_TIME = re.compile(r"[0-9]{1,9}|[1-3][0-9]{9}|4[01][0-9]{8}|42[0-8][0-9]{7}")


def apply_to_group(program: Program, data: bytes) -> Optional[bytes]:
    """The serialized group after ``program``; None when no log is left."""
    logs = flatten_log_groups([data], time_as_str=True)
    if not logs:
        return None
    first = logs[0]
    topic, source = first.get("__topic__") or None, first.get("__source__") or None
    tags = [(key[len(_TAG_PREFIX):], value) for key, value in first.items()
            if isinstance(key, str) and key.startswith(_TAG_PREFIX)]
    out: List[Dict[Any, Any]] = []
    run = program.run
    for row in logs:
        when, nanos = row["__time__"], row.get(_NS)
        result = run(row)
        if result is None:
            continue
        entry: Dict[Any, Any] = {}
        for key, value in result.items():
            if key in _GROUP_FIELDS or key == _NS or (isinstance(key, str) and key.startswith(_TAG_PREFIX)):
                continue
            entry[key] = value
        text_time = entry.get("__time__")
        entry["__time__"] = int(text_time) if isinstance(text_time, str) and _UNIX_TIME.fullmatch(text_time) \
            else int(when)
        if nanos is not None:
            entry[_NS] = int(nanos)
        out.append(entry)
    if not out:
        return None
    return encode_log_group(out, topic, source, tags)


def apply_to_groups(program: Program, groups: Iterable[bytes]) -> Tuple[List[bytes], int, int]:
    """``(groups kept after program, groups read, raw bytes read)`` for the groups of one pull.

    The raw bytes are those of the LogGroupList the groups make (each group adds its field tag and length).
    """
    kept: List[bytes] = []
    count = size = 0
    for data in groups:
        count += 1
        size += 1 + len(data) + (len(data).bit_length() + 6) // 7 + (not data)
        result = apply_to_group(program, data)
        if result is not None:
            kept.append(result)
    return kept, count, size
