# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.codec.proto import LogGroupListRaw as LogGroupList
from aliyun.log.codec.proto import LogGroupRaw as LogGroup
from aliyun.log.codec.proto import LogTagRaw as LogTag
from aliyun.log.codec.proto import LogRaw as Log
from aliyun.log._legacy.protos import DESCRIPTOR as DESCRIPTOR

__all__ = ['LogGroupList', 'LogGroup', 'LogTag', 'Log', 'DESCRIPTOR']
