"""``aliyunlog``: dispatch, messages and exit codes (0 success, 1 usage or other error, 2 no account, 3 service
error). Messages go to stdout as in the reference CLI; when stdout is redirected, the first line of a usage error is
repeated on stderr so that a terminal still shows it."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import traceback
from typing import IO, TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Sequence

from .argv import UsageError, masked, parse_options
from .catalog import Command, load_commands
from .usage import CONFIGURE_USAGE, GLOBAL_OPTIONS, command_usage, grouped_commands, main_usage

if TYPE_CHECKING:  # pragma: no cover - the client is imported only when a command runs
    from ..client import LogClient
    from ..errors import LogException
    from .config import Account, Settings

logger = logging.getLogger("aliyun.log.cli")

EXIT_OK, EXIT_ERROR, EXIT_NO_ACCOUNT, EXIT_SERVICE_ERROR = 0, 1, 2, 3
#: Set to ``2`` to make usage errors exit with 2 (the usual status of command-line misuse) instead of the
#: reference CLI's 1.
USAGE_EXIT_ENV = "ALIYUN_LOG_CLI_USAGE_EXIT_CODE"
EXIT_USAGE_STRICT = 2

NO_ACCOUNT_HINT = """
Error!

The default account is not configured, or the command does not name a configured account.

Configure a default account:
> aliyunlog configure <access_id> <access_key> <endpoint>
> aliyunlog configure <access_id> <access_key> <endpoint> main <sts_token>

or configure a named account and pass it with --client-name:
> aliyunlog configure <access_id> <access_key> <endpoint> user-bj
> aliyunlog log list_project --client-name=user-bj

The ALIYUN_LOG_CLI_ACCESSID, ALIYUN_LOG_CLI_ACCESSKEY and ALIYUN_LOG_CLI_ENDPOINT variables, or the
--access-id, --access-key and --region-endpoint options, work too.
"""


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one ``aliyunlog`` command line (``argv`` without the program name; default ``sys.argv[1:]``)."""
    args = options_last(list(sys.argv[1:] if argv is None else argv))
    out = sys.stdout
    if not args or "--help" in args[0] or args[0] == "-h":
        out.write(main_usage(load_commands().values()) + "\n")
        return EXIT_ERROR
    first = args[0]
    if first == "--version":
        out.write(user_agent() + "\n")
        return EXIT_OK
    if first == "configure":
        return _reporting_config_errors(configure, args[1:], out)
    if first == "completion":
        from .completion import completion_script

        if len(args) != 2 or args[1] not in ("bash", "zsh", "fish"):
            return _usage_error(out, ["Usage: aliyunlog completion <bash|zsh|fish>"])
        out.write(completion_script(args[1], load_commands().values()))
        return EXIT_OK
    if first == "log":
        return _reporting_config_errors(run_log, args[1:], out, os.environ)
    return _usage_error(out, [f"Unknown command: '{first}'.", f"aliyunlog {first}",
                              " " * len("aliyunlog ") + "^" * len(first), main_usage(load_commands().values())])


def _reporting_config_errors(command: Any, *args: Any) -> int:
    """Run ``command``; an unreadable ``~/.aliyunlogcli`` is one line on stderr and exit 1, not a traceback."""
    from .config import ConfigFileError

    try:
        result: int = command(*args)
    except ConfigFileError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_ERROR
    return result


def options_last(args: List[str]) -> List[str]:
    """``--x=v`` words written before ``log <method>`` moved behind it, as docopt accepts options anywhere."""
    leading = []
    while args and args[0].startswith("--") and "=" in args[0]:
        leading.append(args.pop(0))
    if args[:1] == ["log"]:
        while len(args) > 1 and args[1].startswith("--") and "=" in args[1]:
            leading.append(args.pop(1))
    if not leading:
        return args
    head = 2 if args[:1] == ["log"] and len(args) > 1 else 1 if args[:1] == ["configure"] else 0
    return args[:head] + leading + args[head:]


def user_agent() -> str:
    """``log-cli-v-<version>, <the SDK's user agent>``: printed by ``--version`` and sent with every request."""
    from ..transport import default_user_agent
    from ..version import __version__

    return f"log-cli-v-{__version__}, {default_user_agent()}"


