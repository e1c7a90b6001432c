"""Consumer group entity (PROTOCOL §3.8).

The create request body is ``{"consumerGroup", "timeout", "order"}``; the list answer is a JSON array of
``{"name", "timeout", "order"}`` (note ``name``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, Mapping

__all__ = ["ConsumerGroupEntity"]

# PROTOCOL §10: consumer group names.
_CONSUMER_GROUP_RE = re.compile(r"[0-9a-zA-Z_-]{1,128}")


def _check_name(value: Any) -> str:
    if not isinstance(value, str) or not _CONSUMER_GROUP_RE.fullmatch(value):
        raise ValueError(f"consumer_group_name {value!r} is invalid: 1-128 letters, digits, '_' or '-'")
    return value


def _check_timeout(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"timeout must be a positive int (seconds), got {value!r}")
    return value


def _check_in_order(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"in_order must be a bool, got {value!r}")
    return value


class ConsumerGroupEntity:
    """A consumer group of a logstore.

    :param consumer_group_name: the name
    :param timeout: seconds without heartbeat after which a consumer is considered gone
    :param in_order: consume a split/merged shard's children only after their parent is fully consumed
    """

    def __init__(self, consumer_group_name: str, timeout: int, in_order: bool = False) -> None:
        self.consumer_group_name = _check_name(consumer_group_name)
        self.timeout = _check_timeout(timeout)
        self.in_order = _check_in_order(in_order)

    def get_consumer_group_name(self) -> str:
        return self.consumer_group_name

    def set_consumer_group_name(self, consumer_group_name: str) -> None:
        self.consumer_group_name = _check_name(consumer_group_name)

    def get_timeout(self) -> int:
        return self.timeout

    def set_timeout(self, timeout: int) -> None:
        self.timeout = _check_timeout(timeout)

    def is_in_order(self) -> bool:
        return self.in_order

    def set_in_order(self, in_order: bool) -> None:
        self.in_order = _check_in_order(in_order)

    def to_json(self) -> Dict[str, Any]:
        """The create request body as a dict: ``{"consumerGroup", "timeout", "order"}``."""
        return {"consumerGroup": self.consumer_group_name, "timeout": self.timeout, "order": self.in_order}

    def to_request_json(self) -> bytes:
        """The create request body, serialized (UTF-8 JSON bytes, as the original SDK returns)."""
        return json.dumps(self.to_json()).encode("utf-8")

    def to_string(self) -> str:
        return (
            f"ConsumerGroup [consumerGroupName={self.consumer_group_name}, timeout={self.timeout}, "
            f"inOrder={self.in_order}]"
        )

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ConsumerGroupEntity:
        """Build from an entry of the list answer (``name``) or from a create body (``consumerGroup``)."""
        if not isinstance(json_value, Mapping):
            raise ValueError(f"json_value must be a JSON object (dict), got {type(json_value).__name__}")
        name = json_value.get("name", json_value.get("consumerGroup"))
        if name is None:
            raise ValueError('item "name" not in consumer group json value')
        self = ConsumerGroupEntity.__new__(ConsumerGroupEntity)
        self.consumer_group_name = name
        self.timeout = json_value.get("timeout", 0)
        self.in_order = bool(json_value.get("order", False))
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConsumerGroupEntity):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ConsumerGroupEntity(consumer_group_name={self.consumer_group_name!r}, timeout={self.timeout!r}, "
            f"in_order={self.in_order!r})"
        )

    def __str__(self) -> str:
        return self.to_string()
