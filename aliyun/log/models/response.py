"""Response classes of the data plane and the project / logstore / shard / cursor APIs.

Every response keeps the HTTP headers and the parsed body; ``get_request_id()`` identifies the call for support,
``get_body()`` returns what the service answered and ``log_print()`` prints a readable summary (it is the one
place responses print, because the user asked for it).
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Mapping, Optional, TypeVar

from ..errors import BAD_RESPONSE, LogException
from .validation import (
    bad_response,
    field,
    header,
    int_field,
    int_header,
    require_dict,
    require_header,
    require_int,
    require_list,
    require_str,
)

if TYPE_CHECKING:
    from ..transport.messages import ApiResponse

Headers = Mapping[str, str]
R = TypeVar("R", bound="ListResponse")
F = TypeVar("F", bound=Callable[..., None])

# What a parser raises when a body has a shape it did not check for explicitly.
_SHAPE_ERRORS = (AttributeError, TypeError, ValueError, KeyError, IndexError, RecursionError)


def header_value(headers: Headers, key: str, default: str = "") -> str:
    """Look a header up by name whatever its case."""
    value = header(headers, key)
    return default if value is None else value


def _reporting_malformed(init: F) -> F:
    """Wrap a response ``__init__`` so that a body of an unexpected shape raises ``BadResponse``.

    Parsers check the fields they rely on with :mod:`.validation`; this is the guarantee behind those checks, so
    that no answer can escape as a raw ``AttributeError`` / ``TypeError`` / ``ValueError``. A wrong call of the
    constructor itself (its own ``TypeError``) is left alone.
    """

    @functools.wraps(init)
    def wrapper(self: LogResponse, *args: Any, **kwargs: Any) -> None:
        try:
            init(self, *args, **kwargs)
        except LogException as exc:
            if exc.error_code == BAD_RESPONSE:
                raise
            # a model's own input check (e.g. InvalidInput of a config built from the body): the answer is at fault
            raise bad_response(f"cannot read the {type(self).__name__} answer: {exc.message}",
                               getattr(self, "headers", None)) from None
        except _SHAPE_ERRORS as exc:
            traceback = exc.__traceback__
            if traceback is None or traceback.tb_next is None:
                raise  # the call itself was wrong, not the answer
            raise bad_response(f"cannot read the {type(self).__name__} answer: {type(exc).__name__}: {exc}",
                               getattr(self, "headers", None)) from None

    return wrapper  # type: ignore[return-value]


class LogResponse:
    """Base of all responses: headers, body and request id.

    Every subclass's ``__init__`` validates what it reads: a malformed answer raises ``LogException`` with code
    ``BadResponse`` and the request id.
    """

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" in cls.__dict__:
            cls.__init__ = _reporting_malformed(cls.__dict__["__init__"])  # type: ignore[method-assign]

    def __init__(self, headers: Optional[Headers], body: Any = "") -> None:
        self.headers: Dict[str, str] = dict(headers or {})
        self.body = body

    def _dict(self, value: Any, what: str = "the body") -> Dict[str, Any]:
        """``value`` as a JSON object (``None``, an empty answer, as ``{}``)."""
        return {} if value is None or value == "" else require_dict(value, what, self.headers)

    def _list(self, value: Any, what: str = "the body") -> List[Any]:
        """A copy of ``value``, a JSON array (``None``, an empty answer, as ``[]``)."""
        return [] if value is None or value == "" else list(require_list(value, what, self.headers))

    def get_request_id(self) -> str:
        return header_value(self.headers, "x-log-requestid")

    def get_all_headers(self) -> Dict[str, str]:
        return self.headers

    def get_header(self, key: str) -> str:
        return header_value(self.headers, key)

    def get_body(self) -> Any:
        return self.body

    def _summary(self) -> Any:
        return self.body

    def log_print(self) -> None:
        """Print the response (class name, request id, headers and body) to stdout."""
        print(type(self).__name__)
        print("request id:", self.get_request_id())
        print("headers:", self.headers)
        body = self._summary()
        if isinstance(body, (dict, list)):
            print(json.dumps(body, indent=2, ensure_ascii=False, default=str))
        elif body not in ("", None, b""):
            print(body)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} request_id={self.get_request_id()!r}>"


class EmptyResponse(LogResponse):
    """A response with nothing in its body (creates, updates, deletes).

    The original SDK named the arguments ``header`` / ``resp`` for some of these and ``headers`` / ``body`` for
    others; both spellings are accepted.
    """

    def __init__(
        self, header: Optional[Headers] = None, resp: Any = "", *, headers: Optional[Headers] = None, body: Any = None
    ) -> None:
        super().__init__(header if headers is None else headers, resp if body is None else body)


class ListResponse(LogResponse):
    """A page of a list API: ``count`` items of ``total``; pages of one kind can be merged."""

    items_key = "items"

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        body = self._dict(resp)
        self.items: List[Any] = self._list(body.get(self.items_key), f"field {self.items_key!r}")
        self.count = int_field(body, "count", self.headers, len(self.items))
        self.total = int_field(body, "total", self.headers, self.count)

    def get_count(self) -> int:
        return self.count

    def get_total(self) -> int:
        return self.total

    def merge(self: R, other: R) -> R:
        """Append the items of another page of the same listing."""
        self.items.extend(other.items)
        self.count = len(self.items)
        self.total = max(self.total, other.total)
        self.body = {"count": self.count, "total": self.total, self.items_key: self.items}
        return self

    def __iter__(self) -> Iterator[Any]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


# -- projects --------------------------------------------------------------------------------------------------------
class CreateProjectResponse(EmptyResponse):
    pass


class UpdateProjectResponse(EmptyResponse):
    pass


class DeleteProjectResponse(EmptyResponse):
    pass


class GetProjectResponse(LogResponse):
    """One project: name, description, status, region, owner and times."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        fields: Any = self._dict(resp)
        self.project_name: str = fields.get("projectName", "")
        self.description: str = fields.get("description", "")
        self.status: str = fields.get("status", "")
        self.region: str = fields.get("region", "")
        self.owner: str = fields.get("owner", "")
        self.create_time: str = fields.get("createTime", "")
        self.last_modify_time: str = fields.get("lastModifyTime", "")
        self.resource_group_id: str = fields.get("resourceGroupId", "")
        self.data_redundancy_type: str = fields.get("dataRedundancyType", "")

    def get_projectname(self) -> str:
        return self.project_name

    def get_description(self) -> str:
        return self.description

    def get_status(self) -> str:
        return self.status

    def get_region(self) -> str:
        return self.region

    def get_owner(self) -> str:
        return self.owner

    def get_create_time(self) -> str:
        return self.create_time

    def get_last_modify_time(self) -> str:
        return self.last_modify_time

    def get_resource_group_id(self) -> str:
        return self.resource_group_id

    def get_data_redundancy_type(self) -> str:
        return self.data_redundancy_type


