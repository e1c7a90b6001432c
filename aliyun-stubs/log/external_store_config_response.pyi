# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.management import CreateExternalStoreResponse as CreateExternalStoreResponse
from aliyun.log.models.management import DeleteExternalStoreResponse as DeleteExternalStoreResponse
from aliyun.log.models.management import GetExternalStoreResponse as GetExternalStoreResponse
from aliyun.log.models.management import ListExternalStoreResponse as ListExternalStoreResponse
from aliyun.log.models.management import UpdateExternalStoreResponse as UpdateExternalStoreResponse

__all__ = ['CreateExternalStoreResponse', 'DeleteExternalStoreResponse', 'GetExternalStoreResponse', 'ListExternalStoreResponse', 'UpdateExternalStoreResponse']
