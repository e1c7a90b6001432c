"""The Logtail config detail classes, one per input: plugin, delimiter, simple, full regex, JSON, Apsara, syslog."""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional

from .base import (
    ConfigDetailBase,
    LogtailInputType,
    LogtailType,
    _check_bool,
    _check_common_file_args,
    _check_str,
    _check_str_list,
)

__all__ = [
    "ApsaraFileConfigDetail",
    "FullRegFileConfigDetail",
    "JsonFileConfigDetail",
    "PluginConfigDetail",
    "SeperatorFileConfigDetail",
    "SimpleFileConfigDetail",
    "SyslogConfigDetail",
]


class PluginConfigDetail(ConfigDetailBase):
    """A Logtail plugin config (``inputType`` ``plugin``).

    :param logstoreName: the logstore name
    :param configName: the config name
    :param plugin: the plugin pipeline, e.g. ``{"inputs": [...], "flushers": [...]}`` (a dict or its JSON text)
    :param extended_items: more ``inputDetail`` fields
    """

    MANDATORY_FIELDS_DETAIL = ("plugin",)
    INPUT_TYPE = LogtailInputType.PLUGIN

    def __init__(self, logstoreName: str, configName: str, plugin: Any, **extended_items: Any) -> None:
        if isinstance(plugin, str):
            try:
                plugin = json.loads(plugin)
            except ValueError as exc:
                raise ValueError(f"plugin must be a dict or JSON object text: {exc}") from None
        if not isinstance(plugin, Mapping):
            raise ValueError(f"plugin must be a dict or JSON object text, got {type(plugin).__name__}")
        input_detail: Dict[str, Any] = {"plugin": dict(plugin)}
        input_detail.update(extended_items)
        super().__init__(logstoreName, configName, LogtailInputType.PLUGIN, **input_detail)


class SeperatorFileConfigDetail(ConfigDetailBase):
    """A file config in delimiter mode (``logType`` ``delimiter_log``). The class name keeps the original spelling.

    :param logstoreName: the logstore name
    :param configName: the config name
    :param logPath: folder of the log files, e.g. ``/var/log/app/``
    :param filePattern: file name pattern, e.g. ``*.log``
    :param logSample: a sample log line, e.g. ``shanghai|2000|east``
    :param separator: the delimiter: ``\\t``, a space, ``|``, or up to 3 characters such as ``&&&``
    :param key: field names, one per column, e.g. ``["city", "population", "location"]``
    :param timeKey: the field holding the log time; empty: use the collection time
    :param timeFormat: the format of the ``timeKey`` field
    :param localStorage: cache up to 1 GB locally while the service is unreachable (default True)
    :param enableRawLog: also upload the raw line
    :param topicFormat: ``none``, ``group_topic``, or a regex on the file path whose group is the topic
    :param fileEncoding: ``utf8`` or ``gbk``
    :param maxDepth: how deep to scan below ``logPath`` (0: only ``logPath``)
    :param preserve: keep watching files that stop changing (False: time out after 30 minutes)
    :param preserveDepth: folder depth of the time-out (1-3)
    :param filterKey: only keep logs whose fields ``filterKey[i]`` ...
    :param filterRegex: ... match the regexes ``filterRegex[i]``
    :param createTime: creation time, only meaningful for configs read from the service
    :param modifyTime: last modification time, only meaningful for configs read from the service
    :param extended_items: more ``inputDetail`` fields
    """

    MANDATORY_FIELDS_DETAIL = ("logPath", "filePattern", "separator", "key")
    DEFAULT_DETAIL_FIELDS = (
        ("logType", LogtailType.SEPARATOR),
        ("localStorage", True),
        ("timeFormat", ""),
        ("topicFormat", "none"),
        ("autoExtend", True),
    )
    INPUT_TYPE = LogtailInputType.FILE

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        logPath: str,
        filePattern: str,
        logSample: str,
        separator: str,
        key: List[str],
        timeKey: str = "",
        timeFormat: Optional[str] = None,
        localStorage: Optional[bool] = None,
        enableRawLog: Optional[bool] = None,
        topicFormat: Optional[str] = None,
        fileEncoding: Optional[str] = None,
        maxDepth: Optional[int] = None,
        preserve: Optional[bool] = None,
        preserveDepth: Optional[int] = None,
        filterKey: Optional[List[str]] = None,
        filterRegex: Optional[List[str]] = None,
        createTime: Optional[int] = None,
        modifyTime: Optional[int] = None,
        **extended_items: Any,
    ) -> None:
        input_detail = _check_common_file_args(
            logPath,
            filePattern,
            localStorage,
            enableRawLog,
            topicFormat,
            fileEncoding,
            maxDepth,
            preserve,
            preserveDepth,
            filterKey,
            filterRegex,
        )
        input_detail["separator"] = _check_str("separator", separator, allow_empty=False)
        input_detail["key"] = _check_str_list("key", key, optional=False, allow_empty=False)
        input_detail["timeKey"] = _check_str("timeKey", timeKey, optional=True)
        input_detail["timeFormat"] = _check_str("timeFormat", timeFormat, optional=True)
        input_detail.update(extended_items)
        super().__init__(
            logstoreName,
            configName,
            LogtailInputType.FILE,
            createTime=createTime,
            modifyTime=modifyTime,
            logSample=_check_str("logSample", logSample, optional=True),
            **input_detail,
        )


