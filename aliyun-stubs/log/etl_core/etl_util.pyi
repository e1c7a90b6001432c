# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.util import NOT as NOT
from aliyun.log.etl.util import get_re_full_match as get_re_full_match
from aliyun.log.etl.util import process_event as process_event
from aliyun.log.etl.util import re_full_match as re_full_match
from aliyun.log.etl.util import support_event_list_simple as support_event_list_simple

__all__ = ['NOT', 'get_re_full_match', 'process_event', 're_full_match', 'support_event_list_simple']
