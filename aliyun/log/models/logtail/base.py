"""Logtail configs: the base class every config detail shares, its argument checks, and the type names."""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Type, TypeVar

from aliyun.log.errors import LogException

__all__ = ["ConfigDetailBase", "LogtailConfigError", "LogtailInputType", "LogtailType"]

# PROTOCOL §10: config names; logstore names (the permissive client-side check).
_CONFIG_NAME_RE = re.compile(r"[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]")
_LOGSTORE_NAME_RE = re.compile(r"[0-9a-z][0-9a-z_-]{0,78}[0-9a-z]")

# Root keys of a config object that are modelled explicitly (anything else is kept in ``extra``).
_ROOT_KEYS = frozenset(
    {
        "configName",
        "inputType",
        "inputDetail",
        "outputType",
        "outputDetail",
        "logSample",
        "createTime",
        "modifyTime",
        "lastModifyTime",
    }
)
# Root-level fields that users sometimes pass through ``**extended_items``; they are moved out of inputDetail.
_ROOT_PASSTHROUGH = ("logSample", "createTime", "modifyTime", "lastModifyTime")


_C = TypeVar("_C", bound="ConfigDetailBase")


class LogtailInputType:
    """Values of ``inputType``."""

    FILE = "file"
    SYSLOG = "syslog"
    PLUGIN = "plugin"
    STREAMLOG = "streamlog"


class LogtailType:
    """Values of ``inputDetail.logType`` for file configs."""

    JSON = "json_log"
    FULL_REGEX = "common_reg_log"
    SEPARATOR = "delimiter_log"
    APSARA = "apsara_log"


class LogtailConfigError(LogException, ValueError):
    """A JSON config the generator cannot classify. A ``ValueError`` and, like in the original SDK, a
    ``LogException`` with code ``InvalidInput``."""

    def __init__(self, message: str) -> None:
        LogException.__init__(self, "InvalidInput", message)

    def __reduce__(self) -> Any:
        return (type(self), (self.message,))


# --------------------------------------------------------------------------------------------------------------------
# argument checks


def _check_name(name: str, value: Any, pattern: re.Pattern[str], rule: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, got {value!r}")
    if not pattern.fullmatch(value):
        raise ValueError(f"{name} {value!r} is invalid: {rule}")
    return value


def _check_str(name: str, value: Any, optional: bool = False, allow_empty: bool = True) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str{' or None' if optional else ''}, got {value!r}")
    if not allow_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def _check_bool(name: str, value: Any) -> Optional[bool]:
    if value is not None and not isinstance(value, bool):
        raise ValueError(f"{name} must be a bool or None, got {value!r}")
    return value


def _check_int(name: str, value: Any, minimum: int = 0) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an int or None, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value!r}")
    return value


def _check_str_list(name: str, value: Any, optional: bool = True, allow_empty: bool = True) -> Optional[List[str]]:
    if value is None and optional:
        return None
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list of str, got {value!r}")
    items = list(value)
    if not allow_empty and not items:
        raise ValueError(f"{name} must not be empty")
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{name} must be a list of str, got item {item!r}")
    return items


def _check_common_file_args(
    logPath: Any,
    filePattern: Any,
    localStorage: Any,
    enableRawLog: Any,
    topicFormat: Any,
    fileEncoding: Any,
    maxDepth: Any,
    preserve: Any,
    preserveDepth: Any,
    filterKey: Any,
    filterRegex: Any,
) -> Dict[str, Any]:
    """The inputDetail fields every file config shares, checked."""
    detail: Dict[str, Any] = {
        "logPath": _check_str("logPath", logPath, allow_empty=False),
        "filePattern": _check_str("filePattern", filePattern, allow_empty=False),
        "localStorage": _check_bool("localStorage", localStorage),
        "enableRawLog": _check_bool("enableRawLog", enableRawLog),
        "topicFormat": _check_str("topicFormat", topicFormat, optional=True),
        "fileEncoding": _check_str("fileEncoding", fileEncoding, optional=True),
        "maxDepth": _check_int("maxDepth", maxDepth),
        "preserve": _check_bool("preserve", preserve),
        "preserveDepth": _check_int("preserveDepth", preserveDepth),
        "filterKey": _check_str_list("filterKey", filterKey),
        "filterRegex": _check_str_list("filterRegex", filterRegex),
    }
    keys, regexes = detail["filterKey"], detail["filterRegex"]
    if keys is not None and regexes is not None and len(keys) != len(regexes):
        raise ValueError(f"filterKey and filterRegex must have the same length, got {len(keys)} and {len(regexes)}")
    return detail


# --------------------------------------------------------------------------------------------------------------------


