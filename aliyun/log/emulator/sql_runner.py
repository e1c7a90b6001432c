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

from aliyun.log.codec import encode_log_group
from aliyun.log.limits import RESERVED_KEYS

from .backends.jobs import RUNTIME_KIND
from .background import PollingWorker
from .context import Context
from .core import ApiError
from .errors import DomainError, to_api_error
from .job_rules import ENABLED
from .schedules import ScheduleError, due_runs, parse_time_expression, parse_timezone
from .storage import Logstore

__all__ = ["ScheduledSqlRunner", "instance_id"]

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
        for project in list(self.ctx.storage.projects):
            for job, instance in self.ctx.jobs.running_instances(project):
                self.rerun(project, job, str(instance.get("instanceId")))

    def tick(self) -> None:
        with self._lock:
            reruns, self._reruns = self._reruns, []
        for project, job, name in reruns:
            try:
                body, _, _ = self.ctx.jobs.get(project, job)
                instance = self.ctx.jobs.instance(project, job, name)
            except DomainError:
                continue  # deleted meanwhile
            self._run(project, job, body, int(instance["scheduleTime"]), instance)
        now = self.ctx.now()
        for project, name, body in self.ctx.jobs.of_type("ScheduledSQL"):
            if body.get("status", ENABLED) == ENABLED:
                for scheduled in self._due(project, name, body, now):
                    self._run(project, name, body, scheduled, None)

    def _due(self, project: str, name: str, body: Dict[str, Any], now: int) -> List[int]:
        config = body.get("configuration") or {}
        start = int(config.get("fromTime") or 0)
        end = int(config.get("toTime") or 0)
        last = int(self.ctx.jobs.worker_state(project, RUNTIME_KIND, name).get("lastScheduleTime", start - 1))
        try:
            runs = due_runs(body.get("schedule") or {}, last, now, start, MAX_RUNS_PER_POLL)
        except ScheduleError:
            return []
        if end:
            runs = [run for run in runs if run < end]
        if runs:
            self.ctx.jobs.save_worker_state(project, RUNTIME_KIND, name, {"lastScheduleTime": runs[-1]}, now)
        return runs

    # -- one run -----------------------------------------------------------------------------------------------------
    def _run(self, project: str, job: str, body: Dict[str, Any], scheduled: int,
             previous: Optional[Dict[str, Any]]) -> None:
        now = self.ctx.now()
        instance: Dict[str, Any] = dict(previous or {
            "instanceId": instance_id(project, job, scheduled), "jobName": job,
            "displayName": body.get("displayName", ""), "jobScheduleId": body.get("scheduleId", ""),
            "scheduleTime": scheduled, "createTime": now, "rerunCount": 0,
        })
        if previous is not None:
            instance["rerunCount"] = int(instance.get("rerunCount", 0)) + 1
        instance.update(state=RUNNING, startTime=now, updateTime=now, errorCode="", errorMessage="")
        self.ctx.jobs.save_instance(project, job, instance, now)
        try:
            instance.update(state=SUCCEEDED, summary=self._execute(project, body, scheduled))
        except (ApiError, DomainError, ScheduleError) as exc:
            code, message = _error_of(exc)
            instance.update(state=FAILED, errorCode=code, errorMessage=message)
        except Exception as exc:  # reported on the instance, as the service does, and logged
            self.logger.exception("scheduled SQL %s/%s: run at %s failed", project, job, scheduled)
            instance.update(state=FAILED, errorCode="InternalServerError", errorMessage=str(exc))
        instance["updateTime"] = max(self.ctx.now(), now)
        self.ctx.jobs.save_instance(project, job, instance, instance["updateTime"])

    def _execute(self, project: str, body: Dict[str, Any], scheduled: int) -> Dict[str, Any]:
        config = body.get("configuration") or {}
        data_format = str(config.get("dataFormat") or "log2log").lower()
        if data_format != "log2log":
            raise ApiError(400, "NotImplemented", f"the emulator runs log2log scheduled SQL only, not {data_format}")
        tz_offset = parse_timezone((body.get("schedule") or {}).get("timeZone"))
        window_from = parse_time_expression(config.get("fromTimeExpr"), scheduled, tz_offset)
        window_to = parse_time_expression(config.get("toTimeExpr"), scheduled, tz_offset)
        source = self.ctx.logstores.get(project, str(config.get("sourceLogstore")))
        rows = self._query(source, window_from, window_to, str(config.get("script") or ""))
        dest = self.ctx.logstores.get(str(config.get("destProject") or project), str(config.get("destLogstore")))
        self._write(dest, rows, window_from)
        return {"windowFrom": window_from, "windowTo": window_to, "sourceRows": len(rows), "destLines": len(rows)}

    def _query(self, ls: Logstore, start: int, end: int, script: str) -> List[Dict[str, str]]:
        from .handlers.index import index_config
        from .handlers.query import engine_for
        from .query.index import IndexSpec

        engine = engine_for(self.ctx)
        store = engine.sync(self.ctx.storage, ls)
        spec = IndexSpec.from_config(index_config(self.ctx, ls.project, ls.name))
        return engine.get_logs(store, spec, start, end, script).logs

    def _write(self, ls: Logstore, rows: List[Dict[str, str]], default_time: int) -> None:
        from .handlers.query import schedule_indexing

        groups: Dict[Tuple[Optional[str], Optional[str]], List[Dict[str, Any]]] = {}
        for row in rows:
            log: Dict[str, Any] = {key: "" if value is None else str(value) for key, value in row.items()
                                   if key not in RESERVED_KEYS and key != "__time_ns_part__"}
            log["__time__"] = _log_time(row.get("__time__"), default_time)
            groups.setdefault((row.get("__topic__") or None, row.get("__source__") or None), []).append(log)
        for (topic, source), logs in groups.items():
            self.ctx.shards.append(ls, encode_log_group(logs, topic, source), self.ctx.now(), None)
        if groups:
            schedule_indexing(self.ctx, ls)


def _error_of(exc: Exception) -> Tuple[str, str]:
    if isinstance(exc, DomainError):
        exc = to_api_error(exc)
    if isinstance(exc, ApiError):
        return exc.code, exc.message
    return "ParameterInvalid", str(exc)


def _log_time(value: Any, default: int) -> int:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default
