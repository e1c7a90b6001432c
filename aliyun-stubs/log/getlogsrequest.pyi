# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.query import GetLogsRequest as GetLogsRequest
from aliyun.log.models.query import GetProjectLogsRequest as GetProjectLogsRequest

__all__ = ['GetLogsRequest', 'GetProjectLogsRequest']
