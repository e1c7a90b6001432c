# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.config_parser import ConfigParser as ConfigParser

__all__ = ['ConfigParser']
