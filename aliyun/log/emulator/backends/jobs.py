"""Jobs of a project (``/jobs``): alerts, scheduled SQL, ETL, ingestion and export jobs, and the instances (runs)
of scheduled SQL jobs.

Every job is a named JSON document of kind ``job``; the rules of each type are in :mod:`..job_rules`. Instances
are documents of kind ``sql_job_instance`` named ``<job>/<instance id>``; what the workers keep per job (the last
scheduled time, export positions) are documents named after the job, deleted with it.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

from ..errors import NotFound
from ..job_rules import DISABLED, ENABLED, apply_action, logstores_to_check, prepare_job
from ..storage import Storage
from .resources import Resources

__all__ = ["ETL_CHECKPOINT_KIND", "EXPORT_CHECKPOINT_KIND", "INSTANCE_KIND", "JOB_KIND", "RUNTIME_KIND", "Jobs"]

JOB_KIND = "job"
INSTANCE_KIND = "sql_job_instance"
RUNTIME_KIND = "sql_job_runtime"
EXPORT_CHECKPOINT_KIND = "export_checkpoint"
ETL_CHECKPOINT_KIND = "etl_checkpoint"
#: Documents named after a job that go away with it.
JOB_DEPENDENTS = (RUNTIME_KIND, EXPORT_CHECKPOINT_KIND, ETL_CHECKPOINT_KIND)
RUNNING_INSTANCE = "RUNNING"


class Jobs:
    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources
        self._version = 0  # bumped by every job write: the workers' view of the jobs is rebuilt after one
        self._view_key: Tuple[int, Tuple[Tuple[str, int], ...]] = (-1, ())
        self._view: List[Tuple[str, str, Dict[str, Any]]] = []

    def _changed(self) -> None:
        self._version += 1

    def of_type(self, job_type: str) -> List[Tuple[str, str, Dict[str, Any]]]:
        """``[(project, name, body)]`` of every job of a type, from a view rebuilt only after a job was written or
        the set of projects changed (the workers ask several times a second)."""
        with self.storage.lock:
            # a project deleted and created again is another object: its identity is part of the key
            projects = tuple(sorted((name, id(project)) for name, project in self.storage.projects.items()))
            key = (self._version, projects)
            if key != self._view_key:
                self._view = [(project, name, body) for project, _ in projects
                              for name, body in self.storage.list_resources(project, JOB_KIND)
                              if isinstance(body, dict)]
                self._view_key = key
            return [row for row in self._view if row[2].get("type") == job_type]

    # -- jobs --------------------------------------------------------------------------------------------------------
    def _check_references(self, project: str, body: Dict[str, Any]) -> None:
        for owner, logstore in logstores_to_check(body, project):
            self.storage.get_logstore(owner, str(logstore))

    def create(self, project: str, name: str, body: Dict[str, Any], now: int) -> None:
        prepare_job(body)
        with self.storage.lock:
            self._check_references(project, body)
            self.resources.create(project, JOB_KIND, name, body, now)
            self._changed()

    def replace(self, project: str, name: str, body: Dict[str, Any], now: int) -> None:
        with self.storage.lock:
            previous, _, _ = self.resources.get(project, JOB_KIND, name)
            body.setdefault("type", previous.get("type"))
            prepare_job(body, previous)
            self._check_references(project, body)
            self.resources.put(project, JOB_KIND, name, body, now)
            self._changed()

    def act(self, project: str, name: str, action: str, replacement: Optional[Dict[str, Any]], now: int) -> None:
        """``START`` / ``STOP`` / ``RESTART`` (with a new body) an ETL, ingestion or export job."""
        with self.storage.lock:
            body, _, _ = self.resources.get(project, JOB_KIND, name)
            if replacement is not None:
                replacement.setdefault("type", body.get("type"))
                self._check_references(project, replacement)
            apply_action(body, action, replacement)
            self.resources.put(project, JOB_KIND, name, body, now)
            self._changed()

    def enable(self, project: str, name: str, enabled: bool, now: int) -> Dict[str, Any]:
        """Enable / disable a job: ``status`` of a scheduled SQL job, ``state`` of the others (alerts)."""

        def change(body: Dict[str, Any]) -> Dict[str, Any]:
            if body.get("type") == "ScheduledSQL":
                return {**body, "status": ENABLED if enabled else DISABLED}
            return {**body, "state": "Enabled" if enabled else "Disabled"}

        with self.storage.lock:
            body = self.resources.modify(project, JOB_KIND, name, change, now)
            self._changed()
            return body  # type: ignore[no-any-return]

    def set_status(self, project: str, name: str, expected: str, status: str, message: str, now: int) -> bool:
        """Move a job from ``expected`` to ``status`` (a worker ending or failing it); False if it is no longer in
        ``expected`` (stopped, restarted or deleted meanwhile)."""
        with self.storage.lock:
            found = self.resources.find(project, JOB_KIND, name)
            if found is None or found[0].get("status") != expected:
                return False
            self.resources.put(project, JOB_KIND, name, {**found[0], "status": status, "statusMessage": message}, now)
            self._changed()
            return True

    def delete(self, project: str, name: str) -> None:
        with self.storage.lock:
            self.resources.delete(project, JOB_KIND, name, dependents=JOB_DEPENDENTS)
            self._changed()
            for instance_name, _ in self._instances(project, name):
                self.storage.delete_resource(project, INSTANCE_KIND, instance_name)

    def get(self, project: str, name: str) -> Tuple[Dict[str, Any], int, int]:
        return self.resources.get(project, JOB_KIND, name)

    def list(self, project: str) -> List[Tuple[str, Dict[str, Any]]]:
        return self.resources.list(project, JOB_KIND)

    # -- scheduled SQL instances -------------------------------------------------------------------------------------
    def _instances(self, project: str, job: str) -> List[Tuple[str, Dict[str, Any]]]:
        prefix = f"{job}/"
        return [(name, body) for name, body in self.storage.list_resources(project, INSTANCE_KIND)
                if name.startswith(prefix)]

    def instances(self, project: str, job: str) -> List[Dict[str, Any]]:
        """The instances of a job (``JobNotExist`` when the job does not exist), oldest scheduled first."""
        self.resources.get(project, JOB_KIND, job)
        return sorted((body for _, body in self._instances(project, job)), key=lambda i: i.get("scheduleTime", 0))

    def instance(self, project: str, job: str, instance_id: str) -> Dict[str, Any]:
        self.resources.get(project, JOB_KIND, job)
        found = self.storage.find_resource(project, INSTANCE_KIND, f"{job}/{instance_id}")
        if found is None:
            raise NotFound(INSTANCE_KIND, instance_id)
        return found[0]  # type: ignore[no-any-return]

    def save_instance(self, project: str, job: str, instance: Dict[str, Any], now: int) -> None:
        """Store an instance of a job that still exists (a run that outlived its job is dropped)."""
        with self.storage.lock:
            if self.resources.find(project, JOB_KIND, job) is not None:
                self.storage.put_resource(project, INSTANCE_KIND, f"{job}/{instance['instanceId']}", instance, now)

    def mark_rerun(self, project: str, job: str, instance_id: str, now: int) -> Dict[str, Any]:
        """Set an instance back to ``RUNNING`` so that its window runs again."""
        with self.storage.lock:
            instance = self.instance(project, job, instance_id)
            instance["state"] = RUNNING_INSTANCE
            instance["updateTime"] = now
            self.storage.put_resource(project, INSTANCE_KIND, f"{job}/{instance_id}", instance, now)
            return instance

    def running_instances(self, project: str) -> List[Tuple[str, Dict[str, Any]]]:
        """``[(job, instance)]`` left in ``RUNNING`` (by a stopped emulator process)."""
        return [(name.split("/", 1)[0], body) for name, body in self.storage.list_resources(project, INSTANCE_KIND)
                if body.get("state") == RUNNING_INSTANCE]

    # -- what the workers keep per job -------------------------------------------------------------------------------
    def worker_state(self, project: str, kind: str, job: str) -> Dict[str, Any]:
        found = self.storage.find_resource(project, kind, job)
        return dict(found[0]) if found is not None else {}

    def save_worker_state(self, project: str, kind: str, job: str, state: Dict[str, Any], now: int) -> None:
        """Store a worker's state of a job that still exists."""
        with self.storage.lock:
            if self.resources.find(project, JOB_KIND, job) is not None:
                self.storage.put_resource(project, kind, job, state, now)
