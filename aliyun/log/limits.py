"""The service's data rules, written once: the SDK checks them before sending, the emulator enforces them.

The rule is what the service accepts (see the protocol notes, section 10): a content key is 1 to 128 UTF-8 bytes and
not one of the reserved keys (the service accepts keys such as ``http.method`` or ``@timestamp``); a value is at most
1 MiB; topic and source at most 128 bytes; one PutLogs body at most 10 MiB uncompressed.
"""

from __future__ import annotations

from typing import Optional, Union

__all__ = [
    "MAX_KEY_BYTES",
    "MAX_RAW_BODY_BYTES",
    "MAX_SOURCE_BYTES",
    "MAX_TOPIC_BYTES",
    "MAX_VALUE_BYTES",
    "RESERVED_KEYS",
    "key_problem",
]

#: Keys that name fields of the log itself and may not be used as content keys (the service's data model).
RESERVED_KEYS = frozenset(
    {"__time__", "__source__", "__topic__", "__partition_time__", "_extract_others_", "__extract_others__"}
)
#: The longest content key, in UTF-8 bytes.
MAX_KEY_BYTES = 128
#: The longest content value, in bytes.
MAX_VALUE_BYTES = 1024 * 1024
#: The longest topic and source of a log group, in UTF-8 bytes.
MAX_TOPIC_BYTES = 128
MAX_SOURCE_BYTES = 128
#: The largest uncompressed PutLogs body ("Body size ... must little than 10485760").
MAX_RAW_BODY_BYTES = 10 * 1024 * 1024


def key_problem(key: Union[str, bytes]) -> Optional[str]:
    """Why the service would reject ``key`` as a content key, or None when it is accepted."""
    if isinstance(key, bytes):
        try:
            key = key.decode("utf-8")
        except UnicodeDecodeError:
            return f"log key {key[:32]!r} is not UTF-8"
    if not key:
        return "log key is empty"
    if key in RESERVED_KEYS:
        return f"log key {key!r} is reserved; reserved keys: {', '.join(sorted(RESERVED_KEYS))}"
    if len(key) * 4 > MAX_KEY_BYTES and len(key.encode("utf-8")) > MAX_KEY_BYTES:
        return f"log key {key[:32]!r}... is longer than {MAX_KEY_BYTES} bytes"
    return None
