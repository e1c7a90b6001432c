"""What the data-plane handlers share: the searchable copy of a logstore, and work run after the answer.

Delete tasks, index rebuilds and async SQL run on one background thread per emulator, in submission order
(``ctx.background``, created on first use and stopped with the emulator).
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Callable, Tuple

from ..context import Context
from ..query.compiler import no_index_error
from ..query.engine import QueryEngine, StoreHandle
from ..query.index import IndexSpec
from ..storage import Logstore
from .index import index_config
from .query import engine_for

__all__ = ["indexed_store", "run_later"]

_lock = threading.Lock()


def run_later(ctx: Context, work: Callable[..., Any], *args: Any) -> Future[Any]:
    """Run ``work(*args)`` on the emulator's background thread."""
    with _lock:
        if ctx.background is None:
            pool = ctx.background = ThreadPoolExecutor(1, thread_name_prefix="sls-emulator-background")
            ctx.on_close(lambda: pool.shutdown(wait=True, cancel_futures=True))
        return ctx.background.submit(work, *args)


def indexed_store(ctx: Context, ls: Logstore) -> Tuple[QueryEngine, StoreHandle, IndexSpec]:
    """The query engine, the up-to-date searchable copy of ``ls`` and its index; IndexConfigNotExist without one."""
    spec = IndexSpec.from_config(index_config(ctx, ls.project, ls.name))
    if not spec.exists:
        raise no_index_error()
    engine = engine_for(ctx)
    return engine, engine.sync(ctx.storage, ls), spec
