"""Export jobs: a logstore's data delivered continuously to OSS or MaxCompute (ODPS).

``Export`` holds an :class:`ExportConfiguration` whose ``sink`` is an :class:`AliyunOSSSink` or an
:class:`AliyunMaxComputeSink`. The local emulator also delivers to the file system when an OSS sink's ``bucket`` is a
``file:///absolute/dir`` URL (an emulator extension; the service only knows OSS buckets).
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Type

from .jobs import JobSchedule, JobScheduleType, JobType, JsonFields, ScheduledJob

__all__ = [
    "AliyunMaxComputeSink",
    "AliyunOSSSink",
    "DataSink",
    "DataSinkType",
    "Export",
    "ExportConfiguration",
    "sink_from_json",
]


class DataSinkType:
    """The ``type`` of a sink."""

    ALIYUN_LOG = "AliyunLOG"
    ALIYUN_ADB = "AliyunADB"
    ALIYUN_OSS = "AliyunOSS"
    ALIYUN_MaxCompute = "AliyunODPS"
    GENERAL = "GENERAL"


#: The sink types an export job accepts.
EXPORT_SINK_TYPES = (DataSinkType.ALIYUN_OSS, DataSinkType.ALIYUN_MaxCompute)


class DataSink(JsonFields):
    """Where a job delivers data; ``getType()`` is a :class:`DataSinkType`."""

    SINK_TYPE = ""
    FIELDS = {"type": None}

    def __init__(self, type: Optional[str] = None, **values: Any) -> None:
        super().__init__(**values)
        self["type"] = type or self.SINK_TYPE


class AliyunOSSSink(DataSink):
    """Delivery to an OSS bucket (``bucket``, ``prefix``, ``suffix``, ``pathFormat``, ``contentType`` ``json`` /
    ``csv`` / ``parquet``..., ``compressionType``, ``bufferSize`` MB, ``bufferInterval`` seconds...)."""

    SINK_TYPE = DataSinkType.ALIYUN_OSS
    FIELDS = {
        "type": None, "roleArn": None, "bucket": None, "prefix": None, "suffix": None, "pathFormat": None,
        "pathFormatType": None, "bufferSize": None, "bufferInterval": None, "timeZone": None, "contentType": None,
        "compressionType": None, "contentDetail": None,
    }

    def __init__(self, roleArn: Any = None, bucket: Any = None, prefix: Any = None, suffix: Any = None,
                 pathFormat: Any = None, pathFormatType: Any = None, bufferSize: Any = None,
                 bufferInterval: Any = None, timeZone: Any = None, contentType: Any = None,
                 compressionType: Any = None, contentDetail: Any = None) -> None:
        super().__init__(
            roleArn=roleArn, bucket=bucket, prefix=prefix, suffix=suffix, pathFormat=pathFormat,
            pathFormatType=pathFormatType, bufferSize=bufferSize, bufferInterval=bufferInterval, timeZone=timeZone,
            contentType=contentType, compressionType=compressionType, contentDetail=contentDetail,
        )


class AliyunMaxComputeSink(DataSink):
    """Delivery to a MaxCompute table (``odpsProject``, ``odpsTable``, ``fields``, ``partitionColumn``,
    ``odpsEndpoint``, ``odpsTunnelEndpoint``, ``odpsRolearn`` or ``odpsAccessKeyId`` / ``odpsAccessSecret``...)."""

    SINK_TYPE = DataSinkType.ALIYUN_MaxCompute
    FIELDS = {
        "type": None, "fields": None, "partitionColumn": None, "odpsAccessKeyId": None, "odpsAccessSecret": None,
        "odpsRolearn": None, "odpsEndpoint": None, "odpsTunnelEndpoint": None, "odpsProject": None,
        "odpsTable": None, "timeZone": None, "partitionTimeFormat": None,
    }

    def __init__(self, partitionColumn: Any = None, fields: Any = None) -> None:
        super().__init__(partitionColumn=partitionColumn, fields=fields)

    def getParams(self) -> Dict[str, Any]:
        return self.to_json()


_SINKS: Dict[str, Type[DataSink]] = {cls.SINK_TYPE: cls for cls in (AliyunOSSSink, AliyunMaxComputeSink)}


def sink_from_json(value: Mapping[str, Any]) -> DataSink:
    """The sink class of ``value['type']`` built from its JSON (a plain :class:`DataSink` for other types)."""
    cls = _SINKS.get(str(value.get("type")))
    if cls is None:
        sink = DataSink(str(value.get("type") or ""))
        return sink
    return cls.from_json(value)


class ExportConfiguration(JsonFields):
    """What an export delivers: ``logstore``, ``fromTime`` / ``toTime`` (unix seconds, ``0`` = from the start /
    continuously), ``roleArn``, ``sink`` and ``version`` (``v2.0``)."""

    FIELDS = {
        "version": "v2.0", "logstore": None, "roleArn": None, "fromTime": None, "toTime": None, "sink": None,
        "accessKeyId": None, "accessKeySecret": None, "instanceType": None, "parameters": None,
    }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> ExportConfiguration:
        config = super().from_json(value)
        if isinstance(value.get("sink"), Mapping):
            config["sink"] = sink_from_json(value["sink"])
        return config


class Export(ScheduledJob):
    """An export job (``type`` ``Export``, schedule ``Resident``)."""

    JOB_TYPE = JobType.EXPORT
    NESTED = {"schedule": JobSchedule, "configuration": ExportConfiguration}

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        if self["schedule"].getType() is None:
            self["schedule"].setType(JobScheduleType.RESIDENT)

    def check(self) -> None:
        """``TypeError`` unless the configuration has an OSS or MaxCompute sink (as the service requires)."""
        config = self["configuration"]
        sink = config["sink"] if isinstance(config, ExportConfiguration) else None
        sink_type = sink.getType() if isinstance(sink, DataSink) else None
        if sink_type not in EXPORT_SINK_TYPES:
            raise TypeError(f"an export's sink must be of type AliyunOSS or AliyunODPS, got {sink_type!r}")
