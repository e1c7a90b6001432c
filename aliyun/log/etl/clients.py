"""A picklable description of a LogClient, so worker processes can build their own."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, Mapping, NamedTuple, Optional, Tuple, Union

from ..transport import RequestsSender

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

#: transform_data's clients wait at least this long for an answer (a PutLogs of a large batch can be slow).
MIN_READ_TIMEOUT = 120.0


class ClientSpec(NamedTuple):
    endpoint: str
    provider: Any
    auth_version: str
    region: str
    timeout: Tuple[float, float]
    verify: Union[bool, str]
    proxies: Optional[Mapping[str, str]]
    user_agent: str

    @classmethod
    def of(cls, client: LogClient) -> ClientSpec:
        """The spec of ``client``, its read timeout raised to at least ``MIN_READ_TIMEOUT``; a credentials
        provider that cannot be pickled is replaced by a snapshot of its current credentials."""
        transport = client.transport
        provider = transport.credentials_provider
        try:
            pickle.dumps(provider)
        except Exception:
            from ..auth import StaticCredentialsProvider

            credentials = provider.get_credentials()
            provider = StaticCredentialsProvider(credentials.access_key_id, credentials.access_key_secret,
                                                 credentials.security_token)
        connect, read = transport.timeout
        sender = transport.sender
        verify, proxies = (sender.verify, sender.proxies) if isinstance(sender, RequestsSender) else (True, None)
        return cls(client.endpoint, provider, getattr(client, "_auth_version", "v1"), getattr(client, "_region", ""),
                   (connect, max(read, MIN_READ_TIMEOUT)), verify, proxies, transport.user_agent)

    def build(self) -> LogClient:
        from ..client import LogClient

        return LogClient(self.endpoint, credentials_provider=self.provider, auth_version=self.auth_version,
                         region=self.region, timeout=self.timeout, verify=self.verify, proxies=self.proxies,
                         user_agent=self.user_agent)

    def __repr__(self) -> str:  # never shows credentials
        return f"ClientSpec(endpoint={self.endpoint!r})"
