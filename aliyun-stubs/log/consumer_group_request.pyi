# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.consumer import ConsumerGroupGetCheckPointRequest as ConsumerGroupGetCheckPointRequest
from aliyun.log.models.consumer import ConsumerGroupHeartBeatRequest as ConsumerGroupHeartBeatRequest
from aliyun.log.models.consumer import ConsumerGroupRequest as ConsumerGroupRequest
from aliyun.log.models.consumer import ConsumerGroupUpdateCheckPointRequest as ConsumerGroupUpdateCheckPointRequest
from aliyun.log.models.consumer import CreateConsumerGroupRequest as CreateConsumerGroupRequest

__all__ = ['ConsumerGroupGetCheckPointRequest', 'ConsumerGroupHeartBeatRequest', 'ConsumerGroupRequest', 'ConsumerGroupUpdateCheckPointRequest', 'CreateConsumerGroupRequest']
