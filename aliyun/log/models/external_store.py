"""External stores (PROTOCOL §3.9): tables outside Log Service that SQL queries can join.

JSON object: ``{"externalStoreName", "storeType", "parameter": {...}}`` where ``parameter`` depends on ``storeType``:

- ``rds-vpc`` (:class:`ExternalStoreConfig`): ``region``, ``vpc-id``, ``instance-id``, ``host``, ``port``,
  ``username``, ``password``, ``db``, ``table``, ``timezone``;
- ``oss`` (:class:`ExternalStoreOssConfig`): ``endpoint``, ``bucket``, ``accessid``, ``accesskey``, ``objects``,
  ``columns`` (``[{"name", "type"}]``);
- ``csv`` (:class:`ExternalStoreCsvConfig`): ``columns``, ``objects``, ``externalStoreCsv`` (zlib-compressed,
  base64 file content), ``externalStoreCsvSize`` (uncompressed size).

Other store types are kept opaquely by :class:`ExternalStoreConfigBase`. Secrets (``password``, ``accesskey``) are
sent by ``to_json()`` but never shown by ``repr()`` or ``log_print()``.
"""

from __future__ import annotations

import base64
import copy
import os
import zlib
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Union

__all__ = [
    "ExternalStoreConfig",
    "ExternalStoreConfigBase",
    "ExternalStoreCsvConfig",
    "ExternalStoreOssConfig",
]

_MASK = "******"
#: Largest CSV file accepted, before compression (bytes).
CSV_MAX_RAW_SIZE = 50 * 1000 * 1000
#: Largest CSV content accepted after compression and base64 (characters).
CSV_MAX_ENCODED_SIZE = 10 * 1000 * 1000 - 10 * 1000


def _check_str(name: str, value: Any, optional: bool = False, allow_empty: bool = True) -> Optional[str]:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str{' or None' if optional else ''}, got {value!r}")
    if not allow_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def _require_str(name: str, value: Any, allow_empty: bool = True) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a str, got {value!r}")
    if not allow_empty and not value:
        raise ValueError(f"{name} must not be empty")
    return value


def _check_list(name: str, value: Any) -> List[Any]:
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        raise ValueError(f"{name} must be a list, got {value!r}")
    return copy.deepcopy(list(value))


def _check_columns(value: Any) -> List[Dict[str, Any]]:
    columns = _check_list("columns", value)
    for column in columns:
        if not isinstance(column, Mapping) or not isinstance(column.get("name"), str):
            raise ValueError(f'columns must be a list of {{"name": str, "type": str}} objects, got item {column!r}')
    return columns


