# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.restrict_config_parser import InvalidETLConfig as InvalidETLConfig
from aliyun.log.etl.restrict_config_parser import RestrictConfigParser as RestrictConfigParser

__all__ = ['InvalidETLConfig', 'RestrictConfigParser']
