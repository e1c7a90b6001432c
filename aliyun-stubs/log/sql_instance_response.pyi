# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.sql import CreateSqlInstanceResponse as CreateSqlInstanceResponse
from aliyun.log.models.sql import ListSqlInstanceResponse as ListSqlInstanceResponse
from aliyun.log.models.sql import UpdateSqlInstanceResponse as UpdateSqlInstanceResponse

__all__ = ['CreateSqlInstanceResponse', 'ListSqlInstanceResponse', 'UpdateSqlInstanceResponse']
