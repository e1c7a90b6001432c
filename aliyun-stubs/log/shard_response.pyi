# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.response import DeleteShardResponse as DeleteShardResponse
from aliyun.log.models.response import ListShardResponse as ListShardResponse

__all__ = ['DeleteShardResponse', 'ListShardResponse']
