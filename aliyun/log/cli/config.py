"""Accounts and options: ``~/.aliyunlogcli``, the Alibaba Cloud CLI's profiles, environment variables and the
command line, layered in the reference CLI's order (each later layer overrides the earlier ones)."""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass, replace
from typing import Dict, Mapping, Optional

from .profiles import load_cloud_profile

MAIN_SECTION = "main"
OPTION_SECTION = "__option__"
LOGGING_SECTION = "__logging__"
STS_SEPARATOR = "::"
OPTION_KEYS = ("format-output", "default-client", "decode-output")
DEFAULT_DECODE_OUTPUT = "utf8,latin1"

#: Credential environment variables of the Alibaba Cloud tools: (id, secret, region, token), in the order applied.
_CLOUD_ENV = (
    ("ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET", "ALICLOUD_REGION_ID", "SECURITY_TOKEN"),
    ("ALIBABACLOUD_ACCESS_KEY_ID", "ALIBABACLOUD_ACCESS_KEY_SECRET", "ALIBABACLOUD_REGION_ID", "SECURITY_TOKEN"),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", "ALICLOUD_REGION", "SECURITY_TOKEN"),
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_DEFAULT_REGION",
     "ALIBABA_CLOUD_SECURITY_TOKEN"),
)


class ConfigFileError(ValueError):
    """``~/.aliyunlogcli`` is not a valid INI file."""


@dataclass(frozen=True)
class Account:
    """Where and as whom to call. ``repr`` hides the secrets."""

    access_id: str = ""
    access_key: str = ""
    endpoint: str = ""
    sts_token: str = ""
    sign_version: str = ""
    region_id: str = ""

    def complete(self) -> bool:
        return bool(self.access_id and self.access_key and self.endpoint)

    def overridden(self, access_id: Optional[str], access_key: Optional[str], endpoint: Optional[str],
                   sts_token: Optional[str]) -> Account:
        """The endpoint when non-empty; id, key and token together, only when both id and key are non-empty."""
        result = replace(self, endpoint=endpoint or self.endpoint)
        if access_id and access_key:
            result = replace(result, access_id=access_id, access_key=access_key, sts_token=sts_token or "")
        return result

    def __repr__(self) -> str:
        return f"Account(access_id={self.access_id!r}, endpoint={self.endpoint!r}, secrets hidden)"


@dataclass(frozen=True)
class Settings:
    account: Account
    format_output: str
    decode_output: str
    jmes_filter: str


def config_path() -> str:
    return os.path.join(os.path.expanduser("~"), ".aliyunlogcli")


def read_config(raw: bool = False) -> configparser.RawConfigParser:
    """``~/.aliyunlogcli`` (missing file: empty). ``raw`` keeps ``%(x)s`` text, for rewriting the file."""
    parser = configparser.RawConfigParser() if raw else configparser.ConfigParser()
    try:
        parser.read(config_path(), encoding="utf-8")
    except configparser.Error as exc:
        raise ConfigFileError(f"cannot read {config_path()}: {exc}") from None
    return parser


def _option(parser: configparser.RawConfigParser, section: str, key: str, default: str = "") -> str:
    try:
        return parser.get(section, key, fallback=default) or default
    except configparser.Error as exc:  # e.g. a %(name)s that names nothing
        raise ConfigFileError(f"cannot read {config_path()}: {exc}") from None


def stored_token(access_id: str, stored: str) -> str:
    """The token of a stored ``<id>::<token>``, only when it belongs to ``access_id``; a bare token as is."""
    if not stored:
        return ""
    if STS_SEPARATOR not in stored:
        return stored
    owner, _, token = stored.partition(STS_SEPARATOR)
    return token if owner == access_id else ""


def account_section(parser: configparser.RawConfigParser, name: str) -> Account:
    access_id = _option(parser, name, "access-id")
    return Account(
        access_id=access_id,
        access_key=_option(parser, name, "access-key"),
        endpoint=_option(parser, name, "region-endpoint"),
        sts_token=stored_token(access_id, _option(parser, name, "sts-token")),
        sign_version=_option(parser, name, "sign-version"),
        region_id=_option(parser, name, "region-id"),
    )


