# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.management import CreateEntityResponse as CreateEntityResponse
from aliyun.log.models.management import DeleteEntityResponse as DeleteEntityResponse
from aliyun.log.models.management import GetEntityResponse as GetEntityResponse
from aliyun.log.models.management import ListEntityResponse as ListEntityResponse
from aliyun.log.models.management import UpdateEntityResponse as UpdateEntityResponse

__all__ = ['CreateEntityResponse', 'DeleteEntityResponse', 'GetEntityResponse', 'ListEntityResponse', 'UpdateEntityResponse']
