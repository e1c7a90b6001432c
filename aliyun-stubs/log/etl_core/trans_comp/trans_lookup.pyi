# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.lookup import LOOKUP as LOOKUP
from aliyun.log.etl.components.lookup import LookupTable as LookupTable

__all__ = ['LOOKUP', 'LookupTable']
