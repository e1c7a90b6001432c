"""Scheduled SQL jobs: a SQL run on a schedule over a window of a source logstore, its rows written to a
destination logstore (or metric store).

Build one as the original SDK does::

    config = ScheduledSQLConfiguration()
    config.setSourceLogstore("access"); config.setDestProject(project); config.setDestLogstore("per_minute")
    config.setScript("* | select count(*) as pv"); config.setFromTimeExpr("@m-1m"); config.setToTimeExpr("@m")
    config.setFromTime(int(time.time())); config.setRoleArn("acs:ram::1:role/aliyunlogetlrole")
    schedule = JobSchedule(); schedule.setType(JobScheduleType.FIXED_RATE); schedule.setInterval("60s")
    job = ScheduledSQL(); job.setName("pv"); job.setDisplayName("pv"); job.setConfiguration(config)
    job.setSchedule(schedule)
    client.create_scheduled_sql(project, job)
"""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Set, Type

from .jobs import JobSchedule, JobType, JsonFields, ScheduledJob

__all__ = [
    "Log2MetricParameters",
    "Metric2MetricParameters",
    "ScheduledSQL",
    "ScheduledSQLBaseParameters",
    "ScheduledSQLConfiguration",
    "ScheduledSQLParameters",
    "dict_to_schedule_rule",
    "dict_to_scheduled_sql_config",
]

#: ``fromTime`` of a job must be after this instant (2016-01-01 00:00 +08:00), as the service requires.
EARLIEST_FROM_TIME = 1451577600


class ScheduledSQLParameters(JsonFields):
    """Base of the ``parameters`` of a scheduled SQL configuration; ``toDict(dataFormat)`` gives their JSON."""

    def toDict(self, dataFormat: str) -> Optional[Dict[str, Any]]:
        expected = _PARAMETER_CLASSES.get(dataFormat.lower())
        if expected is None:
            raise ValueError(f"unsupported dataFormat {dataFormat!r} (log2log, log2metric or metric2metric)")
        return self.toDictByType(expected)

    def toDictByType(self, dateFormatType: Type[ScheduledSQLParameters]) -> Optional[Dict[str, Any]]:
        """The parameters' JSON when they are of ``dateFormatType`` (the class a data format takes), else None."""
        return self.paramsToDict() if type(self) is dateFormatType else None

    def paramsToDict(self) -> Dict[str, Any]:
        return self.to_json()


class ScheduledSQLBaseParameters(ScheduledSQLParameters):
    """Free-form parameters of a ``log2log`` job, limited to the keys declared with ``withFields``."""

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        self._fields: Set[str] = set()
        self._base: Dict[str, Any] = {}

    def withFields(self, *fields: str) -> None:
        self._fields.update(fields)

    def getBaseParams(self) -> Dict[str, Any]:
        return self._base

    def setBaseParams(self, params: Mapping[str, Any]) -> None:
        """Replace the parameters; ignored (as in the original SDK) when a key was not declared."""
        if self._fields.issuperset(params):
            self._base = dict(params)

    def addBaseParams(self, key: str, value: Any) -> None:
        if key in self._fields:
            self._base[key] = value

    def paramsToDict(self) -> Dict[str, Any]:
        return dict(self._base)

    def to_json(self) -> Dict[str, Any]:
        return self.paramsToDict()


class Log2MetricParameters(ScheduledSQLParameters):
    """Parameters of a ``log2metric`` job: ``timeKey``, ``metricKeys``, ``labelKeys``, ``hashLabels``,
    ``addLabels``."""

    FIELDS = {"timeKey": None, "metricKeys": None, "labelKeys": None, "hashLabels": None, "addLabels": None}


class Metric2MetricParameters(ScheduledSQLParameters):
    """Parameters of a ``metric2metric`` job: ``metricName``, ``addLabels``, ``hashLabels``."""

    FIELDS = {"metricName": None, "addLabels": None, "hashLabels": None}


_PARAMETER_CLASSES: Dict[str, Type[ScheduledSQLParameters]] = {
    "log2log": ScheduledSQLBaseParameters,
    "log2metric": Log2MetricParameters,
    "metric2metric": Metric2MetricParameters,
}


class ScheduledSQLConfiguration(JsonFields):
    """What a scheduled SQL job runs: ``sourceLogstore``, ``script``, ``sqlType`` (``standard`` /
    ``searchQuery``), the window ``fromTimeExpr`` / ``toTimeExpr`` (``@m-1m``, ``@h``...), the destination
    (``destProject``, ``destLogstore``, ``destEndpoint``), ``roleArn`` / ``destRoleArn``, ``fromTime`` /
    ``toTime`` (unix seconds; ``toTime=0`` runs on), ``maxRunTimeInSeconds``, ``maxRetries``, ``dataFormat``
    (``log2log``, ``log2metric``, ``metric2metric``) and its ``parameters``."""

    FIELDS = {
        "sourceLogstore": None, "roleArn": None, "destRoleArn": None, "script": None, "sqlType": "standard",
        "resourcePool": "enhanced", "destEndpoint": None, "destProject": None, "destLogstore": None,
        "fromTimeExpr": None, "toTimeExpr": None, "maxRunTimeInSeconds": 900, "maxRetries": 5,
        "fromTime": 0, "toTime": 0, "dataFormat": "log2log", "parameters": None,
    }

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        if self["parameters"] is None:
            self["parameters"] = ScheduledSQLBaseParameters()

    def to_json(self) -> Dict[str, Any]:
        body = super().to_json()
        parameters = self["parameters"]
        if isinstance(parameters, ScheduledSQLParameters):
            body["parameters"] = parameters.toDict(str(self["dataFormat"] or "log2log"))
        return body

    def configurationToDict(self) -> Dict[str, Any]:
        return self.to_json()

    def check_time_range(self) -> None:
        """``ValueError`` unless ``fromTime`` is after 2016-01-01 and ``toTime`` is 0 (run on) or after it."""
        from_time, to_time = int(self["fromTime"] or 0), int(self["toTime"] or 0)
        if not (from_time > EARLIEST_FROM_TIME and (to_time == 0 or to_time > from_time)):
            raise ValueError(f"invalid fromTime {from_time} / toTime {to_time}: fromTime must be after "
                             f"{EARLIEST_FROM_TIME} and toTime 0 or after fromTime")


class ScheduledSQL(ScheduledJob):
    """A scheduled SQL job (``type`` ``ScheduledSQL``); ``status`` is ``ENABLED`` or ``DISABLED``."""

    JOB_TYPE = JobType.SCHEDULED_SQL
    NESTED = {"schedule": JobSchedule, "configuration": ScheduledSQLConfiguration}

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        if self["configuration"] is None:
            self["configuration"] = ScheduledSQLConfiguration()

    def scheduled_sql_to_dict(self) -> Dict[str, Any]:
        return self.to_json()


def dict_to_scheduled_sql_config(dict_config: Mapping[str, Any]) -> ScheduledSQLConfiguration:
    """A :class:`ScheduledSQLConfiguration` from its JSON (``get_scheduled_sql()['configuration']``)."""
    return ScheduledSQLConfiguration.from_json(dict_config)


def dict_to_schedule_rule(dict_rule: Mapping[str, Any]) -> JobSchedule:
    """A :class:`JobSchedule` from its JSON (``get_scheduled_sql()['schedule']``)."""
    return JobSchedule.from_json(dict_rule)

