"""Request objects of the original SDK: plain holders with getters and setters."""

from __future__ import annotations

from typing import List, Optional, Sequence, Tuple

from .logitem import LogItem

LogTags = List[Tuple[str, str]]


class LogRequest:
    """Base of request objects: the project the request is addressed to."""

    def __init__(self, project: Optional[str] = None) -> None:
        self.project = project

    def get_project(self) -> Optional[str]:
        return self.project

    def set_project(self, project: str) -> None:
        self.project = project


class ListLogstoresRequest(LogRequest):
    """List every logstore of a project (used by ``LogClient.list_logstores``)."""


class PutLogsRequest(LogRequest):
    """A batch of logs to write into one logstore.

    Args:
        project, logstore: where to write.
        topic, source: shared by every log of the batch (source defaults to the client's source).
        logitems: the :class:`LogItem` objects.
        hashKey: 32 hex chars: write to the shard whose range holds it, instead of any shard.
        compress: compress the body (lz4 unless ``compress_type`` says otherwise).
        logtags: ``[(key, value), ...]`` attached to the batch (shown as ``__tag__:key``).
        compress_type: ``"lz4"`` (default), ``"zstd"`` or ``"deflate"``.
    """

    def __init__(
        self,
        project: Optional[str] = None,
        logstore: Optional[str] = None,
        topic: Optional[str] = None,
        source: Optional[str] = None,
        logitems: Optional[Sequence[LogItem]] = None,
        hashKey: Optional[str] = None,
        compress: bool = True,
        logtags: Optional[Sequence[Tuple[str, str]]] = None,
        compress_type: Optional[str] = None,
    ) -> None:
        super().__init__(project)
        self.logstore = logstore
        self.topic = topic
        self.source = source
        self.logitems: List[LogItem] = list(logitems) if logitems is not None else []
        self.hashkey = hashKey
        self.compress = compress
        self.logtags: LogTags = [tuple(tag) for tag in logtags] if logtags else []  # type: ignore[misc]
        self.compress_type = compress_type

    def get_logstore(self) -> Optional[str]:
        return self.logstore

    def set_logstore(self, logstore: str) -> None:
        self.logstore = logstore

    def get_topic(self) -> Optional[str]:
        return self.topic

    def set_topic(self, topic: str) -> None:
        self.topic = topic

    def get_source(self) -> Optional[str]:
        return self.source

    def set_source(self, source: str) -> None:
        self.source = source

    def get_log_items(self) -> List[LogItem]:
        return self.logitems

    def set_log_items(self, logitems: Sequence[LogItem]) -> None:
        self.logitems = list(logitems)

    def get_hash_key(self) -> Optional[str]:
        return self.hashkey

    def set_hash_key(self, hashKey: str) -> None:
        self.hashkey = hashKey

    def get_compress(self) -> bool:
        return self.compress

    def set_compress(self, compress: bool) -> None:
        self.compress = compress

    def get_compress_type(self) -> Optional[str]:
        return self.compress_type

    def set_compress_type(self, compress_type: str) -> None:
        self.compress_type = compress_type

    def get_log_tags(self) -> LogTags:
        return self.logtags

    def set_log_tags(self, logtags: Sequence[Tuple[str, str]]) -> None:
        self.logtags = [tuple(tag) for tag in logtags]  # type: ignore[misc]

    def __repr__(self) -> str:
        return (
            f"PutLogsRequest(project={self.project!r}, logstore={self.logstore!r}, topic={self.topic!r}, "
            f"logs={len(self.logitems)})"
        )
