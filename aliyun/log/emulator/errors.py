"""Domain errors of the emulator's backends and the ONE table that turns them into the service's error answers.

Backends raise :class:`NotFound`, :class:`AlreadyExists` or :class:`Rejected`; they never build HTTP answers. The
dispatcher (``server.Application``) catches :class:`DomainError` and answers :func:`to_api_error` of it; no handler
catches a backend or storage error.

Adding a resource kind: add its ``NotExist`` / ``AlreadyExist`` rows to :data:`ERRORS` (a kind without a row answers
``ParameterInvalid``, 400, with the exception's message). A new kind of refusal: a :class:`Rejected` reason row.
"""

from __future__ import annotations

from typing import Any, Dict, Tuple, Type

from .core import ApiError

__all__ = ["ERRORS", "AlreadyExists", "DomainError", "NotFound", "Rejected", "to_api_error"]


class DomainError(Exception):
    """A request the backends refuse. ``kind`` selects the row of :data:`ERRORS`; ``name`` fills its message."""

    def __init__(self, kind: str, name: Any, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.message = message


class NotFound(DomainError, LookupError):
    """``kind`` is ``project``, ``logstore``, ``shard``, ``consumergroup`` or a resource kind."""

    def __init__(self, kind: str, name: Any) -> None:
        super().__init__(kind, name, f"{kind} {name} does not exist")


class AlreadyExists(DomainError):
    def __init__(self, kind: str, name: Any) -> None:
        super().__init__(kind, name, f"{kind} {name} already exists")


class Rejected(DomainError, ValueError):
    """Well-formed but not allowed now (e.g. split a readonly shard); ``reason`` is a row of :data:`ERRORS`."""

    def __init__(self, message: str, reason: str = "invalid_state") -> None:
        super().__init__(reason, None, message)


_Row = Tuple[int, str, str]  # status, error code, message template ({name}, {message})

#: (exception class, kind) → (HTTP status, error code, message). The service's codes (PROTOCOL §9).
ERRORS: Dict[Tuple[Type[DomainError], str], _Row] = {
    (NotFound, "project"): (404, "ProjectNotExist", "The Project does not exist : {name}"),
    (NotFound, "logstore"): (404, "LogStoreNotExist", "logstore {name} does not exist"),
    (NotFound, "shard"): (400, "ShardNotExist", "Shard {name} does not exist."),
    (NotFound, "index"): (404, "IndexConfigNotExist", "index config of logstore {name} does not exist"),
    (NotFound, "consumergroup"): (404, "ConsumerGroupNotExist", "consumer group {name} does not exist"),
    (NotFound, "logtail_config"): (404, "ConfigNotExist", "logtail config {name} does not exist"),
    (NotFound, "machinegroup"): (404, "MachineGroupNotExist", "machine group {name} does not exist"),
    (NotFound, "dashboard"): (404, "DashboardNotExist", "dashboard {name} does not exist"),
    (NotFound, "savedsearch"): (404, "SavedSearchNotExist", "saved search {name} does not exist"),
    (NotFound, "job"): (404, "JobNotExist", "job {name} does not exist"),
    (NotFound, "sql_job_instance"): (404, "JobInstanceNotExist", "job instance {name} does not exist"),
    (NotFound, "pipeline_config"): (404, "ConfigNotExist", "pipeline config {name} does not exist"),
    (NotFound, "resource_policy"): (404, "ResourcePolicyNotExist", "the {name} has no resource policy"),
    (NotFound, "resource"): (404, "ResourceNotExist", "resource {name} does not exist"),
    (NotFound, "resource_record"): (404, "RecordNotExist", "record {name} does not exist"),
    (NotFound, "topostore"): (404, "TopostoreNotExist", "topostore {name} does not exist"),
    (NotFound, "topostore_node"): (404, "TopostoreNodeNotExist", "topostore node {name} does not exist"),
    (NotFound, "topostore_relation"): (404, "TopostoreRelationNotExist", "topostore relation {name} does not exist"),
    (NotFound, "shipper"): (404, "ShipperNotExist", "shipper {name} does not exist"),
    (NotFound, "externalstore"): (404, "ExternalStoreNotExist", "external store {name} does not exist"),
    (AlreadyExists, "project"): (400, "ProjectAlreadyExist", "Project {name} already exist"),
    (AlreadyExists, "logstore"): (400, "LogStoreAlreadyExist", "logstore {name} already exists"),
    (AlreadyExists, "index"): (400, "IndexAlreadyExist", "index of logstore {name} already exists"),
    (AlreadyExists, "consumergroup"): (400, "ConsumerGroupAlreadyExist", "consumer group {name} already exists"),
    (AlreadyExists, "logtail_config"): (400, "ConfigAlreadyExist", "logtail config {name} already exists"),
    (AlreadyExists, "machinegroup"): (400, "GroupAlreadyExist", "machine group {name} already exists"),
    (AlreadyExists, "dashboard"): (400, "DashboardAlreadyExist", "dashboard {name} already exists"),
    (AlreadyExists, "savedsearch"): (400, "SavedSearchAlreadyExist", "saved search {name} already exists"),
    (AlreadyExists, "job"): (400, "JobAlreadyExist", "job {name} already exists"),
    (AlreadyExists, "pipeline_config"): (400, "ConfigAlreadyExist", "pipeline config {name} already exists"),
    (AlreadyExists, "resource"): (400, "ResourceAlreadyExist", "resource {name} already exists"),
    (AlreadyExists, "resource_record"): (400, "RecordAlreadyExist", "record {name} already exists"),
    (AlreadyExists, "topostore"): (400, "TopostoreAlreadyExist", "topostore {name} already exists"),
    (AlreadyExists, "topostore_node"): (400, "TopostoreNodeAlreadyExist", "topostore node {name} already exists"),
    (AlreadyExists, "topostore_relation"): (400, "TopostoreRelationAlreadyExist",
                                            "topostore relation {name} already exists"),
    (AlreadyExists, "shipper"): (400, "ShipperAlreadyExist", "shipper {name} already exists"),
    (AlreadyExists, "externalstore"): (400, "ExternalStoreAlreadyExist", "external store {name} already exists"),
    # data plane
    (NotFound, "deletelogtask"): (404, "TaskNotExist", "delete task {name} does not exist"),
    (NotFound, "asyncsql"): (404, "QueryNotExist", "async query {name} does not exist"),
    (NotFound, "sqlinstance"): (404, "SqlInstanceNotExist", "project {name} has no SQL instance"),
    (AlreadyExists, "sqlinstance"): (400, "SqlInstanceAlreadyExist", "project {name} already has a SQL instance"),
    (NotFound, "storeview"): (404, "StoreViewNotExist", "store view {name} does not exist"),
    (AlreadyExists, "storeview"): (400, "StoreViewAlreadyExist", "store view {name} already exists"),
    (NotFound, "object"): (404, "ObjectNotExist", "object {name} does not exist"),
    (NotFound, "substore"): (404, "SubStoreNotExist", "substore {name} does not exist"),
    (AlreadyExists, "substore"): (400, "SubStoreAlreadyExist", "substore {name} already exists"),
    (Rejected, "invalid_state"): (400, "ParameterInvalid", "{message}"),
    (Rejected, "consumer_group_quota"): (400, "ConsumerGroupQuotaExceed", "{message}"),
    (Rejected, "invalid_checkpoint"): (400, "InvalidShardCheckPoint", "{message}"),
    (Rejected, "consumer_not_exist"): (400, "ConsumerNotExist", "{message}"),
    (Rejected, "consumer_not_match"): (400, "ConsumerNotMatch", "{message}"),
    (Rejected, "consumer_not_in_group"): (400, "NotExistConsumerWithBody", "{message}"),
    (Rejected, "invalid_cursor"): (400, "InvalidCursor", "{message}"),
}


def to_api_error(exc: DomainError) -> ApiError:
    """The service's answer to a domain error (``ParameterInvalid``, 400, for a kind without a row)."""
    for cls in type(exc).__mro__:
        row = ERRORS.get((cls, exc.kind))
        if row is not None:
            status, code, template = row
            return ApiError(status, code, template.format(name=exc.name, message=exc.message))
    return ApiError(400, "ParameterInvalid", exc.message)

