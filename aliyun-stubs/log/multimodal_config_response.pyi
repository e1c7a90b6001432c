# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.logstore_settings import GetLogStoreMultimodalConfigurationResponse as GetLogStoreMultimodalConfigurationResponse
from aliyun.log.models.logstore_settings import PutLogStoreMultimodalConfigurationResponse as PutLogStoreMultimodalConfigurationResponse

__all__ = ['GetLogStoreMultimodalConfigurationResponse', 'PutLogStoreMultimodalConfigurationResponse']
