# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.es_migration.converters import AliyunLogFieldType as AliyunLogFieldType
from aliyun.log.es_migration.converters import DocRangeComparator as DocRangeComparator
from aliyun.log.es_migration.converters import MappingIndexConverter as MappingIndexConverter
from aliyun.log.es_migration.converters import field_type_handlers as field_type_handlers

__all__ = ['AliyunLogFieldType', 'DocRangeComparator', 'MappingIndexConverter', 'field_type_handlers']
