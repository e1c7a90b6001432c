"""Jobs (``/jobs``): alerts, scheduled SQL (run by the emulator, with their instances), ETL, ingestion and export
jobs (stored with their state; exports to a ``file:///dir`` bucket are delivered, ETL jobs whose script is a config
of the SDK's ETL engine are run: :mod:`..etl_runner`).

- ``POST /jobs``, ``GET|PUT|DELETE /jobs/{name}``, ``GET /jobs?jobType=&logstore=``: the job documents.
- ``PUT /jobs/{name}?action=enable|disable``: alerts' ``state`` / scheduled SQL's ``status``.
- ``PUT /jobs/{name}?action=START|STOP|RESTART``: ETL, ingestion and export state (RESTART takes a new body).
- ``GET /jobs/{name}/jobinstances?start=&end=&state=``, ``GET /jobs/{name}/jobinstances/{id}``,
  ``PUT /jobs/{name}/jobinstances/{id}?state=RUNNING`` (run the instance's window again).
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Tuple

from ..background import worker_for
from ..context import Context
from ..core import Request, Response, json_response, parameter_invalid
from ..etl_runner import EtlRunner
from ..export_sink import ExportDelivery
from ..job_rules import file_sink_directory
from ..parsing import int_param, json_body, page, paging
from ..routes import Router
from ..sql_runner import ScheduledSqlRunner
from .entities import JOB, list_jobs, read_body, with_times

INSTANCE_STATES = ("RUNNING", "SUCCEEDED", "FAILED")

#: Job types with work behind them: type -> (check(ctx, project, body) before the job is stored, may complete the
#: body; start(ctx, project, body) after). Areas add theirs when the router is built (e.g. ``rebuild_index``).
JOB_RUNNERS: Dict[str, Tuple[Callable[[Context, str, Dict[str, Any]], None],
                             Callable[[Context, str, Dict[str, Any]], None]]] = {}


def _wake_workers(ctx: Context, body: Dict[str, Any]) -> None:
    """Start (or wake) the worker that runs this job, if the emulator runs jobs of its kind."""
    if body.get("type") == "ScheduledSQL":
        worker_for(ctx, ScheduledSqlRunner).poke()
    elif body.get("type") == "ETL":
        runner = worker_for(ctx, EtlRunner)
        runner.settle()  # a stop is effective when it is answered: no batch of the job is in flight any more
        runner.poke()
    elif body.get("type") == "Export" and file_sink_directory((body.get("configuration") or {}).get("sink") or {}):
        worker_for(ctx, ExportDelivery).poke()


def resume_job_workers(ctx: Context) -> None:
    """Start the workers of the jobs a data dir already holds (called when the emulator opens its storage)."""
    for project in ctx.projects.list():
        for _name, body in ctx.jobs.list(project.name):
            _wake_workers(ctx, body)


def create_job(ctx: Context, req: Request) -> Response:
    """Store a new job; a type with a runner in :data:`JOB_RUNNERS` (e.g. RebuildIndex) is checked and started."""
    project = ctx.project(req).name
    name, body = read_body(req, JOB)
    runner = JOB_RUNNERS.get(str(body.get("type")))
    if runner is not None:
        runner[0](ctx, project, body)
    ctx.jobs.create(project, name, body, ctx.now())
    if runner is not None:
        runner[1](ctx, project, body)
    _wake_workers(ctx, body)
    return Response()


def update_job(ctx: Context, req: Request, name: str) -> Response:
    project = ctx.project(req).name
    name, body = read_body(req, JOB, name)
    ctx.jobs.replace(project, name, body, ctx.now())
    _wake_workers(ctx, body)
    return Response()


def get_job(ctx: Context, req: Request, name: str) -> Response:
    body, created, modified = ctx.jobs.get(ctx.project(req).name, name)
    return json_response(with_times(body, created, modified))


def delete_job(ctx: Context, req: Request, name: str) -> Response:
    ctx.jobs.delete(ctx.project(req).name, name)
    etl_runner = ctx.workers.get(EtlRunner)
    if etl_runner is not None:
        etl_runner.settle()  # the deleted job writes nothing more once this is answered
    return Response()


def _enable(enabled: bool) -> Callable[..., Response]:
    def handler(ctx: Context, req: Request, name: str) -> Response:
        body = ctx.jobs.enable(ctx.project(req).name, name, enabled, ctx.now())
        _wake_workers(ctx, body)
        return Response()

    handler.__name__ = "EnableJob" if enabled else "DisableJob"
    return handler


def _action(action: str) -> Callable[..., Response]:
    def handler(ctx: Context, req: Request, name: str) -> Response:
        project = ctx.project(req).name
        replacement = json_body(req, required=False, code="ParameterInvalid") if action == "RESTART" else None
        if replacement is not None:
            replacement = {k: v for k, v in replacement.items() if k not in ("createTime", "lastModifyTime")}
            JOB.validate(replacement)  # type: ignore[misc]
        ctx.jobs.act(project, name, action, replacement, ctx.now())
        _wake_workers(ctx, ctx.jobs.get(project, name)[0])
        return Response()

    handler.__name__ = f"{action.title()}Job"
    return handler


def list_instances(ctx: Context, req: Request, name: str) -> Response:
    start = int_param(req, "start", 0, 0)
    end = int_param(req, "end", 2 ** 62, 0)
    state = req.params.get("state") or ""
    if state and state not in INSTANCE_STATES:
        raise parameter_invalid(f"state must be one of {', '.join(INSTANCE_STATES)}, got {state!r}")
    matched = [instance for instance in ctx.jobs.instances(ctx.project(req).name, name)
               if start <= int(instance.get("scheduleTime", 0)) < end and (not state or instance["state"] == state)]
    offset, size = paging(req)
    items = page(matched, offset, size)
    return json_response({"count": len(items), "total": len(matched), "results": items})


def get_instance(ctx: Context, req: Request, name: str, instance: str) -> Response:
    return json_response(ctx.jobs.instance(ctx.project(req).name, name, instance))


def rerun_instance(ctx: Context, req: Request, name: str, instance: str) -> Response:
    if req.params.get("state") != "RUNNING":
        raise parameter_invalid(f"state must be RUNNING (an instance can only be run again), got "
                                f"{req.params.get('state')!r}")
    project = ctx.project(req).name
    ctx.jobs.mark_rerun(project, name, instance, ctx.now())
    worker_for(ctx, ScheduledSqlRunner).rerun(project, name, instance)
    return Response()


def register(router: Router) -> None:
    router.add("GET", "/jobs", list_jobs, name="ListJobs")
    router.add("POST", "/jobs", create_job, name="CreateJob")
    router.add("GET", "/jobs/{name}", get_job, name="GetJob")
    router.add("PUT", "/jobs/{name}", update_job, name="UpdateJob")
    router.add("DELETE", "/jobs/{name}", delete_job, name="DeleteJob")
    router.add("PUT", "/jobs/{name}", _enable(True), when={"action": "enable"}, name="EnableJob")
    router.add("PUT", "/jobs/{name}", _enable(False), when={"action": "disable"}, name="DisableJob")
    for action in ("START", "STOP", "RESTART"):
        router.add("PUT", "/jobs/{name}", _action(action), when={"action": action}, name=f"{action.title()}Job")
    router.add("GET", "/jobs/{name}/jobinstances", list_instances, name="ListScheduledSQLJobInstances")
    router.add("GET", "/jobs/{name}/jobinstances/{instance}", get_instance, name="GetScheduledSQLJobInstance")
    router.add("PUT", "/jobs/{name}/jobinstances/{instance}", rerun_instance,
               name="ModifyScheduledSQLJobInstanceState")
