"""Metric stores (logstores of telemetry type ``Metrics`` with a ``prom`` substore), substores and metering modes.

Metrics are written as logs in the service's metric format: ``__name__``, ``__labels__`` (``k#$#v|k2#$#v2``, keys
sorted), ``__time_nano__`` and ``__value__``. SQL queries them like any logstore; PromQL is not part of this SDK.
"""

from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

from ..errors import LogException, invalid_argument
from ..models.metric_store import (
    CreateMetricsStoreResponse,
    CreateSubStoreResponse,
    DeleteSubStoreResponse,
    GetMetricStoreMeteringModeResponse,
    GetSubStoreResponse,
    GetSubStoreTTLResponse,
    ListSubStoreResponse,
    UpdateMetricStoreMeteringModeResponse,
    UpdateSubStoreResponse,
    UpdateSubStoreTTLResponse,
)
from ..models.response import DeleteLogStoreResponse, GetLogStoreResponse, UpdateLogStoreResponse
from .base import require_name
from .logstores import LogstoresApi

METRICS_TELEMETRY_TYPE = "Metrics"
#: The substore every metric store has, with the keys of the metric log format.
PROM_SUBSTORE = "prom"
PROM_KEYS = [
    {"name": "__name__", "type": "text"},
    {"name": "__labels__", "type": "labels"},
    {"name": "__time_nano__", "type": "long"},
    {"name": "__value__", "type": "double"},
]
METERING_MODES = ("ChargeByFunction", "ChargeByDataIngest")
_SUBSTORE_CREATE_ATTEMPTS = 5


def _substore_body(name: str, keys: Any, ttl: Any, sorted_key_count: Any, time_index: Any) -> Dict[str, Any]:
    if not isinstance(keys, list) or not all(isinstance(k, dict) and k.get("name") for k in keys):
        raise invalid_argument("keys must be a list of {'name': ..., 'type': ...} dicts")
    try:
        return {"name": name, "ttl": int(ttl), "sortedKeyCount": int(sorted_key_count),
                "timeIndex": int(time_index), "keys": keys}
    except (TypeError, ValueError):
        raise invalid_argument("ttl, sorted_key_count and time_index must be integers") from None


