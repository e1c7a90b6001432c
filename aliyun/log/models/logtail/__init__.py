"""Logtail collection configs (PROTOCOL §3.7) and the generator that picks the right class for a JSON config.

A config object is::

    {"configName", "inputType": "file|syslog|plugin|...", "inputDetail": {...},
     "outputType": "LogService", "outputDetail": {"logstoreName", "endpoint"?}, "logSample"?,
     "createTime"?, "modifyTime"?, "lastModifyTime"?}

Constructors validate their arguments and fill the service defaults (``localStorage``, ``logType``...) that are not
given; ``**extended_items`` go into ``inputDetail`` as they are (None values are dropped). ``from_json`` (and so
:meth:`LogtailConfigGenerator.generate_config`) trusts its input: every field of it is kept, including ones the SDK
does not model, so ``generate_config(x).to_json()`` contains ``x``; it equals ``x`` when ``x`` already carries the
defaults (as the service's answers do).
"""

from .base import ConfigDetailBase, LogtailConfigError, LogtailInputType, LogtailType
from .details import (
    ApsaraFileConfigDetail,
    FullRegFileConfigDetail,
    JsonFileConfigDetail,
    PluginConfigDetail,
    SeperatorFileConfigDetail,
    SimpleFileConfigDetail,
    SyslogConfigDetail,
)
from .generator import LogtailConfigGenerator

__all__ = [
    "ApsaraFileConfigDetail",
    "ConfigDetailBase",
    "FullRegFileConfigDetail",
    "JsonFileConfigDetail",
    "LogtailConfigError",
    "LogtailConfigGenerator",
    "LogtailInputType",
    "LogtailType",
    "PluginConfigDetail",
    "SeperatorFileConfigDetail",
    "SimpleFileConfigDetail",
    "SyslogConfigDetail",
]
