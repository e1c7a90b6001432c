"""Rebuilding the index of a time range after an index change (a ``RebuildIndex`` job under ``/jobs``)."""

from __future__ import annotations

from typing import Any

from ..errors import invalid_argument
from ..models.rebuild_index import CreateRebuildIndexResponse, GetRebuildIndexResponse
from .base import ApiBase, require_name


class RebuildIndexApi(ApiBase):
    def create_rebuild_index(self, project: str, logstore: str, job_name: str, display_name: str, from_time: int,
                             to_time: int) -> CreateRebuildIndexResponse:
        """Start re-indexing the logs of ``[from_time, to_time)`` (unix seconds) with the logstore's current index;
        follow it with :meth:`get_rebuild_index`."""
        for name, value in (("from_time", from_time), ("to_time", to_time)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise invalid_argument(f"{name} must be unix seconds (int), got {value!r}")
        if to_time <= from_time:
            raise invalid_argument(f"to_time ({to_time}) must be after from_time ({from_time})")
        body: Any = {
            "configuration": {"fromTime": from_time, "toTime": to_time, "logstore": require_name(logstore, "logstore")},
            "displayName": display_name or job_name,
            "name": require_name(job_name, "job_name"),
            "recyclable": False,
            "type": "RebuildIndex",
        }
        resp = self._send_json("POST", "/jobs", require_name(project, "project"), body)
        return CreateRebuildIndexResponse(resp.headers, resp.json() or "")

    def get_rebuild_index(self, project: str, job_name: str) -> GetRebuildIndexResponse:
        resp = self._send("GET", f"/jobs/{require_name(job_name, 'job_name')}", require_name(project, "project"))
        return GetRebuildIndexResponse(resp.headers, resp.json())
