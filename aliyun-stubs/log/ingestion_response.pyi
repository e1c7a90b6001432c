# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.job_responses import CreateIngestionResponse as CreateIngestionResponse
from aliyun.log.models.job_responses import DeleteIngestionResponse as DeleteIngestionResponse
from aliyun.log.models.job_responses import GetIngestionResponse as GetIngestionResponse
from aliyun.log.models.job_responses import ListIngestionResponse as ListIngestionResponse
from aliyun.log.models.job_responses import RestartIngestionResponse as RestartIngestionResponse
from aliyun.log.models.job_responses import StartIngestionResponse as StartIngestionResponse
from aliyun.log.models.job_responses import StopIngestionResponse as StopIngestionResponse
from aliyun.log.models.job_responses import UpdateIngestionResponse as UpdateIngestionResponse

__all__ = ['CreateIngestionResponse', 'DeleteIngestionResponse', 'GetIngestionResponse', 'ListIngestionResponse', 'RestartIngestionResponse', 'StartIngestionResponse', 'StopIngestionResponse', 'UpdateIngestionResponse']
