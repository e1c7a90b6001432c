"""Watch several logstores (in several regions) for keywords in real time: one consumer per logstore, all sharing one
thread pool.

Every log whose ``status`` field matches ``5\\d{2}`` is counted and reported per shard; replace the report with your
alerting. Stop it with Ctrl+C (SIGINT): every consumer saves its checkpoints, then the shared pool is shut down.

Environment:
    SLS_ENDPOINTS   endpoints separated by ";"
    SLS_PROJECTS    one project per endpoint, separated by ";"
    SLS_LOGSTORES   per project, its logstores separated by ","; projects separated by ";"
    SLS_AK_ID, SLS_AK_KEY, SLS_CG (default "monitor_keyword"), SLS_START_TIME, SLS_HEARTBEAT_INTERVAL

    SLS_ENDPOINTS="cn-hangzhou.log.aliyuncs.com;cn-beijing.log.aliyuncs.com" SLS_PROJECTS="p1;p2" \
    SLS_LOGSTORES="ls1;ls2_1,ls2_2" python examples/consumer_monitor.py
"""

from __future__ import annotations

import logging
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from multiprocessing import current_process
from typing import Any, Dict, List, Optional, Tuple

from aliyun.log import PullLogResponse
from aliyun.log.consumer import ConsumerProcessorBase, ConsumerWorker, CursorPosition, LogHubConfig

logging.basicConfig(level=logging.INFO,
                    format="[%(asctime)s] - [%(threadName)s] - {%(module)s:%(funcName)s:%(lineno)d} %(levelname)s - "
                           "%(message)s")
logger = logging.getLogger(__name__)


def get_monitor_option() -> Tuple[ThreadPoolExecutor, List[LogHubConfig], Dict[str, str]]:
    endpoints = os.environ.get("SLS_ENDPOINTS", "").split(";")
    projects = os.environ.get("SLS_PROJECTS", "").split(";")
    logstores = os.environ.get("SLS_LOGSTORES", "").split(";")
    access_key_id = os.environ.get("SLS_AK_ID", "")
    access_key = os.environ.get("SLS_AK_KEY", "")
    consumer_group = os.environ.get("SLS_CG", "monitor_keyword")
    cursor_start_time = os.environ.get("SLS_START_TIME", "begin")
    heartbeat_interval = float(os.environ.get("SLS_HEARTBEAT_INTERVAL", "20"))
    consumer_name = f"{consumer_group}-{current_process().pid}"

    # One pool for every consumer of this process.
    executor = ThreadPoolExecutor(max_workers=2)

    options = []
    for i in range(len(endpoints)):
        endpoint = endpoints[i].strip()
        project = projects[i].strip() if i < len(projects) else ""
        if not endpoint or not project:
            logger.error("project: %s or endpoint %s is empty, skip", project, endpoint)
            continue
        for logstore in (logstores[i] if i < len(logstores) else "").split(","):
            logstore = logstore.strip()
            if not logstore:
                logger.error("logstore for project: %s or endpoint %s is empty, skip", project, endpoint)
                continue
            options.append(LogHubConfig(endpoint, access_key_id, access_key, project, logstore, consumer_group,
                                        consumer_name, cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR,
                                        cursor_start_time=cursor_start_time, shared_executor=executor,
                                        heartbeat_interval=heartbeat_interval))

    # The fields to watch and the pattern each must match, e.g. HTTP 5xx in "status".
    keywords = {"status": r"5\d{2}"}
    return executor, options, keywords


class KeywordMonitor(ConsumerProcessorBase):
    """Counts the logs of a shard whose watched fields match their pattern."""

    def __init__(self, keywords: Dict[str, str], logstore: Optional[str] = None) -> None:
        super().__init__()
        self.keywords = keywords
        self.kw_check = {key: re.compile(pattern) for key, pattern in keywords.items()}
        self.logstore = logstore

    def process(self, log_groups: Any, check_point_tracker: Any) -> None:
        logs = PullLogResponse.loggroups_to_flattern_list(log_groups)
        match_count = 0
        sample_error_log: Any = ""
        for log in logs:
            matched = False
            for key, check in self.kw_check.items():
                value = log.get(key)
                if isinstance(value, str) and check.search(value):
                    logger.debug('Keyword detected for shard "%s" with keyword: "%s" in field "%s", log: %s',
                                 self.shard_id, value, key, log)
                    matched = True
            if matched:
                match_count += 1
                sample_error_log = log
        if match_count:
            logger.info("Keyword detected for logstore %s shard %s, count: %s, example: %s", self.logstore,
                        self.shard_id, match_count, sample_error_log)
            # TODO: notify your alerting here
        else:
            logger.debug("No keyword detected for shard %s", self.shard_id)
        self.save_checkpoint(check_point_tracker)


def main() -> int:
    executor, options, keywords = get_monitor_option()
    logger.info("*** start to consume data...")
    workers = []
    for option in options:
        worker = ConsumerWorker(KeywordMonitor, option, args=(keywords, option.logstore))
        workers.append(worker)
        worker.start()

    try:
        for i, worker in enumerate(workers):
            while worker.is_alive():
                worker.join(timeout=60)
            logger.info("worker project: %s logstore: %s exit unexpected, try to shutdown it", options[i].project,
                        options[i].logstore)
            worker.shutdown()
    except KeyboardInterrupt:
        logger.info("*** try to exit **** ")
        for worker in workers:
            worker.shutdown()

        # wait for all workers to shutdown before shutting down executor
        for worker in workers:
            while worker.is_alive():
                worker.join(timeout=60)

    executor.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