def _require_mapping(name: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{name} must be a JSON object (dict), got {type(value).__name__}")
    return value


class ExternalStoreConfigBase:
    """Common part of the external store configs; also holds store types without a dedicated class.

    :param externalStoreName: the external store name
    :param storeType: ``rds-vpc``, ``oss``, ``csv``...
    """

    #: ``parameter`` keys whose values are secrets.
    SECRET_PARAMETERS: FrozenSet[str] = frozenset()
    #: ``parameter`` keys modelled by the class (the rest is kept in ``parameter_extra``).
    _PARAMETERS: FrozenSet[str] = frozenset()

    def __init__(self, externalStoreName: str, storeType: str) -> None:
        self.externalStoreName: str = _require_str("externalStoreName", externalStoreName, allow_empty=False)
        self.storeType: str = _require_str("storeType", storeType, allow_empty=False)
        #: ``parameter`` fields the class does not model (all of them for the base class).
        self.parameter_extra: Dict[str, Any] = {}
        #: Root fields other than name, type and parameter, kept for the round trip.
        self.extra: Dict[str, Any] = {}

    def _parameter(self) -> Dict[str, Any]:
        return {}

    def to_json(self) -> Dict[str, Any]:
        """The external store JSON object (with secrets: it is the request body)."""
        parameter = self._parameter()
        parameter.update(copy.deepcopy(self.parameter_extra))
        out: Dict[str, Any] = {
            "externalStoreName": self.externalStoreName,
            "storeType": self.storeType,
            "parameter": parameter,
        }
        out.update(copy.deepcopy(self.extra))
        return out

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ExternalStoreConfigBase:
        """The config object of the class matching ``storeType`` (the base class for unknown types)."""
        value = _require_mapping("json_value", json_value)
        store_type = value.get("storeType")
        if store_type == "rds-vpc":
            return ExternalStoreConfig.from_json(value)
        if store_type == "oss":
            return ExternalStoreOssConfig.from_json(value)
        if store_type == "csv":
            return ExternalStoreCsvConfig.from_json(value)
        _check_fields(value)
        self = ExternalStoreConfigBase(value["externalStoreName"], value["storeType"])
        self._load_extras(value, ())
        return self

    def _load_extras(self, value: Mapping[str, Any], modelled: Iterable[str]) -> None:
        modelled = set(modelled)
        parameter = value.get("parameter") or {}
        self.parameter_extra = {k: copy.deepcopy(v) for k, v in parameter.items() if k not in modelled}
        self.extra = {
            k: copy.deepcopy(v) for k, v in value.items() if k not in ("externalStoreName", "storeType", "parameter")
        }

    def _safe_parameter(self) -> Dict[str, Any]:
        parameter: Dict[str, Any] = self.to_json()["parameter"]
        for key in self.SECRET_PARAMETERS:
            if parameter.get(key):
                parameter[key] = _MASK
        return parameter

    def log_print(self) -> None:
        """Print the config to stdout, secrets masked."""
        print("externalStoreName", self.externalStoreName)
        print("storeType", self.storeType)
        for key, val in self._safe_parameter().items():
            print(key, val)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExternalStoreConfigBase):
            return NotImplemented
        return type(self) is type(other) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(externalStoreName={self.externalStoreName!r}, storeType={self.storeType!r}, "
            f"parameter={self._safe_parameter()!r})"
        )


def _check_fields(value: Mapping[str, Any]) -> None:
    for key in ("externalStoreName", "storeType"):
        if key not in value:
            raise ValueError(f'item "{key}" not in external store json value')
    if not isinstance(value.get("parameter", {}), Mapping):
        raise ValueError('"parameter" of an external store must be a JSON object')


class ExternalStoreConfig(ExternalStoreConfigBase):
    """An RDS MySQL table reached through a VPC (``storeType`` ``rds-vpc``).

    :param externalStoreName: the external store name
    :param region: region of the RDS instance, e.g. ``cn-qingdao``
    :param storeType: ``rds-vpc``
    :param vpcId: the VPC id
    :param instanceId: the RDS instance id
    :param host: the instance address
    :param port: the port, e.g. ``"3306"``
    :param username: the database user
    :param password: the database password (never shown by ``repr``/``log_print``)
    :param database: the database (``db``)
    :param table: the table
    :param timezone: time zone of the data, e.g. ``+08:00`` (empty: the service's default)
    """

    SECRET_PARAMETERS = frozenset({"password"})
    _PARAMETERS = frozenset(
        {"region", "vpc-id", "instance-id", "host", "port", "username", "password", "db", "table", "timezone"}
    )

    def __init__(
        self,
        externalStoreName: str,
        region: str,
        storeType: str,
        vpcId: Optional[str],
        instanceId: Optional[str],
        host: Optional[str],
        port: Union[str, int],
        username: str,
        password: Optional[str],
        database: str,
        table: str,
        timezone: str = "",
    ) -> None:
        super().__init__(externalStoreName, storeType)
        self.region = _check_str("region", region, allow_empty=False)
        self.vpcId = _check_str("vpcId", vpcId, optional=True)
        self.instanceId = _check_str("instanceId", instanceId, optional=True)
        self.host = _check_str("host", host, optional=True)
        if isinstance(port, bool) or not isinstance(port, (str, int)):
            raise ValueError(f"port must be a str or int, got {port!r}")
        self.port = port
        self.username = _check_str("username", username)
        self.password = _check_str("password", password, optional=True)
        self.database = _check_str("database", database, allow_empty=False)
        self.table = _check_str("table", table, allow_empty=False)
        self.timezone = _check_str("timezone", timezone, optional=True) or ""
        self._timezone_given = True  # sent even when empty, as the official client does

    def _parameter(self) -> Dict[str, Any]:
        parameter: Dict[str, Any] = {}  # the official client's key order
        for key, val in (("vpc-id", self.vpcId), ("instance-id", self.instanceId), ("host", self.host)):
            if val is not None:
                parameter[key] = val
        parameter["port"] = self.port
        parameter["username"] = self.username
        if self.password is not None:
            parameter["password"] = self.password
        parameter["db"] = self.database
        parameter["table"] = self.table
        parameter["region"] = self.region
        if self.timezone or self._timezone_given:
            parameter["timezone"] = self.timezone
        return parameter

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ExternalStoreConfig:
        value = _require_mapping("json_value", json_value)
        _check_fields(value)
        p = value.get("parameter") or {}
        self = ExternalStoreConfig.__new__(ExternalStoreConfig)
        self.externalStoreName = value["externalStoreName"]
        self.storeType = value["storeType"]
        self.region = p.get("region", "")
        self.vpcId = p.get("vpc-id")
        self.instanceId = p.get("instance-id")
        self.host = p.get("host")
        self.port = p.get("port", "")
        self.username = p.get("username", "")
        self.password = p.get("password")
        self.database = p.get("db", "")
        self.table = p.get("table", "")
        self.timezone = p.get("timezone") or ""
        self._timezone_given = "timezone" in p
        self._load_extras(value, ExternalStoreConfig._PARAMETERS)
        return self

