"""Accounts: ``aliyunlog configure``, the config file, environment variables, Alibaba Cloud CLI profiles (including
temporary keys from STS and ECS), command-line overrides, their precedence, and secrets never shown."""

from __future__ import annotations

import configparser
import json
import os
import stat
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple
from urllib.parse import parse_qs, urlparse

import pytest

from aliyun.log.cli import profiles
from aliyun.log.cli.config import load_settings
from aliyun.log.cli.main import make_client
from aliyun.log.emulator import Emulator

from .conftest import Run


def read_file(home: Path) -> configparser.RawConfigParser:
    parser = configparser.RawConfigParser()
    parser.read(home / ".aliyunlogcli")
    return parser


def test_configure_writes_a_private_file(home: Path, run: Run) -> None:
    assert run("configure", "AK1", "SK1", "cn-hangzhou.log.aliyuncs.com").code == 0
    assert run("configure", "AK2", "SK2", "cn-beijing.log.aliyuncs.com", "bj", "TOKEN2").code == 0
    path = home / ".aliyunlogcli"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    parser = read_file(home)
    assert dict(parser["main"]) == {"access-id": "AK1", "access-key": "SK1",
                                    "region-endpoint": "cn-hangzhou.log.aliyuncs.com", "sts-token": ""}
    assert parser["bj"]["sts-token"] == "AK2::TOKEN2"
    assert run("configure", "--format-output=json,no_escape", "--default-client=bj",
               "--decode-output=utf8,gbk").code == 0
    assert dict(read_file(home)["__option__"]) == {"format-output": "json,no_escape", "default-client": "bj",
                                                   "decode-output": "utf8,gbk"}
    assert read_file(home)["main"]["access-id"] == "AK1"  # other sections are kept


def test_configure_usage_errors(home: Path, run: Run) -> None:
    result = run("configure")
    assert (result.code, result.first_line) == (1, "Missing required parameter '<access_id>'.")
    assert run("configure", "AK", "SK").first_line == "Missing required parameter '<endpoint>'."
    for argv in (["--bogus=1"], ["AK", "SK", "EP", "n", "t", "extra"], ["--format-output=json", "AK"]):
        result = run("configure", *argv)
        assert (result.code, result.first_line) == (1, "Invalid configure parameters.")
        assert "aliyunlog configure <access_id> <access_key> <endpoint>" in result.out


def write_cloud_config(home: Path, profiles_: List[Dict[str, Any]], current: str) -> None:
    (home / ".aliyun").mkdir(exist_ok=True)
    (home / ".aliyun" / "config.json").write_text(json.dumps({"current": current, "profiles": profiles_}))


def write_file(home: Path, text: str) -> None:
    (home / ".aliyunlogcli").write_text(text)


def account_of(options: Dict[str, str], env: Dict[str, str]) -> Tuple[str, str, str, str]:
    account = load_settings(options, env).account
    return account.access_id, account.access_key, account.endpoint, account.sts_token


