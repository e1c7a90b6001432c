# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.exports import Export as Export
from aliyun.log.models.exports import ExportConfiguration as ExportConfiguration
from aliyun.log.models.jobs import AbstractJob as AbstractJob
from aliyun.log.models.jobs import JobSchedule as JobSchedule
from aliyun.log.models.jobs import JobScheduleType as JobScheduleType
from aliyun.log.models.jobs import JobType as JobType
from aliyun.log.models.jobs import ScheduledJob as ScheduledJob

__all__ = ['Export', 'ExportConfiguration', 'AbstractJob', 'JobSchedule', 'JobScheduleType', 'JobType', 'ScheduledJob']
