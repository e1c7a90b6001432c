"""The consumer-group library: consume a logstore with several cooperating processes.

Subclass :class:`ConsumerProcessorBase` (or wrap a function in :class:`ConsumerProcessorAdaptor`), describe the
consumer with :class:`LogHubConfig`, and run a :class:`ConsumerWorker`::

    from aliyun.log.consumer import *

    class Printer(ConsumerProcessorBase):
        def process(self, log_groups, check_point_tracker):
            for log in PullLogResponse.loggroups_to_flattern_list(log_groups):
                print(log)
            self.save_checkpoint(check_point_tracker)

    option = LogHubConfig(endpoint, key_id, key, project, logstore, "my-group", "consumer-1")
    ConsumerWorker(Printer, option).start(join=True)

Run the same program several times (on several machines): the group spreads the shards over the consumers, moves
them when one joins, leaves or dies, and each consumer resumes from the saved checkpoints. See ``docs/consumer.md``.
"""

from __future__ import annotations

from .config import CursorPosition, LogHubConfig
from .loggroups import LogGroupBatch, LogGroupSequence
from .processor import ConsumerJsonProcessorBase, ConsumerProcessorAdaptor, ConsumerProcessorBase
from .shard_worker import ShardConsumer, ShardConsumerWorker
from .tracker import ConsumerCheckpointTracker
from .worker import ConsumerWorker

__all__ = [
    "ConsumerCheckpointTracker",
    "ConsumerJsonProcessorBase",
    "ConsumerProcessorAdaptor",
    "ConsumerProcessorBase",
    "ConsumerWorker",
    "CursorPosition",
    "LogGroupBatch",
    "LogGroupSequence",
    "LogHubConfig",
    "ShardConsumer",
    "ShardConsumerWorker",
]
