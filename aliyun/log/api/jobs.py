"""Jobs of a project (``/jobs``): scheduled SQL and its instances, ETL jobs, ingestions and exports.

Every kind is a JSON job object told apart by its ``type``; list calls filter by ``jobType``. Jobs are started
and stopped with ``PUT /jobs/{name}?action=START|STOP|RESTART``.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Mapping, Optional, Tuple, Type, TypeVar, Union

from ..errors import LogException, invalid_argument
from ..models.exports import Export
from ..models.job_responses import (
    CreateEtlResponse,
    CreateExportResponse,
    CreateIngestionResponse,
    CreateScheduledSQLResponse,
    DeleteEtlResponse,
    DeleteExportResponse,
    DeleteIngestionResponse,
    DeleteScheduledSQLResponse,
    GetEtlResponse,
    GetExportResponse,
    GetIngestionResponse,
    GetScheduledSqlJobInstanceResponse,
    GetScheduledSQLResponse,
    JobListResponse,
    JobObjectResponse,
    ListEtlsResponse,
    ListExportResponse,
    ListIngestionResponse,
    ListScheduledSqlJobInstancesResponse,
    ListScheduledSQLResponse,
    ModifyScheduledSqlJobStateResponse,
    RestartIngestionResponse,
    StartEtlResponse,
    StartIngestionResponse,
    StopEtlResponse,
    StopIngestionResponse,
    UpdateEtlResponse,
    UpdateExportResponse,
    UpdateIngestionResponse,
    UpdateScheduledSQLResponse,
)
from ..models.jobs import JobType
from ..models.response import EmptyResponse, Headers
from ..models.scheduled_sql import ScheduledSQL, ScheduledSQLConfiguration
from ..timeparse import parse_timestamp
from .base import ApiBase, list_all, require_name

E = TypeVar("E", bound=EmptyResponse)
G = TypeVar("G", bound=JobObjectResponse)
L = TypeVar("L", bound=JobListResponse)

JobBody = Union[str, bytes, Mapping[str, Any]]


def job_body(config: JobBody, what: str) -> Dict[str, Any]:
    """A job's JSON given as a dict or its JSON text."""
    if isinstance(config, (str, bytes)):
        try:
            config = json.loads(config)
        except ValueError as exc:
            raise invalid_argument(f"{what} is not valid JSON: {exc}") from None
    if not isinstance(config, Mapping):
        raise invalid_argument(f"{what} must be a dict or its JSON text, got {type(config).__name__}")
    return dict(config)


def _job_path(name: Any, what: str) -> str:
    return f"/jobs/{require_name(name, what)}"


def _require_scheduled_sql(value: Any) -> ScheduledSQL:
    if not isinstance(value, ScheduledSQL):
        raise TypeError(f"scheduled_sql must be a ScheduledSQL, got {type(value).__name__}")
    return value


