"""Forward the logs of a logstore to Splunk through its HTTP Event Collector (HEC), with a consumer group.

Start it several times (on several machines) to share the work: every copy joins the same consumer group, the
shards are spread over them, and a copy that stops or dies has its shards taken over from the saved checkpoints.

Environment:
    SLS_ENDPOINT, SLS_AK_ID, SLS_AK_KEY, SLS_PROJECT, SLS_LOGSTORE   where to read (required)
    SLS_CG                 consumer group name (default "sync_data_to_splunk")
    SLS_START_TIME         where a shard without checkpoint starts: "begin" (default), "end" or a time such as
                           "2018-12-26 0:0:0" / unix seconds
    SLS_HEARTBEAT_INTERVAL heartbeat interval in seconds (default 20)
    SPLUNK_HOST, SPLUNK_PORT, SPLUNK_TOKEN     the HEC endpoint and token (required)
    SPLUNK_HTTPS           "true" for https (default false); SPLUNK_SSL_VERIFY "false" to skip certificate checks
    SPLUNK_TIMEOUT         seconds (default 120); SPLUNK_SOURCETYPE, SPLUNK_INDEX, SPLUNK_SOURCE: optional fields
    SPLUNK_TOPIC           forward only logs of this topic (e.g. "audit_log"); empty = every log

    python examples/consumer_splunk.py

A batch is checkpointed only after Splunk accepted it; when Splunk fails, the batch is retried (never skipped).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sys
from logging.handlers import RotatingFileHandler
from multiprocessing import current_process
from typing import Any, Dict, Tuple

import requests

from aliyun.log import PullLogResponse
from aliyun.log.consumer import ConsumerProcessorBase, ConsumerWorker, CursorPosition, LogHubConfig

root = logging.getLogger()
handler = RotatingFileHandler(f"{os.path.basename(__file__)}_{current_process().pid}.log", maxBytes=100 * 1024 * 1024,
                              backupCount=5)
handler.setFormatter(logging.Formatter(
    fmt="[%(asctime)s] - [%(threadName)s] - {%(module)s:%(funcName)s:%(lineno)d} %(levelname)s - %(message)s",
    datefmt="%Y-%m-%d %H:%M:%S"))
root.setLevel(logging.INFO)
root.addHandler(handler)
root.addHandler(logging.StreamHandler())

logger = logging.getLogger(__name__)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value in (None, "") else value.strip().lower() in ("1", "true", "yes", "on")


def get_option() -> Tuple[LogHubConfig, Dict[str, Any]]:
    endpoint = os.environ.get("SLS_ENDPOINT", "")
    access_key_id = os.environ.get("SLS_AK_ID", "")
    access_key = os.environ.get("SLS_AK_KEY", "")
    project = os.environ.get("SLS_PROJECT", "")
    logstore = os.environ.get("SLS_LOGSTORE", "")
    consumer_group = os.environ.get("SLS_CG", "sync_data_to_splunk")
    # Where to start the first time (afterwards the group resumes from its checkpoints).
    cursor_start_time = os.environ.get("SLS_START_TIME", "begin")
    # Keep one consumer name per process so that several copies can run side by side.
    consumer_name = f"{consumer_group}-{current_process().pid}"
    # The group drops a consumer not heard from for twice this long and gives its shards to the others.
    heartbeat_interval = float(os.environ.get("SLS_HEARTBEAT_INTERVAL", "20"))
    data_fetch_interval = 1

    option = LogHubConfig(endpoint, access_key_id, access_key, project, logstore, consumer_group, consumer_name,
                          cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR,
                          cursor_start_time=cursor_start_time,
                          heartbeat_interval=heartbeat_interval,
                          data_fetch_interval=data_fetch_interval)

    settings = {
        "host": os.environ.get("SPLUNK_HOST", ""),
        "port": int(os.environ.get("SPLUNK_PORT", "8088")),
        "token": os.environ.get("SPLUNK_TOKEN", ""),
        "https": _flag("SPLUNK_HTTPS", False),
        "timeout": int(os.environ.get("SPLUNK_TIMEOUT", "120")),
        "ssl_verify": _flag("SPLUNK_SSL_VERIFY", True),
        "sourcetype": os.environ.get("SPLUNK_SOURCETYPE", ""),
        "index": os.environ.get("SPLUNK_INDEX", ""),
        "source": os.environ.get("SPLUNK_SOURCE", ""),
        "topic": os.environ.get("SPLUNK_TOPIC", ""),
    }
    return option, settings


class SyncData(ConsumerProcessorBase):
    """Sends the logs of one shard to Splunk HEC, one request per batch."""

    def __init__(self, splunk_setting: Dict[str, Any]) -> None:
        super().__init__()
        if not isinstance(splunk_setting, dict) or not splunk_setting.get("host"):
            raise ValueError("configure the Splunk HEC endpoint (SPLUNK_HOST, SPLUNK_PORT, SPLUNK_TOKEN)")
        self.option = splunk_setting
        self.timeout = self.option.get("timeout", 120)
        # Fail early when Splunk cannot be reached.
        with socket.create_connection((self.option["host"], self.option["port"]), timeout=self.timeout):
            pass
        self.session = requests.Session()
        self.session.max_redirects = 1
        self.session.verify = self.option.get("ssl_verify", True)
        self.session.headers["Authorization"] = f"Splunk {self.option['token']}"
        scheme = "https" if self.option.get("https") else "http"
        self.url = f"{scheme}://{self.option['host']}:{self.option['port']}/services/collector/event"
        self.default_fields = {key: self.option[key] for key in ("sourcetype", "source", "index")
                               if self.option.get(key)}
        self.topic = self.option.get("topic") or None

    def process(self, log_groups: Any, check_point_tracker: Any) -> None:
        logs = PullLogResponse.loggroups_to_flattern_list(log_groups, time_as_str=True, decode_bytes=True)
        logger.info("Get data from shard %s, log count: %s", self.shard_id, len(logs))
        events = []
        for log in logs:
            # e.g. {"__time__": "1700000000", "__topic__": "audit_log", "field1": "value1", ...}: all str
            if self.topic is not None and log.get("__topic__") != self.topic:
                continue
            event = dict(self.default_fields)
            event["time"] = log.pop("__time__")
            event["event"] = log
            events.append(json.dumps(event, sort_keys=True))
        if events:
            # HEC takes several events in one request, one JSON object after the other.
            resp = self.session.post(self.url, data="\n".join(events).encode("utf-8"), timeout=self.timeout)
            resp.raise_for_status()  # an error makes the library deliver the same batch again
            logger.info("Sent %d events of shard %s to Splunk", len(events), self.shard_id)
        self.save_checkpoint(check_point_tracker)

    def shutdown(self, check_point_tracker: Any) -> None:
        super().shutdown(check_point_tracker)
        self.session.close()


def main() -> int:
    option, settings = get_option()
    logger.info("*** start to consume data...")
    worker = ConsumerWorker(SyncData, option, args=(settings,))
    worker.start(join=True)
    return 1 if worker.error else 0


if __name__ == "__main__":
    sys.exit(main())
