"""dictConfig with KV and JSON extraction, then the counters, then the logs read back.

Runs against an in-process emulator unless ``SLS_ENDPOINT`` (and ``SLS_AK_ID`` / ``SLS_AK_KEY``) is set; it creates
a project for the run and deletes it afterwards:

    python examples/logging_dict_config.py
"""

from __future__ import annotations

import contextlib
import logging
import logging.config
import os
import uuid
from typing import Iterator, Tuple

from aliyun.log import LogClient


@contextlib.contextmanager
def service() -> Iterator[Tuple[LogClient, str, str, str]]:
    endpoint = os.environ.get("SLS_ENDPOINT")
    if endpoint:
        key_id, key = os.environ["SLS_AK_ID"], os.environ["SLS_AK_KEY"]
        with LogClient(endpoint, key_id, key) as client:
            yield client, endpoint, key_id, key
        return
    from aliyun.log.emulator import Emulator

    with Emulator(port=0) as emulator, LogClient(emulator.endpoint, *emulator.credentials) as client:
        yield client, emulator.endpoint, *emulator.credentials


def main() -> None:
    project = f"logging-{uuid.uuid4().hex[:10]}"
    with service() as (client, endpoint, key_id, key):
        client.create_project(project, "logging handler example")
        client.create_logstore(project, "app", ttl=1, shard_count=2)
        try:
            logging.config.dictConfig({
                "version": 1,
                "formatters": {"raw": {"format": "%(message)s"}},
                "handlers": {
                    "sls": {
                        "()": "aliyun.log.QueuedLogHandler",
                        "level": "INFO",
                        "formatter": "raw",
                        "end_point": endpoint,
                        "access_key_id": key_id,
                        "access_key": key,
                        "project": project,
                        "log_store": "app",
                        "topic": "example",
                        "extract_json": True,             # dict messages and JSON-object strings become fields
                        "extract_kv": True,               # k=v / k="v v" / k:v pairs become fields
                        "extract_kv_sep": "(?:=|:)",
                        "buildin_fields_prefix": "__",    # __level__, __message__... never clash with extracted keys
                        "buildin_fields_suffix": "__",
                        "fields": ["level", "func_name", "line_no", "thread_name"],
                        # keyword options of this SDK
                        "log_tags": {"env": "example"},
                        "queue_size": 10000,
                        "drop_policy": "drop_newest",
                        "put_wait": 0.5,
                    },
                },
                "loggers": {"app": {"handlers": ["sls"], "level": "INFO", "propagate": False}},
            })
            logger = logging.getLogger("app")
            logger.info({"user": "小明", "score": 100.0, "tags": ["a", "b"]})
            logger.warning('payment failed, order=%d reason="card declined" retry:%s', 1042, "no")
            logger.info("request done", extra={"request_id": "r-77", "elapsed_ms": 23})

            handler = logger.handlers[0]
            handler.flush(10)
            print("counters:", handler.stats)
            for shard in client.list_shards(project, "app").get_shards_info():
                for res in client.pull_log(project, "app", shard["shardID"], "begin", "end"):
                    for log in res.get_flatten_logs_json():
                        fields = {k: v for k, v in log.items() if not k.startswith("__time")}
                        print(fields)
        finally:
            logging.shutdown()
            client.delete_project(project)


if __name__ == "__main__":
    main()
