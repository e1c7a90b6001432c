"""A project's resource usage: its resources counted against the service's default quotas."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict

from ..api.base import require_name
from ..models.management import GetResourceUsageResponse

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["DEFAULT_QUOTAS", "get_resource_usage"]

#: Default quotas reported as ``limitation`` by :func:`get_resource_usage` (the service's defaults for a project; an
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


def _usage(status: int, limit: int) -> Dict[str, Any]:
    return {"status": status, "limitation": limit, "usage": f"{round(status * 100.0 / limit, 2)}%"}


def get_resource_usage(client: LogClient, project: str) -> GetResourceUsageResponse:
    """:meth:`LogClient.get_resource_usage <aliyun.log.LogClient.get_resource_usage>` made with ``client``, in the
    original SDK's shape (``logstore``, ``shard``, ``consumer_group``, ``logtail``, ``machine_group``,
    ``saved_search``, ``dashboard``, plus ``alert`` and ``external_store``)."""
    require_name(project, "project")
    quotas = DEFAULT_QUOTAS
    logstores = client.list_logstore(project, size=-1).get_logstores()
    shard_usage: Dict[str, Dict[str, Any]] = {}
    group_usage: Dict[str, Dict[str, Any]] = {}
    for name in logstores:
        readwrite = len(client.list_shards(project, name).get_readwrite_shards())
        shard_usage[name] = _usage(readwrite, quotas["shards_per_logstore"])
        groups = len(client.list_consumer_group(project, name).get_body() or [])
        if groups:
            group_usage[name] = _usage(groups, quotas["consumer_groups_per_logstore"])

    def total(count: int, quota: str) -> Dict[str, Any]:
        return {"count": _usage(count, quotas[quota])}

    result: Dict[str, Any] = {
        "logstore": total(len(logstores), "logstores"),
        "shard": {**total(sum(u["status"] for u in shard_usage.values()), "shards"), "logstores": shard_usage},
        "consumer_group": {"count": {"status": sum(u["status"] for u in group_usage.values())},
                           "logstores": group_usage},
        "logtail": total(client.list_logtail_config(project, size=0).get_total(), "logtail_configs"),
        "machine_group": total(client.list_machine_group(project, size=0).get_total(), "machine_groups"),
        "saved_search": total(client.list_savedsearch(project, size=0).get_total(), "savedsearches"),
        "dashboard": total(client.list_dashboard(project, size=0).get_total(), "dashboards"),
        "alert": total(client.list_alert(project, size=0).get_total(), "alerts"),
        "external_store": total(client.list_external_store(project, size=0).get_total(), "external_stores"),
    }
    return GetResourceUsageResponse(result)