class SimpleFileConfigDetail(ConfigDetailBase):
    """A file config in simple (single line, whole line) mode: ``logType`` ``common_reg_log`` with regex ``(.*)``.

    :param logstoreName: the logstore name
    :param configName: the config name
    :param logPath: folder of the log files
    :param filePattern: file name pattern, e.g. ``*.log``
    :param localStorage: cache up to 1 GB locally while the service is unreachable (default True)
    :param enableRawLog: also upload the raw line
    :param topicFormat: ``none``, ``group_topic``, or a regex on the file path whose group is the topic
    :param fileEncoding: ``utf8`` or ``gbk``
    :param maxDepth: how deep to scan below ``logPath``
    :param preserve: keep watching files that stop changing
    :param preserveDepth: folder depth of the time-out (1-3)
    :param filterKey: field names to filter on
    :param filterRegex: regexes for ``filterKey``, same length
    :param extended_items: more ``inputDetail`` fields (``createTime``/``modifyTime``/``logSample`` go to the root)
    """

    MANDATORY_FIELDS_DETAIL = ("logPath", "filePattern")
    DEFAULT_DETAIL_FIELDS = (
        ("localStorage", True),
        ("logType", LogtailType.FULL_REGEX),
        ("regex", "(.*)"),
        ("key", ["content"]),
        ("timeFormat", ""),
        ("topicFormat", "none"),
    )
    INPUT_TYPE = LogtailInputType.FILE

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        logPath: str,
        filePattern: str,
        localStorage: Optional[bool] = None,
        enableRawLog: Optional[bool] = None,
        topicFormat: Optional[str] = None,
        fileEncoding: Optional[str] = None,
        maxDepth: Optional[int] = None,
        preserve: Optional[bool] = None,
        preserveDepth: Optional[int] = None,
        filterKey: Optional[List[str]] = None,
        filterRegex: Optional[List[str]] = None,
        **extended_items: Any,
    ) -> None:
        input_detail = _check_common_file_args(
            logPath,
            filePattern,
            localStorage,
            enableRawLog,
            topicFormat,
            fileEncoding,
            maxDepth,
            preserve,
            preserveDepth,
            filterKey,
            filterRegex,
        )
        input_detail.update(extended_items)
        super().__init__(logstoreName, configName, LogtailInputType.FILE, **input_detail)


