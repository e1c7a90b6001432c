# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.logtail import ApsaraFileConfigDetail as ApsaraFileConfigDetail
from aliyun.log.models.logtail import ConfigDetailBase as ConfigDetailBase
from aliyun.log.models.logtail import FullRegFileConfigDetail as FullRegFileConfigDetail
from aliyun.log.models.logtail import JsonFileConfigDetail as JsonFileConfigDetail
from aliyun.log.models.logtail import LogtailConfigGenerator as LogtailConfigGenerator
from aliyun.log.models.logtail import LogtailInputType as LogtailInputType
from aliyun.log.models.logtail import LogtailType as LogtailType
from aliyun.log.models.logtail import PluginConfigDetail as PluginConfigDetail
from aliyun.log.models.logtail import SeperatorFileConfigDetail as SeperatorFileConfigDetail
from aliyun.log.models.logtail import SimpleFileConfigDetail as SimpleFileConfigDetail
from aliyun.log.models.logtail import SyslogConfigDetail as SyslogConfigDetail

__all__ = ['ApsaraFileConfigDetail', 'ConfigDetailBase', 'FullRegFileConfigDetail', 'JsonFileConfigDetail', 'LogtailConfigGenerator', 'LogtailInputType', 'LogtailType', 'PluginConfigDetail', 'SeperatorFileConfigDetail', 'SimpleFileConfigDetail', 'SyslogConfigDetail']
