"""Settings of a logstore beyond its config: metering mode, multimodal configuration, modification switch."""

from __future__ import annotations

from typing import Optional

from ..errors import invalid_argument
from ..models.logstore_settings import (
    GetLogStoreMeteringModeResponse,
    GetLogStoreMultimodalConfigurationResponse,
    PutLogStoreMultimodalConfigurationResponse,
    UpdateLogStoreMeteringModeResponse,
)
from ..models.response import LogResponse
from .base import ApiBase, require_name

#: The billing modes of a logstore.
METERING_MODES = ("ChargeByFunction", "ChargeByDataIngest")


def _path(logstore_name: str, setting: str) -> str:
    return f"/logstores/{require_name(logstore_name, 'logstore_name')}/{setting}"


class LogstoreSettingsApi(ApiBase):
    def enable_logstore_modify(self, project_name: str, logstore_name: str) -> LogResponse:
        """Allow ``update_logs`` / ``delete_logs`` on a logstore (cannot be switched off again)."""
        resp = self._send_json("PUT", _path(logstore_name, "modification"),
                               require_name(project_name, "project_name"), {"enabled": True})
        return LogResponse(resp.headers, resp.json() or "")

    def get_logstore_metering_mode(self, project_name: str, logstore_name: str) -> GetLogStoreMeteringModeResponse:
        """A logstore's billing mode (``ChargeByFunction`` or ``ChargeByDataIngest``)."""
        resp = self._send("GET", _path(logstore_name, "meteringmode"), require_name(project_name, "project_name"))
        return GetLogStoreMeteringModeResponse(resp.json(), resp.headers)

    def update_logstore_metering_mode(self, project_name: str, logstore_name: str,
                                      metering_mode: str) -> UpdateLogStoreMeteringModeResponse:
        """Switch a logstore's billing mode to ``ChargeByFunction`` or ``ChargeByDataIngest``."""
        if metering_mode not in METERING_MODES:
            raise invalid_argument(f"metering_mode must be one of {', '.join(METERING_MODES)}, got {metering_mode!r}")
        resp = self._send_json("PUT", _path(logstore_name, "meteringmode"),
                               require_name(project_name, "project_name"), {"meteringMode": metering_mode})
        return UpdateLogStoreMeteringModeResponse(resp.headers)

    def get_logstore_multimodal_configuration(self, project_name: str, logstore_name: str
                                              ) -> GetLogStoreMultimodalConfigurationResponse:
        """A logstore's multimodal configuration: ``status`` and ``anonymousWrite``."""
        resp = self._send("GET", _path(logstore_name, "multimodalconfiguration"),
                          require_name(project_name, "project_name"))
        return GetLogStoreMultimodalConfigurationResponse(resp.json(), resp.headers)

    def put_logstore_multimodal_configuration(self, project_name: str, logstore_name: str, status: str,
                                              anonymous_write: Optional[str] = None
                                              ) -> PutLogStoreMultimodalConfigurationResponse:
        """Set a logstore's multimodal ``status`` (``Enabled`` / ``Disabled``) and optionally ``anonymous_write``."""
        body = {"status": require_name(status, "status")}
        if anonymous_write is not None:
            body["anonymousWrite"] = anonymous_write
        resp = self._send_json("PUT", _path(logstore_name, "multimodalconfiguration"),
                               require_name(project_name, "project_name"), body)
        return PutLogStoreMultimodalConfigurationResponse(resp.headers)
