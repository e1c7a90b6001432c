# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.keyvalue import KV as KV
from aliyun.log.etl.components.keyvalue import KeyValueExtractor as KeyValueExtractor

__all__ = ['KV', 'KeyValueExtractor']
