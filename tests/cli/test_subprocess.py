"""What only a real process shows: exit statuses, which stream carries what, import cost, shell completion."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from pathlib import Path
from typing import Dict

import pytest

from aliyun.log.emulator import Emulator

from .conftest import cli_process


@pytest.fixture()
def env(home: Path) -> Dict[str, str]:
    return dict(os.environ)


def test_help_version_and_usage_errors(env: Dict[str, str]) -> None:
    result = cli_process(["--help"], env)
    assert result.code == 1 and "Supported aliyunlog log subcommands:" in result.out
    result = cli_process(["--version"], env)
    assert result.code == 0 and result.out.startswith("log-cli-v-")
    result = cli_process(["log", "get_project"], env)
    assert result.code == 1 and result.first_line == "Missing required parameter 'project_name'."
    assert result.err == result.first_line + "\n"  # repeated on stderr because stdout is not a terminal
    result = cli_process(["log", "list_project"], env)
    assert result.code == 2 and "aliyunlog configure" in result.out


@pytest.mark.skipif(platform.python_implementation() != "CPython", reason="import timing (-X importtime) is CPython's")
def test_help_does_not_import_the_client(env: Dict[str, str]) -> None:
    cli_process(["--help"], env)  # warm the command cache
    result = cli_process(["--help"], {**env, "PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.split("|")[-1].strip() for line in result.err.splitlines() if "|" in line}
    assert "aliyun.log.cli.main" in imported
    assert not {"requests", "aliyun.log.client", "aliyun.log.transport", "jmespath"} & imported
    cumulative = [int(line.split("|")[1]) for line in result.err.splitlines()
                  if line.split("|")[-1].strip() == "aliyun.log.cli"]
    assert cumulative and cumulative[0] < 150_000  # microseconds, importing the CLI package and what it needs


def test_calls_and_exit_codes_against_the_emulator(env: Dict[str, str], emulator: Emulator) -> None:
    access_id, access_key = emulator.credentials
    env = {**env, "ALIYUN_LOG_CLI_ACCESSID": access_id, "ALIYUN_LOG_CLI_ACCESSKEY": access_key,
           "ALIYUN_LOG_CLI_ENDPOINT": emulator.endpoint}
    result = cli_process(["log", "list_project", "--size=-1", "--format-output=json"], env)
    assert result.code == 0 and isinstance(json.loads(result.out)["projects"], list)
    result = cli_process(["log", "get_project", "--project_name=no-such-project"], env)
    assert result.code == 3 and json.loads(result.first_line)["errorCode"] == "ProjectNotExist"
    result = cli_process(["log", "list_project", f"--access-id={access_id}", "--access-key=bad"], env)
    assert result.code == 3 and json.loads(result.first_line)["errorCode"] == "SignatureNotMatch"
    result = cli_process(["log", "list_project", "--size=ten"], env)
    assert result.code == 1 and result.out == "" and "parameter 'size' should be of type int" in result.err


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion(env: Dict[str, str], tmp_path: Path) -> None:
    script = tmp_path / "aliyunlog.bash"
    script.write_text(cli_process(["completion", "bash"], env).out)
    probe = (f"source {script}; COMP_WORDS=(aliyunlog log get_log_a); COMP_CWORD=2; _aliyunlog; "
             'echo "${COMPREPLY[@]}"; COMP_WORDS=(aliyunlog log get_logstore --logs); COMP_CWORD=3; _aliyunlog; '
             'echo "${COMPREPLY[@]}"')
    out = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30).stdout.splitlines()
    assert out == ["get_log_all get_log_all_v2", "--logstore_name="]
