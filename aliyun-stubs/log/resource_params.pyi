# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.resources import Resource as Resource
from aliyun.log.models.resources import ResourceRecord as ResourceRecord
from aliyun.log.models.resources import ResourceSchemaItem as ResourceSchemaItem

__all__ = ['Resource', 'ResourceRecord', 'ResourceSchemaItem']
