"""What every handler gets as ``ctx``: the storage, the clock, settings, and lookups that raise the service's errors."""

from __future__ import annotations

import logging
import time
from typing import Callable, List, Optional

from .core import ApiError, Request, logstore_not_exist, parameter_invalid, project_not_exist, shard_not_exist
from .storage import Logstore, Project, Shard, Storage

__all__ = ["Context"]


class Context:
    """Shared state of one running emulator.

    ``clock()`` returns unix seconds (injectable so tests can freeze time); ``now()`` is its integer part.
    ``region`` is reported in project objects when the Host does not name one; ``owner`` as the project owner.
    """

    def __init__(
        self,
        storage: Storage,
        clock: Optional[Callable[[], float]] = None,
        *,
        region: str = "local",
        owner: str = "sls-emulator",
        endpoint: str = "",
    ) -> None:
        self.storage = storage
        self.clock: Callable[[], float] = clock or time.time
        self.region = region
        self.owner = owner
        self.endpoint = endpoint
        self._closers: List[Callable[[], None]] = []

    def now(self) -> int:
        return int(self.clock())

    def on_close(self, closer: Callable[[], None]) -> None:
        """Run ``closer`` when the emulator stops (engines and threads that areas start lazily)."""
        self._closers.append(closer)

    def close(self) -> None:
        """Run the registered closers, newest first."""
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception:  # one failing closer must not keep the others from running
                logging.getLogger("aliyun.log.emulator").exception("error while stopping the emulator")

    # Lookups raising the service's errors ------------------------------------------------------------------------

    @staticmethod
    def project_name(request: Request) -> str:
        if not request.project:
            raise parameter_invalid(
                "this API needs a project: send Host: <project>.<endpoint host> (e.g. my-project.127.0.0.1)"
            )
        return request.project

    def project(self, request: Request) -> Project:
        name = self.project_name(request)
        project = self.storage.projects.get(name)
        if project is None:
            raise project_not_exist(name)
        return project

    def logstore(self, request: Request, name: str) -> Logstore:
        project = self.project(request)
        ls = project.logstores.get(name)
        if ls is None:
            raise logstore_not_exist(name)
        return ls

    @staticmethod
    def shard(ls: Logstore, shard_text: str) -> Shard:
        try:
            shard_id = int(shard_text)
        except (TypeError, ValueError):
            raise parameter_invalid(f"invalid shard id {shard_text!r}") from None
        shard = ls.shards.get(shard_id)
        if shard is None:
            raise shard_not_exist(shard_id)
        return shard


def not_implemented(what: str) -> ApiError:
    """A known API the emulator does not serve (yet): a 4xx so no client retries it."""
    return ApiError(400, "NotImplemented", f"{what} is not implemented by the emulator")
