"""LogClient: the entry point of the SDK, composed from one mixin per resource area."""

from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Tuple, Union

from .api.consumer_groups import ConsumerGroupsApi
from .api.context import ContextApi
from .api.delete_logs import DeleteLogsApi
from .api.entities import EntitiesApi
from .api.index import IndexApi
from .api.jobs import JobsApi
from .api.logs import LogsApi
from .api.logstore_settings import LogstoreSettingsApi
from .api.logstores import LogstoresApi
from .api.logtail import LogtailApi
from .api.machine_groups import MachineGroupsApi
from .api.metric_stores import MetricStoresApi
from .api.migration import MigrationApi
from .api.objects import ObjectsApi
from .api.operations import OperationsApi
from .api.pipeline_configs import PipelineConfigsApi
from .api.projects import ProjectsApi
from .api.query import QueryApi
from .api.rebuild_index import RebuildIndexApi
from .api.resources import ResourcesApi
from .api.shards import ShardsApi
from .api.sql import SqlApi
from .api.store_views import StoreViewsApi
from .api.tags import TagsApi
from .api.topostores import TopostoresApi
from .api.transfer import TransferApi
from .api.transform import TransformApi
from .auth import (
    Credentials,
    CredentialsProvider,
    EnvironmentCredentialsProvider,
    RefreshingCredentialsProvider,
    SignerV1,
    SignerV4,
    StaticCredentialsProvider,
)
from .transport import DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, RetryPolicy, Sender, Timeout, Transport

Refresher = Callable[[], Union[Credentials, Tuple[str, str, Optional[str]], Tuple[str, str]]]


