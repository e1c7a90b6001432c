"""Logtail collection configs: create, update, delete, read and list (PROTOCOL §3.7)."""

from __future__ import annotations

from typing import Any, Dict, Iterator, Mapping, Optional, Union

from ..errors import invalid_argument
from ..models.logtail import ConfigDetailBase, LogtailConfigGenerator
from ..models.management import (
    CreateLogtailConfigResponse,
    DeleteLogtailConfigResponse,
    GetLogtailConfigResponse,
    ListLogtailConfigResponse,
    UpdateLogtailConfigResponse,
)
from .base import MAX_PAGE_SIZE, ApiBase, iterate_all, list_all, require_name

ConfigDetail = Union[ConfigDetailBase, Mapping[str, Any]]

# Fields the service maintains; never sent.
_SERVER_FIELDS = ("createTime", "modifyTime", "lastModifyTime")


def config_body(config_detail: ConfigDetail) -> Dict[str, Any]:
    """The request body of a config object (or of a config given as its JSON dict)."""
    if isinstance(config_detail, Mapping):
        config_detail = LogtailConfigGenerator.generate_config(config_detail)
    if not isinstance(config_detail, ConfigDetailBase):
        raise invalid_argument(
            "config_detail must be a Logtail config object (SimpleFileConfigDetail, JsonFileConfigDetail, ...) "
            f"or its JSON dict, got {type(config_detail).__name__}"
        )
    body = config_detail.to_json()
    for key in _SERVER_FIELDS:
        body.pop(key, None)
    return body


class LogtailApi(ApiBase):
    def create_logtail_config(self, project_name: str, config_detail: ConfigDetail) -> CreateLogtailConfigResponse:
        """Create a Logtail config from a detail object (:class:`SimpleFileConfigDetail`,
        :class:`JsonFileConfigDetail`, :class:`SyslogConfigDetail`, :class:`PluginConfigDetail`... or what
        ``LogtailConfigGenerator.generate_config(json)`` built) or from its JSON dict.

        Its target logstore (``logstoreName``) must exist; ``ConfigAlreadyExist`` when the name is taken.
        """
        body = config_body(config_detail)
        output = body.get("outputDetail")
        logstore = output.get("logstoreName") if isinstance(output, dict) else None
        if logstore:
            # like the official client: read the logstore first, so a missing one fails before anything is created
            self._send("GET", f"/logstores/{require_name(logstore, 'logstoreName')}",
                       require_name(project_name, "project_name"))
        resp = self._send_json("POST", "/configs", require_name(project_name, "project_name"), body)
        return CreateLogtailConfigResponse(resp.headers)

    def update_logtail_config(self, project_name: str, config_detail: ConfigDetail) -> UpdateLogtailConfigResponse:
        """Replace the Logtail config named ``config_detail.config_name`` (``ConfigNotExist`` when missing)."""
        body = config_body(config_detail)
        name = require_name(body.get("configName"), "config_detail.configName")
        resp = self._send_json("PUT", f"/configs/{name}", require_name(project_name, "project_name"), body)
        return UpdateLogtailConfigResponse(resp.headers)

    def delete_logtail_config(self, project_name: str, config_name: str) -> DeleteLogtailConfigResponse:
        """Delete a Logtail config (it is also removed from the machine groups it was applied to)."""
        resp = self._send("DELETE", f"/configs/{require_name(config_name, 'config_name')}",
                          require_name(project_name, "project_name"))
        return DeleteLogtailConfigResponse(resp.headers)

    def get_logtail_config(self, project_name: str, config_name: str) -> GetLogtailConfigResponse:
        """Read a Logtail config; ``logtail_config`` of the answer is the object of the matching detail class."""
        resp = self._send("GET", f"/configs/{require_name(config_name, 'config_name')}",
                          require_name(project_name, "project_name"))
        return GetLogtailConfigResponse(resp.json(), resp.headers)

    def list_logtail_config(
        self, project_name: str, logstore: Union[str, int, None] = None, config: Union[str, int, None] = None,
        offset: int = 0, size: int = 100,
    ) -> ListLogtailConfigResponse:
        """List Logtail config names (``size=-1`` fetches every page); ``logstore`` keeps the configs writing to
        that logstore, ``config`` those whose name contains the text.

        The earlier order ``list_logtail_config(project_name, offset, size)`` is accepted too: integers in the
        second and third places cannot be logstore or config names.
        """
        require_name(project_name, "project_name")
        if _is_int(logstore) and (config is None or _is_int(config)):
            offset, size = int(logstore or 0), size if config is None else int(config)
            logstore = config = None

        def fetch(page_offset: int, page_size: int) -> ListLogtailConfigResponse:
            params = {"offset": str(page_offset), "size": str(page_size)}
            if logstore:
                params["logstoreName"] = str(logstore)
            if config:
                params["configName"] = str(config)
            resp = self._send("GET", "/configs", project_name, params)
            return ListLogtailConfigResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_logtail_configs(self, project_name: str, logstore: Optional[str] = None, config: Optional[str] = None,
                             page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every Logtail config name lazily, a page at a time."""
        return iterate_all(lambda o, s: self.list_logtail_config(project_name, logstore, config, o, s), page_size)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
