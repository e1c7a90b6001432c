"""Responses of index rebuild jobs (a ``RebuildIndex`` job re-indexes a logstore's time range)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from .response import Headers, LogResponse

__all__ = ["CreateRebuildIndexResponse", "GetRebuildIndexResponse"]


class CreateRebuildIndexResponse(LogResponse):
    def __init__(self, header: Optional[Headers], resp: Any = "") -> None:
        super().__init__(header, resp)


class GetRebuildIndexResponse(LogResponse):
    """``get_status()`` (``RUNNING`` / ``SUCCEEDED``), ``get_execution_details()`` (progress) and the job's
    ``configuration`` (``logstore``, ``fromTime``, ``toTime``)."""

    def __init__(self, header: Optional[Headers], resp: Any) -> None:
        super().__init__(header, resp)
        self._status: str = resp["status"]
        self._execution_details: Optional[Dict[str, Any]] = resp.get("executionDetails")
        self._configuration: Dict[str, Any] = resp["configuration"]

    def get_status(self) -> str:
        return self._status

    def get_execution_details(self) -> Optional[Dict[str, Any]]:
        return self._execution_details

    def get_configuration(self) -> Dict[str, Any]:
        return self._configuration
