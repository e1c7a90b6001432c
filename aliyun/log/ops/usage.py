"""A project's resource usage: its resources counted against the service's default quotas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from ..api.base import require_name
from ..models.management import GetResourceUsageResponse

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["DEFAULT_QUOTAS", "get_resource_usage"]

#: Default quotas reported as ``limit`` by :func:`get_resource_usage` (the service's defaults for a project; an
#: account may have been granted more).
DEFAULT_QUOTAS = {
    "logstores": 200,
    "shards": 200,
    "shards_per_logstore": 256,
    "consumer_groups_per_logstore": 30,
    "logtail_configs": 200,
    "machine_groups": 200,
    "dashboards": 100,
    "savedsearches": 100,
    "alerts": 100,
    "external_stores": 100,
}


def _usage(status: int, limit: int) -> Dict[str, int]:
    return {"status": status, "limit": limit}


def get_resource_usage(client: LogClient, project: str) -> GetResourceUsageResponse:
    """:meth:`LogClient.get_resource_usage <aliyun.log.LogClient.get_resource_usage>` made with ``client``."""
    require_name(project, "project")
    quotas = DEFAULT_QUOTAS
    logstores = client.list_logstore(project, size=-1).get_logstores()
    shard_usage = {}
    group_usage = {}
    for name in logstores:
        readwrite = len(client.list_shards(project, name).get_readwrite_shards())
        shard_usage[name] = _usage(readwrite, quotas["shards_per_logstore"])
        groups = client.list_consumer_group(project, name).get_body()
        group_usage[name] = _usage(len(groups or []), quotas["consumer_groups_per_logstore"])

    def count(total: int, quota: str) -> Dict[str, Dict[str, int]]:
        return {"count": _usage(total, quotas[quota])}

    result: Dict[str, Any] = {
        "logstores": count(len(logstores), "logstores"),
        "shards": {**count(sum(u["status"] for u in shard_usage.values()), "shards"), "logstores": shard_usage},
        "consumer_groups": {"count": _usage(sum(u["status"] for u in group_usage.values()),
                                            quotas["consumer_groups_per_logstore"] * max(1, len(logstores))),
                            "logstores": group_usage},
        "logtail_configs": count(client.list_logtail_config(project, size=0).get_total(), "logtail_configs"),
        "machine_groups": count(client.list_machine_group(project, size=0).get_total(), "machine_groups"),
        "dashboards": count(client.list_dashboard(project, size=0).get_total(), "dashboards"),
        "savedsearches": count(client.list_savedsearch(project, size=0).get_total(), "savedsearches"),
        "alerts": count(client.list_alert(project, size=0).get_total(), "alerts"),
        "external_stores": count(client.list_external_store(project, size=0).get_total(), "external_stores"),
    }
    return GetResourceUsageResponse(result)
