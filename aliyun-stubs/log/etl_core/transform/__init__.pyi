# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.transform import ALL as ALL
from aliyun.log.etl.transform import ANY as ANY
from aliyun.log.etl.transform import EMPTY as EMPTY
from aliyun.log.etl.transform import EXIST as EXIST
from aliyun.log.etl.transform import F_META as F_META
from aliyun.log.etl.transform import F_TAGS as F_TAGS
from aliyun.log.etl.transform import F_TIME as F_TIME
from aliyun.log.etl.transform import NONE as NONE
from aliyun.log.etl.transform import NO_EMPTY as NO_EMPTY
from aliyun.log.etl.transform import condition as condition
from aliyun.log.etl.transform import ALIAS as ALIAS
from aliyun.log.etl.transform import DROP as DROP
from aliyun.log.etl.transform import DROP_F as DROP_F
from aliyun.log.etl.transform import KEEP as KEEP
from aliyun.log.etl.transform import KEEP_F as KEEP_F
from aliyun.log.etl.transform import KV_F as KV_F
from aliyun.log.etl.transform import RENAME as RENAME
from aliyun.log.etl.transform import dispatch_event as dispatch_event
from aliyun.log.etl.transform import drop_event as drop_event
from aliyun.log.etl.transform import drop_fields as drop_fields
from aliyun.log.etl.transform import extract_kv_fields as extract_kv_fields
from aliyun.log.etl.transform import keep_event as keep_event
from aliyun.log.etl.transform import keep_fields as keep_fields
from aliyun.log.etl.transform import rename_fields as rename_fields
from aliyun.log.etl.transform import simple_drop as simple_drop
from aliyun.log.etl.transform import simple_keep as simple_keep
from aliyun.log.etl.transform import transform as transform
from aliyun.log.etl.transform import transform_event as transform_event

__all__ = ['ALL', 'ANY', 'EMPTY', 'EXIST', 'F_META', 'F_TAGS', 'F_TIME', 'NONE', 'NO_EMPTY', 'condition', 'ALIAS', 'DROP', 'DROP_F', 'KEEP', 'KEEP_F', 'KV_F', 'RENAME', 'dispatch_event', 'drop_event', 'drop_fields', 'extract_kv_fields', 'keep_event', 'keep_fields', 'rename_fields', 'simple_drop', 'simple_keep', 'transform', 'transform_event']
