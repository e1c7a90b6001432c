"""The signer objects of the original SDK (``AuthV1``, ``AuthV4``, ``make_auth``), served at ``aliyun.log.auth``.

They sign with :class:`~aliyun.log.auth.SignerV1` / :class:`~aliyun.log.auth.SignerV4`, so a request signed either
way carries the same headers.
"""

from __future__ import annotations

from typing import Any, Dict, MutableMapping, Optional

from ..auth import Credentials, SignerV1, SignerV4

__all__ = ["AUTH_VERSION_1", "AUTH_VERSION_4", "AuthBase", "AuthV1", "AuthV4", "make_auth"]

AUTH_VERSION_1 = "v1"
AUTH_VERSION_4 = "v4"


def _credentials(provider: Any) -> Credentials:
    """Our Credentials from a provider of ours or of the original SDK (whose credentials have getters)."""
    found = provider.get_credentials()
    if isinstance(found, Credentials):
        return found
    return Credentials(found.get_access_key_id(), found.get_access_key_secret(), found.get_security_token() or None)


class AuthBase:
    """Signs requests with the credentials of ``credentials_provider``."""

    def __init__(self, credentials_provider: Any, signer: Any = None) -> None:
        self.credentials_provider = credentials_provider
        self._signer = signer or SignerV1()

    def sign_request(
        self,
        method: str,
        resource: str,
        params: Optional[Dict[str, Any]],
        headers: MutableMapping[str, str],
        body: Optional[bytes],
        compute_content_hash: bool = True,
    ) -> None:
        """Add the signature headers to ``headers``. ``compute_content_hash=False`` signs without a body hash."""
        texts = {str(key): str(value) for key, value in (params or {}).items()}
        signed_body = body if compute_content_hash else None
        self._signer.sign(method, resource, texts, headers, signed_body, _credentials(self.credentials_provider))


class AuthV1(AuthBase):
    """Signature v1 (``hmac-sha1``)."""

    def __init__(self, credentials_provider: Any) -> None:
        super().__init__(credentials_provider, SignerV1())


class AuthV4(AuthBase):
    """Signature v4 (``SLS4-HMAC-SHA256``) for ``region`` (e.g. ``"cn-hangzhou"``)."""

    def __init__(self, credentials_provider: Any, region: str) -> None:
        super().__init__(credentials_provider, SignerV4(region))


def make_auth(credentials_provider: Any, auth_version: str = AUTH_VERSION_1, region: str = "") -> AuthBase:
    """``AuthV4`` for ``auth_version="v4"`` (needs ``region``), ``AuthV1`` otherwise."""
    if auth_version == AUTH_VERSION_4:
        return AuthV4(credentials_provider, region)
    return AuthV1(credentials_provider)
