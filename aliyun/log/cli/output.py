"""Printing results: raw strings, JSON (one line or indented, escaped or not), a JMESPath filter, streamed chunks."""

from __future__ import annotations

import inspect
import json
from typing import IO, Any, Callable

from ..version import install_hint

#: Methods whose output is the list of log rows (the body itself when it is a list, else its ``data``).
LOG_ROW_METHODS = frozenset({"get_log", "get_logs", "get_log_all", "get_log_all_v2", "get_project_logs",
                             "execute_logstore_sql", "execute_project_sql"})

JMES_HINT = f"--jmes-filter needs jmespath: {install_hint('cli')}"


class Printer:
    """Prints each result of a command according to ``--format-output``, ``--jmes-filter`` and ``--decode-output``."""

    def __init__(self, stream: IO[str], format_output: str, decode_output: str, jmes_filter: str) -> None:
        fmt = format_output.lower()
        self.stream = stream
        self.indent = "json" in fmt
        self.escape = "no_escape" not in fmt
        self.encodings = [e.strip() for e in decode_output.replace("|", ",").split(",") if e.strip()] or ["utf8"]
        self.search = compile_filter(jmes_filter.replace("\\n", "\n"), self.escape) if jmes_filter else None

    def print_result(self, method: str, result: Any) -> None:
        """Print a response, or each item of an iterator as it arrives (one document per chunk)."""
        if inspect.isgenerator(result) or (hasattr(result, "__next__") and not hasattr(result, "get_body")):
            for chunk in result:
                self._print_one(method, chunk)
        else:
            self._print_one(method, result)

    def _print_one(self, method: str, result: Any) -> None:
        data = body_of(result)
        if method in LOG_ROW_METHODS and isinstance(data, dict) and "data" in data:
            data = data["data"]
        if data is None:
            return
        data = self.plain(data)
        if self.search is not None:
            data = self.search(data)
        self.show(data)

    def show(self, data: Any) -> None:
        if isinstance(data, str):
            if data:
                self.stream.write(data + "\n")
        elif self.indent:
            self.stream.write(json.dumps(data, sort_keys=True, indent=2, separators=(",", ": "),
                                         ensure_ascii=self.escape) + "\n")
        else:
            self.stream.write(json.dumps(data, sort_keys=True, ensure_ascii=self.escape) + "\n")
        self.stream.flush()

    def plain(self, data: Any) -> Any:
        """``data`` with bytes decoded (first fitting encoding, else UTF-8 ignoring errors) and tuples as lists."""
        if isinstance(data, bytes):
            return self.decode(data)
        if isinstance(data, dict):
            return {self.plain(k) if isinstance(k, bytes) else k: self.plain(v) for k, v in data.items()}
        if isinstance(data, (list, tuple)):
            return [self.plain(item) for item in data]
        return data

    def decode(self, value: bytes) -> str:
        for encoding in self.encodings:
            try:
                return value.decode(encoding)
            except (UnicodeDecodeError, LookupError):
                continue
        return value.decode("utf8", errors="ignore")


def body_of(result: Any) -> Any:
    """What a command prints for one result: the response body, or the value itself for plain values."""
    from ..models.response import PullLogResponse

    if isinstance(result, PullLogResponse):
        logs = result.get_flatten_logs_json(time_as_str=True)
        return {"next_cursor": result.get_next_cursor(), "count": len(logs), "logs": logs}
    if hasattr(result, "get_body"):
        return result.get_body()
    if hasattr(result, "to_json"):
        return result.to_json()
    return result


def compile_filter(expression: str, escape: bool) -> Callable[[Any], Any]:
    """The compiled JMESPath expression (``ValueError`` when it is invalid); ``to_string`` keeps non-ASCII
    characters when ``escape`` is False."""
    try:
        import jmespath
        from jmespath import functions
    except ImportError:
        raise ImportError(JMES_HINT) from None

    class _Functions(functions.Functions):  # type: ignore[misc]
        @functions.signature({"types": []})  # type: ignore[untyped-decorator,misc,unused-ignore]
        def _func_to_string(self, arg: Any) -> str:
            if isinstance(arg, str):
                return arg
            return json.dumps(arg, separators=(",", ":"), default=str, ensure_ascii=escape)

    try:
        parsed = jmespath.compile(expression)
    except jmespath.exceptions.ParseError as exc:
        raise ValueError(f"invalid --jmes-filter {expression!r}: {exc}") from None
    options = jmespath.Options(custom_functions=_Functions())

    def search(data: Any) -> Any:
        return parsed.search(data, options=options)

    return search
