# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.scheduled_sql import Log2MetricParameters as Log2MetricParameters
from aliyun.log.models.scheduled_sql import Metric2MetricParameters as Metric2MetricParameters
from aliyun.log.models.scheduled_sql import ScheduledSQL as ScheduledSQL
from aliyun.log.models.scheduled_sql import ScheduledSQLBaseParameters as ScheduledSQLBaseParameters
from aliyun.log.models.scheduled_sql import ScheduledSQLConfiguration as ScheduledSQLConfiguration
from aliyun.log.models.scheduled_sql import ScheduledSQLParameters as ScheduledSQLParameters

__all__ = ['Log2MetricParameters', 'Metric2MetricParameters', 'ScheduledSQL', 'ScheduledSQLBaseParameters', 'ScheduledSQLConfiguration', 'ScheduledSQLParameters']
