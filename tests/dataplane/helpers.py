"""Helpers shared by the data-plane tests: an indexed logstore with known logs, condition waits."""

from __future__ import annotations

import time
from typing import Any, Callable, Dict, List, Optional, TypeVar

from aliyun.log import GetLogsRequest, IndexConfig, IndexKeyConfig, IndexLineConfig, LogClient, LogItem, PutLogsRequest

T = TypeVar("T")
T0 = 1_700_000_000


def indexed_logstore(client: LogClient, project: str, make_logstore: Callable[..., str], shard_count: int = 1,
                     keys: Optional[Dict[str, str]] = None) -> str:
    """A logstore with a full-text index and the given ``{key: type}`` field indexes (doc_value on)."""
    logstore: str = make_logstore(shard_count=shard_count)
    key_configs = {name: IndexKeyConfig(index_type=kind, doc_value=True)
                   for name, kind in (keys or {"level": "text", "n": "long", "msg": "text"}).items()}
    client.create_index(project, logstore, IndexConfig(line_config=IndexLineConfig(), key_config_list=key_configs))
    return logstore


def put_rows(client: LogClient, project: str, logstore: str, rows: List[Dict[str, str]], start: int = T0,
             topic: str = "", **kw: Any) -> None:
    items = [LogItem(timestamp=start + i, contents=list(row.items())) for i, row in enumerate(rows)]
    client.put_logs(PutLogsRequest(project, logstore, topic, "src", items, **kw))


def query(client: LogClient, project: str, logstore: str, text: str = "*", start: int = T0,
          end: int = T0 + 86400, line: int = 100) -> List[Dict[str, Any]]:
    res = client.get_logs(GetLogsRequest(project, logstore, start, end, query=text, line=line))
    return [log.get_contents() for log in res.get_logs()]


def wait_for(check: Callable[[], Optional[T]], what: str, timeout: float = 30.0) -> T:
    """Poll ``check`` until it returns a truthy value; fail naming ``what`` and the last value seen."""
    deadline = time.monotonic() + timeout
    last: Optional[T] = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last value: {last!r}")
