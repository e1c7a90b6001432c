# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.consumer.heartbeat import ConsumerHeartBeat as ConsumerHeatBeat

__all__ = ['ConsumerHeatBeat']
