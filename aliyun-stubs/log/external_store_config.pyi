# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.external_store import ExternalStoreConfig as ExternalStoreConfig
from aliyun.log.models.external_store import ExternalStoreConfigBase as ExternalStoreConfigBase
from aliyun.log.models.external_store import ExternalStoreCsvConfig as ExternalStoreCsvConfig
from aliyun.log.models.external_store import ExternalStoreOssConfig as ExternalStoreOssConfig

__all__ = ['ExternalStoreConfig', 'ExternalStoreConfigBase', 'ExternalStoreCsvConfig', 'ExternalStoreOssConfig']
