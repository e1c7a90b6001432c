"""The ETL engine: configs written in the ETL DSL, run on events (``Runner``) or on a logstore
(``LogClient.transform_data``). See ``docs/etl.md``.

``from aliyun.log.etl import *`` gives a config the same names as ``from aliyun.log.etl_core import *``::

    from aliyun.log.etl import Runner
    runner = Runner("my_etl.py")
    runner({"status": "500", "msg": "a=1 b=2"})  # a dict, None (dropped) or a list of dicts (split)
"""

from __future__ import annotations

from .dsl import *  # noqa: F403
from .dsl import __all__ as __all__
