# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.resources import CreateRecordResponse as CreateRecordResponse
from aliyun.log.models.resources import CreateResourceResponse as CreateResourceResponse
from aliyun.log.models.resources import DeleteRecordResponse as DeleteRecordResponse
from aliyun.log.models.resources import DeleteResourceResponse as DeleteResourceResponse
from aliyun.log.models.resources import GetRecordResponse as GetRecordResponse
from aliyun.log.models.resources import GetResourceResponse as GetResourceResponse
from aliyun.log.models.resources import ListRecordResponse as ListRecordResponse
from aliyun.log.models.resources import ListResourcesResponse as ListResourcesResponse
from aliyun.log.models.resources import UpdateRecordResponse as UpdateRecordResponse
from aliyun.log.models.resources import UpdateResourceResponse as UpdateResourceResponse
from aliyun.log.models.resources import UpsertRecordResponse as UpsertRecordResponse

__all__ = ['CreateRecordResponse', 'CreateResourceResponse', 'DeleteRecordResponse', 'DeleteResourceResponse', 'GetRecordResponse', 'GetResourceResponse', 'ListRecordResponse', 'ListResourcesResponse', 'UpdateRecordResponse', 'UpdateResourceResponse', 'UpsertRecordResponse']
