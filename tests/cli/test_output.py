"""Output options: --format-output, --jmes-filter, --decode-output, streaming, and the progress bar."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, Iterator, List

from aliyun.log import LogClient, LogItem, PutLogsRequest
from aliyun.log.cli.output import Printer
from aliyun.log.cli.progress import TQDM_HINT, progress_bar

from .conftest import Run


def _seed(client: LogClient, project: str, logstore: str) -> None:
    items = [LogItem(1700000000, [("city", "杭州"), ("raw", "中".encode("gbk"))])]
    client.put_logs(PutLogsRequest(project, logstore, "topic", "src", items))


def test_format_output_and_decode_output(configured: Path, run: Run, client: LogClient, project: str,
                                         make_logstore: Any) -> None:
    logstore = make_logstore(shard_count=1)
    _seed(client, project, logstore)
    base = ["log", "pull_log", f"--project_name={project}", f"--logstore_name={logstore}", "--shard_id=0",
            "--from_time=begin", "--to_time=end", "--jmes-filter=logs[0]"]
    escaped = run(*base, "--decode-output=gbk").out
    assert escaped == escaped.encode("ascii").decode() and "\\u676d\\u5dde" in escaped  # one escaped line
    assert json.loads(escaped)["raw"] == "中"
    pretty = run(*base, "--format-output=json,no_escape", "--decode-output=gbk").out
    assert pretty.startswith("{\n  \"__source__\": \"src\",\n") and "杭州" in pretty and "\"raw\": \"中\"" in pretty
    # Without gbk the bytes fall back to the next encodings (latin1 here).
    assert json.loads(run(*base).out)["raw"] == "中".encode("gbk").decode("latin1")

    # format-output from the config file; to_string keeps non-ASCII with no_escape.
    to_string = [*base[:-1], "--jmes-filter=to_string(logs[0])"]
    assert "\\u676d" in run(*to_string).out
    assert run("configure", "--format-output=no_escape").code == 0
    assert '"city":"杭州"' in run(*to_string).out


def test_invalid_jmes_filter_is_a_value_error(configured: Path, run: Run) -> None:
    result = run("log", "list_project", "--jmes-filter=projects[")
    assert result.code == 1 and result.out == ""
    assert "Traceback" in result.err and "ValueError: invalid --jmes-filter" in result.err


def test_printer_streams_each_chunk_before_the_next_is_fetched() -> None:
    events: List[str] = []

    class Stream(io.StringIO):
        def write(self, text: str) -> int:
            events.append("write")
            return super().write(text)

    def pages() -> Iterator[List[dict]]:
        for page in range(3):
            events.append(f"fetch {page}")
            yield [{"page": page}]

    stream = Stream()
    Printer(stream, "", "utf8", "").print_result("get_log_all", pages())
    assert events == ["fetch 0", "write", "fetch 1", "write", "fetch 2", "write"]
    assert stream.getvalue().splitlines() == ['[{"page": 0}]', '[{"page": 1}]', '[{"page": 2}]']


def test_printing_rules() -> None:
    stream = io.StringIO()
    printer = Printer(stream, "json", "utf8", "")
    for value in ("", "plain text", {"b": 1, "a": (1, b"x")}, []):
        printer.show(printer.plain(value))
    assert stream.getvalue() == 'plain text\n{\n  "a": [\n    1,\n    "x"\n  ],\n  "b": 1\n}\n[]\n'


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_counts_the_logs_of_pull_log_dump(client: LogClient, project: str, make_logstore: Any,
                                                       tmp_path: Path) -> None:
    logstore = make_logstore(shard_count=2)
    client.put_logs(PutLogsRequest(project, logstore, "", "", [LogItem(1700000000, [("n", str(i))])
                                                                for i in range(7)]))
    terminal = _Terminal()
    with progress_bar(client, "pull_log_dump", terminal):
        result = client.pull_log_dump(project, logstore, "begin", "end", str(tmp_path / "d_{}.txt"))
    assert result.get_body()["total_count"] == 7
    assert "pull_log_dump" in terminal.getvalue() and "7 logs" in terminal.getvalue()
    assert "pull_log" not in vars(client)  # the client is left as it was

    quiet = io.StringIO()  # not a terminal: no bar
    with progress_bar(client, "pull_log_dump", quiet):
        client.pull_log_dump(project, logstore, "begin", "end", str(tmp_path / "e_{}.txt"))
    assert quiet.getvalue() == ""


def test_progress_bar_without_tqdm_prints_the_install_hint(client: LogClient, monkeypatch: Any) -> None:
    import builtins

    real_import = builtins.__import__

    def no_tqdm(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "tqdm":
            raise ImportError("No module named 'tqdm'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tqdm)
    terminal = _Terminal()
    with progress_bar(client, "copy_data", terminal):
        pass
    assert terminal.getvalue() == TQDM_HINT + "\n"