def test_precedence_of_the_layers(home: Path) -> None:
    write_cloud_config(home, [{"name": "default", "mode": "AK", "access_key_id": "CLOUD", "access_key_secret": "C",
                               "region_id": "cn-shanghai"},
                              {"name": "other", "mode": "StsToken", "access_key_id": "PROF", "access_key_secret": "P",
                               "sts_token": "PT", "region_id": "cn-beijing"}], "default")
    assert account_of({}, {}) == ("CLOUD", "C", "cn-shanghai.log.aliyuncs.com", "")

    env = {"ALIBABA_CLOUD_ACCESS_KEY_ID": "ENV", "ALIBABA_CLOUD_ACCESS_KEY_SECRET": "E",
           "ALIBABA_CLOUD_DEFAULT_REGION": "cn-qingdao", "ALIBABA_CLOUD_SECURITY_TOKEN": "ET"}
    assert account_of({}, env) == ("ENV", "E", "cn-qingdao.log.aliyuncs.com", "ET")
    # Only the id without the key changes nothing but the endpoint.
    assert account_of({}, {"ALICLOUD_ACCESS_KEY_ID": "HALF", "ALICLOUD_REGION_ID": "cn-hongkong"})[:3] == (
        "CLOUD", "C", "cn-hongkong.log.aliyuncs.com")

    write_file(home, "[DEFAULT]\nregion = cn-zhangjiakou\n[main]\naccess-id = FILE\naccess-key = F\n"
                     "region-endpoint = %(region)s.log.aliyuncs.com\nsts-token = FILE::FT\n"
                     "[bj]\naccess-id = BJ\naccess-key = B\nregion-endpoint = bj.example.com\nsts-token = OTHER::X\n")
    assert account_of({}, env) == ("FILE", "F", "cn-zhangjiakou.log.aliyuncs.com", "FT")
    assert account_of({}, {**env, "ALIYUN_LOG_CLI_CLIENT_NAME": "bj"}) == ("BJ", "B", "bj.example.com", "")
    assert account_of({"client-name": "main"}, {"ALIYUN_LOG_CLI_CLIENT_NAME": "bj"})[0] == "FILE"

    cli_env = {"ALIYUN_LOG_CLI_ACCESSID": "CLI", "ALIYUN_LOG_CLI_ACCESSKEY": "L", "ALIYUN_LOG_CLI_ENDPOINT": "ep"}
    assert account_of({}, cli_env) == ("CLI", "L", "ep", "")
    assert account_of({"profile": "other"}, cli_env) == ("PROF", "P", "cn-beijing.log.aliyuncs.com", "PT")
    options = {"access-id": "OPT", "access-key": "O", "region-endpoint": "https://x.example.com", "sts-token": "OT"}
    assert account_of({**options, "profile": "other"}, cli_env) == ("OPT", "O", "https://x.example.com", "OT")
    assert account_of({"access-id": "OPT"}, cli_env) == ("CLI", "L", "ep", "")  # id without key: ignored


def test_default_client_and_output_options(home: Path) -> None:
    write_file(home, "[__option__]\ndefault-client = bj\nformat-output = json\n"
                     "[bj]\naccess-id = BJ\naccess-key = B\nregion-endpoint = bj.example.com\n")
    settings = load_settings({}, {})
    assert (settings.account.access_id, settings.format_output, settings.decode_output) == ("BJ", "json",
                                                                                          "utf8,latin1")
    settings = load_settings({"format-output": "no_escape"}, {"ALIYUN_LOG_CLI_FORMAT_OUTPUT": "json",
                                                             "ALIYUN_LOG_CLI_DECODE_OUTPUT": "gbk"})
    assert (settings.format_output, settings.decode_output) == ("no_escape", "gbk")


def test_sts_token_reaches_the_client(home: Path) -> None:
    write_file(home, "[main]\naccess-id = AK\naccess-key = SK\nregion-endpoint = ep.example.com\n"
                     "sts-token = AK::TOKEN\n")
    client = make_client(load_settings({}, {}).account)
    assert client.get_credentials_provider().get_credentials().security_token == "TOKEN"
    client.close()
    # A token stored for another id is not used with this one.
    client = make_client(load_settings({"access-id": "AK2", "access-key": "SK2", "sts-token": "AK::TOKEN"}, {})
                         .account)
    assert client.get_credentials_provider().get_credentials().security_token is None
    client.close()


