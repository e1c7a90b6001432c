# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.job_responses import CreateExportResponse as CreateExportResponse
from aliyun.log.models.job_responses import DeleteExportResponse as DeleteExportResponse
from aliyun.log.models.job_responses import GetExportResponse as GetExportResponse
from aliyun.log.models.job_responses import ListExportResponse as ListExportResponse
from aliyun.log.models.job_responses import UpdateExportResponse as UpdateExportResponse

__all__ = ['CreateExportResponse', 'DeleteExportResponse', 'GetExportResponse', 'ListExportResponse', 'UpdateExportResponse']
