"""Composite management operations on LogClient: copying projects, logstores, dashboards and alerts, spreading a
logstore over more shards, a project's resource usage. They live in :mod:`aliyun.log.ops`; these methods delegate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Union

from ..models.management import (
    CopyLogstoreResponse,
    CopyProjectResponse,
    CreateEntityResponse,
    GetResourceUsageResponse,
    UpdateEntityResponse,
)
from ..models.response import ListShardResponse
from ..ops import as_log_client, copying, shards, usage
from ..ops.usage import DEFAULT_QUOTAS
from .base import ApiBase

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["DEFAULT_QUOTAS", "OperationsApi"]


class OperationsApi(ApiBase):
    def copy_project(
        self,
        from_project: str,
        to_project: str,
        to_client: Optional[LogClient] = None,
        copy_machine_group: bool = False,
        copy_dashboards: bool = False,
        copy_alerts: bool = False,
    ) -> CopyProjectResponse:
        """Copy a project's logstores (settings and shard count), their indexes and the project's Logtail configs
        to ``to_project`` (created when missing), through ``to_client`` when given (e.g. another region).

        ``copy_machine_group`` also copies the machine groups and which configs are applied to them;
        ``copy_dashboards`` / ``copy_alerts`` copy those too. Log data is not copied. Existing targets of the same
        name are updated, so the call can be repeated. The answer's body lists what was copied.
        """
        return copying.copy_project(
            as_log_client(self), from_project, to_project, to_client, copy_machine_group, copy_dashboards, copy_alerts
        )

    def copy_logstore(
        self,
        from_project: str,
        from_logstore: str,
        to_logstore: str,
        to_project: Optional[str] = None,
        to_client: Optional[LogClient] = None,
        to_region_endpoint: Optional[str] = None,
        keep_config_name: bool = False,
    ) -> CopyLogstoreResponse:
        """Copy a logstore's settings, index and the Logtail configs writing to it into ``to_logstore`` of
        ``to_project`` (default: the same project), through ``to_client`` (or a new client with this client's
        credentials for ``to_region_endpoint``). The target project and logstore are created when missing; an
        existing target logstore gets the source's settings (and more shards if it has fewer).

        Copied configs write to ``to_logstore``. They keep their names when copied to another project or client or
        with ``keep_config_name=True``; within one project they are named ``<config>_<to_logstore>`` (so the
        source's configs stay as they are). Machine groups and log data are not copied.
        """
        return copying.copy_logstore(
            as_log_client(self),
            from_project,
            from_logstore,
            to_logstore,
            to_project,
            to_client,
            to_region_endpoint,
            keep_config_name,
        )

    def copy_dashboard(
        self,
        from_project: str,
        from_dashboard_name: str,
        to_project: Optional[str] = None,
        to_dashboard_name: Optional[str] = None,
        to_client: Optional[LogClient] = None,
        to_region_endpoint: Optional[str] = None,
    ) -> Union[CreateEntityResponse, UpdateEntityResponse]:
        """Copy a dashboard (to another name, project or client); an existing target is updated."""
        return copying.copy_dashboard(
            as_log_client(self),
            from_project,
            from_dashboard_name,
            to_project,
            to_dashboard_name,
            to_client,
            to_region_endpoint,
        )

    def copy_alert(
        self,
        from_project: str,
        from_alert_name: str,
        to_project: Optional[str] = None,
        to_alert_name: Optional[str] = None,
        to_client: Optional[LogClient] = None,
        to_region_endpoint: Optional[str] = None,
    ) -> Union[CreateEntityResponse, UpdateEntityResponse]:
        """Copy an alert (to another name, project or client); an existing target is updated."""
        return copying.copy_alert(
            as_log_client(self), from_project, from_alert_name, to_project, to_alert_name, to_client, to_region_endpoint
        )

    def arrange_shard(self, project: str, logstore: str, count: int) -> ListShardResponse:
        """Split (and, where old boundaries are in the way, merge) the readwrite shards of a logstore until there are
        ``count`` of them dividing the MD5 hash range evenly. Does nothing when the logstore already has ``count``
        or more readwrite shards. Answers the final shard list."""
        return shards.arrange_shard(as_log_client(self), project, logstore, count)

    def get_resource_usage(self, project: str) -> GetResourceUsageResponse:
        """Count the resources of a project against the default quotas (:data:`DEFAULT_QUOTAS`).

        The answer is a dict-like response shaped as the original SDK's: ``{"logstore": {"count": {"status": n,
        "limitation": 200, "usage": "1.0%"}}, "shard": {"count": {...}, "logstores": {name: {...}}},
        "consumer_group": {"count": {"status": n}, "logstores": {name with groups: {...}}}, "logtail": ...,
        "machine_group": ..., "saved_search": ..., "dashboard": ...}``, plus ``"alert"`` and ``"external_store"``.
        Shards count the read-write ones (those the quota applies to).
        """
        return usage.get_resource_usage(as_log_client(self), project)
