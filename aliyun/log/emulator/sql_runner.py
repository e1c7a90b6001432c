"""The emulator runs scheduled SQL jobs: one background thread per emulator, started with the first job.

Every ``POLL_SECONDS`` it looks at each ``ENABLED`` scheduled SQL job, and for each scheduled time now due (see
:mod:`.schedules`; a ``FixedRate`` job's runs start at its ``fromTime``, runs stop after its ``toTime`` when set)
it runs one instance: the job's script over the source logstore's window ``[fromTimeExpr, toTimeExpr)`` through the
emulator's query engine, its result rows written to the destination logstore (a row's ``__time__`` is its log
time, else the window start; ``__topic__`` / ``__source__`` columns become the group's topic / source). Each run
is recorded as a job instance (``RUNNING`` then ``SUCCEEDED`` or ``FAILED`` with the error) that the
``/jobs/{name}/jobinstances`` APIs list; setting an instance back to ``RUNNING`` runs its window again.

Only ``log2log`` jobs are run; a ``log2metric`` / ``metric2metric`` instance fails saying so.
"""

from __future__ import annotations

import hashlib
import threading
from typing import Any, Dict, List, Optional, Tuple

from aliyun.log.limits import RESERVED_KEYS

from .background import PollingWorker, jobs_of_type, store_quietly
from .context import Context
from .core import ApiError
from .job_rules import ENABLED
from .schedules import ScheduleError, due_runs, parse_time_expression, parse_timezone
from .storage import NotFound
from .wire import encode_log_group

__all__ = ["INSTANCE_KIND", "RUNTIME_KIND", "ScheduledSqlRunner"]

#: Storage kinds: a job's instances (scoped by the job name) and its last scheduled time.
INSTANCE_KIND = "sql_job_instance"
RUNTIME_KIND = "sql_job_runtime"
#: The most runs one job catches up on per poll.
MAX_RUNS_PER_POLL = 20
SUCCEEDED, FAILED, RUNNING = "SUCCEEDED", "FAILED", "RUNNING"


def instance_id(project: str, job: str, scheduled: int) -> str:
    """A stable id of the run of ``job`` scheduled at ``scheduled``."""
    digest = hashlib.sha1(f"{project}/{job}/{scheduled}".encode()).hexdigest()[:16]
    return f"{scheduled:x}-{digest}"


