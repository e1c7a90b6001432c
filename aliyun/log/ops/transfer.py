"""Moving a logstore's data by receive time: dumping it to files and copying it to another logstore.

Both walk every shard (or the chosen ones) from the cursor of ``from_time`` to the cursor of ``to_time``, one thread
per shard, so wide logstores are read in parallel while each shard keeps its order.
"""

from __future__ import annotations

import json
import os
import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, TextIO, Union

from ..api.base import require_name
from ..api.cursors import TimeValue
from ..errors import invalid_argument
from ..models.response import LogResponse

if TYPE_CHECKING:  # pragma: no cover
    from ..client import LogClient

__all__ = ["DEFAULT_BATCH_SIZE", "copy_data", "parse_shard_list", "pull_log_dump"]

DEFAULT_BATCH_SIZE = 500
#: Encodings tried in turn for values that are not UTF-8 (latin1 decodes anything), as the official client does.
DEFAULT_DUMP_ENCODINGS = ("utf8", "latin1", "gbk")
MAX_PARALLEL_SHARDS = 8
_SHARD_PART = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")


def parse_shard_list(shard_list: Union[str, int, Sequence[int], None], existing: Sequence[int]) -> List[int]:
    """The shard ids to read: all of ``existing``, or those named by ``"1,20,31-40"`` / a list of ints."""
    if shard_list is None or shard_list == "":
        return sorted(existing)
    if isinstance(shard_list, int):
        wanted = {shard_list}
    elif isinstance(shard_list, str):
        wanted = set()
        for part in shard_list.split(","):
            match = _SHARD_PART.match(part)
            if not match:
                raise invalid_argument(f"shard_list must look like '1,20,31-40', got {shard_list!r}")
            first = int(match.group(1))
            last = int(match.group(2)) if match.group(2) else first
            if last < first:
                raise invalid_argument(f"shard range {part.strip()!r} in shard_list runs backwards")
            wanted.update(range(first, last + 1))
    else:
        wanted = {int(shard) for shard in shard_list}
    return sorted(wanted & set(existing))


def _chosen_shards(client: LogClient, project: str, logstore: str, shard_list: Any) -> List[int]:
    return parse_shard_list(shard_list, client.list_shards(project, logstore).get_shard_ids())


def _each_shard(shards: List[int], work: Callable[[int], int]) -> Dict[int, int]:
    """Run ``work(shard_id)`` for ``shards`` in parallel; ``{shard_id: its result}``."""
    if not shards:
        return {}
    with ThreadPoolExecutor(max_workers=min(len(shards), MAX_PARALLEL_SHARDS),
                            thread_name_prefix="aliyun-log-transfer") as pool:
        counts = list(pool.map(work, shards))
    return dict(zip(shards, counts))


def pull_log_dump(
    client: LogClient,
    project_name: str,
    logstore_name: str,
    from_time: TimeValue,
    to_time: TimeValue,
    file_path: str,
    batch_size: Optional[int] = None,
    compress: Optional[bool] = None,
    encodings: Optional[Sequence[str]] = None,
    shard_list: Any = None,
    no_escape: Optional[bool] = None,
    query: Optional[str] = None,
    processor: Optional[str] = None,
) -> LogResponse:
    """:meth:`LogClient.pull_log_dump <aliyun.log.LogClient.pull_log_dump>` made with ``client``."""
    require_name(project_name, "project_name")
    require_name(logstore_name, "logstore_name")
    if not isinstance(file_path, str) or not file_path:
        raise invalid_argument(f"file_path must be a path with {{}} for the shard id, got {file_path!r}")
    template = _dump_file_template(file_path)
    decoders = list(encodings or DEFAULT_DUMP_ENCODINGS)
    ensure_ascii = not no_escape

    def dump(shard_id: int) -> int:
        path = os.path.expanduser(template.format(shard_id))
        count = 0
        out: Optional[TextIO] = None  # opened at the first log: a shard without logs leaves no file
        with ExitStack() as opened:
            for batch in client.pull_log(project_name, logstore_name, shard_id, from_time, to_time,
                                         batch_size or DEFAULT_BATCH_SIZE, compress, query, None, processor):
                for log in batch.get_flatten_logs_json(time_as_str=True):
                    if out is None:  # appended to, as the official client does
                        out = opened.enter_context(open(path, "a", encoding="utf-8"))
                    out.write(json.dumps(_decoded(log, decoders), ensure_ascii=ensure_ascii))
                    out.write("\n")
                    count += 1
        return count

    counts = _each_shard(_chosen_shards(client, project_name, logstore_name, shard_list), dump)
    files = {template.format(shard_id): count for shard_id, count in counts.items() if count}
    return LogResponse({}, {"total_count": sum(counts.values()), "files": files})


