"""Logtail pipeline configs (``/pipelineconfigs``): stored documents, listed by name substring (``configName``)
and by the logstore their ``flusher_sls`` writes to (``logstoreName``)."""

from __future__ import annotations

from ..context import Context
from ..core import Request, Response
from ..entity_rules import pipeline_logstores, validate_pipeline_config
from ..parsing import contains
from ..routes import Router
from .entities import EntityKind, _add_crud, list_page

PIPELINE_CONFIG = EntityKind(
    "pipeline_config",
    "pipeline config",
    "configName",
    r"[0-9a-zA-Z][0-9a-zA-Z_\-]{0,127}",
    "1-128 letters, digits, '_' or '-', starting with a letter or digit",
    validate=validate_pipeline_config,
)


def list_pipeline_configs(ctx: Context, req: Request) -> Response:
    wanted_name = contains(req.params.get("configName"))
    logstore = req.params.get("logstoreName") or ""
    names = [name for name, body in ctx.resources.list(ctx.project(req).name, PIPELINE_CONFIG.kind)
             if wanted_name(name) and (not logstore or logstore in pipeline_logstores(body))]
    return list_page(req, names, "configs")


def register(router: Router) -> None:
    router.add("GET", "/pipelineconfigs", list_pipeline_configs, name="ListLogtailPipelineConfig")
    _add_crud(router, "/pipelineconfigs", PIPELINE_CONFIG, "LogtailPipelineConfig")
