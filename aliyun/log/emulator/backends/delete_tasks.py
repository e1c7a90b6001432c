"""Delete-logs tasks of a logstore: created at progress 0, finished at 100 with the number of logs removed.

The removal itself is done on the searchable copy by the query engine (``query/rows.py``); this backend keeps the
tasks (kind :data:`TASK_KIND`, scoped to the logstore, gone with it).
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, List

from ..errors import NotFound
from ..storage import Storage
from .resources import Resources

__all__ = ["TASK_KIND", "DeleteTasks"]

TASK_KIND = "deletelogtask"


class DeleteTasks:
    def __init__(self, storage: Storage, resources: Resources) -> None:
        self.storage = storage
        self.resources = resources

    def create(self, project: str, logstore: str, start: int, end: int, query: str, topic: str,
               now: int) -> Dict[str, Any]:
        """A new running task of an existing logstore."""
        task: Dict[str, Any] = {"taskId": uuid.uuid4().hex, "from": start, "to": end, "query": query, "topic": topic,
                "progress": 0, "createTime": now, "affectedRows": 0}
        with self.storage.lock:
            self.storage.get_logstore(project, logstore)
            self.resources.create(project, TASK_KIND, task["taskId"], task, now, scope=logstore)
        return task

    def finish(self, project: str, logstore: str, task: Dict[str, Any], removed: int, now: int) -> None:
        """Progress 100 with the count removed (nothing when the logstore went away meanwhile)."""
        try:
            self.resources.replace(project, TASK_KIND, task["taskId"], dict(task, progress=100, affectedRows=removed),
                                   now, scope=logstore)
        except NotFound:
            pass

    def get(self, project: str, logstore: str, task_id: str) -> Any:
        self.storage.get_logstore(project, logstore)
        return self.resources.get(project, TASK_KIND, task_id, scope=logstore)[0]

    def all(self, project: str, logstore: str) -> List[Dict[str, Any]]:
        """The logstore's tasks, oldest first."""
        self.storage.get_logstore(project, logstore)
        tasks = [body for _name, body in self.resources.list(project, TASK_KIND, scope=logstore)]
        return sorted(tasks, key=lambda t: (t.get("createTime", 0), t.get("taskId", "")))