class ListProjectResponse(ListResponse):
    """A page of projects; each item is the project object (a dict)."""

    items_key = "projects"

    def get_projects(self) -> List[Dict[str, Any]]:
        return self.items


# -- logstores -------------------------------------------------------------------------------------------------------
class CreateLogStoreResponse(EmptyResponse):
    pass


class UpdateLogStoreResponse(EmptyResponse):
    pass


class DeleteLogStoreResponse(EmptyResponse):
    pass


class GetLogStoreResponse(LogResponse):
    """One logstore's settings."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        fields: Any = self._dict(resp)
        self.logstore_name: str = fields.get("logstoreName", "")
        self.ttl = int_field(fields, "ttl", self.headers, 0)
        self.shard_count = int_field(fields, "shardCount", self.headers, 0)
        self.enable_tracking = bool(fields.get("enable_tracking", False))
        self.append_meta = bool(fields.get("appendMeta", False))
        self.auto_split = bool(fields.get("autoSplit", False))
        self.max_split_shard = int_field(fields, "maxSplitShard", self.headers, 0)
        self.preserve_storage = self.ttl >= 3650
        self.telemetry_type: str = fields.get("telemetryType", "")
        self.hot_ttl = fields.get("hot_ttl", -1)
        self.infrequent_access_ttl = fields.get("infrequentAccessTTL", -1)
        self.mode = fields.get("mode")
        self.encrypt_conf = fields.get("encrypt_conf")
        self.enable_modify = fields.get("enableModify")
        self.create_time = fields.get("createTime")
        self.last_modify_time = fields.get("lastModifyTime")

    def get_logstore_name(self) -> str:
        return self.logstore_name

    def get_ttl(self) -> int:
        return self.ttl

    def get_shard_count(self) -> int:
        return self.shard_count

    def get_enable_tracking(self) -> bool:
        return self.enable_tracking

    def get_append_meta(self) -> bool:
        return self.append_meta

    def get_auto_split(self) -> bool:
        return self.auto_split

    def get_max_split_shard(self) -> int:
        return self.max_split_shard

    def get_preserve_storage(self) -> bool:
        return self.preserve_storage

    def get_telemetry_type(self) -> str:
        return self.telemetry_type

    def get_hot_ttl(self) -> Any:
        return self.hot_ttl

    def get_infrequent_access_ttl(self) -> Any:
        return self.infrequent_access_ttl

    def get_mode(self) -> Any:
        return self.mode

    def get_encrypt_conf(self) -> Any:
        return self.encrypt_conf

    def get_enable_modify(self) -> bool:
        """Whether logs of the logstore may be modified and deleted."""
        return bool(self.enable_modify)

    def get_create_time(self) -> Any:
        return self.create_time

    def get_last_modify_time(self) -> Any:
        return self.last_modify_time


class ListLogStoreResponse(ListResponse):
    """A page of logstore names."""

    items_key = "logstores"

    def get_logstores(self) -> List[str]:
        return self.items

    def get_logstores_count(self) -> int:
        return self.count

    def get_logstores_total(self) -> int:
        return self.total

    @property
    def logstores(self) -> List[str]:
        return self.items

    @property
    def total_count(self) -> int:
        return self.total


class ListLogstoresResponse(ListLogStoreResponse):
    """The answer of ``list_logstores(ListLogstoresRequest)``."""


# -- shards ----------------------------------------------------------------------------------------------------------
class ListShardResponse(LogResponse):
    """Shards of a logstore, each a dict with shardID, status, inclusiveBeginKey, exclusiveEndKey, createTime."""

    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.shards: List[Dict[str, Any]] = [self._shard(item) for item in self._list(resp)]

    def _shard(self, item: Any) -> Dict[str, Any]:
        shard = require_dict(item, "a shard", self.headers)
        require_int(field(shard, "shardID", self.headers), "shardID", self.headers)
        return shard

    def get_shards_info(self) -> List[Dict[str, Any]]:
        return self.shards

    def get_count(self) -> int:
        return len(self.shards)

    @property
    def count(self) -> int:
        return len(self.shards)

    def get_shard_ids(self) -> List[int]:
        return [int(shard["shardID"]) for shard in self.shards]

    def get_readwrite_shards(self) -> List[Dict[str, Any]]:
        return [shard for shard in self.shards if shard.get("status") == "readwrite"]


class DeleteShardResponse(EmptyResponse):
    pass


# -- cursors ---------------------------------------------------------------------------------------------------------
class GetCursorResponse(LogResponse):
    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        cursor = require_str(field(self._dict(resp), "cursor", self.headers), "field 'cursor'", self.headers)
        if not cursor:
            raise bad_response("the answer has an empty cursor", self.headers)
        self.cursor: str = cursor

    def get_cursor(self) -> str:
        return self.cursor


class GetCursorTimeResponse(LogResponse):
    def __init__(self, resp: Any, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        self.cursor_time = int_field(self._dict(resp), "cursor_time", self.headers)

    def get_cursor_time(self) -> int:
        return self.cursor_time


# -- put / pull ------------------------------------------------------------------------------------------------------
class PutLogsResponse(EmptyResponse):
    """Answer of ``put_logs``; with ``auto_split`` it also tells how many requests were sent."""

    def __init__(self, header: Optional[Headers], resp: Any = "", request_count: int = 1, log_count: int = 0) -> None:
        super().__init__(header, resp)
        self.request_count = request_count
        self.log_count = log_count

    def get_request_count(self) -> int:
        return self.request_count

    def get_log_count(self) -> int:
        return self.log_count


class PullLogResponse(LogResponse):
    """A batch of log groups read from one shard.

    ``resp`` is the serialized (already decompressed) LogGroupList. It is parsed lazily: ``get_loggroup_list()``
    gives protobuf objects with ``str`` values; ``get_flatten_logs_json()`` gives one dict per log and never fails on
    values that are not UTF-8. ``get_body()`` (and ``body``) is ``{"next_cursor", "count", "logs"}`` as in the
    original SDK; ``get_raw_body()`` is the serialized LogGroupList.
    """

    def __init__(self, resp: bytes, header: Optional[Headers]) -> None:
        super().__init__(header, resp)
        if not isinstance(resp, (bytes, bytearray)):
            raise bad_response(f"a PullLogs body must be bytes, got {type(resp).__name__}", self.headers)
        self._raw_bytes: bytes = bytes(resp)
        self._compressed: Optional[ApiResponse] = None  # the answer while its body is not decompressed yet
        self._body: Optional[Dict[str, Any]] = None
        self.next_cursor = require_header(self.headers, "x-log-cursor")
        self.loggroup_count = int_header(self.headers, "x-log-count", 0)
        self.raw_size = int_header(self.headers, "x-log-bodyrawsize", 0)
        # with a server-side query (SPL) the service also says what the shard held before filtering; -1: not sent
        self.raw_log_group_count_before_query = int_header(self.headers, "x-log-rawdatacount", -1)
        self.raw_size_before_query = int_header(self.headers, "x-log-rawdatasize", -1)
        self._raw_list: Any = None
        self._str_list: Any = None

    @classmethod
    def from_answer(cls, answer: ApiResponse) -> PullLogResponse:
        """The response to a PullLogs answer (``transport.ApiResponse``). An lz4 body is decompressed only when
        first needed, so that flattening it needs no decompressed copy (see ``codec.pull_body_to_flat``): its
        headers are checked now, and a corrupt body raises ``BadResponse`` when it is first read, as a body that
        does not parse does. Other bodies are decompressed now."""
        if not (answer.body and answer.headers.get("x-log-compresstype", "").lower() == "lz4"):
            return cls(answer.decompressed_body(), answer.headers)
        answer.checked_raw_size()
        response = cls(b"", answer.headers)
        response._compressed = answer
        return response

    @property
    def _raw_body(self) -> bytes:
        if self._compressed is not None:
            self._raw_bytes = self._compressed.decompressed_body()
            self._compressed = None
        return self._raw_bytes

    def _decoded(self, decode: Callable[[], Any]) -> Any:
        """``decode()`` of the body, a corrupt body raising ``BadResponse`` instead of a codec error."""
        try:
            return decode()
        except LogException:
            raise
        except Exception as exc:  # CodecError, protobuf's DecodeError, UnicodeDecodeError
            raise bad_response(f"the PullLogs body is not a valid LogGroupList: {exc}", self.headers) from None

    def get_body(self) -> Dict[str, Any]:
        """``{"next_cursor": str, "count": number of logs, "logs": get_flatten_logs_json()}`` (values decoded)."""
        if self._body is None:
            logs = self.get_flatten_logs_json(decode_bytes=True)
            self._body = {"next_cursor": self.next_cursor, "count": len(logs), "logs": logs}
        return self._body

    @property
    def body(self) -> Dict[str, Any]:
        """Same as :meth:`get_body`."""
        return self.get_body()

    @body.setter
    def body(self, value: Any) -> None:
        # LogResponse.__init__ stores the serialized answer here; __init__ keeps it as the raw body instead.
        self._body = value if isinstance(value, dict) else None

    def get_raw_body(self) -> bytes:
        """The serialized (decompressed) LogGroupList of the answer."""
        return self._raw_body

    def get_next_cursor(self) -> str:
        return self.next_cursor

    def get_raw_size(self) -> int:
        return self.raw_size

    def get_loggroup_count(self) -> int:
        return self.loggroup_count

    def get_raw_log_group_count_before_query(self) -> int:
        """Log groups the pulled range held before the server-side query filtered it (-1 without a query)."""
        return self.raw_log_group_count_before_query

    def get_raw_size_before_query(self) -> int:
        """Raw bytes the pulled range held before the server-side query filtered it (-1 without a query)."""
        return self.raw_size_before_query

    @property
    def loggroup_list(self) -> Any:
        """The LogGroupList protobuf message, as :meth:`get_loggroup_list`."""
        return self.get_loggroup_list()

    @property
    def log_count(self) -> int:
        """Logs in all the pulled groups, as :meth:`get_log_count`."""
        return self.get_log_count()

    def _raw(self) -> Any:
        if self._raw_list is None:
            from ..codec import decode_log_group_list

            self._raw_list = self._decoded(lambda: decode_log_group_list(self._raw_body, raw=True))
        return self._raw_list

    def get_loggroup_list(self) -> Any:
        """The LogGroupList protobuf message (``str`` values; use the flatten methods for non-UTF-8 data)."""
        if self._str_list is None:
            from ..codec import decode_log_group_list

            self._str_list = self._decoded(lambda: decode_log_group_list(self._raw_body, raw=False))
        return self._str_list

    def get_loggroup_list_raw(self) -> Any:
        """The LogGroupList protobuf message with ``bytes`` values."""
        return self._raw()

    def get_loggroup(self, index: int) -> Any:
        return self.get_loggroup_list().LogGroups[index]

    def get_log_count(self) -> int:
        return self.get_log_count_from_group(self._raw())

    @staticmethod
    def get_log_count_from_group(loggroup_list: Any) -> int:
        return sum(len(group.Logs) for group in loggroup_list.LogGroups)

    def get_flatten_logs_json(
        self, time_as_str: Optional[bool] = False, decode_bytes: Optional[bool] = False
    ) -> List[Dict[str, Any]]:
        """One dict per log: ``__time__``, ``__topic__``, ``__source__``, ``__tag__:<key>`` and every content key."""
        from ..codec import flatten_log_groups, pull_body_to_flat

        answer = self._compressed
        if answer is not None:  # decompressed and flattened in one pass, the decompressed body never kept
            flatten = functools.partial(pull_body_to_flat, time_as_str=bool(time_as_str),
                                        decode_bytes=bool(decode_bytes))
            return self._decoded(lambda: answer.decompressed(flatten))  # type: ignore[no-any-return]
        return self._decoded(  # type: ignore[no-any-return]
            lambda: flatten_log_groups(self._raw_body, time_as_str=bool(time_as_str), decode_bytes=bool(decode_bytes))
        )

    def get_flatten_logs_json_auto(self) -> List[Dict[str, Any]]:
        return self.get_flatten_logs_json(time_as_str=True, decode_bytes=True)

    @staticmethod
    def loggroups_to_flattern_list(
        loggroup_list: Any, time_as_str: Optional[bool] = False, decode_bytes: Optional[bool] = False
    ) -> List[Dict[str, Any]]:
        """Flatten a LogGroupList message (or a sequence of LogGroup messages) into dicts."""
        from ..codec import flatten_log_groups

        groups = getattr(loggroup_list, "LogGroups", loggroup_list)
        return flatten_log_groups(groups, time_as_str=bool(time_as_str), decode_bytes=bool(decode_bytes))

    def get_loggroup_json_list(self) -> List[Dict[str, Any]]:
        """Each group as ``{"topic", "source", "tags": {k: v}, "logs": [{"__time__": t, k: v, ...}]}``."""
        from ..codec import flatten_log_groups

        result = []
        for group in self._raw().LogGroups:
            logs = flatten_log_groups([group], time_as_str=False, decode_bytes=True)
            for log in logs:
                for key in [k for k in log if k in ("__topic__", "__source__") or k.startswith("__tag__:")]:
                    del log[key]
            result.append(
                {
                    "topic": group.Topic,
                    "source": group.Source,
                    "tags": {tag.Key: tag.Value for tag in group.LogTags},
                    "logs": logs,
                }
            )
        return result

    def _summary(self) -> Any:
        return {
            "next_cursor": self.next_cursor,
            "loggroup_count": self.loggroup_count,
            "log_count": self.get_log_count(),
            "logs": self.get_flatten_logs_json(time_as_str=True, decode_bytes=True),
        }
