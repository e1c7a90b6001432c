"""Notebook-only extras: the ``%manage_log`` settings form (ipywidgets) and the rich table of ``odps`` (PyODPS)."""

from __future__ import annotations

import logging
from typing import Any, Callable, Optional

from .settings import MagicSettings

logger = logging.getLogger("aliyun.log.ext.jupyter")

#: ``connect(settings)`` checks and saves settings; it answers None on success, else the error to show.
Connect = Callable[[MagicSettings], Optional[str]]


def widgets_usable(shell: Any) -> bool:
    """A notebook kernel (not a terminal) with ipywidgets 6 or later."""
    if getattr(shell, "kernel", None) is None:
        return False
    try:
        import ipywidgets
        import traitlets  # noqa: F401
    except ImportError:
        return False
    try:
        return int(str(ipywidgets.__version__).split(".")[0]) >= 6
    except ValueError:
        return False


def settings_form(current: MagicSettings, connect: Connect) -> Any:
    """A form pre-filled with ``current``; its confirm button calls ``connect`` and shows the outcome."""
    import ipywidgets as widgets

    mode = widgets.ToggleButtons(options=["basic", "advanced"])
    endpoint = widgets.Text(description="endpoint", value=current.endpoint)
    access_id = widgets.Password(description="key id", value=current.access_id)
    access_key = widgets.Password(description="key secret", value=current.access_key)
    project = widgets.Text(description="project", value=current.project)
    logstore = widgets.Text(description="logstore", value=current.logstore)
    confirm = widgets.Button(description="modify" if current.endpoint else "confirm", button_style="info")
    bar = widgets.FloatProgress(value=0.0, min=0.0, max=1.0, layout=widgets.Layout(visibility="hidden"))
    result = widgets.Label(value="")

    def on_confirm(_: Any) -> None:
        bar.layout.visibility = "visible"
        bar.description, bar.value, bar.bar_style, result.value = "connecting", 0.5, "info", ""
        error = connect(MagicSettings(endpoint.value.strip(), access_id.value.strip(), access_key.value.strip(),
                                      project.value.strip(), logstore.value.strip()))
        bar.value = 1.0
        bar.description, bar.bar_style = ("failed", "danger") if error else ("done", "success")
        result.value = error or "connected"
        confirm.description = "modify"

    confirm.on_click(on_confirm)
    return widgets.VBox(children=[mode, endpoint, access_id, access_key, project, logstore, confirm, bar, result])


def rich_tables_available(shell: Any) -> bool:
    """Whether frames can be shown through PyODPS's interactive table."""
    if not widgets_usable(shell):
        return False
    try:
        import odps  # noqa: F401
    except ImportError:
        return False
    return True


def rich_frame_html(frame: Any) -> str:
    """HTML of a frame: PyODPS's interactive table for frames of several columns, pandas' own otherwise."""
    if len(frame.columns) > 1:
        try:
            import odps

            return str(odps.DataFrame(frame)._repr_html_())
        except Exception:  # an odps that cannot show this frame: pandas' table is always right
            logger.debug("odps could not render a frame", exc_info=True)
    return str(frame._repr_html_())
