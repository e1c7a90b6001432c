"""Writing logs (PutLogs) and reading them back by cursor (PullLogs)."""

from __future__ import annotations

from typing import Any, Iterator, List, Optional, Sequence, Tuple, Union

from ..errors import INVALID_ARGUMENT, LogException, invalid_argument
from ..limits import MAX_RAW_BODY_BYTES, MAX_SOURCE_BYTES, MAX_TOPIC_BYTES, MAX_VALUE_BYTES, key_problem
from ..models.logitem import LogItem
from ..models.request import PutLogsRequest
from ..models.response import PullLogResponse, PutLogsResponse
from ..transport import ApiRequest
from .base import require_name
from .cursors import CursorsApi, TimeValue, cursor_to_int

#: Largest uncompressed LogGroup the service accepts in one PutLogs request.
MAX_RAW_BODY = MAX_RAW_BODY_BYTES
MAX_PULL_COUNT = 1000

_valid_keys: set[str] = set()
_VALID_KEY_CACHE_LIMIT = 100_000

_COMPRESS_TYPES = ("lz4", "zstd", "deflate")


class PutArgumentTypeError(LogException, TypeError):
    """An argument of the put path of the wrong type: a ``TypeError`` that is also a ``LogException`` with code
    ``InvalidArgument`` (what the put path raised for such input before), so either ``except`` catches it."""

    def __init__(self, message: str) -> None:
        super().__init__(INVALID_ARGUMENT, message)


def check_key(key: Union[str, bytes]) -> None:
    """Raise ``InvalidArgument`` unless the service accepts ``key`` as a content key (rule:
    :func:`aliyun.log.limits.key_problem`); a key that is neither str nor bytes raises :class:`PutArgumentTypeError`.
    """
    if not isinstance(key, (str, bytes)):
        raise PutArgumentTypeError(f"log keys must be str or bytes, got {type(key).__name__}: {key!r}")
    problem = key_problem(key)
    if problem is not None:
        raise invalid_argument(problem)
    if isinstance(key, str) and len(_valid_keys) < _VALID_KEY_CACHE_LIMIT:
        _valid_keys.add(key)


def check_log_items(items: Sequence[LogItem]) -> None:
    """Validate every key of every item (keys seen before are checked once per process)."""
    superset = _valid_keys.issuperset
    for item in items:
        if item.__class__ is not LogItem and not isinstance(item, LogItem):
            raise PutArgumentTypeError(f"logitems must hold LogItem objects, got {type(item).__name__}: {item!r:.80}")
        keys = item.content_keys()
        if not superset(keys):
            for key in keys:
                if key not in _valid_keys:
                    check_key(key)


def check_group_text(value: Any, name: str, limit: int) -> None:
    """``topic`` / ``source`` of a log group: None, or str / bytes of at most ``limit`` UTF-8 bytes."""
    if value is None:
        return
    if isinstance(value, str):
        size = len(value) if value.isascii() else len(value.encode("utf-8"))
    elif isinstance(value, (bytes, bytearray)):
        size = len(value)
    else:
        raise PutArgumentTypeError(f"{name} must be str (or None), got {type(value).__name__}: {value!r:.80}")
    if size > limit:
        raise invalid_argument(f"{name} is {size} bytes, over the service's limit of {limit}: {value[:32]!r}...")


def check_value_sizes(items: Sequence[LogItem], raw: bytes) -> None:
    """Raise ``InvalidArgument`` naming the first value longer than :data:`~aliyun.log.limits.MAX_VALUE_BYTES`.

    ``raw`` is the encoded LogGroup of ``items``: only the logs it shows to be over the limit as a whole (read from
    its top-level framing, without decoding) have their values measured, so a large batch of ordinary logs costs
    one pass over 4096 headers rather than over every value.
    """
    for index in _oversized_logs(raw, MAX_VALUE_BYTES):
        item = items[index]
        for key, value in item.iter_contents():
            size = len(value.encode("utf-8")) if isinstance(value, str) else len(value)
            if size > MAX_VALUE_BYTES:
                raise invalid_argument(f"the value of log key {key!r} is {size} bytes, over the service's limit of "
                                       f"{MAX_VALUE_BYTES}")


