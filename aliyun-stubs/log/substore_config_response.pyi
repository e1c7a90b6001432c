# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.metric_store import CreateMetricsStoreResponse as CreateMetricsStoreResponse
from aliyun.log.models.metric_store import CreateSubStoreResponse as CreateSubStoreResponse
from aliyun.log.models.metric_store import DeleteSubStoreResponse as DeleteSubStoreResponse
from aliyun.log.models.metric_store import GetSubStoreResponse as GetSubStoreResponse
from aliyun.log.models.metric_store import GetSubStoreTTLResponse as GetSubStoreTTLResponse
from aliyun.log.models.metric_store import ListSubStoreResponse as ListSubStoreResponse
from aliyun.log.models.metric_store import UpdateSubStoreResponse as UpdateSubStoreResponse
from aliyun.log.models.metric_store import UpdateSubStoreTTLResponse as UpdateSubStoreTTLResponse

__all__ = ['CreateMetricsStoreResponse', 'CreateSubStoreResponse', 'DeleteSubStoreResponse', 'GetSubStoreResponse', 'GetSubStoreTTLResponse', 'ListSubStoreResponse', 'UpdateSubStoreResponse', 'UpdateSubStoreTTLResponse']
