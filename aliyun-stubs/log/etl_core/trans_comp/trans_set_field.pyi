# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components.fields import ZIP as ZIP
from aliyun.log.etl.components.fields import V as V

__all__ = ['ZIP', 'V']