class LogClient(
    # data plane mixins that extend a base mixin come before it
    ContextApi, SqlApi, MetricStoresApi, DeleteLogsApi, StoreViewsApi, ObjectsApi, RebuildIndexApi,
    ProjectsApi,
    LogstoresApi,
    ShardsApi,
    TransferApi,
    TransformApi,
    LogsApi,
    ConsumerGroupsApi,
    QueryApi,
    IndexApi,
    LogtailApi,
    MachineGroupsApi,
    EntitiesApi,
    OperationsApi,
    MigrationApi,
    JobsApi,
    PipelineConfigsApi,
    LogstoreSettingsApi,
    TagsApi,
    ResourcesApi,
    TopostoresApi,
):
    """A client of one Log Service endpoint.

    Args:
        endpoint: ``cn-hangzhou.log.aliyuncs.com``, ``https://cn-hangzhou.log.aliyuncs.com`` or a local emulator
            such as ``http://127.0.0.1:8080``. Requests go to ``<project>.<endpoint>`` like the official SDK's; an IP
            address or ``localhost`` is connected to directly, with the project in the ``Host`` header.
        accessKeyId, accessKey, securityToken: static credentials (an STS token when ``securityToken`` is given).
            Without them, ``credentials_provider`` is used, else the ``ALIBABA_CLOUD_*`` environment variables.
        source: the default ``source`` of written logs (this machine's address when not given).
        auth_version: ``"v1"`` (HMAC-SHA1, default) or ``"v4"`` (``SLS4-HMAC-SHA256``, needs ``region``).
        region: the region id for v4 signing, e.g. ``cn-hangzhou``.
        credentials_provider: any object with ``get_credentials()`` (see :mod:`aliyun.log.auth`).
        timeout: seconds or ``(connect, read)``; finite by default (10 s connect, 60 s read).
        retry_policy: a :class:`~aliyun.log.transport.RetryPolicy`; transient failures are retried by default.
        verify: TLS verification: ``True``, ``False`` or a CA bundle path.
        proxies: requests-style proxies; ``None`` honours ``HTTP(S)_PROXY`` / ``NO_PROXY``.
        user_agent: replaces the default User-Agent.
        transport: any :class:`~aliyun.log.transport.Sender` that moves the signed HTTP requests instead of the
            default pooled ``requests`` session, e.g. :class:`~aliyun.log.transport.MockTransport` in unit tests;
            ``verify``, ``proxies`` and ``pool_maxsize`` then do not apply. It is closed with the client.

    A LogClient can be shared between threads. Close it (or use ``with LogClient(...) as client``) to release
    its connections.
    """

    def __init__(
        self,
        endpoint: str,
        accessKeyId: Optional[str] = None,
        accessKey: Optional[str] = None,
        securityToken: Optional[str] = None,
        source: Optional[str] = None,
        auth_version: str = "v1",
        region: str = "",
        credentials_provider: Optional[CredentialsProvider] = None,
        *,
        timeout: Optional[Timeout] = None,
        retry_policy: Optional[RetryPolicy] = None,
        verify: Union[bool, str] = True,
        proxies: Optional[Mapping[str, str]] = None,
        user_agent: Optional[str] = None,
        pool_maxsize: int = 16,
        transport: Optional[Sender] = None,
    ) -> None:
        _check_optional_str(source, "source")
        self._endpoint = endpoint
        self._source = source
        _check_optional_str(auth_version, "auth_version")
        _check_optional_str(region, "region")
        self._auth_version = (auth_version or "v1").lower()
        self._region = region or ""
        provider = _make_provider(accessKeyId, accessKey, securityToken, credentials_provider)
        self._transport = Transport(
            endpoint,
            provider,
            signer=_make_signer(self._auth_version, self._region),
            timeout=timeout if timeout is not None else (DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT),
            retry_policy=retry_policy or RetryPolicy(),
            verify=verify,
            proxies=proxies,
            user_agent=user_agent,
            pool_maxsize=pool_maxsize,
            sender=transport,
        )

    # -- configuration -------------------------------------------------------------------------------------------
    @property
    def endpoint(self) -> str:
        return self._endpoint

    @property
    def transport(self) -> Transport:
        return self._transport

    def set_source(self, source: str) -> None:
        """Set the default ``source`` of logs written by this client."""
        self._source = source

    def set_user_agent(self, user_agent: str) -> None:
        """Replace the User-Agent sent with every request."""
        self._transport.user_agent = user_agent

    def set_retry_policy(self, retry_policy: RetryPolicy) -> None:
        self._transport.retry_policy = retry_policy

    def set_credentials_auto_refresher(self, refresher: Refresher) -> None:
        """Fetch credentials from ``refresher()`` (re-fetched before expiry and after an authentication error).

        ``refresher`` returns :class:`~aliyun.log.auth.Credentials` or a tuple ``(id, secret[, token])``.
        """
        self._transport.credentials_provider = RefreshingCredentialsProvider(lambda: _as_credentials(refresher()))

    def get_credentials_provider(self) -> CredentialsProvider:
        return self._transport.credentials_provider

    # -- lifetime ------------------------------------------------------------------------------------------------
    def close(self) -> None:
        """Release pooled connections; later calls raise ``LogException`` with code ``ClientClosed``."""
        self._transport.close()

    def __enter__(self) -> LogClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"LogClient(endpoint={self._endpoint!r}, auth_version={self._auth_version!r})"


def _check_optional_str(value: Any, name: str) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{name} must be a str or None, got {type(value).__name__}")


def _make_signer(auth_version: str, region: str) -> Union[SignerV1, SignerV4]:
    if auth_version == "v1":
        return SignerV1()
    if auth_version == "v4":
        if not region:
            raise ValueError("auth_version='v4' needs the region, e.g. region='cn-hangzhou'")
        return SignerV4(region)
    raise ValueError(f"auth_version must be 'v1' or 'v4', got {auth_version!r}")


def _make_provider(access_key_id: Optional[str], access_key: Optional[str], security_token: Optional[str],
                   provider: Optional[CredentialsProvider]) -> CredentialsProvider:
    for value, name in ((access_key_id, "accessKeyId"), (access_key, "accessKey"), (security_token, "securityToken")):
        _check_optional_str(value, name)
    if access_key_id or access_key:
        if not (access_key_id and access_key):
            raise ValueError("give both accessKeyId and accessKey (or neither, to use a credentials provider)")
        return StaticCredentialsProvider(access_key_id, access_key, security_token or None)
    if provider is not None:
        return provider
    return EnvironmentCredentialsProvider()


def _as_credentials(value: Any) -> Credentials:
    if isinstance(value, Credentials):
        return value
    if isinstance(value, (tuple, list)) and len(value) in (2, 3):
        return Credentials(value[0], value[1], value[2] if len(value) == 3 else None)
    raise ValueError(f"a credentials refresher must return Credentials or (id, secret[, token]), got {value!r}")
