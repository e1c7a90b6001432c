"""The magics: ``%manage_log`` (settings), ``%log`` / ``%%log`` (queries) and ``%fetch`` (pulls).

Results are pandas DataFrames stored as ``log_df`` in the user's namespace (``log_df_part`` when interrupted) and
returned, so a notebook displays them. Errors are printed as one line on stderr and leave ``log_df`` unchanged.
Settings of the magics themselves (IPython configuration, e.g. ``%config LogMagics.typed_columns = True``):
``typed_columns``, ``progress_bar`` and ``row_limit``.
"""

from __future__ import annotations

import logging
from typing import Any, List, Optional, Tuple

import pandas as pd
from IPython.core.magic import Magics, line_cell_magic, line_magic, magics_class
from traitlets import Bool, Int

from ...client import LogClient
from .arguments import MagicOptions, TimePoint, UsageError, looks_analytic, resolve_range, split_options
from .export import export_frame
from .fetch import pull_rows, query_rows
from .frames import logs_frame
from .output import error_line, show_error, time_text
from .plot import MATPLOTLIB_HINT, histogram_counts, search_part, show_histogram
from .progress import progress
from .settings import SECTION, MagicSettings, SettingsFileError, load_settings, save_settings, settings_path
from .widgets import settings_form, widgets_usable

logger = logging.getLogger("aliyun.log.ext.jupyter")

DEFAULT_DF_NAME = "log_df"
DEFAULT_TMP_DF_NAME = "log_df_part"

LOG_OPTIONS = ("typed", "strings", "limit", "plot", "out", "export", "no-progress")
FETCH_OPTIONS = ("typed", "strings", "out", "export", "no-progress")

USAGE = (
    "usage: %manage_log <endpoint> <access_id> <access_key> <project> <logstore>\n"
    "       %manage_log   (no arguments: a settings form, in a Jupyter notebook with ipywidgets)"
)


class NotConfigured(UsageError):
    """The magics have no endpoint, keys, project or logstore yet."""


