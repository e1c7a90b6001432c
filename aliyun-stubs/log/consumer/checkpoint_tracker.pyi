# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.consumer.tracker import ConsumerCheckpointTracker as ConsumerCheckpointTracker

__all__ = ['ConsumerCheckpointTracker']
