# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.response import CreateLogStoreResponse as CreateLogStoreResponse
from aliyun.log.models.response import DeleteLogStoreResponse as DeleteLogStoreResponse
from aliyun.log.models.response import GetLogStoreResponse as GetLogStoreResponse
from aliyun.log.models.response import ListLogStoreResponse as ListLogStoreResponse
from aliyun.log.models.response import UpdateLogStoreResponse as UpdateLogStoreResponse

__all__ = ['CreateLogStoreResponse', 'DeleteLogStoreResponse', 'GetLogStoreResponse', 'ListLogStoreResponse', 'UpdateLogStoreResponse']