class ExternalStoreOssConfig(ExternalStoreConfigBase):
    """Objects in an OSS bucket read as a table (``storeType`` ``oss``).

    :param externalStoreName: the external store name
    :param objects: object names, e.g. ``["data/users.csv"]``
    :param columns: the table columns, e.g. ``[{"name": "id", "type": "bigint"}]``
    :param endpoint: the OSS endpoint
    :param bucket: the bucket
    :param accessid: AccessKey id allowed to read the objects
    :param accesskey: its secret (never shown by ``repr``/``log_print``)
    """

    SECRET_PARAMETERS = frozenset({"accesskey"})
    _PARAMETERS = frozenset({"endpoint", "bucket", "accessid", "accesskey", "objects", "columns"})

    def __init__(
        self,
        externalStoreName: str,
        objects: List[str],
        columns: List[Dict[str, Any]],
        endpoint: str,
        bucket: str,
        accessid: str,
        accesskey: str,
    ) -> None:
        super().__init__(externalStoreName, "oss")
        self.objects = _check_list("objects", objects)
        for obj in self.objects:
            if not isinstance(obj, str):
                raise ValueError(f"objects must be a list of str, got item {obj!r}")
        self.columns = _check_columns(columns)
        self.endpoint = _check_str("endpoint", endpoint, allow_empty=False)
        self.bucket = _check_str("bucket", bucket, allow_empty=False)
        self.accessid = _check_str("accessid", accessid, allow_empty=False)
        self.accesskey = _check_str("accesskey", accesskey, allow_empty=False)

    def _parameter(self) -> Dict[str, Any]:
        return {
            "endpoint": self.endpoint,
            "bucket": self.bucket,
            "accessid": self.accessid,
            "accesskey": self.accesskey,
            "columns": copy.deepcopy(self.columns),
            "objects": copy.deepcopy(self.objects),
        }

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ExternalStoreOssConfig:
        value = _require_mapping("json_value", json_value)
        _check_fields(value)
        p = value.get("parameter") or {}
        self = ExternalStoreOssConfig.__new__(ExternalStoreOssConfig)
        self.externalStoreName = value["externalStoreName"]
        self.storeType = value["storeType"]
        self.endpoint = p.get("endpoint", "")
        self.bucket = p.get("bucket", "")
        self.accessid = p.get("accessid", "")
        self.accesskey = p.get("accesskey", "")
        self.objects = copy.deepcopy(list(p.get("objects") or []))
        self.columns = copy.deepcopy(list(p.get("columns") or []))
        self._load_extras(value, ExternalStoreOssConfig._PARAMETERS)
        return self

