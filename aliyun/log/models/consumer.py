"""Request and response classes of the consumer-group REST API (PROTOCOL §3.8, §8).

The request classes are plain holders kept for scripts that build them by hand; ``LogClient`` methods take plain
arguments. Responses keep the original getters.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence

from .consumer_group import ConsumerGroupEntity
from .request import LogRequest
from .response import EmptyResponse, Headers, LogResponse
from .validation import field, require_dict, require_int

__all__ = [
    "ConsumerGroupCheckPointResponse",
    "ConsumerGroupGetCheckPointRequest",
    "ConsumerGroupHeartBeatRequest",
    "ConsumerGroupHeartBeatResponse",
    "ConsumerGroupRequest",
    "ConsumerGroupUpdateCheckPointRequest",
    "ConsumerGroupUpdateCheckPointResponse",
    "CreateConsumerGroupRequest",
    "CreateConsumerGroupResponse",
    "DeleteConsumerGroupResponse",
    "ListConsumerGroupResponse",
    "UpdateConsumerGroupRequest",
    "UpdateConsumerGroupResponse",
]


def bool_text(value: bool) -> str:
    return "true" if value else "false"


# -- requests --------------------------------------------------------------------------------------------------------
class ConsumerGroupRequest(LogRequest):
    """Base of the consumer-group requests: a project and a logstore."""

    def __init__(self, project: Optional[str] = None, logstore: Optional[str] = None) -> None:
        super().__init__(project)
        self.logstore = logstore

    def get_logstore(self) -> Optional[str]:
        return self.logstore

    def set_logstore(self, logstore: str) -> None:
        self.logstore = logstore


class CreateConsumerGroupRequest(ConsumerGroupRequest):
    """Create ``consumer_group`` (a :class:`ConsumerGroupEntity`) in a logstore."""

    def __init__(self, project: str, logstore: str, consumer_group: ConsumerGroupEntity) -> None:
        super().__init__(project, logstore)
        self.consumer_group = consumer_group

    def get_consumer_group(self) -> ConsumerGroupEntity:
        return self.consumer_group

    def set_consumer_group(self, consumer_group: ConsumerGroupEntity) -> None:
        self.consumer_group = consumer_group

    # the original SDK's spelling
    set_consuemr_group = set_consumer_group

    def get_request_body(self) -> bytes:
        return self.consumer_group.to_request_json()


class UpdateConsumerGroupRequest(ConsumerGroupRequest):
    """Change the timeout and / or the order flag of a consumer group (None = unchanged)."""

    def __init__(self, project: str, logstore: str, consumer_group: str, timeout: Optional[int] = None,
                 in_order: Optional[bool] = None) -> None:
        super().__init__(project, logstore)
        self.consumer_group = consumer_group
        self.timeout = timeout
        self.in_order = in_order

    def get_consumer_group(self) -> str:
        return self.consumer_group

    def get_request_body(self) -> Dict[str, Any]:
        body: Dict[str, Any] = {}
        if self.in_order is not None:
            body["order"] = bool(self.in_order)
        if self.timeout is not None:
            body["timeout"] = self.timeout
        return body


class ConsumerGroupHeartBeatRequest(ConsumerGroupRequest):
    """A heartbeat of ``consumer`` reporting the shards it holds."""

    def __init__(self, project: str, logstore: str, consumer_group: str, consumer: str,
                 shards: Optional[Sequence[int]]) -> None:
        super().__init__(project, logstore)
        self.consumer_group = consumer_group
        self.consumer = consumer
        self.shards: List[int] = [int(s) for s in shards or ()]

    def get_consumer_group(self) -> str:
        return self.consumer_group

    def get_shards(self) -> List[int]:
        return self.shards

    def set_shards(self, shards: Sequence[int]) -> None:
        self.shards = [int(s) for s in shards]

    def get_params(self) -> Dict[str, str]:
        return {"type": "heartbeat", "consumer": self.consumer}

    def get_request_body(self) -> List[int]:
        return self.shards


class ConsumerGroupUpdateCheckPointRequest(ConsumerGroupRequest):
    """Save ``check_point`` (a cursor) as the consumed position of ``shard``.

    ``force_success=False`` asks the service to accept it only from the consumer that owns the shard.
    """

    def __init__(self, project: str, logstore: str, consumer_group: str, consumer: str, shard: int,
                 check_point: str, force_success: bool = True) -> None:
        super().__init__(project, logstore)
        self.consumer_group = consumer_group
        self.consumer = consumer or ""
        self.shard = int(shard)
        self.check_point = check_point
        self.force_success = bool(force_success)

    def get_consumer_group(self) -> str:
        return self.consumer_group

    def set_consumer_group(self, consumer_group: str) -> None:
        self.consumer_group = consumer_group

    def get_request_params(self) -> Dict[str, str]:
        return {"type": "checkpoint", "consumer": self.consumer, "forceSuccess": bool_text(self.force_success)}

    def get_request_body(self) -> Dict[str, Any]:
        return {"shard": self.shard, "checkpoint": self.check_point}


class ConsumerGroupGetCheckPointRequest(ConsumerGroupRequest):
    """Read the checkpoints of a consumer group: every shard, or only ``shard`` when it is >= 0."""

    def __init__(self, project: str, logstore: str, consumer_group: str, shard: int = -1) -> None:
        super().__init__(project, logstore)
        self.consumer_group = consumer_group
        self.shard = int(shard) if shard is not None else -1

    def get_consumer_group(self) -> str:
        return self.consumer_group

    def set_consumer_group(self, consumer_group: str) -> None:
        self.consumer_group = consumer_group

    def get_params(self) -> Dict[str, str]:
        return {"shard": str(self.shard)} if self.shard >= 0 else {}


# -- responses -------------------------------------------------------------------------------------------------------
class CreateConsumerGroupResponse(EmptyResponse):
    pass


class UpdateConsumerGroupResponse(EmptyResponse):
    def __init__(self, headers: Optional[Headers], resp: Any = "") -> None:
        super().__init__(headers, resp)


class DeleteConsumerGroupResponse(EmptyResponse):
    pass


class ListConsumerGroupResponse(LogResponse):
    """The consumer groups of a logstore, as :class:`ConsumerGroupEntity` objects."""

    def __init__(self, resp: Any, headers: Optional[Headers]) -> None:
        super().__init__(headers, resp)
        self.consumer_groups = [ConsumerGroupEntity.from_json(require_dict(item, "a consumer group", self.headers))
                                for item in self._list(resp)]
        self.count = len(self.consumer_groups)

    def get_consumer_groups(self) -> List[ConsumerGroupEntity]:
        return self.consumer_groups

    def get_count(self) -> int:
        return self.count

    def get_consumer_group_names(self) -> List[str]:
        return [group.get_consumer_group_name() for group in self.consumer_groups]

    def _summary(self) -> Any:
        return [group.to_json() for group in self.consumer_groups]


class ConsumerGroupHeartBeatResponse(LogResponse):
    """The shards the service assigns to the consumer that sent the heartbeat."""

    def __init__(self, resp: Any, headers: Optional[Headers]) -> None:
        super().__init__(headers, resp)
        self.shards: List[int] = [require_int(s, "a shard id", self.headers) for s in self._list(resp)]

    def get_shards(self) -> List[int]:
        return self.shards

    def set_shards(self, shards: Sequence[int]) -> None:
        self.shards = [int(s) for s in shards]

    def _summary(self) -> Any:
        return {"shards": self.shards}


class ConsumerGroupUpdateCheckPointResponse(EmptyResponse):
    pass


class ConsumerGroupCheckPointResponse(LogResponse):
    """Checkpoints: ``[{"shard", "checkpoint", "updateTime", "consumer"}]``.

    ``checkpoint`` is the cursor of the next log group to consume, ``""`` when nothing was saved for the shard;
    ``updateTime`` is in microseconds.
    """

    def __init__(self, resp: Any, headers: Optional[Headers]) -> None:
        super().__init__(headers, resp)
        self.check_points: List[Dict[str, Any]] = [self._check_point(item) for item in self._list(resp)]
        self.count = len(self.check_points)

    def _check_point(self, item: Any) -> Dict[str, Any]:
        check_point = dict(require_dict(item, "a checkpoint", self.headers))
        require_int(field(check_point, "shard", self.headers), "field 'shard'", self.headers)
        return check_point

    def get_count(self) -> int:
        return self.count

    def get_consumer_group_check_points(self) -> List[Dict[str, Any]]:
        return self.check_points

    def get_check_point(self, shard: int) -> Optional[str]:
        """The saved cursor of ``shard`` (``""`` when none was saved), None when the shard is not listed."""
        for item in self.check_points:
            if int(item.get("shard", -1)) == int(shard):
                return str(item.get("checkpoint") or "")
        return None

    def check_checkpoint(self, client: Any, project_name: str, logstore_name: str) -> None:
        """Add ``checkpoint_previous_cursor_time`` to each saved checkpoint: the receive time (unix seconds) of
        the last log group consumed before it, so the lag of a consumer group can be read as a time."""
        for item in self.check_points:
            cursor = item.get("checkpoint")
            if not cursor:
                continue
            answer = client.get_previous_cursor_time(project_name, logstore_name, int(item["shard"]), cursor)
            item["checkpoint_previous_cursor_time"] = answer.get_cursor_time()

    def _summary(self) -> Any:
        return {"count": self.count, "check_points": self.check_points}

    def __repr__(self) -> str:
        return f"<ConsumerGroupCheckPointResponse count={self.count} {json.dumps(self.check_points)[:200]}>"
