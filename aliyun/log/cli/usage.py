"""The help texts: the grouped command list, one usage line per command and its ``Options:`` block."""

from __future__ import annotations

from typing import Dict, Iterable, List

from .catalog import GROUP_ORDER, Command, Param

#: Options every ``aliyunlog log`` command accepts, in usage order, with their help text.
GLOBAL_OPTIONS = {
    "access-id": "use this access id in this command",
    "access-key": "use this access key in this command",
    "sts-token": "use this STS token in this command",
    "region-endpoint": "use this endpoint in this command (an https:// prefix switches to TLS)",
    "client-name": "use this account from ~/.aliyunlogcli (see `aliyunlog configure`)",
    "jmes-filter": "filter the result with a JMESPath expression (a literal \\n becomes a newline)",
    "format-output": "json: indented output; no_escape: print non-ASCII characters as they are, e.g. json,no_escape",
    "decode-output": "encodings tried in order on binary values, e.g. utf8,latin1,gbk (default utf8,latin1)",
    "profile": "use this profile of the Alibaba Cloud CLI (~/.aliyun/config.json)",
    "sign-version": "signature version: v1 or v4",
    "region-id": "the region id used by v4 signatures, e.g. cn-hangzhou",
}

CONFIGURE_USAGE = (
    "aliyunlog configure <access_id> <access_key> <endpoint> [<client_name>] [<sts_token>]\n"
    "aliyunlog configure [--format-output=json,no_escape] [--default-client=<client_name>]"
    " [--decode-output=utf8,latin1]\n"
)

_GLOBAL_TOKENS = " ".join(f"[--{name}=<value>]" for name in GLOBAL_OPTIONS)


def global_options_text() -> str:
    width = max(len(name) for name in GLOBAL_OPTIONS) + len("[--=<value>]")
    lines = [f"{f'[--{name}=<value>]':<{width}}  : {text}" for name, text in GLOBAL_OPTIONS.items()]
    return "\nGlobal Options:\n" + "\n".join(lines) + "\n"


def usage_line(command: Command) -> str:
    """``aliyunlog log <name> --a=<value> [--b=<value>] ... [--access-id=<value>] ...`` (single spaces)."""
    tokens = ["aliyunlog", "log", command.name]
    tokens += [f"--{p.name}=<value>" if p.required else f"[--{p.name}=<value>]" for p in command.params]
    return " ".join(tokens) + " " + _GLOBAL_TOKENS


def describe_type(param: Param) -> str:
    """What a parameter accepts, for help and error messages."""
    return param.doc_type or param.annotation or "string"


def options_text(command: Command) -> str:
    lines = []
    for param in command.params:
        token = f"--{param.name}=<value>" if param.required else f"[--{param.name}=<value>]"
        lines.append(f"{token}\t\t: {param.doc or param.name} ({describe_type(param)})")
    return "\n".join(lines) + "\n"


def command_usage(command: Command) -> str:
    """The usage block printed after a usage error of one command."""
    return f"Usage:\n{usage_line(command)}\n\nOptions:\n{options_text(command)}{global_options_text()}"


def grouped_commands(commands: Iterable[Command]) -> str:
    groups: Dict[str, List[str]] = {}
    for command in commands:
        groups.setdefault(command.group, []).append(command.name)
    parts = []
    for group in GROUP_ORDER:
        if group in groups:
            parts.append(f"\n\t{group}\n\t{'-' * 35}" + "".join(f"\n\t{name}" for name in sorted(groups[group])) + "\n")
    return "".join(parts)


def main_usage(commands: Iterable[Command]) -> str:
    return f"""
Usage:

1. aliyunlog log <subcommand> [parameters | global options]
2. aliyunlog configure <access_id> <access_key> <endpoint> [<client_name>] [<sts_token>]
3. aliyunlog configure [--format-output=json,no_escape] [--default-client=<client_name>] [--decode-output=utf8,latin1]
4. aliyunlog completion <bash|zsh|fish>
5. aliyunlog [--help | --version]

Examples:

1. aliyunlog configure AKID123 AKKEY123 cn-hangzhou.log.aliyuncs.com
2. aliyunlog configure --format-output=json,no_escape --default-client=beijing
3. aliyunlog log create_project --project_name="test" --project_des="my project"
4. aliyunlog log get_log_all --project=p1 --logstore=web --from_time="1 hour ago" --to_time=now --query="status>=500"
5. aliyunlog configure AKID124 AKKey123 cn-hangzhou.log.aliyuncs.com main StsTokenValue1234

Supported aliyunlog log subcommands:
{grouped_commands(commands)}{global_options_text()}"""