def _apply_env_account(account: Account, env: Mapping[str, str]) -> Account:
    """The ``ALIYUN_LOG_CLI_*`` account variables over ``account``."""
    account = account.overridden(env.get("ALIYUN_LOG_CLI_ACCESSID"), env.get("ALIYUN_LOG_CLI_ACCESSKEY"),
                                 env.get("ALIYUN_LOG_CLI_ENDPOINT"), env.get("ALIYUN_LOG_CLI_STS_TOKEN"))
    return replace(account, sign_version=env.get("ALIYUN_LOG_CLI_SIGN_VERSION", account.sign_version),
                   region_id=env.get("ALIYUN_LOG_CLI_REGION_ID", account.region_id))


def _merge_profile(account: Account, profile: Account) -> Account:
    merged = account.overridden(profile.access_id, profile.access_key, profile.endpoint, profile.sts_token)
    return replace(merged, sign_version=profile.sign_version or merged.sign_version,
                   region_id=profile.region_id or merged.region_id)


def load_settings(options: Mapping[str, str], env: Mapping[str, str]) -> Settings:
    """The account and output options of one ``aliyunlog log`` call (``options``: the global options given)."""
    parser = read_config()
    client_name = _option(parser, OPTION_SECTION, "default-client", MAIN_SECTION)
    client_name = options.get("client-name") or env.get("ALIYUN_LOG_CLI_CLIENT_NAME") or client_name

    account = Account()
    cloud = load_cloud_profile(None)
    if cloud is not None:
        account = _merge_profile(account, cloud)
    for id_var, key_var, region_var, token_var in _CLOUD_ENV:
        account = account.overridden(env.get(id_var), env.get(key_var), env.get(region_var), env.get(token_var))
    if account.endpoint and not account.endpoint.endswith(".com"):
        account = replace(account, endpoint=account.endpoint + ".log.aliyuncs.com")

    section = account_section(parser, client_name)
    account = _merge_profile(account, section)
    account = _apply_env_account(account, env)

    if options.get("profile"):
        profile = load_cloud_profile(options["profile"])
        if profile is not None:
            account = _merge_profile(account, profile)

    account = account.overridden(options.get("access-id"), options.get("access-key"), options.get("region-endpoint"),
                                 options.get("sts-token"))
    account = replace(account, sign_version=options.get("sign-version", account.sign_version),
                      region_id=options.get("region-id", account.region_id))

    def output_option(key: str, env_name: str, default: str) -> str:
        value = _option(parser, OPTION_SECTION, key, default)
        return options.get(key, env.get(env_name, value))

    return Settings(
        account=account,
        format_output=output_option("format-output", "ALIYUN_LOG_CLI_FORMAT_OUTPUT", ""),
        decode_output=output_option("decode-output", "ALIYUN_LOG_CLI_DECODE_OUTPUT", DEFAULT_DECODE_OUTPUT),
        jmes_filter=options.get("jmes-filter", ""),
    )


def named_account(name: str, env: Mapping[str, str]) -> Account:
    """The account a ``to_client`` value names: ``main`` is the default section plus the ``ALIYUN_LOG_CLI_*``
    variables, any other name a section of ``~/.aliyunlogcli``. Raises ``ValueError`` when it is incomplete."""
    account = account_section(read_config(), name)
    if name == MAIN_SECTION:
        account = _apply_env_account(account, env)
    if not account.complete():
        raise ValueError(f"account '{name}' is not configured: run `aliyunlog configure <access_id> <access_key> "
                         f"<endpoint> {name}`")
    return account


def _write(parser: configparser.RawConfigParser) -> None:
    """Rewrite the file, readable by its owner only (it holds access keys)."""
    path = config_path()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        parser.write(fh)


def configure_account(access_id: str, access_key: str, endpoint: str, name: str = MAIN_SECTION,
                      sts_token: Optional[str] = None) -> None:
    """Store an account; a token is stored as ``<access_id>::<token>`` so that it is used with that id only."""
    parser = read_config(raw=True)
    if not parser.has_section(name):
        parser.add_section(name)
    parser.set(name, "access-id", access_id)
    parser.set(name, "access-key", access_key)
    parser.set(name, "region-endpoint", endpoint)
    parser.set(name, "sts-token", f"{access_id}{STS_SEPARATOR}{sts_token}" if sts_token else "")
    _write(parser)


def configure_options(values: Dict[str, str]) -> None:
    """Store ``format-output``, ``default-client`` and ``decode-output`` in ``[__option__]``."""
    parser = read_config(raw=True)
    if not parser.has_section(OPTION_SECTION):
        parser.add_section(OPTION_SECTION)
    for key, value in values.items():
        parser.set(OPTION_SECTION, key, value)
    _write(parser)
