# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.management import CreateIndexResponse as CreateIndexResponse
from aliyun.log.models.management import DeleteIndexResponse as DeleteIndexResponse
from aliyun.log.models.management import GetIndexResponse as GetIndexResponse
from aliyun.log.models.management import UpdateIndexResponse as UpdateIndexResponse

__all__ = ['CreateIndexResponse', 'DeleteIndexResponse', 'GetIndexResponse', 'UpdateIndexResponse']
