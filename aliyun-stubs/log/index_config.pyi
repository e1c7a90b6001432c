# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.index import IndexConfig as IndexConfig
from aliyun.log.models.index import IndexJsonKeyConfig as IndexJsonKeyConfig
from aliyun.log.models.index import IndexKeyConfig as IndexKeyConfig
from aliyun.log.models.index import IndexLineConfig as IndexLineConfig

__all__ = ['IndexConfig', 'IndexJsonKeyConfig', 'IndexKeyConfig', 'IndexLineConfig']