def _usage_error(out: IO[str], lines: List[str]) -> int:
    out.write("\n".join(lines) + "\n")
    if not out.isatty() and sys.stderr is not out:
        sys.stderr.write(lines[0] + "\n")
    return EXIT_USAGE_STRICT if os.environ.get(USAGE_EXIT_ENV) == str(EXIT_USAGE_STRICT) else EXIT_ERROR


# -- configure ---------------------------------------------------------------------------------------------------------
def configure(args: Sequence[str], out: IO[str]) -> int:
    from . import config

    options: Dict[str, str] = {}
    positional: List[str] = []
    for word in args:
        key, sep, value = word[2:].partition("=") if word.startswith("--") else ("", "", "")
        if key in config.OPTION_KEYS and sep:
            options[key] = value
        elif word.startswith("--"):
            return _usage_error(out, ["Invalid configure parameters.", "", "Usage:", CONFIGURE_USAGE])
        else:
            positional.append(word)
    if (options and positional) or len(positional) > 5:
        return _usage_error(out, ["Invalid configure parameters.", "", "Usage:", CONFIGURE_USAGE])
    if options:
        config.configure_options(options)
        return EXIT_OK
    names = ("<access_id>", "<access_key>", "<endpoint>")
    if len(positional) < len(names):
        return _usage_error(out, [f"Missing required parameter '{names[len(positional)]}'.", "", "Usage:",
                                  CONFIGURE_USAGE])
    access_id, access_key, endpoint, *rest = positional
    config.configure_account(access_id, access_key, endpoint, rest[0] if rest else config.MAIN_SECTION,
                             rest[1] if len(rest) > 1 else None)
    return EXIT_OK


# -- aliyunlog log <method> -------------------------------------------------------------------------------------------
def run_log(args: Sequence[str], out: IO[str], env: Mapping[str, str]) -> int:
    commands = load_commands()
    if not args:
        return _usage_error(out, ["Missing aliyunlog log subcommand, example usage:",
                                  "aliyunlog log get_project --project_name=test",
                                  " " * len("aliyunlog log ") + "^" * len("get_project"),
                                  "Supported aliyunlog log subcommands:", grouped_commands(commands.values())])
    method, words = args[0], list(args[1:])
    command = commands.get(method)
    if command is None:
        return _usage_error(out, [f"Unknown aliyunlog log subcommand: {method}",
                                  " ".join(["aliyunlog log", method, *masked(words)]),
                                  " " * len("aliyunlog log ") + "^" * len(method), main_usage(commands.values())])
    if "--help" in words or "-h" in words:
        out.write(f"{command.summary}\n\n{command_usage(command)}" if command.summary else command_usage(command))
        return EXIT_ERROR
    try:
        options = parse_options(command, words)
    except UsageError as error:
        return _usage_error(out, _usage_error_lines(command, words, error))

    from .config import load_settings

    settings = load_settings(options.globals, env)
    if not settings.account.complete():
        out.write(NO_ACCOUNT_HINT)
        return EXIT_NO_ACCOUNT
    with _file_logging():
        try:
            return _call(command, options.params, settings, out, env)
        except BrokenPipeError:  # `aliyunlog ... | head`: the reader is gone, nothing left to say
            _silence_stdout()
            return EXIT_ERROR


def _usage_error_lines(command: Command, words: Sequence[str], error: UsageError) -> List[str]:
    usage = command_usage(command)
    words = masked(words)
    if error.kind == "missing":
        return [f"Missing required parameter '{error.name}'.", "", usage]
    if error.kind == "unknown" and error.word is not None:
        prefix = " ".join(["aliyunlog log", command.name, *words[:error.word]]) + " "
        lines = [f"Unknown parameter '{error.name}'.", " ".join(["aliyunlog log", command.name, *words]),
                 " " * len(prefix) + "^" * len(words[error.word])]
        import difflib

        names = [param.name for param in command.params] + list(GLOBAL_OPTIONS)
        lines += [f"Did you mean '--{name}'?" for name in difflib.get_close_matches(error.name, names, n=1)]
        return [*lines, usage]
    return ["Invalid parameters.", "", usage]


