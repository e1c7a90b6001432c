"""LogtailConfigGenerator: the config detail class that fits a config JSON object."""

from __future__ import annotations

from typing import Any, Mapping, Type

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

__all__ = ["LogtailConfigGenerator"]


_SIMPLE_REGEX = ("(.*)", None)
_SIMPLE_KEYS = (["content"], None)


def _is_simple_mode(json_value: Mapping[str, Any]) -> bool:
    """A ``common_reg_log`` config that captures each whole line as ``content`` (no sample, no custom regex)."""
    detail = json_value["inputDetail"]
    return (
        not json_value.get("logSample")
        and detail.get("regex") in _SIMPLE_REGEX
        and detail.get("key") in _SIMPLE_KEYS
        and detail.get("logBeginRegex") in (None, "", ".*")
    )


class LogtailConfigGenerator:
    """Builds the right config class from a config JSON object (e.g. loaded from a file or read from the service)."""

    @staticmethod
    def generate_simple_log_config(json_value: Mapping[str, Any]) -> SimpleFileConfigDetail:
        return SimpleFileConfigDetail.from_json(json_value)

    @staticmethod
    def generate_full_regex_config(json_value: Mapping[str, Any]) -> FullRegFileConfigDetail:
        return FullRegFileConfigDetail.from_json(json_value)

    @staticmethod
    def generate_json_config(json_value: Mapping[str, Any]) -> JsonFileConfigDetail:
        return JsonFileConfigDetail.from_json(json_value)

    @staticmethod
    def generate_separator_config(json_value: Mapping[str, Any]) -> SeperatorFileConfigDetail:
        return SeperatorFileConfigDetail.from_json(json_value)

    @staticmethod
    def generate_apsara_config(json_value: Mapping[str, Any]) -> ApsaraFileConfigDetail:
        return ApsaraFileConfigDetail.from_json(json_value)

    @staticmethod
    def generate_syslog_config(json_value: Mapping[str, Any]) -> SyslogConfigDetail:
        return SyslogConfigDetail.from_json(json_value)

    @staticmethod
    def generate_plugin_config(json_value: Mapping[str, Any]) -> PluginConfigDetail:
        return PluginConfigDetail.from_json(json_value)

    @staticmethod
    def config_class(json_value: Mapping[str, Any]) -> Type[ConfigDetailBase]:
        """The class :meth:`generate_config` uses for ``json_value``.

        ``plugin`` / ``syslog`` inputs map to their classes; ``file`` inputs by ``logType``: ``json_log``,
        ``delimiter_log``, ``apsara_log``, and ``common_reg_log`` (simple mode when the whole line is captured as
        ``content``, full regex otherwise). Other string input types (``streamlog``...) and unknown log types give
        :class:`ConfigDetailBase`, which keeps the JSON as it is. Raises :class:`LogtailConfigError` when
        ``inputType`` (or ``logType`` of a file input) is missing.
        """
        if not isinstance(json_value, Mapping):
            raise LogtailConfigError(f"a logtail config must be a JSON object (dict), got {type(json_value).__name__}")
        input_type = json_value.get("inputType")
        detail = json_value.get("inputDetail")
        if not isinstance(input_type, str) or not input_type or not isinstance(detail, Mapping):
            raise LogtailConfigError("input json string missed necessary fields: inputType and/or inputDetail")
        if input_type == LogtailInputType.PLUGIN:
            return PluginConfigDetail
        if input_type == LogtailInputType.SYSLOG:
            return SyslogConfigDetail
        if input_type != LogtailInputType.FILE:
            return ConfigDetailBase
        log_type = detail.get("logType")
        if not isinstance(log_type, str) or not log_type:
            raise LogtailConfigError("input json string missed necessary fields: inputDetail.logType")
        if log_type == LogtailType.JSON:
            return JsonFileConfigDetail
        if log_type == LogtailType.SEPARATOR:
            return SeperatorFileConfigDetail
        if log_type == LogtailType.APSARA:
            return ApsaraFileConfigDetail
        if log_type == LogtailType.FULL_REGEX:
            return SimpleFileConfigDetail if _is_simple_mode(json_value) else FullRegFileConfigDetail
        return ConfigDetailBase

    @staticmethod
    def generate_config(json_value: Mapping[str, Any]) -> ConfigDetailBase:
        """Build the config object of the right class (see :meth:`config_class`) from ``json_value``."""
        return LogtailConfigGenerator.config_class(json_value).from_json(json_value)

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ConfigDetailBase:
        """Same as :meth:`generate_config`."""
        return LogtailConfigGenerator.generate_config(json_value)
