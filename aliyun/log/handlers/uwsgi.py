"""UwsgiQueuedLogHandler: the queued handler under uWSGI's pre-forking process model.

uWSGI loads the application in its master process and then forks the workers with a C-level ``fork()``. A sender
thread started in the master does not exist in the workers, and the master's queue must not be sent twice. This
handler registers a ``uwsgidecorators.postfork`` hook that gives every worker a fresh queue, client and sender
thread. ``uwsgidecorators`` ships with uWSGI and is imported only when this class is instantiated.

Run uWSGI with ``--enable-threads`` (or ``--lazy-apps``) so Python threads run in the workers.
"""

from __future__ import annotations

import importlib
import weakref
from types import ModuleType
from typing import Any

from . import _state
from .queued import QueuedLogHandler

__all__ = ["UwsgiQueuedLogHandler"]


def _import_uwsgidecorators() -> ModuleType:
    try:
        return importlib.import_module("uwsgidecorators")
    except ImportError as exc:
        raise ImportError(
            "UwsgiQueuedLogHandler needs the uwsgidecorators module, which uWSGI provides to the applications it "
            "runs (pip install uwsgi, then start the application under uwsgi); outside uWSGI use QueuedLogHandler"
        ) from exc


class UwsgiQueuedLogHandler(QueuedLogHandler):
    """:class:`QueuedLogHandler` for applications served by uWSGI (same parameters; ``close_wait`` defaults to 2 s).

    Each uWSGI worker gets its own queue and sender thread right after the fork (through a
    ``uwsgidecorators.postfork`` hook); records queued in the master before the fork are sent by the master only.
    """

    _DEFAULT_CLOSE_WAIT = 2.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._uwsgidecorators = _import_uwsgidecorators()
        super().__init__(*args, **kwargs)
        self._register_postfork()

    def _register_postfork(self) -> None:
        ref = weakref.ref(self)

        def after_uwsgi_fork() -> None:
            handler = ref()
            if handler is not None:
                handler._after_uwsgi_fork()

        postfork = getattr(self._uwsgidecorators, "postfork", None)
        if postfork is not None:
            postfork(after_uwsgi_fork)

    def _after_uwsgi_fork(self) -> None:
        _state.check_fork()  # resets every handler of this worker unless Python's own fork hooks already did
        self.init_worker()

    def init_worker(self) -> None:
        """Start this process's sender thread now."""
        QueuedLogHandler.init_worker(self)

    def stop(self) -> None:
        """Stop this process's sender after delivering what is queued (within ``close_wait``)."""
        QueuedLogHandler.stop(self)