def _call(command: Command, raw: Mapping[str, str], settings: Settings, out: IO[str], env: Mapping[str, str]
          ) -> int:
    from ..errors import LogException
    from .output import Printer
    from .progress import progress_bar

    try:
        printer = Printer(out, settings.format_output, settings.decode_output, settings.jmes_filter)
        kwargs = convert_arguments(command, raw, env)
        client = make_client(settings.account)
    except ImportError as exc:  # an optional dependency, with the line that installs it
        sys.stderr.write(f"{exc}\n")
        return EXIT_ERROR
    except TypeError as exc:  # a bad option value, named in the message
        sys.stderr.write(f"TypeError: {exc}\n")
        return EXIT_ERROR
    except Exception:  # an invalid --jmes-filter, an unusable account setting (v4 without region)...
        traceback.print_exc(file=sys.stderr)
        return EXIT_ERROR
    try:
        with progress_bar(client, command.name, sys.stderr):
            printer.print_result(command.name, getattr(client, command.name)(**kwargs))
    except LogException as exc:
        out.write(service_error_text(exc) + "\n")
        logger.error("%s failed", command.name, exc_info=True)
        return EXIT_SERVICE_ERROR
    except BrokenPipeError:
        raise
    except Exception:
        traceback.print_exc(file=sys.stderr)
        return EXIT_ERROR
    finally:
        client.close()
    return EXIT_OK


def service_error_text(exc: LogException) -> str:
    return json.dumps({"errorCode": exc.get_error_code(), "errorMessage": exc.get_error_message(),
                       "requestId": exc.get_request_id()}, sort_keys=True)


def make_client(account: Account) -> LogClient:
    """A LogClient for an account (the token of a stored ``<id>::<token>`` only with that id)."""
    from ..client import LogClient
    from .config import stored_token

    client = LogClient(account.endpoint, account.access_id, account.access_key,
                       securityToken=stored_token(account.access_id, account.sts_token) or None,
                       auth_version=account.sign_version or "v1", region=account.region_id)
    client.set_user_agent(user_agent())
    return client


def convert_arguments(command: Command, raw: Mapping[str, str], env: Mapping[str, str]) -> Dict[str, Any]:
    """The keyword arguments of the method, converted from the option strings (``TypeError`` naming the option)."""
    from ..client import LogClient
    from .config import named_account
    from .convert import convert_value, converter_for, resolve_hints
    from .usage import describe_type

    hints = resolve_hints(getattr(LogClient, command.name))

    def account_client(name: str) -> LogClient:
        return make_client(named_account(name, env))

    kwargs = {}
    for name, value in raw.items():
        param = command.param(name)
        assert param is not None  # parse_options only lets known names through
        converter = converter_for(hints.get(name), param.annotation, param.doc_type, account_client)
        kwargs[name] = convert_value(name, value, converter, describe_type(param))
    return kwargs


@contextlib.contextmanager
def _file_logging() -> Iterator[None]:
    """Log warnings (or the ``[__logging__]`` level) to a rotating file, created on first use, while a command runs."""
    from logging.handlers import RotatingFileHandler

    from .config import LOGGING_SECTION, read_config

    parser = read_config(raw=True)

    def option(key: str, default: str) -> str:
        return parser.get(LOGGING_SECTION, key, fallback=default) or default

    levels = {"debug": logging.DEBUG, "info": logging.INFO, "information": logging.INFO, "warn": logging.WARNING,
              "warning": logging.WARNING, "error": logging.ERROR, "err": logging.ERROR,
              "critical": logging.CRITICAL, "fat": logging.FATAL, "fatal": logging.FATAL}
    handler = RotatingFileHandler(os.path.expanduser(option("filename", "~/aliyunlogcli.log")),
                                  maxBytes=int(option("filebytes", "104857600")),
                                  backupCount=int(option("backupcount", "5")), delay=True, encoding="utf-8")
    handler.setFormatter(logging.Formatter(
        option("format", "%(asctime)s %(levelname)s %(process)d:%(threadName)s %(name)s %(message)s"),
        parser.get(LOGGING_SECTION, "datefmt", fallback=None)))
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(levels.get(option("level", "warn").strip().lower(), logging.WARNING))
    try:
        yield
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
        handler.close()


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (stdout replaced in-process)
        pass
