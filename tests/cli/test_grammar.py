"""The command grammar: one command per LogClient method, usage lines, help, and the usage errors' messages and exit
codes of the reference CLI (first line on stdout, exit 1)."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from aliyun.log import LogClient, __version__
from aliyun.log.cli.catalog import NOT_COMMANDS, commands_of, load_commands
from aliyun.log.cli.usage import GLOBAL_OPTIONS, usage_line

from .conftest import Run


def _public_methods() -> list:
    return [name for name, member in inspect.getmembers(LogClient, inspect.isfunction) if not name.startswith("_")]


def test_every_public_logclient_method_is_a_command(home: Path) -> None:
    commands = load_commands()
    missing = [name for name in _public_methods() if name not in commands and name not in NOT_COMMANDS]
    assert not missing
    assert set(NOT_COMMANDS) <= set(_public_methods()), "NOT_COMMANDS names a method LogClient no longer has"
    # The documented command set of the reference CLI is all there.
    for name in ("list_project", "create_logstore", "update_index", "get_log_all", "pull_log_dump", "copy_data",
                 "create_consumer_group", "enable_alert", "get_shipper_tasks", "arrange_shard", "es_migration"):
        assert name in commands


def test_a_method_added_to_the_client_becomes_a_command() -> None:
    class Extended(LogClient):
        def frobnicate_logstore(self, project_name: str, logstore_name: str, level: int = 3) -> None:
            """Frobnicate a logstore.

            :param level: how hard
            """

    command = commands_of(Extended)["frobnicate_logstore"]
    assert command.group == "Logstore"
    assert [(p.name, p.required, p.annotation) for p in command.params] == [
        ("project_name", True, "str"), ("logstore_name", True, "str"), ("level", False, "int")]
    assert command.params[2].doc == "how hard"


def test_the_cache_follows_the_sources(home: Path, cli_cache: Path) -> None:
    commands = load_commands()
    [cache] = (cli_cache / "aliyunlog").glob("commands-*.json")
    cache.write_text('{"key": "stale", "commands": []}')
    assert load_commands() == commands  # a stale key is rebuilt, not trusted
    cache.write_text("not json")
    assert load_commands() == commands


def test_usage_line_tokens(home: Path) -> None:
    line = usage_line(load_commands()["get_log"])
    tokens = line.split(" ")
    assert tokens[:5] == ["aliyunlog", "log", "get_log", "--project=<value>", "--logstore=<value>"]
    assert "[--query=<value>]" in tokens and "[--size=<value>]" in tokens
    assert tokens[-len(GLOBAL_OPTIONS):] == [f"[--{name}=<value>]" for name in GLOBAL_OPTIONS]
    assert "  " not in line
    required = re.findall(r"(?<!\[)--(\w+)=<value>", line)
    assert required == ["project", "logstore", "from_time", "to_time"]


def test_help_lists_grouped_commands_and_exits_1(home: Path, run: Run) -> None:
    for argv in ([], ["--help"], ["log--help"]):
        result = run(*argv)
        assert result.code == 1
        assert "Supported aliyunlog log subcommands:" in result.out
        assert "\tProject\n" in result.out and "\tget_log_all\n" in result.out
        assert "Global Options:" in result.out


def test_version(run: Run) -> None:
    result = run("--version")
    assert result.code == 0
    assert re.fullmatch(rf"log-cli-v-{re.escape(__version__)}, aliyun-log-python-sdk/\S+ python/\S+ \S+\n",
                        result.out)


def test_unknown_command(home: Path, run: Run) -> None:
    result = run("foo")
    assert (result.code, result.first_line) == (1, "Unknown command: 'foo'.")
    assert result.out.split("\n")[1:3] == ["aliyunlog foo", "          ^^^"]


def test_missing_subcommand(home: Path, run: Run) -> None:
    result = run("log")
    assert (result.code, result.first_line) == (1, "Missing aliyunlog log subcommand, example usage:")
    assert "\tlist_logstore" in result.out


def test_unknown_subcommand(home: Path, run: Run) -> None:
    result = run("log", "_invalid_subcommand", "--x=1")
    assert (result.code, result.first_line) == (1, "Unknown aliyunlog log subcommand: _invalid_subcommand")
    assert result.out.split("\n")[1:3] == ["aliyunlog log _invalid_subcommand --x=1", " " * 14 + "^" * 19]


def test_missing_required_parameter_is_checked_first(home: Path, run: Run) -> None:
    result = run("log", "get_logstore", "--project_name=test", "--access_id=xxx")
    assert (result.code, result.first_line) == (1, "Missing required parameter 'logstore_name'.")
    lines = result.out.split("\n")
    assert lines[1:3] == ["", "Usage:"]
    assert lines[3].startswith("aliyunlog log get_logstore --project_name=<value> --logstore_name=<value> ")
    assert "Options:" in result.out and "Global Options:" in result.out

    result = run("log", "get_log_all", '--project="xxxx"', "--logstore=y", "--query=", "--to_time=now",
                 "--region-endpoint=http://cn-hangzhou.log.aliyuncs.com", "--format-output=no_escape")
    assert result.first_line == "Missing required parameter 'from_time'."


def test_unknown_parameter_is_echoed_with_a_caret(home: Path, run: Run) -> None:
    result = run("log", "get_project", "--project_name=aaa", "--project_id=123")
    assert (result.code, result.first_line) == (1, "Unknown parameter 'project_id'.")
    echo, caret = result.out.split("\n")[1:3]
    assert echo == "aliyunlog log get_project --project_name=aaa --project_id=123"
    assert caret == " " * echo.index("--project_id") + "^" * len("--project_id=123")
    assert result.out.split("\n")[3] == "Did you mean '--project_name'?"
    assert "Did you mean" not in run("log", "get_project", "--project_name=a", "--zzz=1").out


@pytest.mark.parametrize("words", [["--project_name=a", "stray"], ["--project_name=a", "--project_name=b"],
                                   ["--project_name=a", "--project_des"]])
def test_other_parse_failures(home: Path, run: Run, words: list) -> None:
    result = run("log", "update_project", *words)
    assert (result.code, result.first_line) == (1, "Missing required parameter 'project_des'.")
    result = run("log", "update_project", "--project_des=d", *words)
    assert (result.code, result.first_line) == (1, "Invalid parameters.")


def test_space_separated_values_and_unambiguous_prefixes(configured: Path, run: Run) -> None:
    # docopt accepts `--x v` and unambiguous prefixes of long options; both reach the service here.
    for words in (["--project_name", "no-such-project"], ["--project=no-such-project"]):
        result = run("log", "get_project", *words)
        assert result.code == 3 and '"errorCode": "ProjectNotExist"' in result.out


def test_values_starting_with_a_dash(configured: Path, run: Run) -> None:
    result = run("log", "get_cursor", "--project_name", "no-such-project", "--logstore_name", "l", "--shard_id",
                 "0", "--start_time", "-1h")
    assert result.code == 3


def test_usage_exit_code_can_be_2(home: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIYUN_LOG_CLI_USAGE_EXIT_CODE", "2")
    assert run("log", "get_project").code == 2
    assert run("foo").code == 2


def test_no_account_hint_exits_2(home: Path, run: Run) -> None:
    result = run("log", "list_project")
    assert result.code == 2
    assert "aliyunlog configure" in result.out and "--client-name" in result.out


def test_completion_scripts(home: Path, run: Run) -> None:
    for shell in ("bash", "zsh", "fish"):
        result = run("completion", shell)
        assert result.code == 0
        assert "get_log_all" in result.out and "region-endpoint" in result.out
    bash = run("completion", "bash").out
    assert "get_log_all) opts=\"--project= --logstore= --from_time= --to_time=" in bash
    assert "--access-id=" in bash
    fish = run("completion", "fish").out
    assert "__fish_seen_subcommand_from get_log_all' -l 'from_time'" in fish
    assert run("completion", "tcsh").code == 1


def test_options_may_come_before_the_command(configured: Path, run: Run) -> None:
    result = run("--format-output=json", "log", "--jmes-filter=count", "get_project", "--project_name=no-such-p")
    assert result.code == 3 and "ProjectNotExist" in result.out
    assert run("--format-output=json", "log", "list_project", "--jmes-filter=projects").out.startswith("[")


def test_help_of_one_command(home: Path, run: Run) -> None:
    result = run("log", "get_log_all", "--help")
    assert result.code == 1
    assert result.first_line == load_commands()["get_log_all"].summary  # the docstring's first paragraph
    assert "\naliyunlog log get_log_all --project=<value> --logstore=<value>" in result.out
    assert "[--page_size=<value>]\t\t: page_size (int)" in result.out
