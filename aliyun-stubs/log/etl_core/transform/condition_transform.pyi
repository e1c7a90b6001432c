# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.rules import ALIAS as ALIAS
from aliyun.log.etl.rules import DROP as DROP
from aliyun.log.etl.rules import DROP_F as DROP_F
from aliyun.log.etl.rules import KEEP as KEEP
from aliyun.log.etl.rules import KEEP_F as KEEP_F
from aliyun.log.etl.rules import KV_F as KV_F
from aliyun.log.etl.rules import RENAME as RENAME
from aliyun.log.etl.rules import dispatch_event as dispatch_event
from aliyun.log.etl.rules import drop_event as drop_event
from aliyun.log.etl.rules import drop_fields as drop_fields
from aliyun.log.etl.rules import extract_kv_fields as extract_kv_fields
from aliyun.log.etl.rules import keep_event as keep_event
from aliyun.log.etl.rules import keep_fields as keep_fields
from aliyun.log.etl.rules import rename_fields as rename_fields
from aliyun.log.etl.rules import simple_drop as simple_drop
from aliyun.log.etl.rules import simple_keep as simple_keep
from aliyun.log.etl.rules import transform as transform
from aliyun.log.etl.rules import transform_event as transform_event

__all__ = ['ALIAS', 'DROP', 'DROP_F', 'KEEP', 'KEEP_F', 'KV_F', 'RENAME', 'dispatch_event', 'drop_event', 'drop_fields', 'extract_kv_fields', 'keep_event', 'keep_fields', 'rename_fields', 'simple_drop', 'simple_keep', 'transform', 'transform_event']