class MetricStoresApi(LogstoresApi):
    # -- substores ---------------------------------------------------------------------------------------------------
    def create_substore(self, project_name: str, logstore_name: str, substore_name: str, keys: List[Dict[str, Any]],
                        ttl: int, sorted_key_count: int, time_index: int) -> CreateSubStoreResponse:
        """Create a substore with its ``keys`` (the first ``sorted_key_count`` sort it; ``keys[time_index]`` is
        the time)."""
        body = _substore_body(require_name(substore_name, "substore_name"), keys, ttl, sorted_key_count, time_index)
        resp = self._send_json("POST", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores",
                               require_name(project_name, "project_name"), body)
        return CreateSubStoreResponse(resp.headers, resp.json() or "")

    def update_substore(self, project_name: str, logstore_name: str, substore_name: str, keys: List[Dict[str, Any]],
                        ttl: int, sorted_key_count: int, time_index: int) -> UpdateSubStoreResponse:
        body = _substore_body(require_name(substore_name, "substore_name"), keys, ttl, sorted_key_count, time_index)
        resp = self._send_json("PUT", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores/"
                                      f"{substore_name}", require_name(project_name, "project_name"), body)
        return UpdateSubStoreResponse(resp.headers, resp.json() or "")

    def delete_substore(self, project_name: str, logstore_name: str, substore_name: str) -> DeleteSubStoreResponse:
        resp = self._send("DELETE", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores/"
                                    f"{require_name(substore_name, 'substore_name')}",
                          require_name(project_name, "project_name"))
        return DeleteSubStoreResponse(resp.headers, resp.json() or "")

    def get_substore(self, project_name: str, logstore_name: str, substore_name: str) -> GetSubStoreResponse:
        resp = self._send("GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores/"
                                 f"{require_name(substore_name, 'substore_name')}",
                          require_name(project_name, "project_name"))
        return GetSubStoreResponse(resp.json(), resp.headers)

    def list_substore(self, project_name: str, logstore_name: str) -> ListSubStoreResponse:
        resp = self._send("GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores",
                          require_name(project_name, "project_name"))
        return ListSubStoreResponse(resp.json(), resp.headers)

    def get_substore_ttl(self, project_name: str, logstore_name: str) -> GetSubStoreTTLResponse:
        resp = self._send("GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores/storage/ttl",
                          require_name(project_name, "project_name"))
        return GetSubStoreTTLResponse(resp.json(), resp.headers)

    def update_substore_ttl(self, project_name: str, logstore_name: str, ttl: int) -> UpdateSubStoreTTLResponse:
        """Set the ttl (days) of every substore of a logstore."""
        if isinstance(ttl, bool) or not isinstance(ttl, int) or ttl <= 0:
            raise invalid_argument(f"ttl must be a positive number of days, got {ttl!r}")
        resp = self._send("PUT", f"/logstores/{require_name(logstore_name, 'logstore_name')}/substores/storage/ttl",
                          require_name(project_name, "project_name"), {"ttl": str(ttl)}, {"x-log-bodyrawsize": "0"})
        return UpdateSubStoreTTLResponse(resp.headers, resp.json() or "")

    # -- metric stores -----------------------------------------------------------------------------------------------
    def create_metric_store(self, project_name: str, logstore_name: str, ttl: int = 30, shard_count: int = 2,
                            enable_tracking: bool = False, append_meta: bool = False, auto_split: bool = True,
                            max_split_shard: int = 64, preserve_storage: bool = False,
                            encrypt_conf: Optional[Dict[str, Any]] = None, hot_ttl: int = -1,
                            mode: Optional[str] = None) -> CreateMetricsStoreResponse:
        """Create a metric store: a logstore of telemetry type ``Metrics`` and its ``prom`` substore."""
        logstore_response = self.create_logstore(
            project_name, logstore_name, ttl=ttl, shard_count=shard_count, enable_tracking=enable_tracking,
            append_meta=append_meta, auto_split=auto_split, max_split_shard=max_split_shard,
            preserve_storage=preserve_storage, encrypt_conf=encrypt_conf, telemetry_type=METRICS_TELEMETRY_TYPE,
            hot_ttl=hot_ttl, mode=mode)
        for attempt in range(_SUBSTORE_CREATE_ATTEMPTS):
            try:  # the service may take a moment to make a new logstore visible to the substore API
                substore_response = self.create_substore(project_name, logstore_name, PROM_SUBSTORE, PROM_KEYS, ttl,
                                                         2, 2)
                break
            except LogException as exc:
                if exc.get_error_code() != "LogStoreNotExist" or attempt == _SUBSTORE_CREATE_ATTEMPTS - 1:
                    raise
                time.sleep(0.5 * (attempt + 1))
        return CreateMetricsStoreResponse(logstore_response, substore_response)

    def get_metric_store(self, project_name: str, logstore_name: str) -> GetLogStoreResponse:
        return self.get_logstore(project_name, logstore_name)

    def delete_metric_store(self, project_name: str, logstore_name: str) -> DeleteLogStoreResponse:
        return self.delete_logstore(project_name, logstore_name)

    def update_metric_store(self, project_name: str, logstore_name: str, ttl: Optional[int] = None,
                            enable_tracking: Optional[bool] = None, shard_count: Optional[int] = None,
                            append_meta: Optional[bool] = None, auto_split: Optional[bool] = None,
                            max_split_shard: Optional[int] = None, preserve_storage: Optional[bool] = None,
                            encrypt_conf: Optional[Dict[str, Any]] = None, hot_ttl: int = -1,
                            mode: Optional[str] = None) -> UpdateLogStoreResponse:
        """Change a metric store's settings; a new ``ttl`` also applies to its substores."""
        if ttl is not None:
            self.update_substore_ttl(project_name, logstore_name, ttl)
        return self.update_logstore(project_name, logstore_name, ttl=ttl, enable_tracking=enable_tracking,
                                    shard_count=shard_count, append_meta=append_meta, auto_split=auto_split,
                                    max_split_shard=max_split_shard, preserve_storage=preserve_storage,
                                    encrypt_conf=encrypt_conf, hot_ttl=hot_ttl, mode=mode,
                                    telemetry_type=METRICS_TELEMETRY_TYPE)

    def get_metric_store_metering_mode(self, project_name: str, metric_store_name: str
                                       ) -> GetMetricStoreMeteringModeResponse:
        resp = self._send("GET", f"/metricstores/{require_name(metric_store_name, 'metric_store_name')}/meteringmode",
                          require_name(project_name, "project_name"))
        return GetMetricStoreMeteringModeResponse(resp.json(), resp.headers)

    def update_metric_store_metering_mode(self, project_name: str, metric_store_name: str, metering_mode: str
                                          ) -> UpdateMetricStoreMeteringModeResponse:
        """``metering_mode``: ``ChargeByFunction`` or ``ChargeByDataIngest``."""
        if metering_mode not in METERING_MODES:
            raise invalid_argument(f"metering_mode must be one of {METERING_MODES}, got {metering_mode!r}")
        resp = self._send_json("PUT", f"/metricstores/{require_name(metric_store_name, 'metric_store_name')}/"
                                      "meteringmode", require_name(project_name, "project_name"),
                               {"meteringMode": metering_mode})
        return UpdateMetricStoreMeteringModeResponse(resp.headers, resp.json() or "")
