"""Logstores: create, read, update, delete and list."""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from ..errors import invalid_argument
from ..models.request import ListLogstoresRequest
from ..models.response import (
    CreateLogStoreResponse,
    DeleteLogStoreResponse,
    GetLogStoreResponse,
    ListLogStoreResponse,
    ListLogstoresResponse,
    UpdateLogStoreResponse,
)
from .base import MAX_PAGE_SIZE, ApiBase, iterate_all, list_all, require_name

PERMANENT_TTL = 3650


class LogstoresApi(ApiBase):
    def create_logstore(
        self,
        project_name: str,
        logstore_name: str,
        ttl: int = 30,
        shard_count: int = 2,
        enable_tracking: bool = False,
        append_meta: bool = False,
        auto_split: bool = True,
        max_split_shard: int = 64,
        preserve_storage: bool = False,
        encrypt_conf: Optional[Dict[str, Any]] = None,
        telemetry_type: str = "",
        hot_ttl: int = -1,
        mode: Optional[str] = None,
        infrequent_access_ttl: int = -1,
        enable_modify: bool = False,
    ) -> CreateLogStoreResponse:
        """Create a logstore with ``shard_count`` shards keeping data ``ttl`` days (3650 or
        ``preserve_storage=True`` keeps it forever); ``append_meta`` adds receive time and client IP tags."""
        payload = _logstore_body(
            logstore_name, PERMANENT_TTL if preserve_storage else ttl, shard_count, enable_tracking, append_meta,
            auto_split, max_split_shard,
        )
        payload["telemetryType"] = telemetry_type or ""
        if enable_modify:
            payload["enableModify"] = True
        _add_options(payload, hot_ttl, encrypt_conf, mode, None, infrequent_access_ttl)
        resp = self._send_json("POST", "/logstores", require_name(project_name, "project_name"), payload,
                               raw_size="0")
        return CreateLogStoreResponse(resp.headers)

    def get_logstore(self, project_name: str, logstore_name: str) -> GetLogStoreResponse:
        """Read a logstore's settings."""
        resp = self._send("GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}",
                          require_name(project_name, "project_name"))
        return GetLogStoreResponse(resp.json(), resp.headers)

    def update_logstore(
        self,
        project_name: str,
        logstore_name: str,
        ttl: Optional[int] = None,
        enable_tracking: Optional[bool] = None,
        shard_count: Optional[int] = None,
        append_meta: Optional[bool] = None,
        auto_split: Optional[bool] = None,
        max_split_shard: Optional[int] = None,
        preserve_storage: Optional[bool] = None,
        encrypt_conf: Optional[Dict[str, Any]] = None,
        hot_ttl: int = -1,
        mode: Optional[str] = None,
        telemetry_type: Optional[str] = None,
        infrequent_access_ttl: int = -1,
    ) -> UpdateLogStoreResponse:
        """Change some settings of a logstore; the others keep their current values."""
        current = self.get_logstore(project_name, logstore_name)
        if preserve_storage:
            ttl = PERMANENT_TTL
        payload = _logstore_body(
            logstore_name,
            current.ttl if ttl is None else ttl,
            current.shard_count if shard_count is None else shard_count,
            current.enable_tracking if enable_tracking is None else enable_tracking,
            current.append_meta if append_meta is None else append_meta,
            current.auto_split if auto_split is None else auto_split,
            current.max_split_shard if max_split_shard is None else max_split_shard,
        )
        payload = {"logstoreName": payload.pop("logstoreName"), "ttl": payload.pop("ttl"),  # the official key order
                   "enable_tracking": payload.pop("enable_tracking"), **payload}
        _add_options(payload, hot_ttl, encrypt_conf, mode, telemetry_type, infrequent_access_ttl)
        resp = self._send_json("PUT", f"/logstores/{logstore_name}", project_name, payload, raw_size="0")
        return UpdateLogStoreResponse(resp.headers)

    def delete_logstore(self, project_name: str, logstore_name: str) -> DeleteLogStoreResponse:
        """Delete a logstore and all its data."""
        resp = self._send("DELETE", f"/logstores/{require_name(logstore_name, 'logstore_name')}",
                          require_name(project_name, "project_name"))
        return DeleteLogStoreResponse(resp.headers)

    def list_logstore(
        self, project_name: str, logstore_name_pattern: Optional[str] = None, offset: int = 0, size: int = 100
    ) -> ListLogStoreResponse:
        """List logstore names (``size=-1`` fetches every page), optionally those containing a substring."""
        require_name(project_name, "project_name")

        def fetch(page_offset: int, page_size: int) -> ListLogStoreResponse:
            params = {"offset": str(page_offset), "size": str(page_size)}
            if logstore_name_pattern:
                params["logstoreName"] = logstore_name_pattern
            resp = self._send("GET", "/logstores", project_name, params)
            return ListLogStoreResponse(resp.json(), resp.headers)

        return list_all(fetch, offset, size)

    def iter_logstores(self, project_name: str, logstore_name_pattern: Optional[str] = None,
                       page_size: int = MAX_PAGE_SIZE) -> Iterator[str]:
        """Yield every logstore name lazily, a page at a time."""
        return iterate_all(lambda o, s: self.list_logstore(project_name, logstore_name_pattern, o, s), page_size)

    def list_logstores(self, request: ListLogstoresRequest) -> ListLogstoresResponse:
        """List every logstore of ``request.project``."""
        page = self.list_logstore(require_name(request.get_project(), "request.project"), size=-1)
        return ListLogstoresResponse(page.body, page.headers)


def _logstore_body(
    name: str, ttl: int, shard_count: int, enable_tracking: bool, append_meta: bool, auto_split: bool,
    max_split_shard: int,
) -> Dict[str, Any]:
    require_name(name, "logstore_name")
    if not isinstance(ttl, int) or not 1 <= ttl <= PERMANENT_TTL:
        raise invalid_argument(f"ttl must be 1..{PERMANENT_TTL} days, got {ttl!r}")
    if not isinstance(shard_count, int) or shard_count < 1:
        raise invalid_argument(f"shard_count must be a positive integer, got {shard_count!r}")
    if not isinstance(max_split_shard, int) or not 1 <= max_split_shard <= 256:
        raise invalid_argument(f"max_split_shard must be 1..256, got {max_split_shard!r}")
    payload: Dict[str, Any] = {
        "logstoreName": name,
        "ttl": ttl,
        "shardCount": shard_count,
        "enable_tracking": bool(enable_tracking),
        "autoSplit": bool(auto_split),
        "maxSplitShard": max_split_shard,
        "appendMeta": bool(append_meta),
    }
    return payload


def _add_options(payload: Dict[str, Any], hot_ttl: Any, encrypt_conf: Optional[Dict[str, Any]], mode: Optional[str],
                 telemetry_type: Optional[str], infrequent_access_ttl: Any) -> None:
    """The optional settings, only when given, in the order the official client sends them."""
    if hot_ttl != -1:
        payload["hot_ttl"] = hot_ttl
    if encrypt_conf is not None:
        payload["encrypt_conf"] = encrypt_conf
    if mode is not None:
        payload["mode"] = mode
    if telemetry_type is not None:
        payload["telemetryType"] = telemetry_type
    if isinstance(infrequent_access_ttl, int) and infrequent_access_ttl >= 0:
        payload["infrequentAccessTTL"] = infrequent_access_ttl