class ScheduledSqlRunner(PollingWorker):
    """Runs due and re-run instances of the scheduled SQL jobs of one emulator."""

    NAME = "scheduled-sql"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self._reruns: List[Tuple[str, str, str]] = []
        self._lock = threading.Lock()

    def rerun(self, project: str, job: str, instance: str) -> None:
        """Run an instance's window again (its state was set to ``RUNNING``)."""
        with self._lock:
            self._reruns.append((project, job, instance))
        self.poke()

    def setup(self) -> None:
        """Instances left RUNNING by a previous emulator process run again."""
        for project, job, _body in self._jobs():
            for name, instance in self._storage_list(project, INSTANCE_KIND, job):
                if instance.get("state") == RUNNING:
                    self.rerun(project, job, name)

    def tick(self) -> None:
        with self._lock:
            reruns, self._reruns = self._reruns, []
        for project, job, instance in reruns:
            self._run_again(project, job, instance)
        now = self.ctx.now()
        for project, name, body in self._jobs():
            if body.get("status", ENABLED) != ENABLED:
                continue
            for scheduled in self._due(project, name, body, now):
                self._run(project, name, body, scheduled, None)

    def _jobs(self) -> List[Tuple[str, str, Dict[str, Any]]]:
        return jobs_of_type(self.ctx, "ScheduledSQL")

    def _storage_list(self, project: str, kind: str, scope: str) -> List[Tuple[str, Any]]:
        try:
            return self.ctx.storage.list_resources(project, kind, scope=scope)
        except NotFound:  # the project went away meanwhile
            return []

    def _due(self, project: str, name: str, body: Dict[str, Any], now: int) -> List[int]:
        config = body.get("configuration") or {}
        start = int(config.get("fromTime") or 0)
        end = int(config.get("toTime") or 0)
        try:
            runtime, _, _ = self.ctx.storage.get_resource(project, RUNTIME_KIND, name)
            last = int(runtime.get("lastScheduleTime", start - 1))
        except NotFound:
            last = start - 1
        try:
            runs = due_runs(body.get("schedule") or {}, last, now, start, MAX_RUNS_PER_POLL)
        except ScheduleError:
            return []
        if end:
            runs = [run for run in runs if run < end]
        if runs:
            store_quietly(self.ctx, project, RUNTIME_KIND, name, {"lastScheduleTime": runs[-1]})
        return runs

    # -- one run -----------------------------------------------------------------------------------------------------
    def _run_again(self, project: str, job: str, name: str) -> None:
        try:
            body, _, _ = self.ctx.storage.get_resource(project, "job", job)
            instance, _, _ = self.ctx.storage.get_resource(project, INSTANCE_KIND, name, scope=job)
        except NotFound:
            return
        self._run(project, job, body, int(instance["scheduleTime"]), instance)

    def _run(self, project: str, job: str, body: Dict[str, Any], scheduled: int,
             previous: Optional[Dict[str, Any]]) -> None:
        name = instance_id(project, job, scheduled)
        now = self.ctx.now()
        instance: Dict[str, Any] = dict(previous or {
            "instanceId": name, "jobName": job, "displayName": body.get("displayName", ""),
            "jobScheduleId": body.get("scheduleId", ""), "scheduleTime": scheduled, "createTime": now,
            "rerunCount": 0,
        })
        if previous is not None:
            instance["rerunCount"] = int(instance.get("rerunCount", 0)) + 1
        instance.update(state=RUNNING, startTime=now, updateTime=now, errorCode="", errorMessage="")
        store_quietly(self.ctx, project, INSTANCE_KIND, name, instance, job)
        try:
            summary = self._execute(project, body, scheduled)
            instance.update(state=SUCCEEDED, summary=summary)
        except ApiError as exc:
            instance.update(state=FAILED, errorCode=exc.code, errorMessage=exc.message)
        except Exception as exc:  # reported on the instance, as the service does, and logged
            self.logger.exception("scheduled SQL %s/%s: run at %s failed", project, job, scheduled)
            instance.update(state=FAILED, errorCode="InternalServerError", errorMessage=str(exc))
        instance["updateTime"] = max(self.ctx.now(), now)
        store_quietly(self.ctx, project, INSTANCE_KIND, name, instance, job)

    def _execute(self, project: str, body: Dict[str, Any], scheduled: int) -> Dict[str, Any]:
        config = body.get("configuration") or {}
        data_format = str(config.get("dataFormat") or "log2log").lower()
        if data_format != "log2log":
            raise ApiError(400, "NotImplemented", f"the emulator runs log2log scheduled SQL only, not {data_format}")
        tz_offset = parse_timezone((body.get("schedule") or {}).get("timeZone"))
        window_from = parse_time_expression(config.get("fromTimeExpr"), scheduled, tz_offset)
        window_to = parse_time_expression(config.get("toTimeExpr"), scheduled, tz_offset)
        rows = self._query(project, str(config.get("sourceLogstore")), window_from, window_to,
                           str(config.get("script") or ""))
        dest_project = str(config.get("destProject") or project)
        written = self._write(dest_project, str(config.get("destLogstore")), rows, window_from)
        return {"windowFrom": window_from, "windowTo": window_to, "sourceRows": len(rows), "destLines": written}

    def _query(self, project: str, logstore: str, start: int, end: int, script: str) -> List[Dict[str, str]]:
        from .handlers.index import index_config
        from .handlers.query import engine_for
        from .query.index import IndexSpec

        ls = self._logstore(project, logstore)
        engine = engine_for(self.ctx)
        store = engine.sync(self.ctx.storage, ls)
        spec = IndexSpec.from_config(index_config(self.ctx, project, logstore))
        return engine.get_logs(store, spec, start, end, script).logs

    def _logstore(self, project: str, logstore: str) -> Any:
        found = self.ctx.storage.projects.get(project)
        if found is None:
            raise ApiError(404, "ProjectNotExist", f"The Project does not exist : {project}")
        ls = found.logstores.get(logstore)
        if ls is None:
            raise ApiError(404, "LogStoreNotExist", f"logstore {logstore} does not exist")
        return ls

    def _write(self, project: str, logstore: str, rows: List[Dict[str, str]], default_time: int) -> int:
        from .handlers.query import schedule_indexing

        ls = self._logstore(project, logstore)
        groups: Dict[Tuple[Optional[str], Optional[str]], List[Any]] = {}
        for row in rows:
            when = _log_time(row.get("__time__"), default_time)
            contents = [(key, "" if value is None else str(value)) for key, value in row.items()
                        if key not in RESERVED_KEYS and key != "__time_ns_part__"]
            groups.setdefault((row.get("__topic__"), row.get("__source__")), []).append((when, None, contents))
        for (topic, source), logs in groups.items():
            self.ctx.storage.append_group(ls, encode_log_group(logs, topic, source), self.ctx.now())
        if groups:
            schedule_indexing(self.ctx, ls)
        return len(rows)


def _log_time(value: Any, default: int) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


