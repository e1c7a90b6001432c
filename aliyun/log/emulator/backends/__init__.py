"""The emulator's domain layer: one backend per resource area (the model is moto's responses → models split).

Handlers parse requests and format answers; backends own the domain rules (unique names, the shard state machine,
consumer-group assignment, references between resources) and the locking (``storage.lock`` around a check and the
write it allows); the storage only persists. Backends raise the domain errors of ``errors.py``, which the
dispatcher maps to the service's error answers through one table.

Adding a resource area: a module here with a class taking the storage, and one attribute in :class:`Backends`.
"""

from __future__ import annotations

from typing import Any, Dict

from ..storage import Storage
from .account import AccountDocuments
from .async_queries import AsyncQueries
from .consumer_groups import Coordinator, coordinator_for
from .delete_tasks import DeleteTasks
from .jobs import Jobs
from .logtail import Logtail
from .projects import Logstores, Projects
from .resources import Resources
from .shards import Shards
from .store_views import StoreViews
from .substores import Substores
from .tags import Tags

__all__ = ["Backends"]


class Backends:
    """The backends of one emulator, all over the same storage (handlers reach them as ``ctx.<area>``)."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.projects = Projects(storage)
        self.logstores = Logstores(storage)
        self.shards = Shards(storage)
        self.resources = Resources(storage)
        self.logtail = Logtail(storage, self.resources)
        self.jobs = Jobs(storage, self.resources)
        self.tags = Tags(storage, self.resources)
        self.account = AccountDocuments(storage, self.resources)
        self.consumer_groups: Coordinator = coordinator_for(storage)
        self.store_views = StoreViews(storage, self.resources)
        self.substores = Substores(storage, self.resources)
        self.delete_tasks = DeleteTasks(storage, self.resources)
        self.async_queries = AsyncQueries()

    def reset(self) -> None:
        """Delete every project and everything under it."""
        self.storage.reset()

    def stats(self) -> Dict[str, Any]:
        """Where data is kept (``memory`` or the data dir) and counts of projects, logstores, shards, log groups."""
        return {"storage": self.storage.path or "memory", **self.storage.stats()}
