# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.jsonexpand import JSON as JSON
from aliyun.log.etl.components.jsonexpand import JsonExpander as JsonExpander

__all__ = ['JSON', 'JsonExpander']
