"""The end-to-end workload: nginx access lines and JSON documents, and the config that parses, enriches via a CSV
lookup, drops, renames and dispatches them."""

from __future__ import annotations

import json
import random
import time
from typing import Any, Dict, List

from aliyun.log import LogClient, LogItem, PutLogsRequest

STATUS_CSV = "status,status_class,severity\n200,success,info\n204,success,info\n301,redirect,info\n" \
             "404,client_error,warn\n500,server_error,error\n503,server_error,error\n"

CONFIG = r'''from aliyun.log.etl_core import *

TRANSFORM_EVENT_parse = [
    ({"kind": "nginx"}, ("content", r'^(?P<ip>\S+) \S+ \S+ \[(?P<ts>[^\]]+)\] "(?P<method>[A-Z]+) (?P<uri>[^ ?"]+)'
                                    r'(?:\?(?P<query>[^ "]*))? [^"]*" (?P<status>\d{3}) (?P<bytes>\d+)')),
    ({"kind": "nginx", "query": True}, ("query", KV(sep="=", prefix="q_"))),
    ({"kind": "json"}, ("payload", JSON(jmes="request", output="request_json", expand=True))),
]
TRANSFORM_EVENT_enrich = (True, ("status", LOOKUP("status.csv", ["status_class", "severity"])))
DROP_EVENT_health = {"uri": "/health"}
DROP_FIELDS_raw = ["content", "payload", "request_json", "query"]
RENAME_FIELDS_names = {"ip": "client_ip", "bytes": "body_bytes"}
DISPATCH_EVENT_route = [({"status_class": "server_error"}, {"__topic__": "errors"}),
                        (True, {"__topic__": "access"})]
'''

URIS = ["/", "/health", "/api/v1/items", "/api/v1/orders", "/login", "/static/app.js"]
STATUSES = ["200", "200", "200", "204", "301", "404", "500", "503"]


def make_events(count: int, seed: int = 1) -> List[Dict[str, str]]:
    """Half nginx lines, half JSON documents, each with a unique ``id``."""
    rng = random.Random(seed)
    events = []
    for i in range(count):
        uri, status = rng.choice(URIS), rng.choice(STATUSES)
        ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}"
        if i % 2 == 0:
            query = f"?page={rng.randrange(9)}&size=20" if rng.random() < 0.5 else ""
            line = (f'{ip} - - [01/Mar/2024:10:00:{i % 60:02d} +0800] "GET {uri}{query} HTTP/1.1" {status} '
                    f'{rng.randrange(100000)} "-" "curl/8.0"')
            events.append({"id": str(i), "kind": "nginx", "content": line})
        else:
            doc = {"request": {"uri": uri, "method": "POST"}, "status": status, "ip": ip,
                   "latency": {"ms": rng.randrange(1000)}}
            events.append({"id": str(i), "kind": "json", "payload": json.dumps(doc)})
    return events


def fill(client: LogClient, project: str, logstore: str, events: List[Dict[str, str]], group: int = 500) -> None:
    now = int(time.time())
    for start in range(0, len(events), group):
        items = [LogItem(now, list(e.items())) for e in events[start:start + group]]
        client.put_logs(PutLogsRequest(project, logstore, "src-topic", "src-host", items,
                                       logtags=[("env", "test")]))


def read_all(client: LogClient, project: str, logstore: str) -> List[Dict[str, Any]]:
    """Every log of a logstore, as flat dicts."""
    logs: List[Dict[str, Any]] = []
    for shard in client.list_shards(project, logstore).get_shard_ids():
        for batch in client.pull_log(project, logstore, shard, "begin", "end"):
            logs.extend(batch.get_flatten_logs_json(time_as_str=True, decode_bytes=True))
    return logs
