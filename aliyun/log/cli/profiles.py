"""Accounts from the Alibaba Cloud CLI's ``~/.aliyun/config.json``, including the modes that yield temporary keys:
``RamRoleArn`` (STS AssumeRole) and ``EcsRamRole`` (the ECS metadata service)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import time
import uuid
from typing import TYPE_CHECKING, Any, Dict, Optional, Tuple
from urllib.parse import quote

if TYPE_CHECKING:  # pragma: no cover
    from .config import Account

logger = logging.getLogger("aliyun.log.cli")

STS_ENDPOINT = "https://sts.aliyuncs.com/"
ECS_METADATA_URL = "http://100.100.100.200/latest/meta-data/Ram/security-credentials/"
_TIMEOUT = (5, 10)


def cloud_config_path() -> str:
    return os.path.join(os.path.expanduser("~"), ".aliyun", "config.json")


def load_cloud_profile(name: Optional[str]) -> Optional[Account]:
    """The account of profile ``name`` (None: the current profile); None when the file or profile is unusable."""
    from .config import Account

    try:
        with open(cloud_config_path(), encoding="utf-8") as fh:
            config = json.load(fh)
        wanted = name or config.get("current")
        profile = next(p for p in config.get("profiles", []) if p.get("name") == wanted)
        region = profile.get("region_id", "")
        access_id, access_key, token = _keys(profile, profile.get("mode", ""))
    except Exception as exc:  # a missing, malformed or unreachable source contributes nothing
        logger.debug("no account from %s: %s", cloud_config_path(), type(exc).__name__)
        return None
    endpoint = f"{region}.log.aliyuncs.com" if region else "cn-hangzhou.log.aliyuncs.com"
    return Account(access_id, access_key, endpoint, token, profile.get("sign_version", ""), region)


def _keys(profile: Dict[str, Any], mode: str) -> Tuple[str, str, str]:
    access_id = profile.get("access_key_id", "")
    access_key = profile.get("access_key_secret", "")
    if mode == "RamRoleArn":
        return assume_role(access_id, access_key, profile["ram_role_arn"],
                           profile.get("ram_session_name") or "aliyunlog-cli")
    if mode == "EcsRamRole":
        return ecs_role_keys(profile["ram_role_name"])
    return access_id, access_key, profile.get("sts_token", "")


def _percent(value: str) -> str:
    return quote(value, safe="-_.~")


def rpc_signature(secret: str, params: Dict[str, str], method: str = "GET") -> str:
    """The signature of an Alibaba Cloud RPC-style request (HMAC-SHA1 over the sorted, encoded query)."""
    canonical = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()))
    string_to_sign = f"{method}&{_percent('/')}&{_percent(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def assume_role(access_id: str, access_key: str, role_arn: str, session_name: str) -> Tuple[str, str, str]:
    """Temporary keys of ``role_arn`` from STS ``AssumeRole``."""
    import requests

    params = {
        "Action": "AssumeRole", "Version": "2015-04-01", "Format": "JSON", "RoleArn": role_arn,
        "RoleSessionName": session_name, "DurationSeconds": "3600", "AccessKeyId": access_id,
        "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "SignatureNonce": uuid.uuid4().hex,
        "Timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    params["Signature"] = rpc_signature(access_key, params)
    response = requests.get(STS_ENDPOINT, params=params, timeout=_TIMEOUT)
    response.raise_for_status()
    credentials = response.json()["Credentials"]
    return credentials["AccessKeyId"], credentials["AccessKeySecret"], credentials.get("SecurityToken", "")


def ecs_role_keys(role_name: str) -> Tuple[str, str, str]:
    """Temporary keys of the ECS instance's RAM role from the metadata service."""
    import requests

    response = requests.get(ECS_METADATA_URL + role_name, timeout=_TIMEOUT)
    response.raise_for_status()
    data = response.json()
    return data["AccessKeyId"], data["AccessKeySecret"], data.get("SecurityToken", "")
