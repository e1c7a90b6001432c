# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.consumer import ConsumerGroupCheckPointResponse as ConsumerGroupCheckPointResponse
from aliyun.log.models.consumer import ConsumerGroupHeartBeatResponse as ConsumerGroupHeartBeatResponse
from aliyun.log.models.consumer import ConsumerGroupUpdateCheckPointResponse as ConsumerGroupUpdateCheckPointResponse
from aliyun.log.models.consumer import CreateConsumerGroupResponse as CreateConsumerGroupResponse
from aliyun.log.models.consumer import DeleteConsumerGroupResponse as DeleteConsumerGroupResponse
from aliyun.log.models.consumer import ListConsumerGroupResponse as ListConsumerGroupResponse
from aliyun.log.models.consumer import UpdateConsumerGroupResponse as UpdateConsumerGroupResponse
from aliyun.log.models.consumer_group import ConsumerGroupEntity as ConsumerGroupEntity

__all__ = ['ConsumerGroupCheckPointResponse', 'ConsumerGroupHeartBeatResponse', 'ConsumerGroupUpdateCheckPointResponse', 'CreateConsumerGroupResponse', 'DeleteConsumerGroupResponse', 'ListConsumerGroupResponse', 'UpdateConsumerGroupResponse', 'ConsumerGroupEntity']
