# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.handlers import LogFields as LogFields
from aliyun.log.handlers import QueuedLogHandler as QueuedLogHandler
from aliyun.log.handlers import SimpleLogHandler as SimpleLogHandler
from aliyun.log.handlers import UwsgiQueuedLogHandler as UwsgiQueuedLogHandler

__all__ = ['LogFields', 'QueuedLogHandler', 'SimpleLogHandler', 'UwsgiQueuedLogHandler']
