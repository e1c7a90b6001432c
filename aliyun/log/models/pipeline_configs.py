"""Logtail pipeline configs (``/pipelineconfigs``): the newer collection config made of ``inputs``,
``processors``, ``aggregators`` and ``flushers`` plugin lists."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

from .response import EmptyResponse, Headers, ListResponse, LogResponse

__all__ = [
    "CreateLogtailPipelineConfigResponse",
    "DeleteLogtailPipelineConfigResponse",
    "GetLogtailPipelineConfigResponse",
    "ListLogtailPipelineConfigResponse",
    "LogtailPipelineConfigDetail",
    "UpdateLogtailPipelineConfigResponse",
]


class LogtailPipelineConfigDetail:
    """A pipeline config: ``config_name``, ``inputs`` and ``flushers`` (required plugin lists), and optional
    ``processors``, ``aggregators``, ``global_config`` (the ``global`` object) and ``log_sample``."""

    def __init__(
        self,
        config_name: str,
        inputs: Optional[List[Dict[str, Any]]],
        flushers: Optional[List[Dict[str, Any]]],
        log_sample: Optional[str] = None,
        global_config: Optional[Dict[str, Any]] = None,
        processors: Optional[List[Dict[str, Any]]] = None,
        aggregators: Optional[List[Dict[str, Any]]] = None,
    ) -> None:
        self.config_name = config_name
        self.inputs = list(inputs or [])
        self.flushers = list(flushers or [])
        self.log_sample = log_sample
        self.global_config = dict(global_config or {})
        self.processors = list(processors or [])
        self.aggregators = list(aggregators or [])

    def to_json(self) -> Dict[str, Any]:
        body: Dict[str, Any] = {"configName": self.config_name}
        if self.log_sample:
            body["logSample"] = self.log_sample
        if self.global_config:
            body["global"] = self.global_config
        body["inputs"] = self.inputs
        body["flushers"] = self.flushers
        if self.processors:
            body["processors"] = self.processors
        if self.aggregators:
            body["aggregators"] = self.aggregators
        return body

    @staticmethod
    def from_json(json_value: Mapping[str, Any]) -> LogtailPipelineConfigDetail:
        return LogtailPipelineConfigDetail(
            config_name=json_value.get("configName", ""),
            inputs=json_value.get("inputs"),
            flushers=json_value.get("flushers"),
            log_sample=json_value.get("logSample"),
            global_config=json_value.get("global"),
            processors=json_value.get("processors"),
            aggregators=json_value.get("aggregators"),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LogtailPipelineConfigDetail) and self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"LogtailPipelineConfigDetail({self.to_json()!r})"


class CreateLogtailPipelineConfigResponse(EmptyResponse):
    """Answer of ``create_logtail_pipeline_config``."""


class UpdateLogtailPipelineConfigResponse(EmptyResponse):
    """Answer of ``update_logtail_pipeline_config``."""


class DeleteLogtailPipelineConfigResponse(EmptyResponse):
    """Answer of ``delete_logtail_pipeline_config``."""


class GetLogtailPipelineConfigResponse(LogResponse):
    """One pipeline config: ``get_pipeline_config()`` is a :class:`LogtailPipelineConfigDetail`."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.pipeline_config = LogtailPipelineConfigDetail.from_json(resp or {})

    def get_pipeline_config(self) -> LogtailPipelineConfigDetail:
        return self.pipeline_config


class ListLogtailPipelineConfigResponse(ListResponse):
    """A page of pipeline config names (``get_configs()``)."""

    items_key = "configs"

    def get_configs(self) -> List[str]:
        return self.items

    @property
    def configs(self) -> List[str]:
        return self.items
