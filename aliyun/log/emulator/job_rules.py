"""The service's rules for the job types other than alerts: scheduled SQL, ETL, ingestion and export.

:func:`prepare_job` checks a create / update body of one of these types and fills in what the service adds
(``status``; for jobs the emulator cannot run, a ``statusMessage`` that says so). :func:`apply_action` is the state
machine of ``PUT /jobs/{name}?action=START|STOP|RESTART``. Both raise ``ParameterInvalid`` for a body or transition
the service rejects; the caller checks that the logstores the job names exist (:func:`logstores_to_check`).
"""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .core import parameter_invalid
from .parsing import parse_int
from .schedules import ScheduleError, parse_time_expression, validate_schedule

__all__ = [
    "ACTIONS",
    "EARLIEST_FROM_TIME",
    "apply_action",
    "file_sink_directory",
    "logstores_to_check",
    "prepare_job",
]

#: ``fromTime`` of a scheduled SQL job must be after this instant (2016-01-01 00:00 +08:00).
EARLIEST_FROM_TIME = 1451577600
ENABLED, DISABLED = "ENABLED", "DISABLED"
RUNNING, STOPPED = "RUNNING", "STOPPED"
DATA_FORMATS = ("log2log", "log2metric", "metric2metric")
SQL_TYPES = ("standard", "searchQuery")
EXPORT_SINKS = ("AliyunOSS", "AliyunODPS")
FILE_SCHEME = "file://"
FILE_CONTENT_TYPES = ("", "json")
FILE_COMPRESSIONS = ("", "none")
ACTIONS = ("START", "STOP", "RESTART")

NOT_INGESTING = ("the emulator does not ingest: the source {source!r} is a cloud service it cannot reach; the job "
                 "and its state are stored only")
NOT_TRANSFORMING = "the emulator does not run this ETL job ({reason}); the job and its state are stored only"
NOT_DELIVERING = ("the emulator does not deliver to {sink}: only an AliyunOSS sink whose bucket is a file:///dir "
                  "URL is delivered (to that directory); the job and its state are stored only")


