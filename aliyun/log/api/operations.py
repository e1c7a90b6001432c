"""Operations built on the management API: copying projects, logstores, dashboards and alerts (also to another
client, e.g. another region), spreading a logstore over more shards, and a project's resource usage.

Nothing here has an endpoint of its own; every step is an ordinary API call, so a failure part-way leaves what was
already copied in place and the call can simply be repeated (existing targets are updated, not duplicated).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple

from ..errors import LogException, invalid_argument
from ..models.management import (
    CopyLogstoreResponse,
    CopyProjectResponse,
    CreateEntityResponse,
    GetResourceUsageResponse,
    strip_times,
)
from ..models.response import ListShardResponse
from .base import ApiBase, require_name

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

#: Size of the MD5 hash-key space the shards of a logstore divide among themselves.
HASH_SPACE = 1 << 128

#: Default quotas reported as ``limitation`` by :meth:`OperationsApi.get_resource_usage` (the service's defaults for a
#: project; an account may have been granted more).
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

_MAX_NAME = 128
_REGION_RE = re.compile(r"^(?:https?://)?([a-z0-9-]+?)(?:-intranet|-share|-vpc)?\.log\.aliyuncs\.com")


def _code(exc: LogException) -> str:
    return exc.get_error_code()


def _hash_value(key: str) -> int:
    """The integer of a 32-hex-digit shard key; the top key ``ff..ff`` stands for the end of the space."""
    value = int(key, 16)
    return HASH_SPACE if value == HASH_SPACE - 1 else value


def _hash_key(value: int) -> str:
    return format(min(value, HASH_SPACE - 1), "032x")


class OperationsApi(ApiBase):
    # -- helpers -----------------------------------------------------------------------------------------------------
    def _as_client(self) -> LogClient:
        return self  # type: ignore[return-value]

    def _target_client(self, to_client: Optional[LogClient], to_region_endpoint: Optional[str]
                       ) -> Tuple[LogClient, bool]:
        """``(client, owned)``: ``to_client``, a new client for ``to_region_endpoint`` with this client's
        credentials (``owned``: close it afterwards), or this client."""
        if to_client is not None:
            return to_client, False
        if to_region_endpoint:
            from ..client import LogClient

            version = getattr(self, "_auth_version", "v1")
            region = ""
            if version == "v4":
                match = _REGION_RE.match(to_region_endpoint)
                region = match.group(1) if match else getattr(self, "_region", "")
            client = LogClient(to_region_endpoint, credentials_provider=self._transport.credentials_provider,
                               auth_version=version, region=region)
            return client, True
        return self._as_client(), False

    @staticmethod
    def _logstore_settings(src: Any) -> Dict[str, Any]:
        """Arguments of ``create_logstore`` reproducing the settings of a GetLogStore answer."""
        max_split = src.get_max_split_shard()
        settings: Dict[str, Any] = {
            "ttl": src.get_ttl(),
            "shard_count": max(1, src.get_shard_count()),
            "enable_tracking": src.get_enable_tracking(),
            "append_meta": src.get_append_meta(),
            "auto_split": src.get_auto_split(),
            "max_split_shard": max_split if isinstance(max_split, int) and 1 <= max_split <= 256 else 64,
            "telemetry_type": src.get_telemetry_type() or "",
        }
        if src.get_encrypt_conf():
            settings["encrypt_conf"] = src.get_encrypt_conf()
        if isinstance(src.get_hot_ttl(), int) and src.get_hot_ttl() > 0:
            settings["hot_ttl"] = src.get_hot_ttl()
        if isinstance(src.get_infrequent_access_ttl(), int) and src.get_infrequent_access_ttl() > 0:
            settings["infrequent_access_ttl"] = src.get_infrequent_access_ttl()
        if src.get_mode():
            settings["mode"] = src.get_mode()
        return settings

    def _ensure_project(self, target: LogClient, from_project: str, to_project: str) -> bool:
        """Create ``to_project`` on ``target`` (with the source's description) unless it exists; True if created."""
        try:
            target.get_project(to_project)
            return False
        except LogException as exc:
            if _code(exc) != "ProjectNotExist":
                raise
        description = self._as_client().get_project(from_project).get_description()
        try:
            target.create_project(to_project, description)
        except LogException as exc:
            if _code(exc) != "ProjectAlreadyExist":
                raise
            return False
        return True

    def _copy_logstore_settings(self, from_project: str, from_logstore: str, target: LogClient, to_project: str,
                                to_logstore: str) -> bool:
        """Create (or update) the target logstore with the source's settings; True when it was created."""
        src = self._as_client().get_logstore(from_project, from_logstore)
        settings = self._logstore_settings(src)
        try:
            target.create_logstore(to_project, to_logstore, **settings)
            return True
        except LogException as exc:
            if _code(exc) != "LogStoreAlreadyExist":
                raise
        shard_count = settings.pop("shard_count")
        target.update_logstore(to_project, to_logstore, **settings)
        current = len(target.list_shards(to_project, to_logstore).get_readwrite_shards())
        if current < shard_count:
            target.arrange_shard(to_project, to_logstore, shard_count)
        return False

    def _copy_index(self, from_project: str, from_logstore: str, target: LogClient, to_project: str,
                    to_logstore: str) -> bool:
        """Copy the index of a logstore (create, or update an existing one); False when the source has none."""
        try:
            index = self._as_client().get_index_config(from_project, from_logstore).get_index_config()
        except LogException as exc:
            if _code(exc) != "IndexConfigNotExist":
                raise
            return False
        index.modify_time = None
        try:
            target.create_index(to_project, to_logstore, index)
        except LogException as exc:
            if _code(exc) != "IndexAlreadyExist":
                raise
            target.update_index(to_project, to_logstore, index)
        return True

    @staticmethod
    def _put_config(target: LogClient, project: str, body: Dict[str, Any]) -> None:
        try:
            target.create_logtail_config(project, body)
        except LogException as exc:
            if _code(exc) != "ConfigAlreadyExist":
                raise
            target.update_logtail_config(project, body)

    @staticmethod
    def _put_entity(create: Any, update: Any, exists_code: str, *args: Any) -> CreateEntityResponse:
        try:
            return create(*args)  # type: ignore[no-any-return]
        except LogException as exc:
            if _code(exc) != exists_code:
                raise
            return update(*args)  # type: ignore[no-any-return]

    # -- copy --------------------------------------------------------------------------------------------------------
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
        require_name(from_project, "from_project")
        require_name(to_project, "to_project")
        source = self._as_client()
        target, _ = self._target_client(to_client, None)
        if target is source and from_project == to_project:
            raise invalid_argument("copy_project needs a different target project or client")
        summary: Dict[str, Any] = {
            "project": to_project, "created": self._ensure_project(target, from_project, to_project),
            "logstores": [], "indexes": [], "logtail_configs": [], "machine_groups": [], "dashboards": [],
            "alerts": [],
        }
        for logstore in source.list_logstore(from_project, size=-1).get_logstores():
            self._copy_logstore_settings(from_project, logstore, target, to_project, logstore)
            summary["logstores"].append(logstore)
            if self._copy_index(from_project, logstore, target, to_project, logstore):
                summary["indexes"].append(logstore)
        for name in source.list_logtail_config(from_project, size=-1).get_configs():
            config = source.get_logtail_config(from_project, name).get_config()
            self._put_config(target, to_project, config.to_json())
            summary["logtail_configs"].append(name)
        if copy_machine_group:
            for name in source.list_machine_group(from_project, size=-1).get_machine_groups():
                group = source.get_machine_group(from_project, name).get_machine_group()
                self._put_entity(target.create_machine_group, target.update_machine_group, "GroupAlreadyExist",
                                 to_project, group)
                for config_name in source.get_machine_group_applied_configs(from_project, name).get_configs():
                    target.apply_config_to_machine_group(to_project, config_name, name)
                summary["machine_groups"].append(name)
        if copy_dashboards:
            for name in source.list_dashboard(from_project, size=-1).get_entities():
                self.copy_dashboard(from_project, name, to_project, to_client=target)
                summary["dashboards"].append(name)
        if copy_alerts:
            for alert in source.list_alert(from_project, size=-1).get_entities():
                self.copy_alert(from_project, alert["name"], to_project, to_client=target)
                summary["alerts"].append(alert["name"])
        return CopyProjectResponse(summary)

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
        require_name(from_project, "from_project")
        require_name(from_logstore, "from_logstore")
        require_name(to_logstore, "to_logstore")
        to_project = to_project or from_project
        source = self._as_client()
        target, owned = self._target_client(to_client, to_region_endpoint)
        try:
            same_place = target is source and to_project == from_project
            if same_place and to_logstore == from_logstore:
                raise invalid_argument("copy_logstore needs a different target logstore, project or client")
            self._ensure_project(target, from_project, to_project)
            created = self._copy_logstore_settings(from_project, from_logstore, target, to_project, to_logstore)
            has_index = self._copy_index(from_project, from_logstore, target, to_project, to_logstore)
            configs: List[str] = []
            for name in source.list_logtail_config(from_project, logstore=from_logstore, size=-1).get_configs():
                body = source.get_logtail_config(from_project, name).get_config().to_json()
                body["outputDetail"]["logstoreName"] = to_logstore
                if same_place and not keep_config_name:
                    body["configName"] = f"{name}_{to_logstore}"[:_MAX_NAME].rstrip("_-")
                self._put_config(target, to_project, body)
                configs.append(body["configName"])
        finally:
            if owned:
                target.close()
        return CopyLogstoreResponse({"project": to_project, "logstore": to_logstore, "created": created,
                                     "index": has_index, "logtail_configs": configs})

    def copy_dashboard(
        self,
        from_project: str,
        from_dashboard_name: str,
        to_project: Optional[str] = None,
        to_dashboard_name: Optional[str] = None,
        to_client: Optional[LogClient] = None,
        to_region_endpoint: Optional[str] = None,
    ) -> CreateEntityResponse:
        """Copy a dashboard (to another name, project or client); an existing target is updated."""
        detail = strip_times(self._as_client().get_dashboard(from_project, from_dashboard_name).get_entity())
        if to_dashboard_name:
            detail["dashboardName"] = to_dashboard_name
        target, owned = self._target_client(to_client, to_region_endpoint)
        try:
            return self._put_entity(target.create_dashboard, target.update_dashboard, "DashboardAlreadyExist",
                                    to_project or from_project, detail)
        finally:
            if owned:
                target.close()

    def copy_alert(
        self,
        from_project: str,
        from_alert_name: str,
        to_project: Optional[str] = None,
        to_alert_name: Optional[str] = None,
        to_client: Optional[LogClient] = None,
        to_region_endpoint: Optional[str] = None,
    ) -> CreateEntityResponse:
        """Copy an alert (to another name, project or client); an existing target is updated."""
        detail = strip_times(self._as_client().get_alert(from_project, from_alert_name).get_entity())
        if to_alert_name:
            detail["name"] = to_alert_name
        target, owned = self._target_client(to_client, to_region_endpoint)
        try:
            return self._put_entity(target.create_alert, target.update_alert, "JobAlreadyExist",
                                    to_project or from_project, detail)
        finally:
            if owned:
                target.close()

    # -- shards ------------------------------------------------------------------------------------------------------
    def arrange_shard(self, project: str, logstore: str, count: int) -> ListShardResponse:
        """Split (and, where old boundaries are in the way, merge) the readwrite shards of a logstore until there are
        ``count`` of them dividing the MD5 hash range evenly. Does nothing when the logstore already has ``count``
        or more readwrite shards. Answers the final shard list."""
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise invalid_argument(f"count must be a positive integer, got {count!r}")
        client = self._as_client()
        require_name(project, "project")
        require_name(logstore, "logstore")

        def readwrite() -> List[Dict[str, Any]]:
            shards = client.list_shards(project, logstore).get_readwrite_shards()
            return sorted(shards, key=lambda s: _hash_value(s["inclusiveBeginKey"]))

        current = readwrite()
        if len(current) >= count:
            return client.list_shards(project, logstore)
        targets = {(i * HASH_SPACE) // count for i in range(1, count)}
        for shard in current:
            begin, end = _hash_value(shard["inclusiveBeginKey"]), _hash_value(shard["exclusiveEndKey"])
            shard_id = int(shard["shardID"])
            for key in sorted(t for t in targets if begin < t < end):
                children = client.split_shard(project, logstore, shard_id, _hash_key(key)).get_shards_info()[1:]
                right = next(c for c in children if _hash_value(c["inclusiveBeginKey"]) == key)
                shard_id = int(right["shardID"])
        while True:
            extra = next((s for s in readwrite() if _hash_value(s["exclusiveEndKey"]) not in targets
                          and _hash_value(s["exclusiveEndKey"]) < HASH_SPACE), None)
            if extra is None:
                break
            client.merge_shard(project, logstore, int(extra["shardID"]))
        return client.list_shards(project, logstore)

    # -- usage -------------------------------------------------------------------------------------------------------
    def get_resource_usage(self, project: str) -> GetResourceUsageResponse:
        """Count the resources of a project against the default quotas (:data:`DEFAULT_QUOTAS`).

        The answer is a dict-like response shaped as the original SDK's: ``{"logstore": {"count": {"status": n,
        "limitation": 200, "usage": "1.0%"}}, "shard": {"count": {...}, "logstores": {name: {...}}},
        "consumer_group": {"count": {"status": n}, "logstores": {name with groups: {...}}}, "logtail": ...,
        "machine_group": ..., "saved_search": ..., "dashboard": ...}``, plus ``"alert"`` and ``"external_store"``.
        Shards count the read-write ones (those the quota applies to).
        """
        client = self._as_client()
        require_name(project, "project")
        quotas = DEFAULT_QUOTAS

        def usage(status: int, limit: int) -> Dict[str, Any]:
            return {"status": status, "limitation": limit, "usage": f"{round(status * 100.0 / limit, 2)}%"}

        def total(listing: Callable[..., Any], quota: str) -> Dict[str, Any]:
            return {"count": usage(listing(project, size=0).get_total(), quotas[quota])}

        logstores = client.list_logstore(project, size=-1).get_logstores()
        shard_usage = {}
        group_usage = {}
        list_groups = getattr(client, "list_consumer_group", None)
        for name in logstores:
            rw = len(client.list_shards(project, name).get_readwrite_shards())
            shard_usage[name] = usage(rw, quotas["shards_per_logstore"])
            groups = len(list_groups(project, name).get_body() or []) if list_groups is not None else 0
            if groups:
                group_usage[name] = usage(groups, quotas["consumer_groups_per_logstore"])
        result: Dict[str, Any] = {
            "logstore": {"count": usage(len(logstores), quotas["logstores"])},
            "shard": {"count": usage(sum(u["status"] for u in shard_usage.values()), quotas["shards"]),
                      "logstores": shard_usage},
            "consumer_group": {"count": {"status": sum(u["status"] for u in group_usage.values())},
                               "logstores": group_usage},
            "logtail": total(client.list_logtail_config, "logtail_configs"),
            "machine_group": total(client.list_machine_group, "machine_groups"),
            "saved_search": total(client.list_savedsearch, "savedsearches"),
            "dashboard": total(client.list_dashboard, "dashboards"),
            "alert": total(client.list_alert, "alerts"),
            "external_store": total(client.list_external_store, "external_stores"),
        }
        return GetResourceUsageResponse(result)