class FullRegFileConfigDetail(ConfigDetailBase):
    """A file config in full regex mode (``logType`` ``common_reg_log``).

    :param logstoreName: the logstore name
    :param configName: the config name
    :param logPath: folder of the log files
    :param filePattern: file name pattern, e.g. ``*.log``
    :param logSample: a sample log
    :param logBeginRegex: regex matching the first line of a log (None: every line is a log)
    :param regex: regex extracting the fields (None: ``(.*)``, the whole line)
    :param key: names of the captured groups (None: ``["content"]``)
    :param timeFormat: format of the time field
    :param localStorage: cache up to 1 GB locally while the service is unreachable (default True)
    :param enableRawLog: also upload the raw line
    :param topicFormat: ``none``, ``group_topic``, or a regex on the file path whose group is the topic
    :param fileEncoding: ``utf8`` or ``gbk``
    :param maxDepth: how deep to scan below ``logPath``
    :param preserve: keep watching files that stop changing
    :param preserveDepth: folder depth of the time-out (1-3)
    :param filterKey: field names to filter on
    :param filterRegex: regexes for ``filterKey``, same length
    :param extended_items: more ``inputDetail`` fields (``createTime``/``modifyTime`` go to the root)
    """

    MANDATORY_FIELDS_DETAIL = ("logPath", "filePattern")
    DEFAULT_DETAIL_FIELDS = (
        ("localStorage", True),
        ("logType", LogtailType.FULL_REGEX),
        ("regex", "(.*)"),
        ("key", ["content"]),
        ("timeFormat", ""),
    )
    INPUT_TYPE = LogtailInputType.FILE

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        logPath: str,
        filePattern: str,
        logSample: str,
        logBeginRegex: Optional[str] = None,
        regex: Optional[str] = None,
        key: Optional[List[str]] = None,
        timeFormat: Optional[str] = None,
        localStorage: Optional[bool] = None,
        enableRawLog: Optional[bool] = None,
        topicFormat: Optional[str] = None,
        fileEncoding: Optional[str] = None,
        maxDepth: Optional[int] = None,
        preserve: Optional[bool] = None,
        preserveDepth: Optional[int] = None,
        filterKey: Optional[List[str]] = None,
        filterRegex: Optional[List[str]] = None,
        **extended_items: Any,
    ) -> None:
        input_detail = _check_common_file_args(
            logPath,
            filePattern,
            localStorage,
            enableRawLog,
            topicFormat,
            fileEncoding,
            maxDepth,
            preserve,
            preserveDepth,
            filterKey,
            filterRegex,
        )
        input_detail["logBeginRegex"] = _check_str("logBeginRegex", logBeginRegex, optional=True)
        input_detail["regex"] = _check_str("regex", regex, optional=True)
        input_detail["key"] = _check_str_list("key", key)
        input_detail["timeFormat"] = _check_str("timeFormat", timeFormat, optional=True)
        input_detail.update(extended_items)
        super().__init__(
            logstoreName,
            configName,
            LogtailInputType.FILE,
            logSample=_check_str("logSample", logSample, optional=True),
            **input_detail,
        )


class JsonFileConfigDetail(ConfigDetailBase):
    """A file config in JSON mode (``logType`` ``json_log``).

    :param logstoreName: the logstore name
    :param configName: the config name
    :param logPath: folder of the log files
    :param filePattern: file name pattern, e.g. ``*.json``
    :param timeKey: the field holding the log time; empty: use the collection time
    :param timeFormat: the format of the ``timeKey`` field
    :param localStorage: cache up to 1 GB locally while the service is unreachable (default True)
    :param enableRawLog: also upload the raw line
    :param topicFormat: ``none``, ``group_topic``, or a regex on the file path whose group is the topic
    :param fileEncoding: ``utf8`` or ``gbk``
    :param maxDepth: how deep to scan below ``logPath``
    :param preserve: keep watching files that stop changing
    :param preserveDepth: folder depth of the time-out (1-3)
    :param filterKey: field names to filter on
    :param filterRegex: regexes for ``filterKey``, same length
    :param createTime: creation time, only meaningful for configs read from the service
    :param modifyTime: last modification time, only meaningful for configs read from the service
    :param extended_items: more ``inputDetail`` fields
    """

    MANDATORY_FIELDS_DETAIL = ("logPath", "filePattern")
    DEFAULT_DETAIL_FIELDS = (
        ("localStorage", True),
        ("logType", LogtailType.JSON),
        ("timeFormat", ""),
        ("topicFormat", "none"),
    )
    INPUT_TYPE = LogtailInputType.FILE

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        logPath: str,
        filePattern: str,
        timeKey: str = "",
        timeFormat: Optional[str] = None,
        localStorage: Optional[bool] = None,
        enableRawLog: Optional[bool] = None,
        topicFormat: Optional[str] = None,
        fileEncoding: Optional[str] = None,
        maxDepth: Optional[int] = None,
        preserve: Optional[bool] = None,
        preserveDepth: Optional[int] = None,
        filterKey: Optional[List[str]] = None,
        filterRegex: Optional[List[str]] = None,
        createTime: Optional[int] = None,
        modifyTime: Optional[int] = None,
        **extended_items: Any,
    ) -> None:
        input_detail = _check_common_file_args(
            logPath,
            filePattern,
            localStorage,
            enableRawLog,
            topicFormat,
            fileEncoding,
            maxDepth,
            preserve,
            preserveDepth,
            filterKey,
            filterRegex,
        )
        input_detail["timeKey"] = _check_str("timeKey", timeKey, optional=True)
        input_detail["timeFormat"] = _check_str("timeFormat", timeFormat, optional=True)
        input_detail.update(extended_items)
        super().__init__(
            logstoreName,
            configName,
            LogtailInputType.FILE,
            createTime=createTime,
            modifyTime=modifyTime,
            **input_detail,
        )


