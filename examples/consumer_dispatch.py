"""Dispatch the logs of a logstore to other logstores by topic, in real time, with a consumer group.

Log groups whose topic is ``ngnix``, ``sql_audit`` or ``click`` are copied as they are (``put_log_raw``, no
re-encoding) to SLS_LOGSTORE_TO1, SLS_LOGSTORE_TO2 and SLS_LOGSTORE_TO3; other topics are dropped. Start it several
times to share the shards (see consumer_splunk.py).

Environment:
    SLS_ENDPOINT, SLS_AK_ID, SLS_AK_KEY, SLS_PROJECT, SLS_LOGSTORE   where to read (required)
    SLS_ENDPOINT_TO, SLS_PROJECT_TO      where to write (default: the same endpoint / project)
    SLS_LOGSTORE_TO1, SLS_LOGSTORE_TO2, SLS_LOGSTORE_TO3             the target logstores
    SLS_CG, SLS_START_TIME, SLS_HEARTBEAT_INTERVAL                   as in consumer_splunk.py

    python examples/consumer_dispatch.py
"""

from __future__ import annotations

import logging
import os
import sys
from functools import partial
from multiprocessing import current_process
from typing import Any, Callable, Dict, Tuple

from aliyun.log import LogClient
from aliyun.log.consumer import ConsumerProcessorAdaptor, ConsumerWorker, CursorPosition, LogHubConfig

logging.basicConfig(level=logging.INFO,
                    format="[%(asctime)s] - [%(threadName)s] - {%(module)s:%(funcName)s:%(lineno)d} %(levelname)s - "
                           "%(message)s")
logger = logging.getLogger(__name__)


def get_copy_option() -> Tuple[LogHubConfig, Dict[str, Callable[..., Any]]]:
    access_key_id = os.environ.get("SLS_AK_ID", "")
    access_key = os.environ.get("SLS_AK_KEY", "")
    endpoint = os.environ.get("SLS_ENDPOINT", "")
    project = os.environ.get("SLS_PROJECT", "")
    logstore = os.environ.get("SLS_LOGSTORE", "")
    to_endpoint = os.environ.get("SLS_ENDPOINT_TO", endpoint)
    to_project = os.environ.get("SLS_PROJECT_TO", project)
    to_logstore1 = os.environ.get("SLS_LOGSTORE_TO1", "")
    to_logstore2 = os.environ.get("SLS_LOGSTORE_TO2", "")
    to_logstore3 = os.environ.get("SLS_LOGSTORE_TO3", "")
    consumer_group = os.environ.get("SLS_CG", "dispatch_data")
    cursor_start_time = os.environ.get("SLS_START_TIME", "begin")
    heartbeat_interval = float(os.environ.get("SLS_HEARTBEAT_INTERVAL", "20"))
    consumer_name = f"{consumer_group}-{current_process().pid}"

    option = LogHubConfig(endpoint, access_key_id, access_key, project, logstore, consumer_group, consumer_name,
                          cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR, cursor_start_time=cursor_start_time,
                          heartbeat_interval=heartbeat_interval)

    # put_log_raw sends the log group as it is: the fastest way to copy.
    to_client = LogClient(to_endpoint, access_key_id, access_key)
    put_method1 = partial(to_client.put_log_raw, project=to_project, logstore=to_logstore1)
    put_method2 = partial(to_client.put_log_raw, project=to_project, logstore=to_logstore2)
    put_method3 = partial(to_client.put_log_raw, project=to_project, logstore=to_logstore3)

    return option, {"ngnix": put_method1, "sql_audit": put_method2, "click": put_method3}


def main() -> int:
    option, put_methods = get_copy_option()

    def copy_data(shard_id: int, log_groups: Any) -> None:
        for log_group in log_groups.LogGroups:
            if log_group.Topic in put_methods:
                put_methods[log_group.Topic](log_group=log_group)

    logger.info("*** start to consume data...")
    worker = ConsumerWorker(ConsumerProcessorAdaptor, option, args=(copy_data,))
    worker.start(join=True)
    return 1 if worker.error else 0


if __name__ == "__main__":
    sys.exit(main())
