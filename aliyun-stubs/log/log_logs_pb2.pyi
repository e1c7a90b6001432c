# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.codec.proto import LogGroupList as LogGroupList
from aliyun.log.codec.proto import LogGroup as LogGroup
from aliyun.log.codec.proto import LogTag as LogTag
from aliyun.log.codec.proto import Log as Log
from aliyun.log._legacy.protos import DESCRIPTOR as DESCRIPTOR

__all__ = ['LogGroupList', 'LogGroup', 'LogTag', 'Log', 'DESCRIPTOR']
