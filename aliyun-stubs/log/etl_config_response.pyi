# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.job_responses import CreateEtlResponse as CreateEtlResponse
from aliyun.log.models.job_responses import DeleteEtlResponse as DeleteEtlResponse
from aliyun.log.models.job_responses import GetEtlResponse as GetEtlResponse
from aliyun.log.models.job_responses import ListEtlsResponse as ListEtlsResponse
from aliyun.log.models.job_responses import StartEtlResponse as StartEtlResponse
from aliyun.log.models.job_responses import StopEtlResponse as StopEtlResponse
from aliyun.log.models.job_responses import UpdateEtlResponse as UpdateEtlResponse

__all__ = ['CreateEtlResponse', 'DeleteEtlResponse', 'GetEtlResponse', 'ListEtlsResponse', 'StartEtlResponse', 'StopEtlResponse', 'UpdateEtlResponse']
