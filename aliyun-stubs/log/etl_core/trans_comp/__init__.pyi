# Generated from aliyun/log/_legacy/table.py by `python -m aliyun.log._legacy.stubs`: do not edit.
from aliyun.log.etl.components import CSV as CSV
from aliyun.log.etl.components import JSON as JSON
from aliyun.log.etl.components import KV as KV
from aliyun.log.etl.components import LOOKUP as LOOKUP
from aliyun.log.etl.components import PSV as PSV
from aliyun.log.etl.components import REGEX as REGEX
from aliyun.log.etl.components import SPLIT as SPLIT
from aliyun.log.etl.components import TSV as TSV
from aliyun.log.etl.components import ZIP as ZIP
from aliyun.log.etl.components import V as V

__all__ = ['CSV', 'JSON', 'KV', 'LOOKUP', 'PSV', 'REGEX', 'SPLIT', 'TSV', 'ZIP', 'V']
