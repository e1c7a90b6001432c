# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.delimited import CSV as CSV
from aliyun.log.etl.components.delimited import PSV as PSV
from aliyun.log.etl.components.delimited import TSV as TSV

__all__ = ['CSV', 'PSV', 'TSV']
