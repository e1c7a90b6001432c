"""transform_data in consumer-group mode: a consumer of the group transforms the shards it is assigned.

Each batch is transformed and written before its checkpoint is marked, so a checkpoint never covers logs that are
not written: after a crash, the consumer that takes the shard over resumes from it (at-least-once; the batches
since the last saved checkpoint are transformed again).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, Callable, Dict, List, NamedTuple, Optional

from ..consumer import ConsumerJsonProcessorBase, ConsumerWorker, CursorPosition, LogHubConfig
from ..consumer.tracker import ConsumerCheckpointTracker
from .pipeline import EventPipeline, ShardStats

__all__ = ["ConsumerSettings", "run_consumer_group"]

logger = logging.getLogger("aliyun.log.etl")


class ConsumerSettings(NamedTuple):
    group: str
    consumer: Optional[str]
    heartbeat_interval: Optional[float]
    data_fetch_interval: Optional[float]
    in_order: Optional[bool]
    worker_pool_size: Optional[int]
    batch_size: Optional[int]


class _Totals:
    """Per-shard counts shared by the shard processors of this consumer."""

    def __init__(self, on_progress: Optional[Callable[[int], None]]) -> None:
        self.lock = threading.Lock()
        self.shards: Dict[int, ShardStats] = {}
        self.events = 0
        self.on_progress = on_progress

    def add(self, shard_id: int, stats: ShardStats) -> None:
        with self.lock:
            self.shards.setdefault(shard_id, ShardStats()).add(stats)
            self.events += stats.total_count
            events = self.events
        if self.on_progress is not None:
            self.on_progress(events)


class _TransformProcessor(ConsumerJsonProcessorBase):
    time_as_str = False  # __time__ is an int in consumer-group mode, as in the reference

    def __init__(self, pipeline: EventPipeline, totals: _Totals) -> None:
        super().__init__()
        self.pipeline = pipeline
        self.totals = totals

    def process(self, flattern_json_list: List[Dict[str, Any]], check_point_tracker: ConsumerCheckpointTracker
                ) -> None:
        # A failed write raises: the consumer library delivers the same batch again, and nothing is counted twice.
        stats = self.pipeline.process(flattern_json_list, int(time.time()))
        self.totals.add(self.shard_id, stats)
        self.save_checkpoint(check_point_tracker)


def run_consumer_group(client: Any, project: str, logstore: str, pipeline: EventPipeline, from_time: Any,
                       to_time: Any, settings: ConsumerSettings,
                       on_progress: Optional[Callable[[int], None]] = None) -> Dict[str, Any]:
    """Consume ``logstore`` as one member of ``settings.group`` until ``to_time`` (None: until interrupted).

    Returns ``{"shards": {id: ShardStats}, "interrupted": bool}``.
    """
    credentials = client.get_credentials_provider()
    option = LogHubConfig(
        client.endpoint, None, None, project, logstore, settings.group,
        settings.consumer or f"transform_data_{os.getpid()}",
        cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR, cursor_start_time=from_time,
        heartbeat_interval=settings.heartbeat_interval or 20, data_fetch_interval=settings.data_fetch_interval or 2,
        in_order=bool(settings.in_order), worker_pool_size=settings.worker_pool_size or 3,
        max_fetch_log_group_size=settings.batch_size,
        cursor_end_time=to_time, auth_version=getattr(client, "_auth_version", "v1"),
        region=getattr(client, "_region", ""), credentials_provider=credentials,
    )
    totals = _Totals(on_progress)
    worker = ConsumerWorker(_TransformProcessor, option, args=(pipeline, totals))
    interrupted = False
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
    except KeyboardInterrupt:
        logger.warning("transform_data interrupted: releasing the shards and saving checkpoints")
        interrupted = True
        worker.shutdown()
    if worker.error is not None and not interrupted:
        raise worker.error
    return {"shards": dict(totals.shards), "interrupted": interrupted}
