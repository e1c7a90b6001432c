"""Responses of metric stores, their substores and metering modes."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from .response import Headers, LogResponse

__all__ = [
    "CreateMetricsStoreResponse",
    "CreateSubStoreResponse",
    "DeleteSubStoreResponse",
    "GetMetricStoreMeteringModeResponse",
    "GetSubStoreResponse",
    "GetSubStoreTTLResponse",
    "ListSubStoreResponse",
    "UpdateMetricStoreMeteringModeResponse",
    "UpdateSubStoreResponse",
    "UpdateSubStoreTTLResponse",
]


class _EmptyResponse(LogResponse):
    def __init__(self, header: Optional[Headers], resp: Any = "") -> None:
        super().__init__(header, resp)


class CreateSubStoreResponse(_EmptyResponse):
    pass


class DeleteSubStoreResponse(_EmptyResponse):
    pass


class UpdateSubStoreResponse(_EmptyResponse):
    pass


class UpdateSubStoreTTLResponse(_EmptyResponse):
    pass


class UpdateMetricStoreMeteringModeResponse(_EmptyResponse):
    pass


class GetSubStoreResponse(LogResponse):
    """A substore: name, ttl (days), its keys (``[{"name", "type"}]``), sorted key count and time index."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.substore_name: str = resp["name"]
        self.ttl = int(resp["ttl"])
        self.sorted_key_count = int(resp["sortedKeyCount"])
        self.time_index = int(resp["timeIndex"])
        self.keys: List[Dict[str, Any]] = list(resp["keys"])

    def get_substore_name(self) -> str:
        return self.substore_name

    def get_ttl(self) -> int:
        return self.ttl

    def get_sorted_key_count(self) -> int:
        return self.sorted_key_count

    def get_time_index(self) -> int:
        return self.time_index

    def get_keys(self) -> List[Dict[str, Any]]:
        return self.keys


class ListSubStoreResponse(LogResponse):
    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self._substores: List[str] = list((resp or {}).get("substores") or [])

    @property
    def substores(self) -> List[str]:
        return self._substores

    def get_substores(self) -> List[str]:
        return self._substores


class GetSubStoreTTLResponse(LogResponse):
    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.ttl = int(resp["ttl"])

    def get_ttl(self) -> int:
        return self.ttl


class GetMetricStoreMeteringModeResponse(LogResponse):
    """``ChargeByFunction`` (default) or ``ChargeByDataIngest``."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.metering_mode: str = resp["meteringMode"]

    def get_metering_mode(self) -> str:
        return self.metering_mode


class CreateMetricsStoreResponse:
    """What ``create_metric_store`` did: the logstore creation and the ``prom`` substore creation."""

    def __init__(self, logstore_response: LogResponse, substore_response: LogResponse) -> None:
        self.logstore_response = logstore_response
        self.substore_response = substore_response

    def get_logstore_response(self) -> LogResponse:
        return self.logstore_response

    def get_substore_response(self) -> LogResponse:
        return self.substore_response
