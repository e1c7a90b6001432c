"""The user guide's logging.conf example: ``fileConfig`` a QueuedLogHandler and log, then read the logs back.

The configuration takes the endpoint, key pair and project from ``ALIYUN_LOG_SAMPLE_*`` environment variables, as
in the guide. When ``ALIYUN_LOG_SAMPLE_ENDPOINT`` is not set, this script starts the local emulator in-process and
points the variables at it, so it runs anywhere:

    python examples/logging_file_config.py

Against the real service (the project must exist; the script creates and deletes a logstore in it):

    ALIYUN_LOG_SAMPLE_ENDPOINT=cn-hangzhou.log.aliyuncs.com ALIYUN_LOG_SAMPLE_ACCESSID=... \
    ALIYUN_LOG_SAMPLE_ACCESSKEY=... ALIYUN_LOG_SAMPLE_TMP_PROJECT=my-project python examples/logging_file_config.py
"""

from __future__ import annotations

import contextlib
import logging
import logging.config
import os
import tempfile
import time
from typing import Iterator

from aliyun.log import LogClient

LOGGING_CONF = """\
[loggers]
keys=root,sls

[handlers]
keys=consoleHandler, slsHandler

[formatters]
keys=simpleFormatter, rawFormatter

[logger_root]
level=DEBUG
handlers=consoleHandler

[logger_sls]
level=INFO
handlers=consoleHandler, slsHandler
qualname=sls
propagate=0

[handler_consoleHandler]
class=StreamHandler
level=DEBUG
formatter=simpleFormatter
args=(sys.stdout,)

[handler_slsHandler]
class=aliyun.log.QueuedLogHandler
level=INFO
formatter=rawFormatter
args=(os.environ.get('ALIYUN_LOG_SAMPLE_ENDPOINT', ''), os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSID', ''), \
os.environ.get('ALIYUN_LOG_SAMPLE_ACCESSKEY', ''), os.environ.get('ALIYUN_LOG_SAMPLE_TMP_PROJECT', ''), "logstore")

[formatter_simpleFormatter]
format=%(asctime)s - %(name)s - %(levelname)s - %(message)s

[formatter_rawFormatter]
format=%(message)s
"""


@contextlib.contextmanager
def service() -> Iterator[LogClient]:
    """A client for the configured endpoint, or an in-process emulator with the sample variables set."""
    if os.environ.get("ALIYUN_LOG_SAMPLE_ENDPOINT"):
        with LogClient(os.environ["ALIYUN_LOG_SAMPLE_ENDPOINT"], os.environ["ALIYUN_LOG_SAMPLE_ACCESSID"],
                       os.environ["ALIYUN_LOG_SAMPLE_ACCESSKEY"]) as client:
            yield client
        return
    from aliyun.log.emulator import Emulator

    with Emulator(port=0) as emulator, LogClient(emulator.endpoint, *emulator.credentials) as client:
        os.environ["ALIYUN_LOG_SAMPLE_ENDPOINT"] = emulator.endpoint
        os.environ["ALIYUN_LOG_SAMPLE_ACCESSID"], os.environ["ALIYUN_LOG_SAMPLE_ACCESSKEY"] = emulator.credentials
        os.environ["ALIYUN_LOG_SAMPLE_TMP_PROJECT"] = "logging-sample"
        client.create_project("logging-sample", "logging handler sample")
        yield client


def main() -> None:
    with service() as client:
        project = os.environ["ALIYUN_LOG_SAMPLE_TMP_PROJECT"]
        client.create_logstore(project, "logstore", ttl=1, shard_count=1)
        try:
            with tempfile.TemporaryDirectory() as folder:
                path = os.path.join(folder, "logging.conf")
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(LOGGING_CONF)
                logging.config.fileConfig(path)

            logger = logging.getLogger("sls")
            logger.info("test1")
            try:
                1 / 0  # noqa: B018 (as in the guide)
            except ZeroDivisionError as ex:
                logger.exception(ex)

            handler = next(h for h in logger.handlers if hasattr(h, "flush") and hasattr(h, "stats"))
            handler.flush(10)  # send now instead of within put_wait (2 s); close() at exit would also deliver
            print("handler counters:", handler.stats)
            time.sleep(0.5)
            for shard in client.list_shards(project, "logstore").get_shards_info():
                for res in client.pull_log(project, "logstore", shard["shardID"], "begin", "end"):
                    for log in res.get_flatten_logs_json():
                        print(f"[{log['level']}] {log['message'].splitlines()[-1]!r} from {log['func_name']}()")
        finally:
            logging.shutdown()
            client.delete_logstore(project, "logstore")


if __name__ == "__main__":
    main()
