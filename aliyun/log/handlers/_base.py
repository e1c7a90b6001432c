"""The base of every handler: its options, capturing a record, building the log's contents, the client.

How records travel to the service is not decided here: each handler hands its records to a sender of
:mod:`.delivery` (synchronous or background), which uses the client's retry policy and nothing else.
"""

from __future__ import annotations

import json
import logging
import operator
import threading
import time
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

# The client and its transport are imported with the handler, not on the first send: a queued handler may send
# for the first time while the interpreter exits, when imports that register atexit hooks are refused.
from ..client import LogClient
from ..codec import compression as _compression  # noqa: F401  (the put path's compressor, for the same reason)
from ..errors import INVALID_ARGUMENT, LogException
from ..models.logitem import LogItem
from ..models.request import PutLogsRequest
from . import _state
from ._fields import (
    DEFAULT_MAX_VALUE_BYTES,
    Contents,
    KeyMaker,
    add_unique,
    clean_text,
    compile_kv_pattern,
    extra_attributes,
    json_object,
    json_text,
    kv_pairs,
    resolve_fields,
    sanitize_key,
    to_text,
    truncate_text,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..auth import CredentialsProvider
    from ..transport import RetryPolicy, Timeout
    from .delivery import Sender

__all__ = ["DEFAULT_IGNORED_LOGGERS", "LogHandlerBase", "Tags"]

Tags = Union[Mapping[str, str], Sequence[Tuple[str, str]], None]

#: Loggers whose records the handlers never upload: ours and the HTTP stack's (uploading them could recurse).
DEFAULT_IGNORED_LOGGERS: Tuple[str, ...] = (
    "aliyun.log.handlers",
    "aliyun.log.emulator",  # an in-process emulator logs every request it serves: uploading those would feed back
    "urllib3",
    "requests",
    "charset_normalizer",
)

internal_logger = logging.getLogger("aliyun.log.handlers")

_Formatter = logging.Formatter
_PercentStyle = logging.PercentStyle
_default_formatter = logging.Formatter()
_LogRecord = logging.LogRecord
_get_ident = threading.get_ident
_IGNORED_CACHE_LIMIT = 10_000
#: Attributes every LogRecord of this Python has; a record with more keys carries ``extra=`` attributes.
_BASE_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None)))
_BASE_ATTRIBUTE_COUNT = len(_BASE_ATTRIBUTES)
#: Attributes that differ for every record: the field texts of a handler using them are not cached.
_PER_RECORD_ATTRIBUTES = frozenset({"created", "msecs", "relativeCreated", "asctime"})
_FIELDS_CACHE_LIMIT = 4096

Captured = Tuple[Dict[str, Any], Optional[str], int]


def as_flag(value: Any, default: bool) -> bool:
    """``None`` -> default; strings from config files (``"true"``, ``"0"``...) are read as booleans."""
    if value is None:
        return default
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("", "none"):
            return default
        return text in ("1", "true", "yes", "on", "y", "t")
    return bool(value)


def as_number(value: Any, default: float, name: str, minimum: float = 0.0) -> float:
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "none")):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be >= {minimum:g}, got {value!r}")
    return number


def as_text(value: Any, default: str = "") -> str:
    return default if value is None else str(value)


def new_record(snapshot: Dict[str, Any]) -> logging.LogRecord:
    """A LogRecord whose attributes are ``snapshot`` (no copy)."""
    record = _LogRecord.__new__(_LogRecord)
    record.__dict__ = snapshot
    return record


def is_plain_formatter(fmt: Optional[logging.Formatter]) -> bool:
    """True for no formatter or a stock ``Formatter('%(message)s')``: the text is the message itself."""
    return fmt is None or (
        type(fmt) is _Formatter and type(fmt._style) is _PercentStyle and fmt._fmt == "%(message)s"
    )


class Counters:
    """What became of a handler's records (read through the handler's ``stats``)."""

    __slots__ = ("batches", "dropped", "dropped_close", "dropped_full", "failed", "sent", "truncated")

    def __init__(self) -> None:
        self.sent = self.failed = self.dropped = self.dropped_full = self.dropped_close = 0
        self.truncated = self.batches = 0


