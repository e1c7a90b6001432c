"""Quickstart: write 10,000 nginx-style logs, read them back from every shard, print a summary.

With no ``SLS_ENDPOINT`` in the environment it starts the local emulator in-process, so it runs anywhere.
To run it against a real Log Service endpoint (it creates and then deletes a project):

    SLS_ENDPOINT=cn-hangzhou.log.aliyuncs.com SLS_AK_ID=... SLS_AK_KEY=... python examples/quickstart.py
"""

from __future__ import annotations

import collections
import contextlib
import os
import random
import time
import uuid
from typing import Iterator, List, Tuple

from aliyun.log import LogClient, LogItem, PutLogsRequest

LOG_COUNT = 10_000
BATCH = 1_000
PATHS = ["/", "/index.html", "/api/v1/users", "/api/v1/orders", "/static/app.js", "/login", "/search"]
STATUSES = [200] * 16 + [301, 304, 404, 500]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605",
    "curl/8.5.0",
]


def nginx_logs(count: int, seed: int = 42) -> Iterator[LogItem]:
    rng = random.Random(seed)
    now = int(time.time())
    for i in range(count):
        yield LogItem(now - count + i, [
            ("remote_addr", f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"),
            ("request_method", rng.choice(["GET"] * 8 + ["POST", "PUT"])),
            ("request_uri", f"{rng.choice(PATHS)}?id={rng.randint(1, 99999)}"),
            ("status", str(rng.choice(STATUSES))),
            ("body_bytes_sent", str(rng.randint(0, 50_000))),
            ("request_time", f"{rng.expovariate(20):.3f}"),
            ("http_user_agent", rng.choice(AGENTS)),
        ])


@contextlib.contextmanager
def connect() -> Iterator[Tuple[LogClient, str]]:
    """A client for SLS_ENDPOINT, or for an in-process emulator when it is not set."""
    endpoint = os.environ.get("SLS_ENDPOINT")
    if endpoint:
        with LogClient(endpoint, os.environ["SLS_AK_ID"], os.environ["SLS_AK_KEY"]) as client:
            yield client, endpoint
        return
    from aliyun.log.emulator import Emulator

    with Emulator(port=0) as emulator, LogClient(emulator.endpoint, *emulator.credentials) as client:
        yield client, f"{emulator.endpoint} (embedded emulator)"


def main() -> None:
    project = f"quickstart-{uuid.uuid4().hex[:10]}"
    logstore = "nginx"
    with connect() as (client, where):
        print(f"endpoint: {where}")
        created = client.create_project(project, "aliyun.log quickstart")
        # The emulator marks every answer with x-log-emulator (its version): a new logstore accepts writes at once.
        emulator_version = created.get_header("x-log-emulator")
        if emulator_version:
            print(f"the endpoint is the aliyun.log emulator {emulator_version}: no wait for the new logstore")
        try:
            client.create_logstore(project, logstore, ttl=1, shard_count=2)
            if not emulator_version:
                print("waiting 60 s: a new logstore may take a moment to accept writes on the service")
                time.sleep(60)

            started = time.perf_counter()
            items = list(nginx_logs(LOG_COUNT))
            for start in range(0, LOG_COUNT, BATCH):
                batch = items[start:start + BATCH]
                client.put_logs(PutLogsRequest(project, logstore, topic="quickstart", logitems=batch))
            put_seconds = time.perf_counter() - started

            started = time.perf_counter()
            pulled: List[dict] = []
            per_shard = {}
            for shard in client.list_shards(project, logstore).get_shards_info():
                shard_id = shard["shardID"]
                before = len(pulled)
                for batch in client.pull_log(project, logstore, shard_id, "begin", "end"):
                    pulled.extend(batch.get_flatten_logs_json())
                per_shard[shard_id] = len(pulled) - before
            pull_seconds = time.perf_counter() - started

            statuses = collections.Counter(log["status"] for log in pulled)
            print(f"wrote {LOG_COUNT} logs in {put_seconds:.2f}s; read back {len(pulled)} in {pull_seconds:.2f}s")
            print("logs per shard:", dict(sorted(per_shard.items())))
            print("status codes:", dict(statuses.most_common()))
            if len(pulled) != LOG_COUNT:
                raise SystemExit(f"expected {LOG_COUNT} logs back, got {len(pulled)}")
        finally:
            client.delete_project(project)


if __name__ == "__main__":
    main()
