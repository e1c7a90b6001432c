"""Consumer groups (PROTOCOL §3.8, §8): create / update / delete / list, heartbeats and checkpoints.

These are the raw REST calls; :mod:`aliyun.log.consumer` builds the consumer library on them.
"""

from __future__ import annotations

from typing import Optional, Sequence

from ..errors import invalid_argument
from ..models.consumer import (
    ConsumerGroupCheckPointResponse,
    ConsumerGroupGetCheckPointRequest,
    ConsumerGroupHeartBeatRequest,
    ConsumerGroupHeartBeatResponse,
    ConsumerGroupUpdateCheckPointRequest,
    ConsumerGroupUpdateCheckPointResponse,
    CreateConsumerGroupResponse,
    DeleteConsumerGroupResponse,
    ListConsumerGroupResponse,
    UpdateConsumerGroupRequest,
    UpdateConsumerGroupResponse,
)
from ..models.consumer_group import ConsumerGroupEntity
from .base import ApiBase, require_name


def _group_path(logstore: str, consumer_group: Optional[str] = None) -> str:
    path = f"/logstores/{require_name(logstore, 'logstore')}/consumergroups"
    if consumer_group is not None:
        path += "/" + require_name(consumer_group, "consumer_group")
    return path


class ConsumerGroupsApi(ApiBase):
    def create_consumer_group(self, project: str, logstore: str, consumer_group: str, timeout: int,
                              in_order: bool = False) -> CreateConsumerGroupResponse:
        """Create a consumer group of a logstore.

        ``timeout`` (seconds): a consumer not heard from for that long is removed and its shards reassigned.
        ``in_order``: after a split or merge, consume the new shards only once their parents are consumed.
        Fails with ``ConsumerGroupAlreadyExist`` when the name is taken.
        """
        try:
            entity = ConsumerGroupEntity(consumer_group, timeout, in_order)
        except ValueError as exc:
            raise invalid_argument(str(exc)) from None
        resp = self._send_json("POST", _group_path(logstore), require_name(project, "project"), entity.to_json(),
                               raw_size="0")
        return CreateConsumerGroupResponse(resp.headers)

    def update_consumer_group(self, project: str, logstore: str, consumer_group: str, timeout: Optional[int] = None,
                              in_order: Optional[bool] = None) -> UpdateConsumerGroupResponse:
        """Change the timeout and / or the order flag of a consumer group (None leaves a setting unchanged)."""
        if timeout is None and in_order is None:
            raise invalid_argument("give timeout and / or in_order to update a consumer group")
        if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, int) or timeout <= 0):
            raise invalid_argument(f"timeout must be a positive int (seconds), got {timeout!r}")
        body = UpdateConsumerGroupRequest(project, logstore, consumer_group, timeout, in_order).get_request_body()
        resp = self._send_json("PUT", _group_path(logstore, consumer_group), require_name(project, "project"), body)
        return UpdateConsumerGroupResponse(resp.headers)

    def delete_consumer_group(self, project: str, logstore: str, consumer_group: str) -> DeleteConsumerGroupResponse:
        """Delete a consumer group with its checkpoints."""
        resp = self._send("DELETE", _group_path(logstore, consumer_group), require_name(project, "project"))
        return DeleteConsumerGroupResponse(resp.headers)

    def list_consumer_group(self, project: str, logstore: str) -> ListConsumerGroupResponse:
        """Every consumer group of a logstore (``get_consumer_groups()`` gives ConsumerGroupEntity objects)."""
        resp = self._send("GET", _group_path(logstore), require_name(project, "project"))
        return ListConsumerGroupResponse(resp.json(), resp.headers)

    def heart_beat(self, project: str, logstore: str, consumer_group: str, consumer: str,
                   shards: Optional[Sequence[int]] = None) -> ConsumerGroupHeartBeatResponse:
        """Report that ``consumer`` is alive and holds ``shards``; the answer lists the shards assigned to it.

        A consumer joins its group with its first heartbeat and leaves it when it stops sending them for the
        group's timeout.
        """
        request = ConsumerGroupHeartBeatRequest(project, logstore, consumer_group,
                                                require_name(consumer, "consumer"), shards)
        resp = self._send_json("POST", _group_path(logstore, consumer_group), require_name(project, "project"),
                               request.get_request_body(), request.get_params(), raw_size=None)
        return ConsumerGroupHeartBeatResponse(resp.json(), resp.headers)

    def update_check_point(self, project: str, logstore: str, consumer_group: str, shard: int, check_point: str,
                           consumer: str = "", force_success: bool = True) -> ConsumerGroupUpdateCheckPointResponse:
        """Save ``check_point`` (the cursor of the next log group to consume) for ``shard``.

        With ``force_success=False`` the service accepts it only from ``consumer`` while it owns the shard
        (``ConsumerNotExist`` / ``ConsumerNotMatch`` otherwise).
        """
        request = ConsumerGroupUpdateCheckPointRequest(project, logstore, consumer_group, consumer, shard,
                                                       require_name(check_point, "check_point"), force_success)
        resp = self._send_json("POST", _group_path(logstore, consumer_group), require_name(project, "project"),
                               request.get_request_body(),
                               # the official client sends forceSuccess as Python prints a bool: True / False
                               {**request.get_request_params(), "forceSuccess": str(bool(force_success))},
                               raw_size=None)
        return ConsumerGroupUpdateCheckPointResponse(resp.headers)

    def get_check_point(self, project: str, logstore: str, consumer_group: str, shard: int = -1
                        ) -> ConsumerGroupCheckPointResponse:
        """The checkpoints of every shard (or of ``shard`` when >= 0); ``checkpoint`` is ``""`` when none."""
        params = ConsumerGroupGetCheckPointRequest(project, logstore, consumer_group, shard).get_params()
        resp = self._send("GET", _group_path(logstore, consumer_group), require_name(project, "project"), params)
        return ConsumerGroupCheckPointResponse(resp.json(), resp.headers)

    def get_check_point_fixed(self, project: str, logstore: str, consumer_group: str, shard: int = -1
                              ) -> ConsumerGroupCheckPointResponse:
        """Like :meth:`get_check_point`, each saved checkpoint with ``checkpoint_previous_cursor_time``: the
        receive time of the last consumed log group (see ``ConsumerGroupCheckPointResponse.check_checkpoint``)."""
        res = self.get_check_point(project, logstore, consumer_group, shard)
        res.check_checkpoint(self, project, logstore)
        return res