def _oversized_logs(raw: bytes, limit: int) -> List[int]:
    """Positions of the Log messages of the LogGroup ``raw`` whose encoded size is over ``limit`` (>= 16 KiB)."""
    found = []
    pos = index = 0
    end = len(raw)
    while pos < end and raw[pos] == 0x0A:  # field 1 (logs); topic, source and tags follow the logs
        first = raw[pos + 1]
        if first < 0x80:
            pos += 2 + first
        else:
            second = raw[pos + 2]
            if second < 0x80:  # under 16 KiB
                pos += 3 + ((first & 0x7F) | (second << 7))
            else:
                size = (first & 0x7F) | ((second & 0x7F) << 7)
                shift = 14
                pos += 3
                while True:
                    byte = raw[pos]
                    size |= (byte & 0x7F) << shift
                    pos += 1
                    if byte < 0x80:
                        break
                    shift += 7
                if size > limit:
                    found.append(index)
                pos += size
        index += 1
    return found


class LogsApi(CursorsApi):
    # -- put ---------------------------------------------------------------------------------------------------------
    def put_logs(self, request: PutLogsRequest, *, auto_split: bool = False) -> PutLogsResponse:
        """Write a batch of logs.

        The batch is checked before it is sent against the service's rules (:mod:`aliyun.log.limits`): an empty,
        reserved or over-long key, a value over 1 MiB, a topic or source over 128 bytes, or a batch whose
        uncompressed size exceeds 10 MiB raises ``LogException`` (code ``InvalidArgument``) and nothing is written.
        Arguments of the wrong type (not a PutLogsRequest, a key or value that is not str/bytes...) raise
        :class:`PutArgumentTypeError`, a ``TypeError`` that is also such a ``LogException``. With
        ``auto_split=True`` an oversized batch is instead sent as several requests, in order.
        """
        response: Optional[PutLogsResponse] = None
        for api_request, count in self.build_put_requests(request, auto_split=auto_split):
            resp = self._transport.request(api_request)
            if response is None:
                response = PutLogsResponse(resp.headers, log_count=count)
            else:
                response = PutLogsResponse(resp.headers, request_count=response.request_count + 1,
                                           log_count=response.log_count + count)
        assert response is not None
        return response

    def build_put_requests(self, request: PutLogsRequest, *, auto_split: bool = False
                           ) -> List[Tuple[ApiRequest, int]]:
        """The PutLogs calls ``put_logs(request)`` makes (validated, encoded, compressed), with their log counts."""
        from ..codec.loggroup import encode_log_group, encode_log_group_checked

        if not isinstance(request, PutLogsRequest):
            raise PutArgumentTypeError(
                f"put_logs takes a PutLogsRequest(project, logstore, topic, source, [LogItem, ...]), "
                f"got {type(request).__name__}"
            )
        project = require_name(request.get_project(), "request.project")
        logstore = require_name(request.get_logstore(), "request.logstore")
        items = request.get_log_items()
        topic = request.get_topic()
        source = self._resolve_source(request.get_source())
        tags = request.get_log_tags()
        # The compiled codec checks keys, values and item types while encoding; None sends every check below.
        checked = encode_log_group_checked(items, topic, source, tags, LogItem, _valid_keys, MAX_VALUE_BYTES)
        if checked is None:
            check_log_items(items)
        check_group_text(topic, "topic", MAX_TOPIC_BYTES)
        check_group_text(source, "source", MAX_SOURCE_BYTES)
        compress_type = _compress_type(request.get_compress(), request.get_compress_type())

        def encode(part: List[LogItem]) -> bytes:
            if checked is not None and part is items:
                return checked
            try:
                raw = encode_log_group(part, topic, source, tags)
            except TypeError as exc:  # a value or tag that is neither str nor bytes, a time that is not a number...
                raise PutArgumentTypeError(f"cannot encode the logs: {exc}") from None
            except ValueError as exc:  # a time out of range...
                raise invalid_argument(f"cannot encode the logs: {exc}") from None
            if len(raw) > MAX_VALUE_BYTES:  # only a body this large can hold an over-long value
                check_value_sizes(part, raw)
            return raw

        chunks = _split_items(items, encode, auto_split)
        return [(_put_request(project, logstore, raw, compress_type, request.get_hash_key()), count)
                for raw, count in chunks]

    def put_log_raw(self, project: str, logstore: str, log_group: Any, compress: Optional[bool] = None,
                    hash_key: Optional[str] = None) -> PutLogsResponse:
        """Write one LogGroup given as a protobuf message or as its serialized bytes (no per-key checks)."""
        raw = log_group if isinstance(log_group, (bytes, bytearray)) else log_group.SerializeToString()
        if len(raw) > MAX_RAW_BODY:
            raise invalid_argument(f"log group is {len(raw)} bytes, over the {MAX_RAW_BODY} byte limit")
        compress_type = _compress_type(True if compress is None else compress, None)
        resp = self._transport.request(_put_request(require_name(project, "project"),
                                                    require_name(logstore, "logstore"), bytes(raw), compress_type,
                                                    hash_key))
        count = len(log_group.Logs) if hasattr(log_group, "Logs") else 0
        return PutLogsResponse(resp.headers, log_count=count)

    # -- pull --------------------------------------------------------------------------------------------------------
    def pull_logs(
        self,
        project_name: str,
        logstore_name: str,
        shard_id: int,
        cursor: str,
        count: Optional[int] = None,
        end_cursor: Optional[str] = None,
        compress: Optional[bool] = None,
        query: Optional[str] = None,
        accept_compress_type: Optional[str] = None,
        processor: Optional[str] = None,
    ) -> PullLogResponse:
        """Read up to ``count`` (1..1000, default 1000) log groups of a shard starting at ``cursor``.

        ``end_cursor`` (exclusive) bounds the read; ``get_next_cursor()`` of the answer continues it. ``query`` is an
        SPL statement (``* | where status = '500' | project path``) the service runs on each pulled log; ``processor``
        names a consume processor that holds one. With either, ``get_raw_size_before_query()`` and
        ``get_raw_log_group_count_before_query()`` tell what was read before filtering.
        """
        count = MAX_PULL_COUNT if count is None else count
        if not isinstance(count, int) or not 1 <= count <= MAX_PULL_COUNT:
            raise invalid_argument(f"count must be 1..{MAX_PULL_COUNT} log groups, got {count!r}")
        params = {"type": "log", "cursor": require_name(cursor, "cursor"), "count": str(count)}
        if end_cursor:
            params["end_cursor"] = end_cursor
        if isinstance(query, str) and query.strip():
            params["pullMode"] = "scan_on_stream"
            params["query"] = query
        elif query is not None and not isinstance(query, str):
            raise invalid_argument(f"query must be an SPL statement string, got {query!r}")
        if processor:
            params["processor"] = processor
        if compress is False:
            encoding = ""
        else:
            encoding = accept_compress_type or "lz4"
            if encoding not in _COMPRESS_TYPES:
                raise invalid_argument(f"accept_compress_type must be one of {_COMPRESS_TYPES}, got {encoding!r}")
        headers = {"Accept": "application/x-protobuf", "Accept-Encoding": encoding}
        resp = self._send(
            "GET", f"/logstores/{require_name(logstore_name, 'logstore_name')}/shards/{int(shard_id)}",
            require_name(project_name, "project_name"), params, headers,
        )
        return PullLogResponse.from_answer(resp)

    def pull_log(
        self,
        project_name: str,
        logstore_name: str,
        shard_id: int,
        from_time: TimeValue,
        to_time: TimeValue,
        batch_size: Optional[int] = None,
        compress: Optional[bool] = None,
        query: Optional[str] = None,
        accept_compress_type: Optional[str] = None,
        processor: Optional[str] = None,
    ) -> Iterator[PullLogResponse]:
        """Yield batches of a shard's log groups received between ``from_time`` and ``to_time``.

        Times are server receive times: ``"begin"``, ``"end"``, unix seconds or any form the time parser reads
        (``"2018-01-02 12:12:10+8:00"``, ``"1 hour ago"``...). The end is exclusive; iteration stops there.
        ``query`` / ``processor`` filter each batch on the service as in :meth:`pull_logs`.
        """
        begin_cursor = self.get_cursor(project_name, logstore_name, shard_id, from_time).get_cursor()
        end_cursor = self.get_cursor(project_name, logstore_name, shard_id, to_time).get_cursor()
        return self._pull_range(project_name, logstore_name, shard_id, begin_cursor, end_cursor, batch_size,
                                compress, query, accept_compress_type, processor)

    def _pull_range(self, project: str, logstore: str, shard_id: int, cursor: str, end_cursor: str,
                    batch_size: Optional[int], compress: Optional[bool], query: Optional[str] = None,
                    accept_compress_type: Optional[str] = None, processor: Optional[str] = None,
                    ) -> Iterator[PullLogResponse]:
        end_position = cursor_to_int(end_cursor)
        while cursor_to_int(cursor) < end_position:
            res = self.pull_logs(project, logstore, shard_id, cursor, batch_size, end_cursor, compress, query,
                                 accept_compress_type, processor)
            next_cursor = res.get_next_cursor()
            if res.get_loggroup_count() or res.get_raw_size() or res.get_raw_log_group_count_before_query() > 0:
                yield res
            if next_cursor == cursor:
                return
            cursor = next_cursor


