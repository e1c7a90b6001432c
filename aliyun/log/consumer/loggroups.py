"""What ``process()`` receives: a batch of log groups pulled from one shard, decoded only on demand.

``log_groups.LogGroups`` behaves like the repeated field of the protobuf ``LogGroupList`` (iterate it, index it,
take its ``len``: each item is a ``LogGroup`` message with ``str`` values, or ``bytes`` values when the data is not
valid UTF-8). It is also the serialized LogGroupList itself (a ``bytes`` subclass), so
``PullLogResponse.loggroups_to_flattern_list(log_groups)`` flattens straight from the wire bytes without building
protobuf objects first. Nothing is parsed unless a message is asked for.
"""

from __future__ import annotations

from typing import Any, Iterator, List, Optional, Union

__all__ = ["LogGroupBatch", "LogGroupSequence"]


class LogGroupSequence(bytes):
    """A serialized LogGroupList that iterates, indexes and counts as a sequence of ``LogGroup`` messages.

    ``bytes(seq)`` (and any buffer consumer) sees the serialized list; ``len(seq)`` is the number of groups.
    """

    _count: int
    _messages: Optional[List[Any]]

    def __new__(cls, data: bytes = b"", count: Optional[int] = None) -> LogGroupSequence:
        self = super().__new__(cls, data)
        self._messages = None
        self._count = -1 if count is None else int(count)
        return self

    def _parsed(self) -> List[Any]:
        if self._messages is None:
            from google.protobuf.message import DecodeError

            from ..codec import decode_log_group_list, proto

            # Parsed from this object's own buffer, without a copy. Values that are not UTF-8 are kept as bytes;
            # corrupt data raises the codec's CodecError from the second parse.
            try:
                groups = proto.LogGroupList.FromString(self)
            except (DecodeError, UnicodeDecodeError):
                groups = decode_log_group_list(bytes(self), raw=True)
            self._messages = list(groups.LogGroups)
            self._count = len(self._messages)
        return self._messages

    def __len__(self) -> int:
        if self._count < 0:
            self._parsed()
        return self._count

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self._parsed())

    def __getitem__(self, index: Union[int, slice]) -> Any:  # type: ignore[override]
        return self._parsed()[index]

    def __reduce__(self) -> Any:
        return (LogGroupSequence, (bytes(self), self._count if self._count >= 0 else None))

    def __repr__(self) -> str:
        return f"<LogGroupSequence of {len(self)} log groups, {super().__len__()} bytes>"

    @property
    def size(self) -> int:
        """Bytes of the serialized LogGroupList."""
        return super().__len__()


class LogGroupBatch:
    """One pull of one shard, as handed to ``ConsumerProcessorBase.process``.

    It stands in for the protobuf ``LogGroupList`` of the original SDK: ``LogGroups`` (see
    :class:`LogGroupSequence`), ``SerializeToString()`` (the wire bytes, not re-encoded). Extra attributes:
    ``shard_id``, ``cursor`` (where the batch starts), ``next_cursor`` (where the next one starts), ``raw_size``.
    """

    __slots__ = ("LogGroups", "cursor", "next_cursor", "raw_size", "shard_id")

    def __init__(self, data: bytes, count: Optional[int], shard_id: int = -1, cursor: str = "",
                 next_cursor: str = "") -> None:
        self.LogGroups = LogGroupSequence(data, count)
        self.shard_id = shard_id
        self.cursor = cursor
        self.next_cursor = next_cursor
        self.raw_size = len(data)

    def SerializeToString(self) -> bytes:
        return bytes(self.LogGroups)

    SerializePartialToString = SerializeToString

    def get_loggroup_count(self) -> int:
        return len(self.LogGroups)

    def get_log_count(self) -> int:
        """The number of logs in the batch (parses the groups)."""
        return sum(len(group.Logs) for group in self.LogGroups)

    def flatten(self, time_as_str: bool = False, decode_bytes: bool = False) -> List[Any]:
        """One dict per log (see ``PullLogResponse.loggroups_to_flattern_list``)."""
        from ..codec import flatten_log_groups

        return flatten_log_groups(bytes(self.LogGroups), time_as_str=time_as_str, decode_bytes=decode_bytes)

    def __len__(self) -> int:
        return len(self.LogGroups)

    def __repr__(self) -> str:
        return f"<LogGroupBatch shard={self.shard_id} groups={len(self.LogGroups)} bytes={self.raw_size}>"
