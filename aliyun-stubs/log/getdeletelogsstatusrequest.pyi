# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.delete_logs import GetDeleteLogsStatusRequest as GetDeleteLogsStatusRequest

__all__ = ['GetDeleteLogsStatusRequest']
