# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.exports import DataSink as DataSink
from aliyun.log.models.exports import DataSinkType as DataSinkType

__all__ = ['DataSink', 'DataSinkType']