class LogHandlerBase(logging.Handler):
    """Formatting shared by every handler: a record becomes one log (``message``, fields, ``extra=`` attributes,
    JSON / KV extraction) of a PutLogsRequest. The options are documented on :class:`SimpleLogHandler`.

    A subclass chooses the delivery by creating ``self._sender`` (see :mod:`.delivery`) after this constructor.
    """

    _sender: Sender

    def __init__(
        self,
        end_point: str,
        access_key_id: Optional[str],
        access_key: Optional[str],
        project: str,
        log_store: str,
        *,
        topic: Optional[str],
        fields: Any,
        buildin_fields_prefix: Optional[str],
        buildin_fields_suffix: Optional[str],
        extract_json: Any,
        extract_json_drop_message: Any,
        extract_json_prefix: Optional[str],
        extract_json_suffix: Optional[str],
        extract_kv: Any,
        extract_kv_drop_message: Any,
        extract_kv_prefix: Optional[str],
        extract_kv_suffix: Optional[str],
        extract_kv_sep: Optional[str],
        extra: Any,
        auth_version: str,
        region: str,
        security_token: Optional[str],
        credentials_provider: Optional[CredentialsProvider],
        source: Optional[str],
        log_tags: Tags,
        client: Optional[LogClient],
        retry_policy: Optional[RetryPolicy],
        timeout: Optional[Timeout],
        ignore_loggers: Iterable[str],
        max_value_bytes: Optional[int],
        compress_type: Optional[str],
        **kwargs: Any,
    ) -> None:
        logging.Handler.__init__(self, **kwargs)
        self.end_point = end_point
        self.access_key_id = access_key_id
        self.access_key = access_key
        self.project = project
        self.log_store = log_store
        self.topic = topic
        self.auth_version = auth_version or "v1"
        self.region = region or ""
        self.security_token = security_token
        self.credentials_provider = credentials_provider
        self.retry_policy = retry_policy
        self.timeout = timeout
        self.compress_type = compress_type
        self.client: Optional[LogClient] = client
        self._owns_client = client is None
        self._source = source
        self._log_tags: List[Tuple[str, str]] = []
        self.log_tags = log_tags
        self._skip_message = False
        self._built_in_root_field = ""

        self.buildin_fields_prefix = as_text(buildin_fields_prefix)
        self.buildin_fields_suffix = as_text(buildin_fields_suffix)
        self.extract_json = as_flag(extract_json, False)
        self.extract_json_drop_message = as_flag(extract_json_drop_message, False)
        self.extract_json_prefix = as_text(extract_json_prefix)
        self.extract_json_suffix = as_text(extract_json_suffix)
        self.extract_kv = as_flag(extract_kv, False)
        self.extract_kv_drop_message = as_flag(extract_kv_drop_message, False)
        self.extract_kv_prefix = as_text(extract_kv_prefix)
        self.extract_kv_suffix = as_text(extract_kv_suffix)
        self.extract_kv_sep = "=" if extract_kv_sep in (None, "") else str(extract_kv_sep)
        self.extract_kv_ptn = compile_kv_pattern(self.extract_kv_sep)
        self.extra = as_flag(extra, True)
        self.max_value_bytes = int(as_number(max_value_bytes, DEFAULT_MAX_VALUE_BYTES, "max_value_bytes", 256))

        self._builtin_key = KeyMaker(self.buildin_fields_prefix, self.buildin_fields_suffix)
        self._json_key = KeyMaker(self.extract_json_prefix, self.extract_json_suffix)
        self._kv_key = KeyMaker(self.extract_kv_prefix, self.extract_kv_suffix)
        self._message_key = self._builtin_key("message")
        self.fields: Any = None
        self._field_specs: List[Tuple[str, str]] = []
        self._white_list: List[Tuple[str, str]] = []
        self.set_fields(fields)

        self._ignored_prefixes = tuple(DEFAULT_IGNORED_LOGGERS) + tuple(ignore_loggers or ())
        self._ignored_cache: Dict[str, bool] = {}
        self._counters = Counters()
        _state.register(self)

    # -- configuration -------------------------------------------------------------------------------------------
    def set_fields(self, fields: Any) -> None:
        """Choose the uploaded record attributes (see ``fields`` of the constructor)."""
        members, names = resolve_fields(fields, self.extra)
        self.fields = [member for member, _ in members] + list(names)
        self._field_specs = [(self._builtin_key(member.name), attribute) for member, attribute in members]
        self._field_keys = tuple(key for key, _ in self._field_specs)
        attributes = [attribute for _, attribute in self._field_specs]
        if attributes and all(attribute in _BASE_ATTRIBUTES for attribute in attributes):
            getter = operator.itemgetter(*attributes)
            self._field_getter: Optional[Callable[[Dict[str, Any]], Tuple[Any, ...]]] = (
                getter if len(attributes) > 1 else (lambda snapshot: (getter(snapshot),))
            )
        else:
            self._field_getter = None  # asctime, taskName on Python < 3.12...: the attribute-by-attribute path
        self._cache_fields = not any(attribute in _PER_RECORD_ATTRIBUTES for attribute in attributes)
        self._fields_cache: Dict[Tuple[Any, ...], Tuple[Tuple[str, str], ...]] = {}
        self._white_list = [(self._builtin_key(name), name) for name in names]

    def set_topic(self, topic: Optional[str]) -> None:
        self.topic = topic

    @property
    def source(self) -> Optional[str]:
        """The ``__source__`` of written logs (None: the client's default, this machine's address)."""
        return self._source

    @source.setter
    def source(self, value: Optional[str]) -> None:
        self._source = value

    @property
    def log_tags(self) -> List[Tuple[str, str]]:
        """Tags attached to every written batch, ``[(key, value)]`` (read back as ``__tag__:key``)."""
        return self._log_tags

    @log_tags.setter
    def log_tags(self, value: Tags) -> None:
        if not value:
            self._log_tags = []
        elif isinstance(value, Mapping):
            self._log_tags = [(str(k), to_text(v)) for k, v in value.items()]
        else:
            self._log_tags = [(str(k), to_text(v)) for k, v in value]

    @property
    def skip_message(self) -> bool:
        """Leave out the ``message`` field entirely (default False)."""
        return self._skip_message

    @skip_message.setter
    def skip_message(self, value: bool) -> None:
        self._skip_message = bool(value)

    @property
    def built_in_root_field(self) -> str:
        """When set, the message and built-in fields are written as one JSON object under this key."""
        return self._built_in_root_field

    @built_in_root_field.setter
    def built_in_root_field(self, value: Optional[str]) -> None:
        self._built_in_root_field = sanitize_key(value) if value else ""

    # -- counters ------------------------------------------------------------------------------------------------
    @property
    def sent(self) -> int:
        """Records delivered to the service."""
        return self._counters.sent

    @property
    def failed(self) -> int:
        """Records whose delivery was attempted and failed for good."""
        return self._counters.failed

    @property
    def dropped(self) -> int:
        """Records never attempted (queue full, or still queued when the close deadline passed)."""
        return self._counters.dropped

    @property
    def pending(self) -> int:
        """Records queued or being sent."""
        return self._sender.pending

    @property
    def stats(self) -> Dict[str, int]:
        """A snapshot of the counters: ``sent``, ``dropped``, ``failed``, ``pending``, ``truncated`` (values cut to
        ``max_value_bytes``), and for a queued handler ``dropped_queue_full``, ``dropped_at_close``, ``batches``."""
        return self._sender.stats()

    # -- the client ----------------------------------------------------------------------------------------------
    def create_client(self) -> LogClient:
        """Create the handler's LogClient (called lazily, on the first send). Its retry policy is the only one
        applied to deliveries: ``retry_policy``, else the sender's default."""
        from ..transport import default_user_agent

        client = LogClient(
            self.end_point,
            self.access_key_id or None,
            self.access_key or None,
            self.security_token or None,
            auth_version=self.auth_version,
            region=self.region,
            credentials_provider=self.credentials_provider,
            timeout=self.timeout,
            retry_policy=self.retry_policy or self._sender.default_retry_policy,
            user_agent=f"{default_user_agent()} logging-handler",
        )
        self.client = client
        self._owns_client = True
        return client

    def _get_client(self) -> LogClient:
        client = self.client
        if client is None:
            client = self.create_client()
        return client

    def send(self, req: PutLogsRequest) -> Any:
        """Send one PutLogsRequest with the handler's client (created on first use)."""
        return self._get_client().put_logs(req, auto_split=True)

    # -- building logs -------------------------------------------------------------------------------------------
    def extract_dict(self, message: Any) -> Contents:
        """The ``(key, value)`` fields of a dict message or JSON-object string (empty when it is neither)."""
        data = json_object(message)
        if not data:
            return []
        key_of = self._json_key
        return [(key_of(key), json_text(value)) for key, value in data.items()]

    def extract_kv_str(self, message: Any) -> Contents:
        """The ``(key, value)`` pairs of ``k1=v1 k2="v 2"`` found in ``message``."""
        if isinstance(message, (bytes, bytearray)):
            message = bytes(message).decode("utf-8", "backslashreplace")
        elif not isinstance(message, str):
            return []
        key_of = self._kv_key
        return [(key_of(key), value) for key, value in kv_pairs(self.extract_kv_ptn, message)]

    def make_request(self, record: logging.LogRecord) -> PutLogsRequest:
        """The PutLogsRequest that carries ``record`` as one log."""
        snapshot, formatted, _size = self._capture(record)
        return self._new_request([self._make_item(snapshot, formatted)])

    def _new_request(self, items: List[LogItem]) -> PutLogsRequest:
        return PutLogsRequest(self.project, self.log_store, self.topic or "", self._source, items,
                              logtags=self._log_tags or None, compress_type=self.compress_type)

    def _capture(self, record: logging.LogRecord, defer: bool = False) -> Captured:
        """Copy what the record holds now: ``(attributes, formatted text or None, estimated bytes)``.

        The message is rendered here (``msg % args``), before the arguments can change; exception text too.
        With ``defer`` the formatter runs later (in the sender thread) on the copy.
        """
        snapshot = record.__dict__.copy()
        msg: Any = snapshot.get("msg")
        args = snapshot.get("args")
        if type(msg) is not str or args:
            # LogRecord.getMessage() is ``str(msg) % args``; a record factory's class may render differently
            stock = type(msg) is str and type(record) is _LogRecord
            msg = msg % args if stock else self._message_of(record, msg)
            snapshot["msg"] = msg
            snapshot["args"] = None
        size = 256
        if type(msg) is str:
            if len(msg) > self.max_value_bytes:
                msg = snapshot["msg"] = truncate_text(msg, self.max_value_bytes)
                self._counters.truncated += 1
            size += len(msg)
        else:
            size += 1024
        exc_info = snapshot.get("exc_info")
        if exc_info:
            if not snapshot.get("exc_text"):
                snapshot["exc_text"] = (self.formatter or _default_formatter).formatException(exc_info)
            snapshot["exc_info"] = None  # the text is kept, not the traceback and its frames
        extra_text = snapshot.get("exc_text")
        if extra_text:
            size += len(extra_text)
        extra_text = snapshot.get("stack_info")
        if extra_text:
            size += len(extra_text)
        if defer:
            return snapshot, None, size
        formatted = self._render(snapshot, record)
        return snapshot, formatted, size + len(formatted)

    def _message_of(self, record: logging.LogRecord, msg: Any) -> Any:
        if not record.args:
            if isinstance(msg, Mapping) and self.extract_json:
                return dict(msg)  # kept as a mapping for extraction; a shallow copy of its state now
            if isinstance(msg, (bytes, bytearray)):
                return bytes(msg).decode("utf-8", "backslashreplace")
        return record.getMessage()

    def _render(self, snapshot: Dict[str, Any], record: Optional[logging.LogRecord] = None,
                plain: Optional[bool] = None) -> str:
        """The formatted text of a captured record (the ``message`` field)."""
        fmt = self.formatter
        if plain is None:
            plain = is_plain_formatter(fmt)
        if plain:
            msg = snapshot["msg"]
            text = msg if type(msg) is str else str(msg)
            exc_text = snapshot.get("exc_text")
            if exc_text:
                text = text + exc_text if text[-1:] == "\n" else f"{text}\n{exc_text}"
            stack = snapshot.get("stack_info")
            if stack:
                stack = (fmt or _default_formatter).formatStack(stack)
                text = text + stack if text[-1:] == "\n" else f"{text}\n{stack}"
            return text
        assert fmt is not None
        if record is None:
            record = new_record(snapshot)
        return fmt.format(record)

    def _make_item(self, snapshot: Dict[str, Any], formatted: Optional[str], plain: Optional[bool] = None
                   ) -> LogItem:
        message = formatted if formatted is not None else self._render(snapshot, None, plain)
        created = snapshot.get("created") or time.time()
        seconds = int(created)
        # the contents list is built for this log alone: the LogItem takes it without a copy
        return LogItem._adopt(seconds, self._build_contents(snapshot, message), int((created - seconds) * 1e9))

    def _field_pairs(self, values: Tuple[Any, ...]) -> Tuple[Tuple[str, str], ...]:
        """The ``(key, text)`` pairs of one combination of field values, cached: records from the same call site
        and thread share them (the fields that change with every record are never cached)."""
        pairs = tuple(
            (key, value if type(value) is str else to_text(value))
            for key, value in zip(self._field_keys, values)
            if value is not None
        )
        if self._cache_fields:
            cache = self._fields_cache
            if len(cache) >= _FIELDS_CACHE_LIMIT:
                cache.clear()
            cache[values] = pairs
        return pairs

    def _extract(self, msg: Any) -> Tuple[Optional[Contents], bool]:
        """Fields extracted from the message (JSON first, then KV) and whether to drop the message."""
        if self.extract_json and (
            isinstance(msg, Mapping) or (type(msg) is str and msg[:1] in ("{", " ", "\t", "\n", "\r"))
        ):
            data = json_object(msg)
            if data is not None:
                key_of = self._json_key
                extracted = [(key_of(key), json_text(value)) for key, value in data.items()]
                return extracted, self.extract_json_drop_message and bool(extracted)
        if self.extract_kv and type(msg) is str:
            extracted = self.extract_kv_str(msg)
            return extracted, self.extract_kv_drop_message and bool(extracted)
        return None, False

    def _build_contents(self, snapshot: Dict[str, Any], message: str) -> Contents:
        """Message, built-in fields, ``extra=`` attributes, then extracted fields; a later key never replaces an
        earlier one (a clash gets ``_1``, ``_2``... appended)."""
        extracted: Optional[Contents] = None
        drop = False
        if self.extract_json or self.extract_kv:
            extracted, drop = self._extract(snapshot["msg"])
        root = self._built_in_root_field
        contents: Contents = []
        builtin = [] if root else contents
        if not drop and not self._skip_message:
            if len(message) * 4 > self.max_value_bytes:
                message = self._cap(message)
            builtin.append((self._message_key, message))
        getter = self._field_getter
        cached = None
        if getter is not None:
            try:
                values = getter(snapshot)
                cached = self._fields_cache.get(values)
                if cached is None:
                    cached = self._field_pairs(values)
            except (KeyError, TypeError):  # a missing attribute (asctime before formatting), an unhashable one
                cached = None
        if cached is not None:
            builtin.extend(cached)
        else:
            for key, attribute in self._field_specs:
                value = snapshot.get(attribute)
                if value is None:
                    if attribute != "asctime":
                        continue
                    fmt = self.formatter or _default_formatter
                    value = fmt.formatTime(new_record(dict(snapshot)), fmt.datefmt)
                builtin.append((key, value if type(value) is str else to_text(value)))
        if root and builtin:
            contents.append((root, json.dumps(dict(builtin), ensure_ascii=False)))

        extras: Optional[Contents] = None
        if self.extra:
            if len(snapshot) > _BASE_ATTRIBUTE_COUNT:
                names = extra_attributes(snapshot)
                if names:
                    key_of = self._builtin_key
                    extras = []
                    for name in names:
                        value = snapshot[name]
                        if value is None or callable(value):
                            continue
                        extras.append((key_of(name), value if type(value) is str else to_text(value)))
        elif self._white_list:
            extras = []
            for key, name in self._white_list:
                value = snapshot.get(name)
                if value is not None and not callable(value):
                    extras.append((key, value if type(value) is str else to_text(value)))
        if extras or extracted:
            cap = self.max_value_bytes
            used = {key for key, _ in contents}
            for pairs in (extras, extracted):
                if pairs:
                    for key, value in pairs:
                        if len(value) * 4 > cap:
                            value = self._cap(value)
                        add_unique(contents, used, key, value)
        return contents

    def _cap(self, value: str) -> str:
        capped = truncate_text(value, self.max_value_bytes)
        if capped is not value:
            self._counters.truncated += 1
        return capped

    # -- sending ---------------------------------------------------------------------------------------------------
    def _put_items(self, items: List[LogItem]) -> None:
        """PutLogs of ``items``. When they cannot be encoded (text with lone surrogates, which UTF-8 cannot carry),
        the text is written with backslash escapes and sent once more."""
        try:
            self.send(self._new_request(items))
        except (LogException, UnicodeError, ValueError, TypeError) as exc:
            if isinstance(exc, LogException) and exc.error_code != INVALID_ARGUMENT:
                raise
            escaped = _escaped(items)
            if escaped is None:
                raise
            self.send(self._new_request(escaped))

    def _is_ignored(self, name: str) -> bool:
        ignored = self._ignored_cache.get(name)
        if ignored is None:
            ignored = any(name == prefix or name.startswith(prefix + ".") for prefix in self._ignored_prefixes)
            if len(self._ignored_cache) >= _IGNORED_CACHE_LIMIT:
                self._ignored_cache.clear()
            self._ignored_cache[name] = ignored
        return ignored

    def emit(self, record: logging.LogRecord) -> None:
        """Hand ``record`` to the sender, unless it comes from a sending thread or an ignored logger (errors go to
        ``handleError``)."""
        if _get_ident() in _state.busy_threads:
            return
        ignored = self._ignored_cache.get(record.name)
        if ignored is None:
            ignored = self._is_ignored(record.name)
        if ignored:
            return
        try:
            self._sender.submit(record)
        except RecursionError:  # pragma: no cover - as logging.StreamHandler does
            raise
        except Exception:
            self.handleError(record)

    def flush(self, timeout: Optional[float] = None) -> bool:  # type: ignore[override]
        """Send everything handed over so far and wait for it (at most ``timeout`` seconds, default
        ``close_wait`` for a queued handler); True when nothing is left pending. The handler stays usable."""
        return self._sender.flush(timeout)

    def close(self) -> None:
        """Deliver what is pending (a queued handler: within ``close_wait``), then release the client."""
        try:
            self._finish_stop(self._begin_stop(), report=True)
        finally:
            try:
                if self._owns_client and self.client is not None:
                    client, self.client = self.client, None
                    client.close()
            finally:
                logging.Handler.close(self)

    # -- process lifetime (see ._state) --------------------------------------------------------------------------
    def _begin_stop(self) -> Any:
        return self._sender.begin_stop()

    def _finish_stop(self, token: Any, report: bool = False) -> None:
        self._sender.finish_stop(token, report)

    def _reset_after_fork(self) -> None:
        """In a forked child: never share the parent's HTTP connections, queue or counters."""
        if self._owns_client:
            self.client = None
        self._counters = Counters()
        self._sender.reset_after_fork()


def _escaped(items: List[LogItem]) -> Optional[List[LogItem]]:
    """``items`` with every text UTF-8 cannot encode escaped; None when there is nothing to escape."""
    changed = False
    result = []
    for item in items:
        contents = []
        for key, value in item.get_contents():
            new_key, new_value = _escape(key), _escape(value)
            changed = changed or new_key is not key or new_value is not value
            contents.append((new_key, new_value))
        result.append(LogItem(item.get_time(), contents, item.get_time_nano_part()))
    return result if changed else None


def _escape(value: Any) -> Any:
    if not isinstance(value, str) or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        return clean_text(value)
