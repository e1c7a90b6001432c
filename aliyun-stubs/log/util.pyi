# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log._legacy.util import Util as Util
from aliyun.log._legacy.util import UTC as UTC
from aliyun.log._legacy.util import utc as utc
from aliyun.log._legacy.util import ZERO as ZERO
from aliyun.log._legacy.util import base64_encodestring as base64_encodestring
from aliyun.log._legacy.util import base64_decodestring as base64_decodestring
from aliyun.log._legacy.util import is_stats_query as is_stats_query
from aliyun.log._legacy.util import PrefixLoggerAdapter as PrefixLoggerAdapter
from aliyun.log._legacy.util import require_python3 as require_python3
from aliyun.log._legacy.util import object_name_encode as object_name_encode
from aliyun.log.timeparse import parse_timestamp as parse_timestamp

__all__ = ['Util', 'UTC', 'utc', 'ZERO', 'base64_encodestring', 'base64_decodestring', 'is_stats_query', 'PrefixLoggerAdapter', 'require_python3', 'object_name_encode', 'parse_timestamp']
