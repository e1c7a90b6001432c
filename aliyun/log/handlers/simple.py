"""SimpleLogHandler: one synchronous PutLogs per record (tests and tiny scripts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Optional

from ._base import LogHandlerBase, Tags
from .delivery import SyncSender

if TYPE_CHECKING:  # pragma: no cover
    from ..auth import CredentialsProvider
    from ..client import LogClient
    from ..transport import RetryPolicy, Timeout

__all__ = ["SimpleLogHandler"]


class SimpleLogHandler(LogHandlerBase):
    """A logging handler that writes every record to a logstore with one synchronous PutLogs call.

    Meant for tests and tiny scripts: each ``logger.info`` waits for the network. Use :class:`QueuedLogHandler`
    in applications. The parameters (and their positional order, which ``logging.config.fileConfig`` relies on) are
    those of the original SDK.

    Args:
        end_point: the service endpoint, e.g. ``cn-hangzhou.log.aliyuncs.com`` or ``http://127.0.0.1:8080``.
        access_key_id, access_key: the access key pair (empty: use ``credentials_provider`` or the
            ``ALIBABA_CLOUD_*`` environment variables).
        project, log_store: where the logs go.
        topic: the topic of the written logs (default empty).
        fields: the record attributes to upload, as :class:`LogFields` members or names (default: record_name,
            level, func_name, module, file_path, line_no, process_id, process_name, thread_id, thread_name). With
            ``extra=False`` other names select attributes given through ``extra=`` (a white list).
        buildin_fields_prefix, buildin_fields_suffix: put around the keys of the built-in fields, the message and
            the ``extra=`` attributes (e.g. ``"__"`` gives ``__level__``).
        extract_json: turn a dict message, or a message that is one JSON object, into fields (default False).
        extract_json_drop_message: leave out the ``message`` field when JSON fields were extracted.
        extract_json_prefix, extract_json_suffix: put around the keys extracted from JSON.
        extract_kv: turn ``k1=v1 k2="v 2"`` pairs of the message into fields (default False).
        extract_kv_drop_message: leave out the ``message`` field when KV fields were extracted.
        extract_kv_prefix, extract_kv_suffix: put around the keys extracted from KV pairs.
        extract_kv_sep: the separator: one character (default ``=``) or a regular expression such as ``(?:=|:)``.
        extra: upload the attributes given through ``logger.info(..., extra={...})`` (default True).
        auth_version: ``"v1"`` (default) or ``"v4"`` (needs ``region``).
        region: the region id for v4 signing.

    Keyword-only options: ``security_token``, ``credentials_provider`` (any object with ``get_credentials()``),
    ``source`` (default: this machine's address), ``log_tags`` (``[(key, value)]`` or a dict, shown as
    ``__tag__:key``), ``client`` (a ready :class:`~aliyun.log.LogClient`), ``retry_policy``, ``timeout``,
    ``ignore_loggers`` (more logger names never uploaded), ``max_value_bytes`` (longer values are truncated,
    default 1 MiB), ``compress_type``; the remaining keyword arguments go to ``logging.Handler`` (``level``).
    """

    def __init__(
        self,
        end_point: str,
        access_key_id: Optional[str],
        access_key: Optional[str],
        project: str,
        log_store: str,
        topic: Optional[str] = None,
        fields: Any = None,
        buildin_fields_prefix: Optional[str] = None,
        buildin_fields_suffix: Optional[str] = None,
        extract_json: Any = None,
        extract_json_drop_message: Any = None,
        extract_json_prefix: Optional[str] = None,
        extract_json_suffix: Optional[str] = None,
        extract_kv: Any = None,
        extract_kv_drop_message: Any = None,
        extract_kv_prefix: Optional[str] = None,
        extract_kv_suffix: Optional[str] = None,
        extract_kv_sep: Optional[str] = None,
        extra: Any = None,
        auth_version: str = "v1",
        region: str = "",
        *,
        security_token: Optional[str] = None,
        credentials_provider: Optional[CredentialsProvider] = None,
        source: Optional[str] = None,
        log_tags: Tags = None,
        client: Optional[LogClient] = None,
        retry_policy: Optional[RetryPolicy] = None,
        timeout: Optional[Timeout] = None,
        ignore_loggers: Iterable[str] = (),
        max_value_bytes: Optional[int] = None,
        compress_type: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            end_point, access_key_id, access_key, project, log_store, topic=topic, fields=fields,
            buildin_fields_prefix=buildin_fields_prefix, buildin_fields_suffix=buildin_fields_suffix,
            extract_json=extract_json, extract_json_drop_message=extract_json_drop_message,
            extract_json_prefix=extract_json_prefix, extract_json_suffix=extract_json_suffix,
            extract_kv=extract_kv, extract_kv_drop_message=extract_kv_drop_message,
            extract_kv_prefix=extract_kv_prefix, extract_kv_suffix=extract_kv_suffix, extract_kv_sep=extract_kv_sep,
            extra=extra, auth_version=auth_version, region=region, security_token=security_token,
            credentials_provider=credentials_provider, source=source, log_tags=log_tags, client=client,
            retry_policy=retry_policy, timeout=timeout, ignore_loggers=ignore_loggers,
            max_value_bytes=max_value_bytes, compress_type=compress_type, **kwargs,
        )
        self._sender = SyncSender(self)
