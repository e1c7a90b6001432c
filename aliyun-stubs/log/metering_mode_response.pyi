# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.logstore_settings import GetLogStoreMeteringModeResponse as GetLogStoreMeteringModeResponse
from aliyun.log.models.logstore_settings import UpdateLogStoreMeteringModeResponse as UpdateLogStoreMeteringModeResponse
from aliyun.log.models.metric_store import GetMetricStoreMeteringModeResponse as GetMetricStoreMeteringModeResponse
from aliyun.log.models.metric_store import UpdateMetricStoreMeteringModeResponse as UpdateMetricStoreMeteringModeResponse

__all__ = ['GetLogStoreMeteringModeResponse', 'UpdateLogStoreMeteringModeResponse', 'GetMetricStoreMeteringModeResponse', 'UpdateMetricStoreMeteringModeResponse']
