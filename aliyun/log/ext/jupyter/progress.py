"""A progress bar for long fetches: tqdm (a widget in a notebook with ipywidgets, text on stderr otherwise).

The bar only appears when a fetch runs longer than :data:`DELAY_SECONDS` and is removed when it ends; without tqdm
there is no bar.
"""

from __future__ import annotations

import contextlib
import importlib.util
from typing import Any, Callable, Iterator, Optional

DELAY_SECONDS = 1.0

Advance = Callable[[int], None]


def _bar_class(in_kernel: bool) -> Optional[Any]:
    try:
        if in_kernel and importlib.util.find_spec("ipywidgets") is not None:
            from tqdm.notebook import tqdm as notebook_tqdm

            return notebook_tqdm
        from tqdm import tqdm as text_tqdm

        return text_tqdm
    except ImportError:
        return None


@contextlib.contextmanager
def progress(enabled: bool, description: str, total: Optional[int] = None, in_kernel: bool = False
             ) -> Iterator[Advance]:
    """Yield ``advance(rows)`` (call it from one thread); draws a bar when ``enabled`` and tqdm is installed."""
    bar_class = _bar_class(in_kernel) if enabled else None
    if bar_class is None:
        yield lambda rows: None
        return
    with bar_class(desc=description, total=total, unit=" rows", delay=DELAY_SECONDS, leave=False) as bar:
        yield bar.update