def _put_request(project: str, logstore: str, raw: bytes, compress_type: str, hash_key: Optional[str]
                 ) -> ApiRequest:
    headers = {"Content-Type": "application/x-protobuf", "x-log-bodyrawsize": str(len(raw))}
    body = raw
    if compress_type:
        from ..codec.compression import compress

        body = compress(raw, compress_type)
        headers["x-log-compresstype"] = compress_type
    if hash_key:
        return ApiRequest("POST", f"/logstores/{logstore}/shards/route", {"key": hash_key}, headers, body, project)
    return ApiRequest("POST", f"/logstores/{logstore}/shards/lb", {}, headers, body, project)


def _compress_type(compress: Optional[bool], compress_type: Optional[str]) -> str:
    if compress is False:
        return ""
    chosen = (compress_type or "lz4").lower()
    if chosen not in _COMPRESS_TYPES:
        raise invalid_argument(f"compress_type must be one of {_COMPRESS_TYPES}, got {compress_type!r}")
    return chosen


def _split_items(items: List[LogItem], encode: Any, auto_split: bool) -> List[Tuple[bytes, int]]:
    """Encode ``items`` into groups within the size limit (more than one only when ``auto_split``)."""
    raw = encode(items)
    if len(raw) <= MAX_RAW_BODY:
        return [(raw, len(items))]
    if not auto_split:
        raise invalid_argument(
            f"the batch of {len(items)} logs is {len(raw)} bytes uncompressed, over the service's limit of "
            f"{MAX_RAW_BODY}; send smaller batches or call put_logs(request, auto_split=True)"
        )
    if len(items) == 1:
        raise invalid_argument(f"a single log is {len(raw)} bytes uncompressed, over the limit of {MAX_RAW_BODY}")
    pieces = -(-len(raw) // MAX_RAW_BODY) + 1
    step = -(-len(items) // pieces)
    result: List[Tuple[bytes, int]] = []
    for start in range(0, len(items), step):
        result.extend(_split_items(items[start:start + step], encode, True))
    return result
