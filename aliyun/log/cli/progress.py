"""A progress bar (tqdm, on a terminal) for the commands that move data shard by shard.

``pull_log_dump``, ``copy_data`` and ``transform_data`` read every shard through the client's ``pull_log``; the bar
counts the logs of each batch it yields. ``es_migration`` draws its own bar.
"""

from __future__ import annotations

import contextlib
from typing import IO, Any, Iterator

from ..version import install_hint

PROGRESS_METHODS = frozenset({"pull_log_dump", "copy_data", "transform_data"})
TQDM_HINT = f"(install tqdm for a progress bar: {install_hint('cli')})"


@contextlib.contextmanager
def progress_bar(client: Any, method: str, stream: IO[str]) -> Iterator[None]:
    """Count the logs ``client.pull_log`` yields while the block runs, when ``stream`` is a terminal."""
    if method not in PROGRESS_METHODS or not stream.isatty():
        yield
        return
    try:
        from tqdm import tqdm
    except ImportError:
        print(TQDM_HINT, file=stream)
        yield
        return
    pull_log = client.pull_log
    with tqdm(desc=method, unit=" logs", file=stream, dynamic_ncols=True) as bar:

        def counted_pull_log(*args: Any, **kwargs: Any) -> Iterator[Any]:
            for batch in pull_log(*args, **kwargs):
                bar.update(batch.get_log_count())
                yield batch

        client.pull_log = counted_pull_log  # this client object only; the SDK calls self.pull_log for each shard
        try:
            yield
        finally:
            del client.pull_log
