"""Jobs of a project (``/jobs``): the common job shape, its schedule, and the config base the job models share.

A job is a JSON object ``{"name", "displayName", "description", "type", "schedule", "configuration", ...}``;
scheduled SQL (:mod:`.scheduled_sql`) and exports (:mod:`.exports`) build theirs from these classes. Every field is
reachable as ``getX()`` / ``setX(value)`` (``isX()`` for flags) after its camelCase JSON key, as in the original
SDK, and every class round-trips through ``to_json()`` / ``from_json()``.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, ClassVar, Dict, Mapping, Optional, Type, TypeVar

J = TypeVar("J", bound="JsonFields")

_ACCESSOR_PREFIXES = ("get", "set", "is")


class JobType:
    """The ``type`` of a job."""

    ALERT = "Alert"
    REPORT = "Report"
    ETL = "ETL"
    INGESTION = "Ingestion"
    REBUILD_INDEX = "RebuildIndex"
    AUDIT_JOB = "AuditJob"
    EXPORT = "Export"
    SCHEDULED_SQL = "ScheduledSQL"


class JobScheduleType:
    """The ``schedule.type`` of a job."""

    FIXED_RATE = "FixedRate"
    HOURLY = "Hourly"
    DAILY = "Daily"
    WEEKLY = "Weekly"
    CRON = "Cron"
    DRY_RUN = "DryRun"
    RESIDENT = "Resident"


class JsonFields:
    """A configuration object whose fields are the service's camelCase JSON keys.

    Subclasses declare ``FIELDS`` (key -> default) and ``NESTED`` (key -> class of a nested object). Fields are set
    with keyword arguments, ``obj.setKey(value)`` or ``obj["key"] = value`` and read with ``obj.getKey()``;
    ``to_json()`` leaves out fields that are ``None``.
    """

    FIELDS: ClassVar[Dict[str, Any]] = {}
    NESTED: ClassVar[Dict[str, Type[JsonFields]]] = {}

    def __init__(self, **values: Any) -> None:
        self._values: Dict[str, Any] = {key: copy.deepcopy(default) for key, default in self.FIELDS.items()}
        for key, value in values.items():
            self[key] = value

    def __getitem__(self, key: str) -> Any:
        return self._values.get(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self.FIELDS:
            raise TypeError(f"{type(self).__name__} has no field {key!r} (fields: {', '.join(self.FIELDS)})")
        self._values[key] = value

    def __getattr__(self, name: str) -> Callable[..., Any]:
        for prefix in _ACCESSOR_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                key = self._field_for(name[len(prefix):])
                if key is not None:
                    if prefix == "set":
                        return lambda value: self.__setitem__(key, value)
                    return lambda: self._values.get(key)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _field_for(self, suffix: str) -> Optional[str]:
        wanted = suffix[0].lower() + suffix[1:]
        if wanted in self.FIELDS:
            return wanted
        lowered = suffix.lower()
        return next((key for key in self.FIELDS if key.lower() == lowered), None)

    def to_json(self) -> Dict[str, Any]:
        """The JSON object the service takes (nested configs included, ``None`` fields left out)."""
        return {key: _json_value(value) for key, value in self._values.items() if value is not None}

    @classmethod
    def from_json(cls: Type[J], value: Mapping[str, Any]) -> J:
        """Build from the service's JSON; unknown keys are ignored, nested objects become their classes."""
        if not isinstance(value, Mapping):
            raise TypeError(f"{cls.__name__}.from_json takes a dict, got {type(value).__name__}")
        obj = cls()
        for key in cls.FIELDS:
            if key in value:
                nested = cls.NESTED.get(key)
                item = value[key]
                obj[key] = nested.from_json(item) if nested is not None and isinstance(item, Mapping) else item
        return obj

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.to_json()!r})"


def _json_value(value: Any) -> Any:
    if isinstance(value, JsonFields):
        return value.to_json()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


class JobSchedule(JsonFields):
    """When a job runs: ``type`` (:class:`JobScheduleType`), ``interval`` (``"60s"``, ``"5m"``, ``"1h"``),
    ``cronExpression``, ``delay`` (seconds), ``dayOfWeek``, ``hour``, ``timeZone``, ``runImmediately``."""

    FIELDS = {
        "id": None, "displayName": None, "jobName": None, "type": None, "interval": None, "cronExpression": None,
        "delay": None, "dayOfWeek": None, "hour": None, "timeZone": None, "runImmediately": None,
        "description": None, "status": None, "fromTime": None, "toTime": None, "startTime": None,
        "completeTime": None, "createTime": None, "lastModifiedTime": None,
    }

    def jobScheduleToDict(self) -> Dict[str, Any]:
        return self.to_json()

    def isRunImmediately(self) -> bool:
        return bool(self["runImmediately"])


class AbstractJob(JsonFields):
    """What every job has: ``name``, ``displayName``, ``description``, ``type``, ``recyclable`` and the service's
    ``createTime`` / ``lastModifiedTime``."""

    JOB_TYPE: ClassVar[str] = ""
    FIELDS = {
        "name": None, "displayName": None, "description": None, "type": None, "recyclable": None,
        "createTime": None, "lastModifiedTime": None,
    }

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        if self["type"] is None and self.JOB_TYPE:
            self["type"] = self.JOB_TYPE

    def getRecyclable(self) -> bool:
        return bool(self["recyclable"])


class ScheduledJob(AbstractJob):
    """A job with a ``schedule`` (a :class:`JobSchedule`), a ``status`` and a ``configuration`` (set by
    subclasses)."""

    FIELDS = {**AbstractJob.FIELDS, "status": None, "schedule": None, "configuration": None, "scheduleId": None}
    NESTED = {"schedule": JobSchedule}

    def __init__(self, **values: Any) -> None:
        super().__init__(**values)
        if self["schedule"] is None:
            self["schedule"] = JobSchedule()
