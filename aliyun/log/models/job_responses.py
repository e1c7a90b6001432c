"""Responses of the job APIs (``/jobs``): scheduled SQL and its instances, ETL jobs, ingestions and exports.

A ``Get...Response`` holds the job's JSON object (``get_body()`` and the named getter); a ``List...Response`` is a
page of job objects (``results``) with ``get_count()`` / ``get_total()``; the others carry only headers.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .response import EmptyResponse, Headers, ListResponse, LogResponse


class JobObjectResponse(LogResponse):
    """One job (or job instance) as the service returns it."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp if resp is not None else {})

    def get_job(self) -> Dict[str, Any]:
        return self.body  # type: ignore[no-any-return]


class JobListResponse(ListResponse):
    """A page of job objects."""

    items_key = "results"

    def get_jobs(self) -> List[Dict[str, Any]]:
        return self.items


# -- scheduled SQL ---------------------------------------------------------------------------------------------------
class CreateScheduledSQLResponse(EmptyResponse):
    """Answer of ``create_scheduled_sql``."""


class UpdateScheduledSQLResponse(EmptyResponse):
    """Answer of ``update_scheduled_sql``."""


class DeleteScheduledSQLResponse(EmptyResponse):
    """Answer of ``delete_scheduled_sql``."""


class GetScheduledSQLResponse(JobObjectResponse):
    """One scheduled SQL job: ``get_scheduled_sql()`` is its JSON object (``ScheduledSQL.from_json`` rebuilds
    the config object)."""

    def get_scheduled_sql(self) -> Dict[str, Any]:
        return self.get_job()

    @property
    def scheduled_sql_config(self) -> Dict[str, Any]:
        return self.get_job()


class ListScheduledSQLResponse(JobListResponse):
    """A page of scheduled SQL jobs (``get_scheduled_sql_jobs()``)."""

    def get_scheduled_sql_jobs(self) -> List[Dict[str, Any]]:
        return self.items


class ListScheduledSqlJobInstancesResponse(JobListResponse):
    """A page of instances (runs) of a scheduled SQL job: ``instanceId``, ``state`` (``RUNNING``,
    ``SUCCEEDED``, ``FAILED``), ``scheduleTime``, ``startTime``, ``updateTime``, ``errorMessage``..."""

    def get_scheduled_sql_jobs(self) -> List[Dict[str, Any]]:
        return self.items

    def get_instances(self) -> List[Dict[str, Any]]:
        return self.items


class GetScheduledSqlJobInstanceResponse(JobObjectResponse):
    """One instance of a scheduled SQL job (``get_instance()``)."""

    def get_instance(self) -> Dict[str, Any]:
        return self.get_job()


class ModifyScheduledSqlJobStateResponse(EmptyResponse):
    """Answer of ``modify_scheduled_sql_job_instance_state``."""


# -- ETL -------------------------------------------------------------------------------------------------------------
class CreateEtlResponse(EmptyResponse):
    """Answer of ``create_etl``."""


class UpdateEtlResponse(EmptyResponse):
    """Answer of ``update_etl``."""


class DeleteEtlResponse(EmptyResponse):
    """Answer of ``delete_etl``."""


class StartEtlResponse(EmptyResponse):
    """Answer of ``start_etl``."""


class StopEtlResponse(EmptyResponse):
    """Answer of ``stop_etl``."""


class GetEtlResponse(JobObjectResponse):
    """One ETL job (``get_etl()``): ``name``, ``configuration``, ``schedule``, ``status``..."""

    def get_etl(self) -> Dict[str, Any]:
        return self.get_job()

    @property
    def etl_config(self) -> Dict[str, Any]:
        return self.get_job()


class ListEtlsResponse(JobListResponse):
    """A page of ETL jobs (``get_etls()``)."""

    def get_etls(self) -> List[Dict[str, Any]]:
        return self.items

    @property
    def etls(self) -> List[Dict[str, Any]]:
        return self.items


# -- ingestion -------------------------------------------------------------------------------------------------------
class CreateIngestionResponse(EmptyResponse):
    """Answer of ``create_ingestion``."""


class UpdateIngestionResponse(EmptyResponse):
    """Answer of ``update_ingestion``."""


class DeleteIngestionResponse(EmptyResponse):
    """Answer of ``delete_ingestion``."""


class StartIngestionResponse(EmptyResponse):
    """Answer of ``start_ingestion``."""


class StopIngestionResponse(EmptyResponse):
    """Answer of ``stop_ingestion``."""


class RestartIngestionResponse(EmptyResponse):
    """Answer of ``restart_ingestion``."""


class GetIngestionResponse(JobObjectResponse):
    """One ingestion job (``get_ingestion()``)."""

    def get_ingestion(self) -> Dict[str, Any]:
        return self.get_job()

    @property
    def ingestion_config(self) -> Dict[str, Any]:
        return self.get_job()


class ListIngestionResponse(JobListResponse):
    """A page of ingestion jobs (``get_ingestions()``)."""

    def get_ingestions(self) -> List[Dict[str, Any]]:
        return self.items

    @property
    def ingestions(self) -> List[Dict[str, Any]]:
        return self.items


# -- export ----------------------------------------------------------------------------------------------------------
class CreateExportResponse(EmptyResponse):
    """Answer of ``create_export``."""


class UpdateExportResponse(EmptyResponse):
    """Answer of ``update_export``."""


class DeleteExportResponse(EmptyResponse):
    """Answer of ``delete_export``."""


class GetExportResponse(JobObjectResponse):
    """One export job (``get_export()``)."""

    def get_export(self) -> Dict[str, Any]:
        return self.get_job()

    @property
    def export_config(self) -> Dict[str, Any]:
        return self.get_job()


class ListExportResponse(JobListResponse):
    """A page of export jobs (``get_exports()``)."""

    def get_exports(self) -> List[Dict[str, Any]]:
        return self.items

    @property
    def exports(self) -> List[Dict[str, Any]]:
        return self.items
