# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.regex import REGEX as REGEX

__all__ = ['REGEX']
