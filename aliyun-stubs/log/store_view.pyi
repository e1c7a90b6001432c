# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.models.store_view import StoreView as StoreView
from aliyun.log.models.store_view import StoreViewStore as StoreViewStore

__all__ = ['StoreView', 'StoreViewStore']