class JobsApi(ApiBase):
    # -- shared plumbing ---------------------------------------------------------------------------------------------
    def _job_write(self, method: str, project: str, path: str, body: Optional[Dict[str, Any]], cls: Type[E],
                   params: Optional[Dict[str, str]] = None) -> E:
        require_name(project, "project_name")
        if body is None:
            resp = self._send(method, path, project, params)
        else:
            resp = self._send_json(method, path, project, body, params)
        return cls(resp.headers, resp.json() or "")

    def _job_get(self, project: str, path: str, cls: Type[G], params: Optional[Dict[str, str]] = None) -> G:
        resp = self._send("GET", path, require_name(project, "project"), params)
        return cls(resp.headers, resp.json())

    def _job_list(self, project: str, path: str, params: Dict[str, str], offset: int, size: int,
                  cls: Type[L]) -> L:
        require_name(project, "project_name")

        def fetch(page_offset: int, page_size: int) -> L:
            resp = self._send("GET", path, project, {**params, "offset": str(page_offset), "size": str(page_size)})
            return cls(resp.json(), resp.headers)

        return list_all(fetch, int(offset), int(size))

    # -- scheduled SQL -----------------------------------------------------------------------------------------------
    def check_upsert_scheduled_sql(self, project_name: str, scheduled_sql: ScheduledSQL, method: str,
                                   resource: str) -> Tuple[Any, Headers]:
        """Validate a scheduled SQL job and send it with ``method`` to ``resource``; returns ``(body, headers)``.

        ``BadConfig`` when the configuration is not a :class:`ScheduledSQLConfiguration`, ``BadParameters`` when
        ``fromTime`` / ``toTime`` are not a valid range."""
        config = _require_scheduled_sql(scheduled_sql).getConfiguration()
        if not isinstance(config, ScheduledSQLConfiguration):
            raise LogException("BadConfig", "the scheduled SQL configuration must be a ScheduledSQLConfiguration")
        try:
            config.check_time_range()
        except ValueError as exc:
            raise LogException("BadParameters", str(exc)) from None
        resp = self._send_json(method, resource, require_name(project_name, "project_name"), scheduled_sql.to_json())
        return resp.json() or "", resp.headers

    def create_scheduled_sql(self, project_name: str, scheduled_sql: ScheduledSQL) -> CreateScheduledSQLResponse:
        """Create a scheduled SQL job; it runs on its schedule while its ``status`` is ``ENABLED``."""
        body, headers = self.check_upsert_scheduled_sql(project_name, scheduled_sql, "POST", "/jobs")
        return CreateScheduledSQLResponse(headers, body)

    def update_scheduled_sql(self, project_name: str, scheduled_sql: ScheduledSQL) -> UpdateScheduledSQLResponse:
        """Replace the scheduled SQL job named by ``scheduled_sql.getName()``."""
        path = _job_path(_require_scheduled_sql(scheduled_sql).getName(), "scheduled_sql name")
        body, headers = self.check_upsert_scheduled_sql(project_name, scheduled_sql, "PUT", path)
        return UpdateScheduledSQLResponse(headers, body)

    def delete_scheduled_sql(self, project_name: str, job_name: str) -> DeleteScheduledSQLResponse:
        """Delete a scheduled SQL job and its instances."""
        return self._job_write("DELETE", project_name, _job_path(job_name, "job_name"), None,
                               DeleteScheduledSQLResponse)

    def get_scheduled_sql(self, project_name: str, job_name: str) -> GetScheduledSQLResponse:
        """Read a scheduled SQL job (``get_scheduled_sql()`` is its JSON)."""
        return self._job_get(project_name, _job_path(job_name, "job_name"), GetScheduledSQLResponse)

    def list_scheduled_sql(self, project_name: str, offset: int = 0, size: int = 100) -> ListScheduledSQLResponse:
        """List scheduled SQL jobs (``size=-1`` fetches every page)."""
        return self._job_list(project_name, "/jobs", {"jobType": JobType.SCHEDULED_SQL}, offset, size,
                              ListScheduledSQLResponse)

    def list_scheduled_sql_job_instance(
        self, project: str, job_name: str, from_time: Any, to_time: Any, state: Optional[str] = None,
        offset: int = 0, size: int = 100,
    ) -> ListScheduledSqlJobInstancesResponse:
        """The instances of a job scheduled in ``[from_time, to_time)`` (unix seconds or time text), optionally of
        one ``state`` (``RUNNING``, ``SUCCEEDED``, ``FAILED``); ``size=-1`` fetches every page."""
        try:
            params = {"jobType": JobType.SCHEDULED_SQL, "start": str(parse_timestamp(from_time)),
                      "end": str(parse_timestamp(to_time))}
        except ValueError as exc:
            raise invalid_argument(str(exc)) from None
        if state:
            params["state"] = state
        return self._job_list(project, _job_path(job_name, "job_name") + "/jobinstances", params, offset, size,
                              ListScheduledSqlJobInstancesResponse)

    def get_scheduled_sql_job_instance(self, project: str, job_name: str, instance_id: str,
                                       result: Optional[str] = None) -> GetScheduledSqlJobInstanceResponse:
        """One instance of a job; ``result="true"`` adds its run details."""
        path = f"{_job_path(job_name, 'job_name')}/jobinstances/{require_name(instance_id, 'instance_id')}"
        return self._job_get(project, path, GetScheduledSqlJobInstanceResponse,
                             {"result": str(result)} if result else None)

    def modify_scheduled_sql_job_instance_state(self, project: str, job_name: str, instance_id: str,
                                                state: str) -> ModifyScheduledSqlJobStateResponse:
        """Re-run an instance: ``state`` must be ``RUNNING``."""
        if state != "RUNNING":
            raise LogException("BadParameters", f"invalid state {state!r}: an instance can only be set to RUNNING")
        path = f"{_job_path(job_name, 'job_name')}/jobinstances/{require_name(instance_id, 'instance_id')}"
        return self._job_write("PUT", project, path, None, ModifyScheduledSqlJobStateResponse, {"state": state})

    # -- ETL ---------------------------------------------------------------------------------------------------------
    @staticmethod
    def _etl_body(name: str, configuration: Any, schedule: Any, display_name: Any,
                  description: Optional[str]) -> Dict[str, Any]:
        return {"name": require_name(name, "name"), "configuration": configuration, "schedule": schedule,
                "description": description, "displayName": display_name, "type": JobType.ETL}

    def create_etl(self, project_name: str, name: str, configuration: Mapping[str, Any],
                   schedule: Mapping[str, Any], display_name: str,
                   description: Optional[str] = None) -> CreateEtlResponse:
        """Create an ETL job (``configuration``: ``script``, ``logstore``, ``sinks``...; ``schedule``:
        ``{"type": "Resident"}``). The emulator stores it and its state; it does not run ETL scripts."""
        return self._job_write("POST", project_name, "/jobs",
                               self._etl_body(name, configuration, schedule, display_name, description),
                               CreateEtlResponse)

    def update_etl(self, project_name: str, name: str, configuration: Mapping[str, Any],
                   schedule: Mapping[str, Any], display_name: str,
                   description: Optional[str] = None) -> UpdateEtlResponse:
        """Replace an ETL job."""
        return self._job_write("PUT", project_name, _job_path(name, "name"),
                               self._etl_body(name, configuration, schedule, display_name, description),
                               UpdateEtlResponse)

    def get_etl(self, project_name: str, name: str) -> GetEtlResponse:
        """Read an ETL job (``get_etl()``; ``status`` is ``RUNNING``, ``STOPPED``...)."""
        return self._job_get(project_name, _job_path(name, "name"), GetEtlResponse)

    def start_etl(self, project_name: str, name: str) -> StartEtlResponse:
        return self._job_write("PUT", project_name, _job_path(name, "name"), None, StartEtlResponse,
                               {"action": "START"})

    def stop_etl(self, project_name: str, name: str) -> StopEtlResponse:
        return self._job_write("PUT", project_name, _job_path(name, "name"), None, StopEtlResponse,
                               {"action": "STOP"})

    def list_etls(self, project_name: str, offset: int = 0, size: int = 100) -> ListEtlsResponse:
        """List ETL jobs (``size=-1`` fetches every page)."""
        return self._job_list(project_name, "/jobs", {"jobType": JobType.ETL}, offset, size, ListEtlsResponse)

    def delete_etl(self, project_name: str, name: str) -> DeleteEtlResponse:
        return self._job_write("DELETE", project_name, _job_path(name, "name"), None, DeleteEtlResponse)

    # -- ingestion ---------------------------------------------------------------------------------------------------
    def list_ingestion(self, project_name: str, logstore_name: str = "", offset: int = 0,
                       size: int = 100) -> ListIngestionResponse:
        """List ingestion jobs, of one logstore when ``logstore_name`` is given (``size=-1``: every page)."""
        return self._job_list(project_name, "/jobs", {"jobType": JobType.INGESTION, "logstore": logstore_name or ""},
                              offset, size, ListIngestionResponse)

    def create_ingestion(self, project_name: str, ingestion_config: JobBody) -> CreateIngestionResponse:
        """Create an ingestion job from its JSON (text or dict): ``name``, ``displayName``, ``type``
        ``Ingestion``, ``schedule``, ``configuration`` (``logstore``, ``source``...)."""
        return self._job_write("POST", project_name, "/jobs", job_body(ingestion_config, "ingestion_config"),
                               CreateIngestionResponse)

    def update_ingestion(self, project_name: str, ingestion_name: str,
                         ingestion_config: JobBody) -> UpdateIngestionResponse:
        return self._job_write("PUT", project_name, _job_path(ingestion_name, "ingestion_name"),
                               job_body(ingestion_config, "ingestion_config"), UpdateIngestionResponse)

    def delete_ingestion(self, project_name: str, ingestion_name: str) -> DeleteIngestionResponse:
        return self._job_write("DELETE", project_name, _job_path(ingestion_name, "ingestion_name"), None,
                               DeleteIngestionResponse)

    def get_ingestion(self, project_name: str, ingestion_name: str) -> GetIngestionResponse:
        return self._job_get(project_name, _job_path(ingestion_name, "ingestion_name"), GetIngestionResponse)

    def start_ingestion(self, project_name: str, ingestion_name: str) -> StartIngestionResponse:
        return self._job_write("PUT", project_name, _job_path(ingestion_name, "ingestion_name"), None,
                               StartIngestionResponse, {"action": "START"})

    def restart_ingestion(self, project_name: str, ingestion_name: str,
                          ingestion_config: JobBody) -> RestartIngestionResponse:
        """Replace an ingestion job's config and restart it."""
        return self._job_write("PUT", project_name, _job_path(ingestion_name, "ingestion_name"),
                               job_body(ingestion_config, "ingestion_config"), RestartIngestionResponse,
                               {"action": "RESTART"})

    def stop_ingestion(self, project_name: str, ingestion_name: str) -> StopIngestionResponse:
        return self._job_write("PUT", project_name, _job_path(ingestion_name, "ingestion_name"), None,
                               StopIngestionResponse, {"action": "STOP"})

    # -- export ------------------------------------------------------------------------------------------------------
    def create_export(self, project_name: str, export: Export) -> CreateExportResponse:
        """Create an export job from an :class:`Export` whose sink is OSS or MaxCompute (``TypeError``
        otherwise)."""
        if not isinstance(export, Export):
            raise TypeError(f"export must be an Export, got {type(export).__name__}")
        export.check()
        return self._job_write("POST", project_name, "/jobs", export.to_json(), CreateExportResponse)

    def update_export(self, project_name: str, job_name: str, export: JobBody) -> UpdateExportResponse:
        """Replace an export job with its JSON text (or an :class:`Export` / dict) and restart it."""
        body = export.to_json() if isinstance(export, Export) else job_body(export, "export")
        return self._job_write("PUT", project_name, _job_path(job_name, "job_name"), body, UpdateExportResponse,
                               {"action": "RESTART"})

    def delete_export(self, project_name: str, job_name: str) -> DeleteExportResponse:
        return self._job_write("DELETE", project_name, _job_path(job_name, "job_name"), None, DeleteExportResponse)

    def get_export(self, project_name: str, job_name: str) -> GetExportResponse:
        return self._job_get(project_name, _job_path(job_name, "job_name"), GetExportResponse)

    def list_export(self, project_name: str, offset: int = 0, size: int = 100) -> ListExportResponse:
        """List export jobs (``size=-1`` fetches every page)."""
        return self._job_list(project_name, "/jobs", {"jobType": JobType.EXPORT}, offset, size, ListExportResponse)

    def list_logstore_export(self, project_name: str, logstore_name: str, offset: int = 0,
                             size: int = 100) -> ListExportResponse:
        """List the export jobs of one logstore (``size=-1`` fetches every page)."""
        return self._job_list(project_name, "/jobs",
                              {"jobType": JobType.EXPORT, "logstore": require_name(logstore_name, "logstore_name")},
                              offset, size, ListExportResponse)
