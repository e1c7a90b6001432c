# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.job_responses import CreateScheduledSQLResponse as CreateScheduledSQLResponse
from aliyun.log.models.job_responses import DeleteScheduledSQLResponse as DeleteScheduledSQLResponse
from aliyun.log.models.job_responses import GetScheduledSQLResponse as GetScheduledSQLResponse
from aliyun.log.models.job_responses import GetScheduledSqlJobInstanceResponse as GetScheduledSqlJobInstanceResponse
from aliyun.log.models.job_responses import ListScheduledSQLResponse as ListScheduledSQLResponse
from aliyun.log.models.job_responses import ListScheduledSqlJobInstancesResponse as ListScheduledSqlJobInstancesResponse
from aliyun.log.models.job_responses import ModifyScheduledSqlJobStateResponse as ModifyScheduledSqlJobStateResponse
from aliyun.log.models.job_responses import UpdateScheduledSQLResponse as UpdateScheduledSQLResponse

__all__ = ['CreateScheduledSQLResponse', 'DeleteScheduledSQLResponse', 'GetScheduledSQLResponse', 'GetScheduledSqlJobInstanceResponse', 'ListScheduledSQLResponse', 'ListScheduledSqlJobInstancesResponse', 'ModifyScheduledSqlJobStateResponse', 'UpdateScheduledSQLResponse']