@magics_class
class LogMagics(Magics):
    """Query and pull a logstore into pandas DataFrames (``%load_ext aliyun.log.ext.jupyter_magic``)."""

    typed_columns = Bool(False, help="Convert columns of numbers to numbers and make the __time__ index "
                                     "timezone-aware (the --typed option for every call).").tag(config=True)
    progress_bar = Bool(True, help="Show a progress bar for fetches that take more than a second (tqdm)."
                        ).tag(config=True)
    row_limit = Int(0, help="Stop a %log query after this many rows (0: no limit; --limit overrides)."
                    ).tag(config=True)

    def __init__(self, shell: Any = None, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        self._client: Optional[LogClient] = None
        try:
            self._settings = load_settings()
        except SettingsFileError as exc:
            show_error(f"{exc}; run %manage_log to write the [{SECTION}] section again")
            self._settings = MagicSettings()

    # -- settings ------------------------------------------------------------------------------------------------
    @property
    def settings(self) -> MagicSettings:
        """The saved endpoint, keys, project and logstore."""
        return self._settings

    def client(self) -> LogClient:
        """The client of the saved settings, created on first use and reused."""
        if self._settings.missing():
            raise NotConfigured(f"not configured ({', '.join(self._settings.missing())} missing); "
                                f"run %manage_log <endpoint> <access_id> <access_key> <project> <logstore>")
        if self._client is None:
            self._client = LogClient(self._settings.endpoint, self._settings.access_id, self._settings.access_key)
        return self._client

    def connect(self, settings: MagicSettings) -> Optional[str]:
        """Check ``settings`` by reading their logstore, then save and use them; the error text on failure."""
        if settings.missing():
            return f"missing {', '.join(settings.missing())}"
        try:
            with LogClient(settings.endpoint, settings.access_id, settings.access_key) as probe:
                probe.get_logstore(settings.project, settings.logstore)
        except Exception as exc:
            return error_line(exc)
        try:
            save_settings(settings)
        except (OSError, ValueError) as exc:
            return f"connected, but cannot save {settings_path()}: {error_line(exc)}"
        if self._client is not None:
            self._client.close()
        self._settings, self._client = settings, None
        return None

    @line_magic
    def manage_log(self, line: str) -> Any:
        """``%manage_log <endpoint> <access_id> <access_key> <project> <logstore>``, or a form without arguments.

        The connection is checked (the logstore must exist) before the settings are saved in ``~/.aliyunlogcli``.
        """
        params = (line or "").split()
        if not params and widgets_usable(self.shell):
            return settings_form(self._settings, self.connect)
        if len(params) != 5:
            print(USAGE)
            if self._settings.endpoint:
                print(f"current: {self._describe(self._settings)}, access id {_masked(self._settings.access_id)}")
            return None
        settings = MagicSettings(*params)
        error = self.connect(settings)
        if error:
            show_error(error)
        else:
            print(f"connected: {self._describe(settings)}; saved in {settings_path()} [{SECTION}]")
        return None

    @staticmethod
    def _describe(settings: MagicSettings) -> str:
        return f"project {settings.project!r}, logstore {settings.logstore!r} at {settings.endpoint}"

    # -- %log / %%log --------------------------------------------------------------------------------------------
    @line_cell_magic
    def log(self, line: str, cell: Optional[str] = None) -> Any:
        """``%log [options] <query>`` (the last 15 minutes) or ``%%log [options] [<from> ~ <to>]`` + query lines.

        Options: --typed / --strings, --limit N, --plot, --out NAME, --export FILE, --no-progress.
        """
        try:
            options, rest = split_options(line or "", LOG_OPTIONS)
            query = rest.strip() if cell is None else cell
            start, end = resolve_range("" if cell is None else rest)
            client = self.client()
        except UsageError as exc:
            show_error(str(exc))
            return None
        limit = options.limit or self.row_limit or None
        project, logstore = self._settings.project, self._settings.logstore
        try:
            with progress(self._progress(options), "%log", limit, self._in_kernel()) as advance:
                result = query_rows(client, project, logstore, start, end, query, limit, advance)
            analytic = result.analytic or looks_analytic(query)
            frame = logs_frame(result.rows, self._typed(options), analytic, result.keys)
        except Exception as exc:
            logger.debug("%%log failed", exc_info=True)
            show_error(exc)
            return None
        notes = []
        if not result.complete:
            notes.append("not exact: the service had not read every log" if analytic
                         else "partly not exact: some pages were incomplete")
        if result.limited:
            notes.append(f"stopped at the limit of {limit} rows")
        self._publish(frame, options, result.interrupted, (start, end), notes)
        if options.plot:
            self._plot(client, project, logstore, start, end, query)
        return frame

    def _plot(self, client: LogClient, project: str, logstore: str, start: int, end: int, query: str) -> None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            print(MATPLOTLIB_HINT)
            return
        try:
            histograms = histogram_counts(client, project, logstore, start, end, query)
            title = f"{project}/{logstore}: {search_part(query)}"
            show_histogram(histograms, title, self._in_kernel())
        except Exception as exc:
            show_error(exc)

    # -- %fetch --------------------------------------------------------------------------------------------------
    @line_magic
    def fetch(self, line: str) -> Any:
        """``%fetch [options] <from> ~ <to>``: every log the service *received* in the range, from every shard.

        ``begin`` and ``end`` name the oldest and newest data. Options: --typed / --strings, --out NAME,
        --export FILE, --no-progress.
        """
        try:
            options, rest = split_options(line or "", FETCH_OPTIONS)
            start, end = resolve_range(rest, cursors=True)
            client = self.client()
        except UsageError as exc:
            show_error(str(exc))
            return None
        try:
            with progress(self._progress(options), "%fetch", None, self._in_kernel()) as advance:
                pulled = pull_rows(client, self._settings.project, self._settings.logstore, start, end, advance,
                                   show_error)
            frame = logs_frame(pulled.rows, self._typed(options))
        except Exception as exc:
            logger.debug("%%fetch failed", exc_info=True)
            show_error(exc)
            return None
        self._publish(frame, options, pulled.cancelled, (start, end), [])
        return frame

    # -- shared --------------------------------------------------------------------------------------------------
    def _publish(self, frame: pd.DataFrame, options: MagicOptions, interrupted: bool,
                 time_range: Tuple[TimePoint, TimePoint], notes: List[str]) -> None:
        """Store ``frame`` in the user's namespace, export it when asked, and print one summary line."""
        name = DEFAULT_TMP_DF_NAME if interrupted else DEFAULT_DF_NAME
        namespace = self.shell.user_ns if self.shell is not None else {}
        namespace[name] = frame
        names = [name]
        if options.out:
            namespace[options.out] = frame
            names.append(options.out)
        if interrupted:
            notes.insert(0, f"interrupted: {DEFAULT_DF_NAME} is unchanged")
        if options.export:
            notes.append(self._export(frame, options.export))
        rows, columns = frame.shape
        summary = (f"{', '.join(names)}: {rows} rows x {columns} columns "
                   f"({self._settings.project}/{self._settings.logstore}, "
                   f"{time_text(time_range[0])} ~ {time_text(time_range[1])})")
        print("; ".join([summary, *[note for note in notes if note]]))

    @staticmethod
    def _export(frame: pd.DataFrame, path: str) -> str:
        try:
            export_frame(frame, path)
        except Exception as exc:
            show_error(f"cannot export to {path}: {error_line(exc)}")
            return ""
        return f"written to {path}"

    def _typed(self, options: MagicOptions) -> bool:
        return self.typed_columns if options.typed is None else options.typed

    def _progress(self, options: MagicOptions) -> bool:
        return self.progress_bar if options.progress is None else options.progress

    def _in_kernel(self) -> bool:
        return getattr(self.shell, "kernel", None) is not None


def _masked(secret: str) -> str:
    return secret[:4] + "****" if len(secret) > 8 else "****"


#: The class name of the official extension, for code that registers or configures it by that name.
MyMagics = LogMagics

__all__: List[str] = ["DEFAULT_DF_NAME", "DEFAULT_TMP_DF_NAME", "LogMagics", "MyMagics", "NotConfigured"]
