# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.topostores import CreateTopostoreNodeResponse as CreateTopostoreNodeResponse
from aliyun.log.models.topostores import CreateTopostoreRelationResponse as CreateTopostoreRelationResponse
from aliyun.log.models.topostores import CreateTopostoreResponse as CreateTopostoreResponse
from aliyun.log.models.topostores import DeleteTopostoreNodeResponse as DeleteTopostoreNodeResponse
from aliyun.log.models.topostores import DeleteTopostoreRelationResponse as DeleteTopostoreRelationResponse
from aliyun.log.models.topostores import DeleteTopostoreResponse as DeleteTopostoreResponse
from aliyun.log.models.topostores import GetTopostoreNodeResponse as GetTopostoreNodeResponse
from aliyun.log.models.topostores import GetTopostoreRelationResponse as GetTopostoreRelationResponse
from aliyun.log.models.topostores import GetTopostoreResponse as GetTopostoreResponse
from aliyun.log.models.topostores import ListTopostoreNodesResponse as ListTopostoreNodesResponse
from aliyun.log.models.topostores import ListTopostoreRelationsResponse as ListTopostoreRelationsResponse
from aliyun.log.models.topostores import ListTopostoresResponse as ListTopostoresResponse
from aliyun.log.models.topostores import UpdateTopostoreNodeResponse as UpdateTopostoreNodeResponse
from aliyun.log.models.topostores import UpdateTopostoreRelationResponse as UpdateTopostoreRelationResponse
from aliyun.log.models.topostores import UpdateTopostoreResponse as UpdateTopostoreResponse
from aliyun.log.models.topostores import UpsertTopostoreNodeResponse as UpsertTopostoreNodeResponse
from aliyun.log.models.topostores import UpsertTopostoreRelationResponse as UpsertTopostoreRelationResponse

__all__ = ['CreateTopostoreNodeResponse', 'CreateTopostoreRelationResponse', 'CreateTopostoreResponse', 'DeleteTopostoreNodeResponse', 'DeleteTopostoreRelationResponse', 'DeleteTopostoreResponse', 'GetTopostoreNodeResponse', 'GetTopostoreRelationResponse', 'GetTopostoreResponse', 'ListTopostoreNodesResponse', 'ListTopostoreRelationsResponse', 'ListTopostoresResponse', 'UpdateTopostoreNodeResponse', 'UpdateTopostoreRelationResponse', 'UpdateTopostoreResponse', 'UpsertTopostoreNodeResponse', 'UpsertTopostoreRelationResponse']
