"""Shipper (delivery to OSS / MaxCompute-ODPS) configs and tasks (PROTOCOL §3.9).

A shipper object is ``{"shipperName", "targetType": "oss" | "odps", "targetConfiguration": {...}}``
(:func:`shipper_detail` builds it). OSS ``targetConfiguration``: ``ossBucket``, ``ossPrefix``, ``roleArn``,
``bufferInterval`` (s), ``bufferSize`` (MB), ``compressType`` and optionally ``pathFormat``, ``storage``
(``{"format": "json"|"csv"|"parquet", "detail": {...}}``) and ``enable``. ODPS: ``odpsEndpoint``, ``odpsProject``,
``odpsTable``, ``fields``, ``partitionColumn``, ``partitionTimeFormat``, ``bufferInterval``. Fields the SDK does not
model are kept by ``from_json`` and written back by ``to_json``.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

__all__ = [
    "OdpsShipperConfig",
    "OssShipperConfig",
    "ShipperTask",
    "shipper_config_from_json",
    "shipper_detail",
    "shipper_from_detail",
]

# PROTOCOL §10: shipper names.
_SHIPPER_NAME_RE = re.compile(r"[0-9a-zA-Z][0-9a-zA-Z_-]{0,126}[0-9a-zA-Z]")


def _check_str(name: str, value: Any, allow_empty: bool = True) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, got {value!r}")
    if not allow_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def _check_positive_int(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive int, got {value!r}")
    return value


def _check_str_list(name: str, value: Any) -> List[str]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list of str, got {value!r}")
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise ValueError(f"{name} must be a list of str, got item {item!r}")
    return items


def _require_mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"json_value must be a JSON object (dict), got {type(value).__name__}")
    return value


class OssShipperConfig:
    """Delivery of a logstore to an OSS bucket.

    :param oss_bucket: the bucket name
    :param oss_prefix: the folder (object name prefix) to write into
    :param oss_role_arn: the RAM role the service assumes to write to the bucket
    :param buffer_interval: seconds of data to buffer before writing an object
    :param buffer_mb: MB of data to buffer before writing an object
    :param compress_type: ``snappy`` or ``none``
    :param path_format: (keyword) time-based sub-path, e.g. ``%Y/%m/%d/%H/%M``
    :param storage: (keyword) the object format, e.g. ``{"format": "json", "detail": {"columns": []}}``
    :param enable: (keyword) whether the delivery runs
    """

    TARGET_TYPE = "oss"
    _KNOWN = frozenset(
        {
            "ossBucket",
            "ossPrefix",
            "roleArn",
            "bufferInterval",
            "bufferSize",
            "compressType",
            "pathFormat",
            "storage",
            "enable",
        }
    )

    def __init__(
        self,
        oss_bucket: str,
        oss_prefix: str,
        oss_role_arn: str,
        buffer_interval: int = 300,
        buffer_mb: int = 128,
        compress_type: str = "snappy",
        *,
        path_format: Optional[str] = None,
        storage: Optional[Mapping[str, Any]] = None,
        enable: Optional[bool] = None,
    ) -> None:
        self.oss_bucket = _check_str("oss_bucket", oss_bucket, allow_empty=False)
        self.oss_prefix = _check_str("oss_prefix", oss_prefix)
        self.oss_role_arn = _check_str("oss_role_arn", oss_role_arn, allow_empty=False)
        self.buffer_interval = _check_positive_int("buffer_interval", buffer_interval)
        self.buffer_mb = _check_positive_int("buffer_mb", buffer_mb)
        self.compress_type = _check_str("compress_type", compress_type, allow_empty=False)
        self.path_format = None if path_format is None else _check_str("path_format", path_format)
        if storage is not None and not isinstance(storage, Mapping):
            raise ValueError(f"storage must be a dict or None, got {type(storage).__name__}")
        self.storage: Optional[Dict[str, Any]] = copy.deepcopy(dict(storage)) if storage is not None else None
        if enable is not None and not isinstance(enable, bool):
            raise ValueError(f"enable must be a bool or None, got {enable!r}")
        self.enable = enable
        #: ``targetConfiguration`` fields the SDK does not model, kept for the round trip.
        self.extra: Dict[str, Any] = {}

    def to_json(self) -> Dict[str, Any]:
        """The ``targetConfiguration`` JSON object."""
        out: Dict[str, Any] = {
            "ossBucket": self.oss_bucket,
            "ossPrefix": self.oss_prefix,
            "roleArn": self.oss_role_arn,
            "bufferInterval": self.buffer_interval,
            "bufferSize": self.buffer_mb,
            "compressType": self.compress_type,
        }
        if self.path_format is not None:
            out["pathFormat"] = self.path_format
        if self.storage is not None:
            out["storage"] = copy.deepcopy(self.storage)
        if self.enable is not None:
            out["enable"] = self.enable
        out.update(copy.deepcopy(self.extra))
        return out

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> OssShipperConfig:
        """Build from a ``targetConfiguration`` JSON object."""
        value = _require_mapping(json_value)
        self = OssShipperConfig.__new__(OssShipperConfig)
        self.oss_bucket = value.get("ossBucket", "")
        self.oss_prefix = value.get("ossPrefix", "")
        self.oss_role_arn = value.get("roleArn", "")
        self.buffer_interval = value.get("bufferInterval", 300)
        self.buffer_mb = value.get("bufferSize", 128)
        self.compress_type = value.get("compressType", "snappy")
        self.path_format = value.get("pathFormat")
        self.storage = copy.deepcopy(value.get("storage"))
        self.enable = value.get("enable")
        self.extra = {k: copy.deepcopy(v) for k, v in value.items() if k not in OssShipperConfig._KNOWN}
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OssShipperConfig):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"OssShipperConfig(oss_bucket={self.oss_bucket!r}, oss_prefix={self.oss_prefix!r}, "
            f"oss_role_arn={self.oss_role_arn!r}, buffer_interval={self.buffer_interval!r}, "
            f"buffer_mb={self.buffer_mb!r}, compress_type={self.compress_type!r})"
        )


class OdpsShipperConfig:
    """Delivery of a logstore to a MaxCompute (ODPS) table.

    :param odps_endpoint: the MaxCompute endpoint
    :param odps_project: the MaxCompute project
    :param odps_table: the table
    :param log_fields_list: log keys mapped to the table columns in order, e.g. ``["__time__", "key_a"]``
    :param partition_column: log keys mapped to the partition columns
    :param partition_time_format: format of ``__partition_time__``, e.g. ``yyyy_MM_dd_HH_mm``
    :param bufferInterval: seconds of data to buffer before a write
    """

    TARGET_TYPE = "odps"
    _KNOWN = frozenset(
        {
            "odpsEndpoint",
            "odpsProject",
            "odpsTable",
            "fields",
            "partitionColumn",
            "partitionTimeFormat",
            "bufferInterval",
        }
    )

    def __init__(
        self,
        odps_endpoint: str,
        odps_project: str,
        odps_table: str,
        log_fields_list: List[str],
        partition_column: List[str],
        partition_time_format: str,
        bufferInterval: int = 1800,
    ) -> None:
        self.odps_endpoint = _check_str("odps_endpoint", odps_endpoint, allow_empty=False)
        self.odps_project = _check_str("odps_project", odps_project, allow_empty=False)
        self.odps_table = _check_str("odps_table", odps_table, allow_empty=False)
        self.log_fields_list = _check_str_list("log_fields_list", log_fields_list)
        self.partition_column = _check_str_list("partition_column", partition_column)
        self.partition_time_format = _check_str("partition_time_format", partition_time_format)
        self.buffer_interval = _check_positive_int("bufferInterval", bufferInterval)
        #: ``targetConfiguration`` fields the SDK does not model, kept for the round trip.
        self.extra: Dict[str, Any] = {}

    def to_json(self) -> Dict[str, Any]:
        """The ``targetConfiguration`` JSON object."""
        out: Dict[str, Any] = {
            "odpsEndpoint": self.odps_endpoint,
            "odpsProject": self.odps_project,
            "odpsTable": self.odps_table,
            "fields": list(self.log_fields_list),
            "partitionColumn": list(self.partition_column),
            "partitionTimeFormat": self.partition_time_format,
            "bufferInterval": self.buffer_interval,
        }
        out.update(copy.deepcopy(self.extra))
        return out

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> OdpsShipperConfig:
        """Build from a ``targetConfiguration`` JSON object."""
        value = _require_mapping(json_value)
        self = OdpsShipperConfig.__new__(OdpsShipperConfig)
        self.odps_endpoint = value.get("odpsEndpoint", "")
        self.odps_project = value.get("odpsProject", "")
        self.odps_table = value.get("odpsTable", "")
        self.log_fields_list = list(value.get("fields") or [])
        self.partition_column = list(value.get("partitionColumn") or [])
        self.partition_time_format = value.get("partitionTimeFormat", "")
        self.buffer_interval = value.get("bufferInterval", 1800)
        self.extra = {k: copy.deepcopy(v) for k, v in value.items() if k not in OdpsShipperConfig._KNOWN}
        return self

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OdpsShipperConfig):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"OdpsShipperConfig(odps_endpoint={self.odps_endpoint!r}, odps_project={self.odps_project!r}, "
            f"odps_table={self.odps_table!r}, log_fields_list={self.log_fields_list!r}, "
            f"partition_column={self.partition_column!r}, partition_time_format={self.partition_time_format!r}, "
            f"bufferInterval={self.buffer_interval!r})"
        )


ShipperConfig = Union[OssShipperConfig, OdpsShipperConfig]


class ShipperTask:
    """One run of a shipper (an entry of the ``tasks`` list of GetShipperTasks).

    :param task_id: the task id (``id``)
    :param task_status: ``success``, ``running`` or ``fail``
    :param task_message: the error message when ``fail``
    :param task_create_time: creation time (unix seconds)
    :param task_last_data_receive_time: receive time of the last log shipped (unix seconds)
    :param task_finish_time: finish time (unix seconds)
    """

    def __init__(
        self,
        task_id: str,
        task_status: str,
        task_message: str,
        task_create_time: int,
        task_last_data_receive_time: int,
        task_finish_time: int,
    ) -> None:
        self.task_id = task_id
        self.task_status = task_status
        self.task_message = task_message
        self.task_create_time = task_create_time
        self.task_last_data_receive_time = task_last_data_receive_time
        self.task_finish_time = task_finish_time

    def to_json(self) -> Dict[str, Any]:
        return {
            "id": self.task_id,
            "taskStatus": self.task_status,
            "taskMessage": self.task_message,
            "taskCreateTime": self.task_create_time,
            "taskLastDataReceiveTime": self.task_last_data_receive_time,
            "taskFinishTime": self.task_finish_time,
        }

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ShipperTask:
        value = _require_mapping(json_value)
        return ShipperTask(
            value.get("id", ""),
            value.get("taskStatus", ""),
            value.get("taskMessage", ""),
            value.get("taskCreateTime", 0),
            value.get("taskLastDataReceiveTime", 0),
            value.get("taskFinishTime", 0),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ShipperTask):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"ShipperTask(task_id={self.task_id!r}, task_status={self.task_status!r}, "
            f"task_message={self.task_message!r}, task_create_time={self.task_create_time!r}, "
            f"task_last_data_receive_time={self.task_last_data_receive_time!r}, "
            f"task_finish_time={self.task_finish_time!r})"
        )


def shipper_detail(name: str, config: ShipperConfig) -> Dict[str, Any]:
    """The shipper JSON object ``{"shipperName", "targetType", "targetConfiguration"}`` for create/update."""
    if not isinstance(name, str) or not _SHIPPER_NAME_RE.fullmatch(name):
        raise ValueError(
            f"name {name!r} is invalid: 2-128 letters, digits, '_' or '-', starting and ending with a letter or digit"
        )
    if not isinstance(config, (OssShipperConfig, OdpsShipperConfig)):
        raise ValueError(f"config must be an OssShipperConfig or OdpsShipperConfig, got {type(config).__name__}")
    return {"shipperName": name, "targetType": config.TARGET_TYPE, "targetConfiguration": config.to_json()}


def shipper_config_from_json(target_type: str, json_value: Mapping[str, Any]) -> ShipperConfig:
    """The config object for a ``targetConfiguration`` of the given ``targetType`` (``oss`` or ``odps``)."""
    if target_type == OssShipperConfig.TARGET_TYPE:
        return OssShipperConfig.from_json(json_value)
    if target_type == OdpsShipperConfig.TARGET_TYPE:
        return OdpsShipperConfig.from_json(json_value)
    raise ValueError(f"target_type must be 'oss' or 'odps', got {target_type!r}")


def shipper_from_detail(detail: Mapping[str, Any]) -> Tuple[str, ShipperConfig]:
    """The reverse of :func:`shipper_detail`: ``(shipperName, config object)``."""
    value = _require_mapping(detail)
    for key in ("shipperName", "targetType", "targetConfiguration"):
        if key not in value:
            raise ValueError(f'item "{key}" not in shipper json value')
    return value["shipperName"], shipper_config_from_json(value["targetType"], value["targetConfiguration"])
