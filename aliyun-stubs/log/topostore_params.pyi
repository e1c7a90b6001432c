# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.topostores import Topostore as Topostore
from aliyun.log.models.topostores import TopostoreNode as TopostoreNode
from aliyun.log.models.topostores import TopostoreRelation as TopostoreRelation

__all__ = ['Topostore', 'TopostoreNode', 'TopostoreRelation']