class ExternalStoreCsvConfig(ExternalStoreConfigBase):
    """A local CSV file uploaded as a table (``storeType`` ``csv``).

    :param externalStoreName: the external store name
    :param externalStoreCsvFile: path of the CSV file (``file://`` prefix allowed); with ``resp=True``, the
        ``objects`` list of a service answer instead
    :param columns: the table columns, e.g. ``[{"name": "id", "type": "bigint"}]``
    :param resp: True when building from a service answer (no file is read)
    """

    _PARAMETERS = frozenset({"columns", "objects", "externalStoreCsv", "externalStoreCsvSize"})

    def __init__(
        self,
        externalStoreName: str,
        externalStoreCsvFile: Union[str, List[str]],
        columns: List[Dict[str, Any]],
        resp: bool = False,
    ) -> None:
        super().__init__(externalStoreName, "csv")
        self.columns = _check_columns(columns)
        self.externalStoreCsvSize: Optional[int] = None
        self.externalStoreCsvCompressedBase64: Optional[str] = None
        if isinstance(externalStoreCsvFile, str):
            self.objects: List[Any] = [externalStoreCsvFile]
            self._load_file(externalStoreCsvFile)
        elif resp:
            self.objects = _check_list("externalStoreCsvFile", externalStoreCsvFile)
        else:
            raise ValueError(f"externalStoreCsvFile must be a file path (str), got {externalStoreCsvFile!r}")

    def _load_file(self, path: str) -> None:
        if path.startswith("file://"):
            path = path[len("file://") :]
        if not os.path.isfile(path):
            raise ValueError(f"externalStoreCsvFile {path!r} does not exist or is not a file")
        with open(path, "rb") as fh:
            content = fh.read()
        if len(content) > CSV_MAX_RAW_SIZE:
            raise ValueError(f"externalStoreCsvFile is too large: {len(content)} bytes, max {CSV_MAX_RAW_SIZE}")
        encoded = base64.standard_b64encode(zlib.compress(content)).decode("ascii")
        if len(encoded) > CSV_MAX_ENCODED_SIZE:
            raise ValueError(
                f"externalStoreCsvFile is too large once compressed: {len(encoded)} base64 characters, "
                f"max {CSV_MAX_ENCODED_SIZE}"
            )
        self.externalStoreCsvSize = len(content)
        self.externalStoreCsvCompressedBase64 = encoded

    def _parameter(self) -> Dict[str, Any]:
        parameter: Dict[str, Any] = {"columns": copy.deepcopy(self.columns), "objects": copy.deepcopy(self.objects)}
        if self.externalStoreCsvCompressedBase64 is not None:
            parameter["externalStoreCsv"] = self.externalStoreCsvCompressedBase64
        if self.externalStoreCsvSize is not None:
            parameter["externalStoreCsvSize"] = self.externalStoreCsvSize
        return parameter

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> ExternalStoreCsvConfig:
        value = _require_mapping("json_value", json_value)
        _check_fields(value)
        p = value.get("parameter") or {}
        self = ExternalStoreCsvConfig.__new__(ExternalStoreCsvConfig)
        self.externalStoreName = value["externalStoreName"]
        self.storeType = value["storeType"]
        self.columns = copy.deepcopy(list(p.get("columns") or []))
        self.objects = copy.deepcopy(list(p.get("objects") or []))
        self.externalStoreCsvCompressedBase64 = p.get("externalStoreCsv")
        self.externalStoreCsvSize = p.get("externalStoreCsvSize")
        self._load_extras(value, ExternalStoreCsvConfig._PARAMETERS)
        return self

    def get_csv_content(self) -> Optional[bytes]:
        """The uncompressed CSV content, when this config carries it."""
        if self.externalStoreCsvCompressedBase64 is None:
            return None
        return zlib.decompress(base64.standard_b64decode(self.externalStoreCsvCompressedBase64))

    def log_print(self) -> None:
        print("externalStoreName", self.externalStoreName)
        print("storeType", self.storeType)
        print("columns", self.columns)

    def __repr__(self) -> str:
        return (
            f"ExternalStoreCsvConfig(externalStoreName={self.externalStoreName!r}, columns={self.columns!r}, "
            f"objects={self.objects!r}, externalStoreCsvSize={self.externalStoreCsvSize!r})"
        )
