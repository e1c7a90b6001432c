"""Request handlers, one module per resource area; :data:`AREAS` lists their ``register`` functions."""

from __future__ import annotations

from typing import Callable, Tuple

from ..routes import Router
from . import (
    account,
    consumer_groups,
    context_logs,
    control,
    delete_logs,
    entities,
    index,
    jobs,
    logs,
    logstore_settings,
    logstores,
    logtail,
    machine_groups,
    metric_stores,
    objects,
    pipeline_configs,
    projects,
    query,
    rebuild_index,
    resource_policies,
    shards,
    sql,
    store_views,
    tags,
)

__all__ = ["AREAS", "build_router"]

#: Every area's ``register(router)``; a new area adds its module's ``register`` here.
AREAS: Tuple[Callable[[Router], None], ...] = (
    control.register,
    projects.register,
    logstores.register,
    shards.register,
    logs.register,
    index.register,
    logtail.register,
    machine_groups.register,
    entities.register,
    jobs.register,
    tags.register,
    pipeline_configs.register,
    logstore_settings.register,
    resource_policies.register,
    account.register,
    consumer_groups.register,
    query.register,
    # data plane
    context_logs.register,
    delete_logs.register,
    sql.register,
    store_views.register,
    objects.register,
    rebuild_index.register,
    metric_stores.register,
)


def build_router(areas: Tuple[Callable[[Router], None], ...] = AREAS) -> Router:
    router = Router()
    for register in areas:
        register(router)
    return router
