"""Process-wide state of the handlers: the recursion guard, live handlers, the fork and exit hooks.

- ``busy_threads``: idents of threads that are sending on behalf of a handler (every sender thread, and an
  application thread while a synchronous handler sends). Records emitted by those threads are ignored by every
  handler of this package, so the HTTP stack (urllib3, requests, our transport) can never feed itself.
- ``live_handlers``: a weak set of every handler; after ``fork()`` each one resets itself in the child (fresh queue,
  lock, client and sender thread), and at interpreter exit the queued ones deliver what they hold.
"""

from __future__ import annotations

import atexit
import os
import threading
import weakref
from typing import TYPE_CHECKING, List, Set

if TYPE_CHECKING:  # pragma: no cover
    from ._base import LogHandlerBase

busy_threads: Set[int] = set()
live_handlers: weakref.WeakSet[LogHandlerBase] = weakref.WeakSet()


class _Flags:
    #: set once the exit hook ran: later records are sent synchronously (no new threads at shutdown).
    exiting = False
    #: the process the state belongs to (a fork that bypassed os.register_at_fork shows as a different pid).
    pid = os.getpid()


flags = _Flags()


def register(handler: LogHandlerBase) -> None:
    live_handlers.add(handler)


def _handlers() -> List[LogHandlerBase]:
    try:
        return list(live_handlers)
    except RuntimeError:  # the set changed while being copied (a handler was collected): try once more
        return list(live_handlers)


def after_fork_in_child() -> None:
    """Give every handler of the child process its own state; nothing of the parent's queue is sent twice."""
    flags.pid = os.getpid()
    busy_threads.clear()
    flags.exiting = False
    for handler in _handlers():
        try:
            handler._reset_after_fork()
        except Exception:  # pragma: no cover - never let a handler break fork()
            pass
    _register_child_exit_hook()


def check_fork() -> None:
    """Reset the handlers if this process was forked without Python's fork hooks (a C-level fork, uWSGI)."""
    if flags.pid != os.getpid():
        after_fork_in_child()


def _register_child_exit_hook() -> None:
    # A multiprocessing child leaves through os._exit(), skipping atexit; it does run threading's shutdown
    # callbacks, so the queued handlers of such a child still deliver their queue on the way out.
    register_thread_exit = getattr(threading, "_register_atexit", None)
    if register_thread_exit is None:  # pragma: no cover - Python < 3.9
        return
    try:
        register_thread_exit(close_all_at_exit)
    except Exception:  # pragma: no cover - shutting down already
        pass


def close_all_at_exit() -> None:
    """Deliver every queued handler's records within its ``close_wait`` (all of them drain in parallel)."""
    if flags.exiting:
        return
    flags.exiting = True
    started = []
    for handler in _handlers():
        try:
            started.append((handler, handler._begin_stop()))
        except Exception:  # pragma: no cover
            pass
    for handler, token in started:
        try:
            handler._finish_stop(token, report=True)
        except Exception:  # pragma: no cover
            pass


atexit.register(close_all_at_exit)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=after_fork_in_child)
