# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.client import LogClient as LogClient
from aliyun.log.api.base import MAX_PAGE_SIZE as MAX_LIST_PAGING_SIZE

__all__ = ['LogClient', 'MAX_LIST_PAGING_SIZE']
