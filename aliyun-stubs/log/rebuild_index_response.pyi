# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.rebuild_index import CreateRebuildIndexResponse as CreateRebuildIndexResponse
from aliyun.log.models.rebuild_index import GetRebuildIndexResponse as GetRebuildIndexResponse

__all__ = ['CreateRebuildIndexResponse', 'GetRebuildIndexResponse']