class ApsaraFileConfigDetail(ConfigDetailBase):
    """A file config for Apsara-format logs (``logType`` ``apsara_log``).

    :param logstoreName: the logstore name
    :param configName: the config name
    :param logPath: folder of the log files
    :param filePattern: file name pattern, e.g. ``*.LOG``
    :param logBeginRegex: regex matching the first line of a log
    :param localStorage: cache up to 1 GB locally while the service is unreachable (default True)
    :param enableRawLog: also upload the raw line
    :param topicFormat: ``none``, ``group_topic``, or a regex on the file path whose group is the topic
    :param fileEncoding: ``utf8`` or ``gbk``
    :param maxDepth: how deep to scan below ``logPath``
    :param preserve: keep watching files that stop changing
    :param preserveDepth: folder depth of the time-out (1-3)
    :param filterKey: field names to filter on
    :param filterRegex: regexes for ``filterKey``, same length
    :param createTime: creation time, only meaningful for configs read from the service
    :param modifyTime: last modification time, only meaningful for configs read from the service
    :param extended_items: more ``inputDetail`` fields
    """

    MANDATORY_FIELDS_DETAIL = ("logPath", "filePattern", "logBeginRegex")
    DEFAULT_DETAIL_FIELDS = (
        ("localStorage", True),
        ("logType", LogtailType.APSARA),
        ("topicFormat", "none"),
    )
    INPUT_TYPE = LogtailInputType.FILE

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        logPath: str,
        filePattern: str,
        logBeginRegex: str,
        localStorage: Optional[bool] = None,
        enableRawLog: Optional[bool] = None,
        topicFormat: Optional[str] = None,
        fileEncoding: Optional[str] = None,
        maxDepth: Optional[int] = None,
        preserve: Optional[bool] = None,
        preserveDepth: Optional[int] = None,
        filterKey: Optional[List[str]] = None,
        filterRegex: Optional[List[str]] = None,
        createTime: Optional[int] = None,
        modifyTime: Optional[int] = None,
        **extended_items: Any,
    ) -> None:
        input_detail = _check_common_file_args(
            logPath,
            filePattern,
            localStorage,
            enableRawLog,
            topicFormat,
            fileEncoding,
            maxDepth,
            preserve,
            preserveDepth,
            filterKey,
            filterRegex,
        )
        input_detail["logBeginRegex"] = _check_str("logBeginRegex", logBeginRegex, allow_empty=False)
        input_detail.update(extended_items)
        super().__init__(
            logstoreName,
            configName,
            LogtailInputType.FILE,
            createTime=createTime,
            modifyTime=modifyTime,
            **input_detail,
        )


class SyslogConfigDetail(ConfigDetailBase):
    """A syslog config (``inputType`` ``syslog``).

    :param logstoreName: the logstore name
    :param configName: the config name
    :param tag: the tag of the syslog messages to collect
    :param localStorage: cache up to 1 GB locally while the service is unreachable (default True)
    :param createTime: creation time, only meaningful for configs read from the service
    :param modifyTime: last modification time, only meaningful for configs read from the service
    :param extended_items: more ``inputDetail`` fields
    """

    MANDATORY_FIELDS_DETAIL = ("tag",)
    INPUT_TYPE = LogtailInputType.SYSLOG

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        tag: str,
        localStorage: Optional[bool] = None,
        createTime: Optional[int] = None,
        modifyTime: Optional[int] = None,
        **extended_items: Any,
    ) -> None:
        input_detail: Dict[str, Any] = {
            "tag": _check_str("tag", tag, allow_empty=False),
            "localStorage": _check_bool("localStorage", localStorage),
        }
        input_detail.update(extended_items)
        super().__init__(
            logstoreName,
            configName,
            LogtailInputType.SYSLOG,
            createTime=createTime,
            modifyTime=modifyTime,
            **input_detail,
        )
