"""``--plot``: the time histogram of a search (how many logs matched in each interval), drawn with matplotlib."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any, Sequence

from ...models.query import GetHistogramsRequest

MATPLOTLIB_HINT = "--plot needs matplotlib: pip install matplotlib"


def search_part(query: str) -> str:
    """The search before the first ``|`` of a query (``*`` when empty): what a histogram counts."""
    return query.split("|", 1)[0].strip() or "*"


def histogram_counts(client: Any, project: str, logstore: str, start: int, end: int, query: str
                     ) -> Sequence[Any]:
    """The service's histogram of ``query``'s search part (:class:`~aliyun.log.models.query.Histogram` items)."""
    request = GetHistogramsRequest(project, logstore, start, end, query=search_part(query))
    return list(client.get_histograms(request).get_histograms())


def histogram_figure(histograms: Sequence[Any], title: str, figure: Any = None) -> Any:
    """Draw one bar per interval (local time on the x axis) on ``figure`` (default: a new one); ImportError
    without matplotlib."""
    from matplotlib import dates
    from matplotlib.figure import Figure

    figure = figure if figure is not None else Figure(figsize=(10, 3), layout="constrained")
    axes = figure.subplots()
    starts = [datetime.fromtimestamp(item.get_from()) for item in histograms]
    widths = [(item.get_to() - item.get_from()) / 86400 for item in histograms]
    axes.bar(starts, [item.get_count() for item in histograms], width=widths, align="edge")
    concise: Any = dates.ConciseDateFormatter
    axes.xaxis.set_major_formatter(concise(axes.xaxis.get_major_locator()))
    axes.set_ylabel("logs")
    axes.set_title(title, fontsize="medium")
    return figure


def show_histogram(histograms: Sequence[Any], title: str, in_kernel: bool) -> None:
    """Show the histogram: as a PNG in a notebook, in a pyplot window in a terminal."""
    if in_kernel:
        from IPython import display as ipython_display

        display: Any = ipython_display.display
        image: Any = ipython_display.Image
        buffer = io.BytesIO()
        histogram_figure(histograms, title).savefig(buffer, format="png")
        display(image(data=buffer.getvalue(), format="png"))
        return
    from matplotlib import pyplot

    histogram_figure(histograms, title, pyplot.figure(figsize=(10, 3), layout="constrained"))
    pyplot.show()
