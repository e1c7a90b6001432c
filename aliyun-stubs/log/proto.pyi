# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.codec.proto import LogGroupList as LogGroupList
from aliyun.log.codec.proto import LogGroup as LogGroup
from aliyun.log.codec.proto import LogTag as LogTag
from aliyun.log.codec.proto import Log as Log
from aliyun.log.codec.proto import LogGroupListRaw as LogGroupListRaw
from aliyun.log.codec.proto import LogGroupRaw as LogGroupRaw
from aliyun.log.codec.proto import LogTagRaw as LogTagRaw
from aliyun.log.codec.proto import LogRaw as LogRaw

__all__ = ['LogGroupList', 'LogGroup', 'LogTag', 'Log', 'LogGroupListRaw', 'LogGroupRaw', 'LogTagRaw', 'LogRaw']
