# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.errors import SettingError as SettingError

__all__ = ['SettingError']
