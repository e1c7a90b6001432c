# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.settings import ALIAS_ as ALIAS_
from aliyun.log.etl.settings import DISPATCH_EVENT_ as DISPATCH_EVENT_
from aliyun.log.etl.settings import DROP_EVENT_ as DROP_EVENT_
from aliyun.log.etl.settings import DROP_FIELDS_ as DROP_FIELDS_
from aliyun.log.etl.settings import KEEP_EVENT_ as KEEP_EVENT_
from aliyun.log.etl.settings import KEEP_FIELDS_ as KEEP_FIELDS_
from aliyun.log.etl.settings import KV_FIELDS_ as KV_FIELDS_
from aliyun.log.etl.settings import RENAME_FIELDS_ as RENAME_FIELDS_
from aliyun.log.etl.settings import TRANSFORM_EVENT_ as TRANSFORM_EVENT_
from aliyun.log.etl.settings import TransFnType as TransFnType
from aliyun.log.etl.settings import builtin_macros as builtin_macros
from aliyun.log.etl.settings import check_fn_type_by_name as check_fn_type_by_name

__all__ = ['ALIAS_', 'DISPATCH_EVENT_', 'DROP_EVENT_', 'DROP_FIELDS_', 'KEEP_EVENT_', 'KEEP_FIELDS_', 'KV_FIELDS_', 'RENAME_FIELDS_', 'TRANSFORM_EVENT_', 'TransFnType', 'builtin_macros', 'check_fn_type_by_name']
