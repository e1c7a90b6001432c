"""The command table: one command per public ``LogClient`` method, read from the methods' signatures and docstrings.

Reading the table needs ``LogClient`` and therefore ``requests`` (~100 ms). Help, usage errors and completion only
need names and docs, so the table is cached as JSON under the user's cache directory, keyed by the SDK's source
files (path, size, mtime): a method added to the client shows up on the next run, with no step to regenerate.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

from ..version import __version__

#: Public LogClient methods that are not commands: they configure or expose the in-process client object, or need
#: Python objects no command line can express. Every other public method is a command.
NOT_COMMANDS = {
    "close": "releases the in-process client's connections",
    "set_source": "configures the in-process client",
    "set_user_agent": "configures the in-process client",
    "set_retry_policy": "takes a RetryPolicy object",
    "set_credentials_auto_refresher": "takes a Python callable",
    "get_credentials_provider": "returns a Python object",
    "build_put_requests": "returns unsent ApiRequest objects (put_logs sends them)",
    "put_log_raw": "takes a protobuf LogGroup (put_logs takes the same logs as JSON)",
}

#: ``--help`` groups, in display order, and the name patterns that put a command in a group (first match wins).
GROUP_ORDER = (
    "Project", "Logstore", "Index", "Logtail Config", "Machine Group", "Shard", "Cursor", "Logs", "Consumer Group",
    "Dashboard", "Saved Search", "Alert", "Shipper", "Metric Store", "External Store", "Others",
)
_GROUP_PATTERNS = (
    ("Logs", r"^(get_logs?|get_log_all\w*|get_histograms|get_context_logs|get_project_logs|execute_\w*sql"
             r"|pull_logs?|pull_log_dump|put_logs?|copy_data|transform_data)$"),
    ("Cursor", r"cursor"),
    ("Consumer Group", r"consumer_group|check_point|heart_beat"),
    ("Shard", r"shard"),
    ("Machine Group", r"machine"),
    ("Logtail Config", r"logtail"),
    ("Index", r"index|topics"),
    ("Dashboard", r"dashboard"),
    ("Saved Search", r"savedsearch"),
    ("Alert", r"alert"),
    ("Shipper", r"shipper"),
    ("Metric Store", r"metric_?store|substore"),
    ("External Store", r"external_?store"),
    ("Logstore", r"logstore"),
    ("Project", r"project"),
)

_PARAM_DOC = re.compile(r"^\s*:param\s+(\w+)\s*:\s*(.*?)\s*$", re.MULTILINE)
_TYPE_DOC = re.compile(r"^\s*:type\s+(\w+)\s*:\s*(.*?)\s*$", re.MULTILINE)
_ARGS_LINE = re.compile(r"^\s+([\w, ]+?):\s+(.*?)\s*$")
_CACHE_FORMAT = 1


@dataclass(frozen=True)
class Param:
    """One ``--name=<value>`` of a command: a parameter of the LogClient method."""

    name: str
    required: bool
    annotation: str  # the type hint as written ("Optional[int]", "IndexDetail"), "" without one
    doc_type: str  # the docstring's ``:type name:`` text, "" without one
    doc: str  # the docstring's description of the parameter, "" without one


@dataclass(frozen=True)
class Command:
    name: str
    group: str
    summary: str
    params: Tuple[Param, ...]

    def param(self, name: str) -> Optional[Param]:
        return next((param for param in self.params if param.name == name), None)


def group_of(name: str) -> str:
    return next((group for group, pattern in _GROUP_PATTERNS if re.search(pattern, name)), "Others")


def command_from_method(name: str, method: Callable[..., Any]) -> Command:
    """The command of one LogClient method (``self``, ``*args`` and ``**kwargs`` are not options)."""
    import inspect

    doc = inspect.getdoc(method) or ""
    param_docs = _param_docs(doc)
    type_docs = dict(_TYPE_DOC.findall(doc))
    params = []
    for param in inspect.signature(method).parameters.values():
        if param.name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        annotation = param.annotation
        if annotation is param.empty:
            text = ""
        elif isinstance(annotation, str):
            text = annotation
        else:
            text = inspect.formatannotation(annotation)
        params.append(Param(param.name, param.default is param.empty, text, type_docs.get(param.name, ""),
                            param_docs.get(param.name, "")))
    summary = doc.split("\n\n", 1)[0].replace("\n", " ").strip()
    return Command(name, group_of(name), summary, tuple(params))


def _param_docs(doc: str) -> Dict[str, str]:
    """``:param x: text`` lines, else the lines of a Google-style ``Args:`` block (``x, y: text``)."""
    found = dict(_PARAM_DOC.findall(doc))
    if found or "Args:" not in doc:
        return found
    for line in doc.split("Args:", 1)[1].splitlines()[1:]:
        if line and not line[0].isspace():
            break
        match = _ARGS_LINE.match(line)
        if match:
            for name in match.group(1).split(","):
                found.setdefault(name.strip(), match.group(2))
    return found


def commands_of(cls: type) -> Dict[str, Command]:
    """Every command of ``cls`` (LogClient), by name."""
    import inspect

    commands = {}
    for name in sorted(dir(cls)):
        if name.startswith("_") or name in NOT_COMMANDS:
            continue
        member = inspect.getattr_static(cls, name)
        if isinstance(member, (staticmethod, classmethod, property)) or not inspect.isfunction(member):
            continue
        commands[name] = command_from_method(name, getattr(cls, name))
    return commands


def load_commands() -> Dict[str, Command]:
    """The command table, from the cache when the SDK's sources have not changed since it was written."""
    key = _source_fingerprint()
    path = _cache_path()
    try:
        with open(path, encoding="utf-8") as fh:
            cached = json.load(fh)
        if cached.get("key") == key:
            return {item["name"]: _command_from_json(item) for item in cached["commands"]}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    from ..client import LogClient

    commands = commands_of(LogClient)
    _write_cache(path, {"key": key, "commands": [asdict(command) for command in commands.values()]})
    return commands


def _command_from_json(item: Dict[str, Any]) -> Command:
    return Command(item["name"], item["group"], item["summary"], tuple(Param(**param) for param in item["params"]))


def _source_fingerprint() -> str:
    """Version, format and (path, size, mtime) of every Python file of the SDK."""
    root = _sdk_root()
    parts: List[str] = [__version__, str(_CACHE_FORMAT), root]
    for directory, subdirs, files in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in ("__pycache__", "emulator"))
        for file in sorted(files):
            if file.endswith(".py"):
                stat = os.stat(os.path.join(directory, file))
                parts.append(f"{directory}/{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


def _sdk_root() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _cache_path() -> str:
    """One cache file per installation of the SDK, so that several environments do not overwrite each other's."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha1(_sdk_root().encode("utf-8")).hexdigest()[:12]
    return os.path.join(base, "aliyunlog", f"commands-{digest}.json")


def _write_cache(path: str, payload: Dict[str, Any]) -> None:
    """Write atomically; a read-only home only costs the next run the slower path."""
    import tempfile

    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".commands-")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh)
        os.replace(tmp, path)
    except OSError:
        pass