class ConfigDetailBase:
    """Common part of every Logtail config; also the generic class for input types without a dedicated one.

    :param logstoreName: the target logstore (``outputDetail.logstoreName``)
    :param configName: the config name
    :param inputType: ``file``, ``syslog``, ``plugin``...
    :param createTime: creation time (unix seconds), only meaningful for configs read from the service
    :param modifyTime: last modification time (unix seconds), only meaningful for configs read from the service
    :param logSample: sample log text (``logSample``), up to 1000 bytes
    :param input_detail: the ``inputDetail`` fields
    """

    #: Root fields ``from_json`` requires.
    MANDATORY_FIELDS_ROOT: Tuple[str, ...] = ("configName", "inputType", "inputDetail", "outputDetail")
    #: ``inputDetail`` fields ``from_json`` requires.
    MANDATORY_FIELDS_DETAIL: Tuple[str, ...] = ()
    #: ``inputDetail`` fields filled in when missing.
    DEFAULT_DETAIL_FIELDS: Tuple[Tuple[str, Any], ...] = (("localStorage", True),)
    #: The ``inputType`` of the class (None: any).
    INPUT_TYPE: Optional[str] = None

    def __init__(
        self,
        logstoreName: str,
        configName: str,
        inputType: str,
        createTime: Optional[int] = None,
        modifyTime: Optional[int] = None,
        logSample: Optional[str] = None,
        **input_detail: Any,
    ) -> None:
        _check_name(
            "logstoreName",
            logstoreName,
            _LOGSTORE_NAME_RE,
            "2-80 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit",
        )
        _check_name(
            "configName",
            configName,
            _CONFIG_NAME_RE,
            "2-128 letters, digits, '_' or '-', starting and ending with a letter or digit",
        )
        _check_str("inputType", inputType, allow_empty=False)
        root: Dict[str, Any] = {"createTime": createTime, "modifyTime": modifyTime, "logSample": logSample}
        for key in _ROOT_PASSTHROUGH:
            if key in input_detail:
                moved = input_detail.pop(key)
                if root.get(key) is None:
                    root[key] = moved
        for key in ("createTime", "modifyTime", "lastModifyTime"):
            _check_int(key, root.get(key))
        _check_str("logSample", root["logSample"], optional=True)

        self.config_name: str = configName
        self.logstore_name: str = logstoreName
        self.input_type: str = inputType
        self.input_detail: Dict[str, Any] = {k: copy.deepcopy(v) for k, v in input_detail.items() if v is not None}
        self.output_type: str = "LogService"
        #: Other ``outputDetail`` fields (``endpoint``, ``region``...).
        self.output_detail: Dict[str, Any] = {}
        self.log_sample: Optional[str] = root["logSample"]
        self.create_time: Optional[int] = root["createTime"]
        self.modify_time: Optional[int] = root["modifyTime"]
        self.last_modify_time: Optional[int] = root.get("lastModifyTime")
        #: Root fields the SDK does not model, kept for the round trip.
        self.extra: Dict[str, Any] = {}
        self._fill_defaults()

    def _fill_defaults(self) -> None:
        for key, default in self.DEFAULT_DETAIL_FIELDS:
            if key not in self.input_detail:
                self.input_detail[key] = copy.deepcopy(default)

    # ---- JSON

    @classmethod
    def from_json(cls: Type[_C], json_value: Mapping[str, Any]) -> _C:
        """Build a config of this class from a config JSON object (as answered by the service)."""
        if not isinstance(json_value, Mapping):
            raise ValueError(f"json_value must be a JSON object (dict), got {type(json_value).__name__}")
        for item in cls.MANDATORY_FIELDS_ROOT:
            if item not in json_value:
                raise ValueError(f'item "{item}" not in json value')
        if cls.INPUT_TYPE is not None and json_value["inputType"] != cls.INPUT_TYPE:
            raise ValueError(f"{cls.__name__} needs inputType {cls.INPUT_TYPE!r}, got {json_value['inputType']!r}")
        detail = json_value["inputDetail"]
        if not isinstance(detail, Mapping):
            raise ValueError('"inputDetail" must be a JSON object')
        for item in cls.MANDATORY_FIELDS_DETAIL:
            if item not in detail:
                raise ValueError(f'item "{item}" not in json value "inputDetail"')
        output = json_value["outputDetail"]
        if not isinstance(output, Mapping) or "logstoreName" not in output:
            raise ValueError('item "logstoreName" not in json value "outputDetail"')

        self = cls.__new__(cls)
        self.config_name = json_value["configName"]
        self.logstore_name = output["logstoreName"]
        self.input_type = json_value["inputType"]
        self.input_detail = copy.deepcopy(dict(detail))
        self.output_type = json_value.get("outputType", "LogService")
        self.output_detail = {k: copy.deepcopy(v) for k, v in output.items() if k != "logstoreName"}
        self.log_sample = json_value.get("logSample")
        self.create_time = json_value.get("createTime")
        self.modify_time = json_value.get("modifyTime")
        self.last_modify_time = json_value.get("lastModifyTime")
        self.extra = {k: copy.deepcopy(v) for k, v in json_value.items() if k not in _ROOT_KEYS}
        self._fill_defaults()
        return self

    def to_json(self) -> Dict[str, Any]:
        """The config JSON object (a new dict: changing it does not change this object)."""
        out: Dict[str, Any] = {"configName": self.config_name}  # the official client's key order
        if self.log_sample is not None:
            out["logSample"] = self.log_sample
        if self.create_time is not None:
            out["createTime"] = self.create_time
        if self.modify_time is not None:
            out["modifyTime"] = self.modify_time
        out["inputDetail"] = copy.deepcopy(self.input_detail)
        out["inputType"] = self.input_type
        out["outputDetail"] = {"logstoreName": self.logstore_name, **copy.deepcopy(self.output_detail)}
        out["outputType"] = self.output_type
        if self.last_modify_time is not None:
            out["lastModifyTime"] = self.last_modify_time
        out.update(copy.deepcopy(self.extra))
        return out

    @property
    def value(self) -> Dict[str, Any]:
        """The config JSON object (read-only view kept from the original SDK; same as :meth:`to_json`)."""
        return self.to_json()

    @property
    def log_type(self) -> Optional[str]:
        """``inputDetail.logType`` (file configs), or None."""
        return self.input_detail.get("logType")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConfigDetailBase):
            return NotImplemented
        return type(self) is type(other) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        log_type = f", logType={self.log_type!r}" if self.log_type else ""
        return (
            f"{type(self).__name__}(configName={self.config_name!r}, logstoreName={self.logstore_name!r}, "
            f"inputType={self.input_type!r}{log_type})"
        )