class _FakeCloud(BaseHTTPRequestHandler):
    """STS AssumeRole and the ECS metadata service, as far as the CLI uses them."""

    requests: List[Dict[str, Any]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        type(self).requests.append({"path": url.path, "query": query})
        if url.path == "/sts/" and query.get("Action") == "AssumeRole":
            signature = query.pop("Signature")
            ok = signature == profiles.rpc_signature("RAMSECRET", query)
            body = {"Credentials": {"AccessKeyId": "STS.ID", "AccessKeySecret": "STSSECRET",
                                    "SecurityToken": "STSTOKEN"}} if ok else {"Code": "SignatureDoesNotMatch"}
            self._reply(200 if ok else 400, body)
        elif url.path == "/meta/ecs-role":
            self._reply(200, {"AccessKeyId": "ECS.ID", "AccessKeySecret": "ECSSECRET", "SecurityToken": "ECSTOKEN"})
        else:
            self._reply(404, {})

    def _reply(self, status: int, body: Dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def fake_cloud(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FakeCloud)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(profiles, "STS_ENDPOINT", base + "/sts/")
    monkeypatch.setattr(profiles, "ECS_METADATA_URL", base + "/meta/")
    _FakeCloud.requests = []
    yield base
    server.shutdown()
    server.server_close()


def test_ram_role_arn_and_ecs_ram_role_profiles(home: Path, fake_cloud: str) -> None:
    write_cloud_config(home, [
        {"name": "role", "mode": "RamRoleArn", "access_key_id": "RAMID", "access_key_secret": "RAMSECRET",
         "ram_role_arn": "acs:ram::1:role/logs", "region_id": "cn-hangzhou"},
        {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "ecs-role", "region_id": "cn-beijing"},
        {"name": "broken", "mode": "RamRoleArn", "access_key_id": "RAMID", "access_key_secret": "WRONG",
         "ram_role_arn": "acs:ram::1:role/logs"},
    ], "role")
    assert account_of({}, {}) == ("STS.ID", "STSSECRET", "cn-hangzhou.log.aliyuncs.com", "STSTOKEN")
    assume = _FakeCloud.requests[0]["query"]
    assert (assume["RoleArn"], assume["AccessKeyId"]) == ("acs:ram::1:role/logs", "RAMID")
    assert account_of({"profile": "ecs"}, {}) == ("ECS.ID", "ECSSECRET", "cn-beijing.log.aliyuncs.com", "ECSTOKEN")
    # A profile that cannot be resolved contributes nothing: the next layers decide.
    env = {"ALIYUN_LOG_CLI_ACCESSID": "A", "ALIYUN_LOG_CLI_ACCESSKEY": "K", "ALIYUN_LOG_CLI_ENDPOINT": "e"}
    assert account_of({"profile": "broken"}, env) == ("A", "K", "e", "")


def test_secrets_are_never_shown(configured: Path, run: Run, emulator: Emulator) -> None:
    secret = "s3cr3t-VALUE"
    help_text = run("log", "list_project").out + run("--help").out
    assert emulator.credentials[1] not in help_text
    result = run("log", "get_project", "--project_name=x", f"--access-key={secret}", "--bogus=1")
    assert result.first_line == "Unknown parameter 'bogus'."
    assert secret not in result.out + result.err and "--access-key=****" in result.out
    result = run("log", "nope", "--access-key", secret, f"--sts-token={secret}")
    assert secret not in result.out + result.err
    # Debug logging of a failing call keeps the keys out of the log file.
    with open(configured / ".aliyunlogcli", "a") as fh:
        fh.write(f"\n[__logging__]\nlevel = debug\nfilename = {configured / 'cli.log'}\n")
    result = run("log", "list_project", f"--access-id={emulator.credentials[0]}", f"--access-key={secret}")
    assert result.code == 3 and secret not in result.out + result.err
    log_text = (configured / "cli.log").read_text()
    assert "list_project failed" in log_text and "SignatureNotMatch" in log_text
    assert secret not in log_text and emulator.credentials[1] not in log_text
    assert repr(load_settings({}, dict(os.environ)).account).count(emulator.credentials[1]) == 0


def test_an_unreadable_config_file_is_one_line(home: Path, run: Run) -> None:
    write_file(home, "access-id = no section header\n")
    result = run("log", "list_project")
    assert result.code == 1 and result.err.startswith("error: cannot read ") and "Traceback" not in result.err
    assert run("configure", "AK", "SK", "EP").code == 1
    write_file(home, "[main]\naccess-id = %(nothing)s\n")
    result = run("log", "list_project")
    assert result.code == 1 and "nothing" in result.err
