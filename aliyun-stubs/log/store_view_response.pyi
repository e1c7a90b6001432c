# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.store_view import CreateStoreViewResponse as CreateStoreViewResponse
from aliyun.log.models.store_view import DeleteStoreViewResponse as DeleteStoreViewResponse
from aliyun.log.models.store_view import GetStoreViewResponse as GetStoreViewResponse
from aliyun.log.models.store_view import ListStoreViewsResponse as ListStoreViewsResponse
from aliyun.log.models.store_view import UpdateStoreViewResponse as UpdateStoreViewResponse

__all__ = ['CreateStoreViewResponse', 'DeleteStoreViewResponse', 'GetStoreViewResponse', 'ListStoreViewsResponse', 'UpdateStoreViewResponse']
