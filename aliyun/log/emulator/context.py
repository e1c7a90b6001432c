"""What every handler gets as ``ctx``: the backends (``ctx.projects``, ``ctx.shards``...), the clock, settings,
and lookups of the request's project / logstore / shard."""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional

from .auth import Verifier
from .backends import Backends
from .core import ApiError, Request, parameter_invalid
from .parsing import parse_decimal
from .storage import Logstore, Project, Shard, Storage

if TYPE_CHECKING:  # pragma: no cover
    from .query.engine import QueryEngine

__all__ = ["Context", "not_implemented"]


class Context(Backends):
    """Shared state of one emulator.

    ``clock()`` returns unix seconds (injectable so tests can freeze time); ``now()`` is its integer part.
    ``region`` is reported in project objects when the Host does not name one; ``owner`` as the project owner;
    ``verifier`` holds the accepted credentials (the control plane adds temporary ones).
    """

    def __init__(
        self,
        storage: Storage,
        clock: Optional[Callable[[], float]] = None,
        *,
        region: str = "local",
        owner: str = "sls-emulator",
        endpoint: str = "",
        verifier: Optional[Verifier] = None,
    ) -> None:
        super().__init__(storage)
        self.verifier = verifier or Verifier({}, enabled=False)
        self.clock: Callable[[], float] = clock or time.time
        self.region = region
        self.owner = owner
        self.endpoint = endpoint
        self._closers: List[Callable[[], None]] = []
        self.query_engine: Optional[QueryEngine] = None  # created on the first query (handlers/query.py)
        self.background: Optional[ThreadPoolExecutor] = None  # data-plane tasks (handlers/background.py)
        self.workers: Dict[type, Any] = {}  # background workers by class, started on first use (background.py)

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

    # Lookups of the request's resources (NotFound → the service's ...NotExist) -----------------------------------

    @staticmethod
    def project_name(request: Request) -> str:
        if not request.project:
            raise parameter_invalid(
                "this API needs a project: send Host: <project>.<endpoint host> (e.g. my-project.127.0.0.1)"
            )
        return request.project

    def project(self, request: Request) -> Project:
        return self.projects.get(self.project_name(request))

    def logstore(self, request: Request, name: str) -> Logstore:
        return self.logstores.get(self.project_name(request), name)

    def shard(self, ls: Logstore, shard_text: str) -> Shard:
        return self.shards.get(ls, parse_decimal(shard_text, "shard id"))


def not_implemented(what: str) -> ApiError:
    """A known API the emulator does not serve (yet): a 4xx so no client retries it."""
    return ApiError(400, "NotImplemented", f"{what} is not implemented by the emulator")
