"""Logtail pipeline configs of a project (``/pipelineconfigs``)."""

from __future__ import annotations

from typing import Optional

from ..models.pipeline_configs import (
    CreateLogtailPipelineConfigResponse,
    DeleteLogtailPipelineConfigResponse,
    GetLogtailPipelineConfigResponse,
    ListLogtailPipelineConfigResponse,
    LogtailPipelineConfigDetail,
    UpdateLogtailPipelineConfigResponse,
)
from .base import ApiBase, list_all, require_name

_PATH = "/pipelineconfigs"


def _detail(config_detail: LogtailPipelineConfigDetail) -> LogtailPipelineConfigDetail:
    if not isinstance(config_detail, LogtailPipelineConfigDetail):
        raise TypeError(f"config_detail must be a LogtailPipelineConfigDetail, got {type(config_detail).__name__}")
    require_name(config_detail.config_name, "config_detail.config_name")
    return config_detail


class PipelineConfigsApi(ApiBase):
    def create_logtail_pipeline_config(self, project_name: str, config_detail: LogtailPipelineConfigDetail
                                       ) -> CreateLogtailPipelineConfigResponse:
        """Create a pipeline config (``ConfigAlreadyExist`` when the name is taken)."""
        resp = self._send_json("POST", _PATH, require_name(project_name, "project_name"),
                               _detail(config_detail).to_json())
        return CreateLogtailPipelineConfigResponse(resp.headers)

    def update_logtail_pipeline_config(self, project_name: str, config_detail: LogtailPipelineConfigDetail
                                       ) -> UpdateLogtailPipelineConfigResponse:
        """Replace the pipeline config named by ``config_detail.config_name``."""
        detail = _detail(config_detail)
        resp = self._send_json("PUT", f"{_PATH}/{detail.config_name}", require_name(project_name, "project_name"),
                               detail.to_json())
        return UpdateLogtailPipelineConfigResponse(resp.headers)

    def delete_logtail_pipeline_config(self, project_name: str,
                                       config_name: str) -> DeleteLogtailPipelineConfigResponse:
        resp = self._send("DELETE", f"{_PATH}/{require_name(config_name, 'config_name')}",
                          require_name(project_name, "project_name"))
        return DeleteLogtailPipelineConfigResponse(resp.headers)

    def get_logtail_pipeline_config(self, project_name: str, config_name: str) -> GetLogtailPipelineConfigResponse:
        resp = self._send("GET", f"{_PATH}/{require_name(config_name, 'config_name')}",
                          require_name(project_name, "project_name"))
        return GetLogtailPipelineConfigResponse(resp.json(), resp.headers)

    def list_logtail_pipeline_config(self, project_name: str, config_name: Optional[str] = None,
                                     logstore_name: Optional[str] = None, offset: int = 0,
                                     size: int = 100) -> ListLogtailPipelineConfigResponse:
        """List pipeline config names, filtered by a name substring and / or the logstore their flusher writes
        to (``size=-1`` fetches every page)."""
        require_name(project_name, "project_name")
        filters = {"configName": config_name or "", "logstoreName": logstore_name or ""}
        filters = {key: value for key, value in filters.items() if value}

        def fetch(page_offset: int, page_size: int) -> ListLogtailPipelineConfigResponse:
            resp = self._send("GET", _PATH, project_name,
                              {**filters, "offset": str(page_offset), "size": str(page_size)})
            return ListLogtailPipelineConfigResponse(resp.json(), resp.headers)

        return list_all(fetch, int(offset), int(size))
