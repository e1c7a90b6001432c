"""Request objects of the original SDK: plain holders with getters and setters."""

from __future__ import annotations

from typing import Any, List, Mapping, Optional, Sequence, Tuple, Union

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
        logtags: Union[Sequence[Tuple[str, str]], Mapping[str, str], None] = None,
        compress_type: Optional[str] = None,
    ) -> None:
        super().__init__(project)
        self.logstore = logstore
        self.topic = topic
        self.source = source
        self.logitems: List[LogItem] = _item_list(logitems)
        self.hashkey = hashKey
        self.compress = compress
        self.logtags: LogTags = _tag_list(logtags)
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
        self.logitems = _item_list(logitems)

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

    def set_log_tags(self, logtags: Union[Sequence[Tuple[str, str]], Mapping[str, str], None]) -> None:
        self.logtags = _tag_list(logtags)

    def __repr__(self) -> str:
        return (
            f"PutLogsRequest(project={self.project!r}, logstore={self.logstore!r}, topic={self.topic!r}, "
            f"logs={len(self.logitems)})"
        )


def _item_list(logitems: Any) -> List[LogItem]:
    """``logitems`` as a new list; a single LogItem, a dict or a string is refused with a TypeError that says so."""
    if logitems is None:
        return []
    if logitems.__class__ is list:
        return list(logitems)
    if isinstance(logitems, LogItem):
        raise TypeError("logitems must be a list of LogItem objects, got a single LogItem: pass [item]")
    if isinstance(logitems, (str, bytes, bytearray, Mapping)) or not hasattr(logitems, "__iter__"):
        raise TypeError(f"logitems must be a list of LogItem objects, got {type(logitems).__name__}")
    return list(logitems)


def _tag_list(logtags: Any) -> LogTags:
    """``logtags`` (``[(key, value), ...]`` or a dict) as a list of pairs; anything else is a TypeError."""
    if not logtags:
        return []
    if isinstance(logtags, Mapping):
        return list(logtags.items())
    if isinstance(logtags, (str, bytes, bytearray)) or not hasattr(logtags, "__iter__"):
        raise TypeError(f"logtags must be a list of (key, value) pairs or a dict, got {type(logtags).__name__}")
    tags: LogTags = []
    for tag in logtags:
        if isinstance(tag, (str, bytes, bytearray)) or not hasattr(tag, "__len__") or len(tag) != 2:
            raise TypeError(f"logtags must be a list of (key, value) pairs or a dict, got the item {tag!r:.80}")
        tags.append((tag[0], tag[1]))
    return tags
