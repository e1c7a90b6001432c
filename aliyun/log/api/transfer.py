"""Moving a logstore's data by receive time (dumping it to files, copying it to another logstore) on LogClient.
The operations live in :mod:`aliyun.log.ops.transfer`; these methods delegate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Sequence

from ..models.response import LogResponse
from ..ops import as_log_client, transfer
from ..ops.transfer import parse_shard_list
from .base import ApiBase
from .cursors import TimeValue

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["TransferApi", "parse_shard_list"]


class TransferApi(ApiBase):
    def pull_log_dump(
        self,
        project_name: str,
        logstore_name: str,
        from_time: TimeValue,
        to_time: TimeValue,
        file_path: str,
        batch_size: Optional[int] = None,
        compress: Optional[bool] = None,
        encodings: Optional[Sequence[str]] = None,
        shard_list: Any = None,
        no_escape: Optional[bool] = None,
        query: Optional[str] = None,
        processor: Optional[str] = None,
    ) -> LogResponse:
        """Write every log received between ``from_time`` and ``to_time`` to files, one JSON object per line.

        ``file_path`` holds ``{}``, replaced by each shard id (``/data/dump_{}.data``); without it the shard id is
        appended (``/data/dump0``); ``~`` is expanded. Files are appended to, and a shard without logs writes no
        file. Values that are not UTF-8 are decoded with the first of ``encodings`` that fits (default
        ``utf8, latin1, gbk``; the last one replaces what it cannot decode). ``no_escape=True`` keeps non-ASCII
        characters as they are instead of ``\\uXXXX`` escapes. ``query`` / ``processor`` (SPL) filter on the
        service, as in :meth:`pull_logs`. Returns ``{"total_count": n, "files": {path: count}}`` listing the files
        written to.
        """
        return transfer.pull_log_dump(
            as_log_client(self),
            project_name,
            logstore_name,
            from_time,
            to_time,
            file_path,
            batch_size,
            compress,
            encodings,
            shard_list,
            no_escape,
            query,
            processor,
        )

    def copy_data(
        self,
        project: str,
        logstore: str,
        from_time: TimeValue,
        to_time: Optional[TimeValue] = None,
        to_client: Optional[LogClient] = None,
        to_project: Optional[str] = None,
        to_logstore: Optional[str] = None,
        shard_list: Any = None,
        batch_size: Optional[int] = None,
        compress: Optional[bool] = None,
        new_topic: Optional[str] = None,
        new_source: Optional[str] = None,
    ) -> LogResponse:
        """Copy the log groups received between ``from_time`` and ``to_time`` (default ``"end"``) to a logstore,
        possibly of another project or region (``to_client``), keeping each group's topic, source and tags unless
        ``new_topic`` / ``new_source`` replace them. Without a target the logs are written again into their own
        logstore (e.g. to index them after creating an index); the range is fixed when the copy starts, so that
        ends too. Returns ``{"total_count": n, "shards": {id: n}}`` for the shards that had logs.
        """
        return transfer.copy_data(
            as_log_client(self),
            project,
            logstore,
            from_time,
            to_time,
            to_client,
            to_project,
            to_logstore,
            shard_list,
            batch_size,
            compress,
            new_topic,
            new_source,
        )
