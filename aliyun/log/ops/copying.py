"""Copying projects, logstores, dashboards and alerts, within a client or to another one (e.g. another region).

Every step is an ordinary API call, so a failure part-way leaves what was already copied in place and the call can
simply be repeated: existing targets are updated, not duplicated.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, TypeVar, Union

from ..api.base import require_name
from ..errors import LogException, invalid_argument
from ..models.management import (
    CopyLogstoreResponse,
    CopyProjectResponse,
    CreateEntityResponse,
    UpdateEntityResponse,
    strip_times,
)
from .shards import arrange_shard

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["copy_alert", "copy_dashboard", "copy_logstore", "copy_project"]

_MAX_NAME = 128
Created = TypeVar("Created")
Updated = TypeVar("Updated")
_REGION_RE = re.compile(r"^(?:https?://)?([a-z0-9-]+?)(?:-intranet|-share|-vpc)?\.log\.aliyuncs\.com")


def _code(exc: LogException) -> str:
    return exc.get_error_code()


def target_client(source: LogClient, to_client: Optional[LogClient], to_region_endpoint: Optional[str]
                  ) -> Tuple[LogClient, bool]:
    """``(client, owned)``: ``to_client``, a new client for ``to_region_endpoint`` with the credentials and signing
    of ``source`` (``owned``: close it afterwards), or ``source`` itself."""
    if to_client is not None:
        return to_client, False
    if to_region_endpoint:
        version = source._auth_version
        region = ""
        if version == "v4":
            match = _REGION_RE.match(to_region_endpoint)
            region = match.group(1) if match else source._region
        client = type(source)(to_region_endpoint, credentials_provider=source.get_credentials_provider(),
                              auth_version=version, region=region)
        return client, True
    return source, False


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


def _ensure_project(source: LogClient, target: LogClient, from_project: str, to_project: str) -> bool:
    """Create ``to_project`` on ``target`` (with the source's description) unless it exists; True if created."""
    try:
        target.get_project(to_project)
        return False
    except LogException as exc:
        if _code(exc) != "ProjectNotExist":
            raise
    description = source.get_project(from_project).get_description()
    try:
        target.create_project(to_project, description)
    except LogException as exc:
        if _code(exc) != "ProjectAlreadyExist":
            raise
        return False
    return True


def _copy_logstore_settings(source: LogClient, from_project: str, from_logstore: str, target: LogClient,
                            to_project: str, to_logstore: str) -> bool:
    """Create (or update) the target logstore with the source's settings; True when it was created."""
    settings = _logstore_settings(source.get_logstore(from_project, from_logstore))
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
        arrange_shard(target, to_project, to_logstore, shard_count)
    return False


def _copy_index(source: LogClient, from_project: str, from_logstore: str, target: LogClient, to_project: str,
                to_logstore: str) -> bool:
    """Copy the index of a logstore (create, or update an existing one); False when the source has none."""
    try:
        index = source.get_index_config(from_project, from_logstore).get_index_config()
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


def _put_config(target: LogClient, project: str, body: Dict[str, Any]) -> None:
    try:
        target.create_logtail_config(project, body)
    except LogException as exc:
        if _code(exc) != "ConfigAlreadyExist":
            raise
        target.update_logtail_config(project, body)


def _put_entity(create: Callable[..., Created], update: Callable[..., Updated], exists_code: str, *args: Any
                ) -> Union[Created, Updated]:
    """``create(*args)``, or ``update(*args)`` when the service answers that the entity exists."""
    try:
        return create(*args)
    except LogException as exc:
        if _code(exc) != exists_code:
            raise
        return update(*args)


def copy_project(
    client: LogClient,
    from_project: str,
    to_project: str,
    to_client: Optional[LogClient] = None,
    copy_machine_group: bool = False,
    copy_dashboards: bool = False,
    copy_alerts: bool = False,
) -> CopyProjectResponse:
    """:meth:`LogClient.copy_project <aliyun.log.LogClient.copy_project>` made with ``client``."""
    require_name(from_project, "from_project")
    require_name(to_project, "to_project")
    target, _ = target_client(client, to_client, None)
    if target is client and from_project == to_project:
        raise invalid_argument("copy_project needs a different target project or client")
    summary: Dict[str, Any] = {
        "project": to_project, "created": _ensure_project(client, target, from_project, to_project),
        "logstores": [], "indexes": [], "logtail_configs": [], "machine_groups": [], "dashboards": [],
        "alerts": [],
    }
    for logstore in client.list_logstore(from_project, size=-1).get_logstores():
        _copy_logstore_settings(client, from_project, logstore, target, to_project, logstore)
        summary["logstores"].append(logstore)
        if _copy_index(client, from_project, logstore, target, to_project, logstore):
            summary["indexes"].append(logstore)
    for name in client.list_logtail_config(from_project, size=-1).get_configs():
        config = client.get_logtail_config(from_project, name).get_config()
        _put_config(target, to_project, config.to_json())
        summary["logtail_configs"].append(name)
    if copy_machine_group:
        for name in client.list_machine_group(from_project, size=-1).get_machine_groups():
            group = client.get_machine_group(from_project, name).get_machine_group()
            _put_entity(target.create_machine_group, target.update_machine_group, "GroupAlreadyExist",
                        to_project, group)
            for config_name in client.get_machine_group_applied_configs(from_project, name).get_configs():
                target.apply_config_to_machine_group(to_project, config_name, name)
            summary["machine_groups"].append(name)
    if copy_dashboards:
        for name in client.list_dashboard(from_project, size=-1).get_entities():
            copy_dashboard(client, from_project, name, to_project, to_client=target)
            summary["dashboards"].append(name)
    if copy_alerts:
        for alert in client.list_alert(from_project, size=-1).get_entities():
            copy_alert(client, from_project, alert["name"], to_project, to_client=target)
            summary["alerts"].append(alert["name"])
    return CopyProjectResponse(summary)


def copy_logstore(
    client: LogClient,
    from_project: str,
    from_logstore: str,
    to_logstore: str,
    to_project: Optional[str] = None,
    to_client: Optional[LogClient] = None,
    to_region_endpoint: Optional[str] = None,
    keep_config_name: bool = False,
) -> CopyLogstoreResponse:
    """:meth:`LogClient.copy_logstore <aliyun.log.LogClient.copy_logstore>` made with ``client``."""
    require_name(from_project, "from_project")
    require_name(from_logstore, "from_logstore")
    require_name(to_logstore, "to_logstore")
    to_project = to_project or from_project
    target, owned = target_client(client, to_client, to_region_endpoint)
    try:
        same_place = target is client and to_project == from_project
        if same_place and to_logstore == from_logstore:
            raise invalid_argument("copy_logstore needs a different target logstore, project or client")
        _ensure_project(client, target, from_project, to_project)
        created = _copy_logstore_settings(client, from_project, from_logstore, target, to_project, to_logstore)
        has_index = _copy_index(client, from_project, from_logstore, target, to_project, to_logstore)
        configs: List[str] = []
        for name in client.list_logtail_config(from_project, logstore=from_logstore, size=-1).get_configs():
            body = client.get_logtail_config(from_project, name).get_config().to_json()
            body["outputDetail"]["logstoreName"] = to_logstore
            if same_place and not keep_config_name:
                body["configName"] = f"{name}_{to_logstore}"[:_MAX_NAME].rstrip("_-")
            _put_config(target, to_project, body)
            configs.append(body["configName"])
    finally:
        if owned:
            target.close()
    return CopyLogstoreResponse({"project": to_project, "logstore": to_logstore, "created": created,
                                 "index": has_index, "logtail_configs": configs})


def copy_dashboard(
    client: LogClient,
    from_project: str,
    from_dashboard_name: str,
    to_project: Optional[str] = None,
    to_dashboard_name: Optional[str] = None,
    to_client: Optional[LogClient] = None,
    to_region_endpoint: Optional[str] = None,
) -> Union[CreateEntityResponse, UpdateEntityResponse]:
    """:meth:`LogClient.copy_dashboard <aliyun.log.LogClient.copy_dashboard>` made with ``client``."""
    detail = client.get_dashboard(from_project, from_dashboard_name).get_entity()
    return _copy_entity(client, detail, "dashboardName", to_dashboard_name,
                        lambda target: (target.create_dashboard, target.update_dashboard), "DashboardAlreadyExist",
                        to_project or from_project, to_client, to_region_endpoint)


def copy_alert(
    client: LogClient,
    from_project: str,
    from_alert_name: str,
    to_project: Optional[str] = None,
    to_alert_name: Optional[str] = None,
    to_client: Optional[LogClient] = None,
    to_region_endpoint: Optional[str] = None,
) -> Union[CreateEntityResponse, UpdateEntityResponse]:
    """:meth:`LogClient.copy_alert <aliyun.log.LogClient.copy_alert>` made with ``client``."""
    detail = client.get_alert(from_project, from_alert_name).get_entity()
    return _copy_entity(client, detail, "name", to_alert_name,
                        lambda target: (target.create_alert, target.update_alert), "JobAlreadyExist",
                        to_project or from_project, to_client, to_region_endpoint)


def _copy_entity(
    client: LogClient,
    detail: Dict[str, Any],
    name_key: str,
    new_name: Optional[str],
    methods: Callable[[LogClient], Tuple[Callable[..., CreateEntityResponse], Callable[..., UpdateEntityResponse]]],
    exists_code: str,
    to_project: str,
    to_client: Optional[LogClient],
    to_region_endpoint: Optional[str],
) -> Union[CreateEntityResponse, UpdateEntityResponse]:
    """Create (or, when it exists, update) ``detail`` in ``to_project`` with ``methods(target) -> (create, update)``
    of the target client (a dashboard's, an alert's)."""
    detail = strip_times(detail)
    if new_name:
        detail[name_key] = new_name
    target, owned = target_client(client, to_client, to_region_endpoint)
    try:
        create, update = methods(target)
        return _put_entity(create, update, exists_code, to_project, detail)
    finally:
        if owned:
            target.close()
