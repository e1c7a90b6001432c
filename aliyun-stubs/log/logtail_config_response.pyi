# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.management import CreateLogtailConfigResponse as CreateLogtailConfigResponse
from aliyun.log.models.management import DeleteLogtailConfigResponse as DeleteLogtailConfigResponse
from aliyun.log.models.management import GetLogtailConfigResponse as GetLogtailConfigResponse
from aliyun.log.models.management import ListLogtailConfigResponse as ListLogtailConfigResponse
from aliyun.log.models.management import UpdateLogtailConfigResponse as UpdateLogtailConfigResponse

__all__ = ['CreateLogtailConfigResponse', 'DeleteLogtailConfigResponse', 'GetLogtailConfigResponse', 'ListLogtailConfigResponse', 'UpdateLogtailConfigResponse']
