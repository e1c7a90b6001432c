# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.split import SPLIT as SPLIT
from aliyun.log.etl.components.split import EventSplitter as EventSplitter
from aliyun.log.etl.components.split import parse_list as parse_list

__all__ = ['SPLIT', 'EventSplitter', 'parse_list']