def _dump_file_template(file_path: str) -> str:
    """The ``str.format`` template of the dump files: ``{}`` or ``{0}`` marks the shard id, appended when absent
    (``/data/dump`` gives ``/data/dump0``, ``/data/dump1``... as the official client names them)."""
    template = file_path.replace("{}", "{0}")
    template = template if "{0}" in template else template + "{0}"
    try:
        template.format(0)
    except (IndexError, KeyError, ValueError):
        raise invalid_argument(f"file_path may hold only {{}} as a placeholder (double other braces), got "
                               f"{file_path!r}") from None
    return template


def copy_data(
    client: LogClient,
    project: str,
    logstore: str,
    from_time: TimeValue,
    to_time: Optional[TimeValue] = None,
    to_client: Optional[LogClient] = None,
    to_project: Optional[str] = None,
    to_logstore: Optional[str] = None,
    shard_list: Any = None,
    batch_size: Optional[int] = None,
    compress: Optional[bool] = None,
    new_topic: Optional[str] = None,
    new_source: Optional[str] = None,
) -> LogResponse:
    """:meth:`LogClient.copy_data <aliyun.log.LogClient.copy_data>` made with ``client``."""
    require_name(project, "project")
    require_name(logstore, "logstore")
    target = to_client or client
    target_project = to_project or project
    target_logstore = to_logstore or logstore
    shards = _chosen_shards(client, project, logstore, shard_list)
    # Every shard's range is fixed before the first write, so copying a logstore onto itself (a re-index) ends
    # at what was there when it started instead of chasing its own copies.
    end = "end" if to_time is None else to_time
    ranges = {shard_id: (client.get_cursor(project, logstore, shard_id, from_time).get_cursor(),
                         client.get_cursor(project, logstore, shard_id, end).get_cursor()) for shard_id in shards}

    def copy(shard_id: int) -> int:
        count = 0
        begin_cursor, end_cursor = ranges[shard_id]
        for batch in client._pull_range(project, logstore, shard_id, begin_cursor, end_cursor,
                                        batch_size or DEFAULT_BATCH_SIZE, compress):
            for group in batch.get_loggroup_list_raw().LogGroups:
                if not group.Logs:
                    continue
                if new_topic is not None:
                    group.Topic = new_topic
                if new_source is not None:
                    group.Source = new_source
                target.put_log_raw(target_project, target_logstore, group, compress)
                count += len(group.Logs)
        return count

    counts = _each_shard(shards, copy)
    copied = {shard_id: count for shard_id, count in counts.items() if count}
    return LogResponse({}, {"total_count": sum(counts.values()), "shards": copied})


def _decoded(log: Dict[Any, Any], encodings: List[str]) -> Dict[str, Any]:
    """The log with every ``bytes`` key and value decoded, so it can be written as JSON."""
    return {
        (_decode(key, encodings) if isinstance(key, bytes) else key):
        (_decode(value, encodings) if isinstance(value, bytes) else value)
        for key, value in log.items()
    }


def _decode(value: bytes, encodings: List[str]) -> str:
    for encoding in encodings[:-1]:
        try:
            return value.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return value.decode(encodings[-1], errors="replace")
