"""Running an SPL program over serialized LogGroups, as the service's ``scan_on_stream`` pulls do.

Each log is one row: its contents plus ``__time__``, ``__topic__``, ``__source__`` and ``__tag__:<key>`` of its
group. The processed row's content fields form the output log (its ``__time__`` if still a valid time); topic,
source and tags stay those of the group. A group whose logs are all filtered out is left out of the answer.
Values that are not UTF-8 pass through unchanged (decoded with ``surrogateescape``).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple, Union

from aliyun.log.codec import encode_log_group

from .program import Program

__all__ = ["META_FIELDS", "apply_to_group", "apply_to_groups"]

META_FIELDS = ("__time__", "__topic__", "__source__")
_TAG_PREFIX = "__tag__:"


def _text(value: Union[str, bytes]) -> str:
    return value if isinstance(value, str) else value.decode("utf-8", "surrogateescape")


def _bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogateescape")


def apply_to_group(program: Program, data: bytes) -> Optional[bytes]:
    """The serialized group after ``program``; None when no log is left."""
    from aliyun.log.codec import proto

    group = proto.LogGroupRaw.FromString(data)
    topic, source = group.Topic, group.Source
    tags = [(tag.Key, tag.Value) for tag in group.LogTags]
    base = {"__topic__": topic, "__source__": source}
    for key, value in tags:
        base[_TAG_PREFIX + _text(key)] = _text(value)
    out: List[Dict[Any, Any]] = []
    run = program.run
    for log in group.Logs:
        row = dict(base)
        row["__time__"] = str(log.Time)
        for content in log.Contents:
            row[_text(content.Key)] = _text(content.Value)
        result = run(row)
        if result is None:
            continue
        when = log.Time
        text_time = result.get("__time__")
        if text_time is not None and text_time.isdigit() and int(text_time) < 1 << 32:
            when = int(text_time)
        entry: Dict[Any, Any] = {"__time__": when}
        if log.HasField("Time_ns"):
            entry["__time_ns_part__"] = log.Time_ns
        for key, value in result.items():
            if key not in META_FIELDS and not key.startswith(_TAG_PREFIX):
                entry[_bytes(key)] = _bytes(value)
        out.append(entry)
    if not out:
        return None
    return encode_log_group(out, topic or None, source or None, tags)


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
