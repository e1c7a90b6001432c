# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.conditions import ALL as ALL
from aliyun.log.etl.conditions import ANY as ANY
from aliyun.log.etl.conditions import EMPTY as EMPTY
from aliyun.log.etl.conditions import EXIST as EXIST
from aliyun.log.etl.conditions import F_META as F_META
from aliyun.log.etl.conditions import F_TAGS as F_TAGS
from aliyun.log.etl.conditions import F_TIME as F_TIME
from aliyun.log.etl.conditions import NONE as NONE
from aliyun.log.etl.conditions import NO_EMPTY as NO_EMPTY
from aliyun.log.etl.conditions import condition as condition

__all__ = ['ALL', 'ANY', 'EMPTY', 'EXIST', 'F_META', 'F_TAGS', 'F_TIME', 'NONE', 'NO_EMPTY', 'condition']
