# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.consumer.processor import ConsumerJsonProcessorBase as ConsumerJsonProcessorBase
from aliyun.log.consumer.processor import ConsumerProcessorAdaptor as ConsumerProcessorAdaptor
from aliyun.log.consumer.processor import ConsumerProcessorBase as ConsumerProcessorBase

__all__ = ['ConsumerJsonProcessorBase', 'ConsumerProcessorAdaptor', 'ConsumerProcessorBase']