def _object(body: Mapping[str, Any], key: str, what: str) -> Dict[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise parameter_invalid(f"{what} must be a JSON object, got {type(value).__name__}")
    return value


def _text(body: Mapping[str, Any], key: str, what: str, required: bool = True) -> str:
    value = body.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise parameter_invalid(f"{what} must be a non-empty string, got {value!r}")
    return value


def _int(body: Mapping[str, Any], key: str, what: str, low: int, default: int) -> int:
    value = body.get(key, default)
    return default if value is None else parse_int(value, what, low)


def _schedule(body: Dict[str, Any], default_type: Optional[str] = None) -> None:
    schedule = body.get("schedule")
    if schedule is None and default_type is not None:
        body["schedule"] = {"type": default_type}
        return
    if not isinstance(schedule, dict):
        raise parameter_invalid(f"schedule must be a JSON object, got {type(schedule).__name__}")
    try:
        validate_schedule(schedule)
    except ScheduleError as exc:
        raise parameter_invalid(f"schedule: {exc}") from None


def _scheduled_sql(body: Dict[str, Any], previous: Optional[Mapping[str, Any]]) -> None:
    _schedule(body)
    config = _object(body, "configuration", "configuration")
    _text(config, "script", "configuration.script")
    _text(config, "sourceLogstore", "configuration.sourceLogstore")
    _text(config, "destLogstore", "configuration.destLogstore")
    if config.get("sqlType", "standard") not in SQL_TYPES:
        raise parameter_invalid(f"configuration.sqlType must be one of {', '.join(SQL_TYPES)}")
    if str(config.get("dataFormat") or "log2log").lower() not in DATA_FORMATS:
        raise parameter_invalid(f"configuration.dataFormat must be one of {', '.join(DATA_FORMATS)}")
    for key in ("fromTimeExpr", "toTimeExpr"):
        try:
            parse_time_expression(_text(config, key, f"configuration.{key}"), int(time.time()))
        except ScheduleError as exc:
            raise parameter_invalid(f"configuration.{key}: {exc}") from None
    from_time = _int(config, "fromTime", "configuration.fromTime", 0, 0)
    to_time = _int(config, "toTime", "configuration.toTime", 0, 0)
    if not (from_time > EARLIEST_FROM_TIME and (to_time == 0 or to_time > from_time)):
        raise parameter_invalid(f"invalid fromTime {from_time} / toTime {to_time}: fromTime must be after "
                                f"{EARLIEST_FROM_TIME} and toTime 0 or after fromTime")
    _int(config, "maxRunTimeInSeconds", "configuration.maxRunTimeInSeconds", 1, 900)
    _int(config, "maxRetries", "configuration.maxRetries", 0, 5)
    status = body.get("status") or (previous or {}).get("status") or ENABLED
    if status not in (ENABLED, DISABLED):
        raise parameter_invalid(f"status must be {ENABLED} or {DISABLED}, got {status!r}")
    body["status"] = status


def _etl(body: Dict[str, Any], previous: Optional[Mapping[str, Any]]) -> None:
    _schedule(body, "Resident")
    config = _object(body, "configuration", "configuration")
    _text(config, "script", "configuration.script")
    _text(config, "logstore", "configuration.logstore")
    _int(config, "fromTime", "configuration.fromTime", 0, 0)
    _int(config, "toTime", "configuration.toTime", 0, 0)
    body["status"] = (previous or {}).get("status") or RUNNING
    from .etl_runner import unrunnable_reason  # the ETL engine is loaded with the first ETL job

    reason = unrunnable_reason(config)
    if reason is None:
        body.pop("statusMessage", None)
    else:
        body["statusMessage"] = NOT_TRANSFORMING.format(reason=reason)


def _ingestion(body: Dict[str, Any], previous: Optional[Mapping[str, Any]]) -> None:
    _schedule(body, "Resident")
    config = _object(body, "configuration", "configuration")
    _text(config, "logstore", "configuration.logstore")
    source = _object(config, "source", "configuration.source")
    body["status"] = (previous or {}).get("status") or RUNNING
    body["statusMessage"] = NOT_INGESTING.format(source=source.get("type", "unknown"))


def file_sink_directory(sink: Mapping[str, Any]) -> Optional[str]:
    """The directory an export delivers to when its OSS bucket is ``file:///dir`` (None for real buckets)."""
    bucket = str(sink.get("bucket") or "")
    if sink.get("type") != "AliyunOSS" or not bucket.startswith(FILE_SCHEME):
        return None
    return bucket[len(FILE_SCHEME):]


def _export(body: Dict[str, Any], previous: Optional[Mapping[str, Any]]) -> None:
    _schedule(body, "Resident")
    config = _object(body, "configuration", "configuration")
    _text(config, "logstore", "configuration.logstore")
    sink = _object(config, "sink", "configuration.sink")
    if sink.get("type") not in EXPORT_SINKS:
        raise parameter_invalid(f"configuration.sink.type must be one of {', '.join(EXPORT_SINKS)}")
    if sink["type"] == "AliyunOSS":
        _text(sink, "bucket", "configuration.sink.bucket")
    directory = file_sink_directory(sink)
    if directory is not None:
        if not directory.startswith("/"):
            raise parameter_invalid(f"a file sink needs an absolute path: file:///dir, got {sink['bucket']!r}")
        if str(sink.get("contentType") or "").lower() not in FILE_CONTENT_TYPES:
            raise parameter_invalid("a file sink writes contentType json only")
        if str(sink.get("compressionType") or "").lower() not in FILE_COMPRESSIONS:
            raise parameter_invalid("a file sink writes compressionType none only")
        _int(sink, "bufferInterval", "configuration.sink.bufferInterval", 0, 1)
        body.pop("statusMessage", None)
    else:
        body["statusMessage"] = NOT_DELIVERING.format(sink=sink["type"])
    _int(config, "fromTime", "configuration.fromTime", 0, 0)
    _int(config, "toTime", "configuration.toTime", 0, 0)
    body["status"] = RUNNING


_PREPARERS: Dict[str, Callable[[Dict[str, Any], Optional[Mapping[str, Any]]], None]] = {
    "ScheduledSQL": _scheduled_sql,
    "ETL": _etl,
    "Ingestion": _ingestion,
    "Export": _export,
}


def prepare_job(body: Dict[str, Any], previous: Optional[Mapping[str, Any]] = None) -> None:
    """Check (and complete) the body of a job whose ``type`` has rules here; other types are left alone.

    ``previous`` is the stored job on an update (its state carries over)."""
    preparer = _PREPARERS.get(str(body.get("type")))
    if preparer is not None:
        preparer(body, previous)


def logstores_to_check(body: Mapping[str, Any], project: str) -> List[Tuple[str, Any]]:
    """``[(project, logstore)]`` a job of this type reads or writes, which must exist when it is created."""
    config = body.get("configuration") or {}
    job_type = body.get("type")
    if job_type == "ScheduledSQL":
        return [(project, config.get("sourceLogstore"))]
    if job_type in ("Ingestion", "Export"):
        return [(project, config.get("logstore"))]
    return []


def apply_action(body: Dict[str, Any], action: str, replacement: Optional[Dict[str, Any]] = None) -> None:
    """``START`` / ``STOP`` / ``RESTART`` an ETL, ingestion or export job (``ParameterInvalid`` when its state does
    not allow it); ``RESTART`` with a ``replacement`` body takes its configuration."""
    action = action.upper()
    if action not in ACTIONS:
        raise parameter_invalid(f"action must be one of {', '.join(ACTIONS)}, got {action!r}")
    if body.get("type") not in ("ETL", "Ingestion", "Export"):
        raise parameter_invalid(f"a {body.get('type')} job cannot be started or stopped")
    status = body.get("status")
    if action == "START" and status == RUNNING:
        raise parameter_invalid(f"job {body.get('name')} is already {RUNNING}")
    if action == "STOP" and status != RUNNING:
        raise parameter_invalid(f"job {body.get('name')} is not {RUNNING} (it is {status})")
    if replacement is not None:
        kept: Dict[str, Any] = {key: body[key] for key in ("name", "type", "createTime") if key in body}
        body.clear()
        body.update(replacement)
        body.update(kept)
        prepare_job(body, None)
    elif body.get("type") == "ETL":
        _etl(body, body)  # a status message left by the last run (FAILED / SUCCEEDED) goes
    body["status"] = STOPPED if action == "STOP" else RUNNING

