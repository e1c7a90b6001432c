"""Responses of a logstore's settings: metering mode, multimodal configuration."""

from __future__ import annotations

from typing import Any, Optional

from .response import EmptyResponse, Headers, LogResponse

__all__ = [
    "GetLogStoreMeteringModeResponse",
    "GetLogStoreMultimodalConfigurationResponse",
    "PutLogStoreMultimodalConfigurationResponse",
    "UpdateLogStoreMeteringModeResponse",
]


class GetLogStoreMeteringModeResponse(LogResponse):
    """A logstore's billing mode: ``get_metering_mode()`` is ``ChargeByFunction`` or ``ChargeByDataIngest``."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.metering_mode: str = (resp or {}).get("meteringMode", "")

    def get_metering_mode(self) -> str:
        return self.metering_mode


class UpdateLogStoreMeteringModeResponse(EmptyResponse):
    """Answer of ``update_logstore_metering_mode``."""


class GetLogStoreMultimodalConfigurationResponse(LogResponse):
    """A logstore's multimodal configuration: ``get_status()`` (``Enabled`` / ``Disabled``) and
    ``get_anonymous_write()`` (``None`` when not set)."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        resp = resp or {}
        self.status: str = resp.get("status", "")
        self.anonymous_write: Optional[str] = resp.get("anonymousWrite")

    def get_status(self) -> str:
        return self.status

    def get_anonymous_write(self) -> Optional[str]:
        return self.anonymous_write


class PutLogStoreMultimodalConfigurationResponse(EmptyResponse):
    """Answer of ``put_logstore_multimodal_configuration``."""
