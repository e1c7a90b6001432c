"""Index rebuild jobs: ``POST /jobs`` with ``"type": "RebuildIndex"`` and ``configuration`` ``{"logstore",
"fromTime", "toTime"}``; ``GET /jobs/{name}`` reports ``status`` (``RUNNING`` → ``SUCCEEDED``) and
``executionDetails`` (``progress`` 0..100, ``processedLines``, ``startTime``, ``endTime``).

The job brings the logstore's searchable copy up to date over the range and counts the logs it covers, in the
background. The emulator's index always applies to every stored log (a changed index takes effect on older logs at
once), so a rebuild changes no query result: it exists so code that rebuilds after an index change runs unchanged.
"""

from __future__ import annotations

from typing import Any, Dict

from ..context import Context
from ..core import ApiError, parameter_invalid
from ..errors import NotFound
from ..routes import Router
from .background import indexed_store, run_later
from .entities import JOB
from .jobs import JOB_RUNNERS


def _check(ctx: Context, project: str, body: Dict[str, Any]) -> None:
    config = body.get("configuration")
    if not isinstance(config, dict):
        raise parameter_invalid("a RebuildIndex job needs configuration {logstore, fromTime, toTime}")
    name = config.get("logstore")
    ls = ctx.storage.projects[project].logstores.get(name) if isinstance(name, str) else None
    if ls is None:
        raise ApiError(404, "LogStoreNotExist", f"logstore {name} does not exist")
    start, end = config.get("fromTime"), config.get("toTime")
    if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool) or isinstance(end, bool) \
            or not 0 <= start < end:
        raise parameter_invalid("configuration.fromTime and toTime must be unix seconds with fromTime < toTime")
    indexed_store(ctx, ls)  # IndexConfigNotExist when there is nothing to rebuild
    body["status"] = "RUNNING"
    body["executionDetails"] = {"progress": 0, "processedLines": 0, "startTime": ctx.now(), "endTime": 0}


def _start(ctx: Context, project: str, body: Dict[str, Any]) -> None:
    run_later(ctx, _run, ctx, project, dict(body))


def _run(ctx: Context, project: str, body: Dict[str, Any]) -> None:
    config = body["configuration"]
    owner = ctx.storage.projects.get(project)
    logstore = owner.logstores.get(config["logstore"]) if owner is not None else None
    if logstore is None:
        body["status"] = "FAILED"
    else:
        engine, store, _spec = indexed_store(ctx, logstore)
        with engine.lock:
            count = engine.conn.execute(f"SELECT count(*) FROM {store.table} WHERE __time__ >= ? AND __time__ < ?",
                                        (config["fromTime"], config["toTime"])).fetchone()[0]
        body["status"] = "SUCCEEDED"
        body["executionDetails"] = dict(body["executionDetails"], progress=100, processedLines=int(count),
                                        endTime=ctx.now())
    try:
        ctx.resources.replace(project, JOB.kind, body["name"], body, ctx.now())
    except NotFound:  # deleted meanwhile
        pass


def register(router: Router) -> None:
    """No routes of its own: the job runs behind ``/jobs`` (handlers/jobs.py)."""
    JOB_RUNNERS["RebuildIndex"] = (_check, _start)
