"""Forward the logs of a logstore to a syslog server (a SIEM such as QRadar or ArcSight) with a consumer group.

Each log becomes one RFC 5424 message whose text is ``||key=value||key=value...``, sent over TCP (octet-counted
framing, RFC 6587), TLS (RFC 5425) or UDP. Start it several times to share the shards (see consumer_splunk.py).

Environment:
    SLS_ENDPOINT, SLS_AK_ID, SLS_AK_KEY, SLS_PROJECT, SLS_LOGSTORE   where to read (required)
    SLS_CG, SLS_START_TIME, SLS_HEARTBEAT_INTERVAL                   as in consumer_splunk.py
    SYSLOG_HOST, SYSLOG_PORT (default 514), SYSLOG_PROTOCOL ("tcp" default, "udp" or "tls"), SYSLOG_CERT_PATH (CA
    file for tls), SYSLOG_SEP (default "||"), SYSLOG_TIMEOUT (default 120), SYSLOG_FACILITY (default "user"),
    SYSLOG_SEVERITY (default "info"), SYSLOG_HOSTNAME (default: this host), SYSLOG_TAG (app name, default "-")

    python examples/consumer_syslog.py
"""

from __future__ import annotations

import io
import logging
import os
import socket
import ssl
import sys
from datetime import datetime, timezone
from logging.handlers import RotatingFileHandler
from multiprocessing import current_process
from typing import Any, Dict, Optional, Tuple

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


# -- a small RFC 5424 syslog client ------------------------------------------------------------------------------------
FAC_KERN, FAC_USER, FAC_MAIL, FAC_DAEMON, FAC_AUTH, FAC_SYSLOG = 0, 1, 2, 3, 4, 5
FAC_LOCAL0, FAC_LOCAL1, FAC_LOCAL2, FAC_LOCAL3, FAC_LOCAL4, FAC_LOCAL5, FAC_LOCAL6, FAC_LOCAL7 = range(16, 24)
SEV_EMERGENCY, SEV_ALERT, SEV_CRITICAL, SEV_ERROR, SEV_WARNING, SEV_NOTICE, SEV_INFO, SEV_DEBUG = range(8)
FACILITIES = {"kern": FAC_KERN, "user": FAC_USER, "mail": FAC_MAIL, "daemon": FAC_DAEMON, "auth": FAC_AUTH,
              "syslog": FAC_SYSLOG, **{f"local{i}": FAC_LOCAL0 + i for i in range(8)}}
SEVERITIES = {"emerg": SEV_EMERGENCY, "alert": SEV_ALERT, "crit": SEV_CRITICAL, "err": SEV_ERROR,
              "warning": SEV_WARNING, "notice": SEV_NOTICE, "info": SEV_INFO, "debug": SEV_DEBUG}


class SyslogClientRFC5424:
    """``with SyslogClientRFC5424(host, port, proto="tcp") as client: client.log("text", ...)``."""

    def __init__(self, host: str, port: int, proto: str = "tcp", timeout: float = 120,
                 cert_path: Optional[str] = None) -> None:
        self.host, self.port, self.proto = host, int(port), proto.lower()
        if self.proto not in ("tcp", "udp", "tls"):
            raise ValueError(f"protocol must be tcp, udp or tls, got {proto!r}")
        self.timeout = timeout
        self.cert_path = cert_path
        self.sock: Optional[socket.socket] = None

    def __enter__(self) -> SyslogClientRFC5424:
        if self.proto == "udp":
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            self.sock.settimeout(self.timeout)
        else:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            if self.proto == "tls":
                context = ssl.create_default_context(cafile=self.cert_path)
                sock = context.wrap_socket(sock, server_hostname=self.host)
            self.sock = sock
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def log(self, message: str, facility: Optional[int] = None, severity: Optional[int] = None,
            timestamp: Optional[datetime] = None, hostname: Optional[str] = None, program: Optional[str] = None,
            pid: Optional[int] = None, msgid: Optional[str] = None) -> None:
        pri = (FAC_USER if facility is None else facility) * 8 + (SEV_INFO if severity is None else severity)
        when = (timestamp or datetime.now(timezone.utc)).isoformat()
        header = (f"<{pri}>1 {when} {_field(hostname or socket.gethostname())} {_field(program)} "
                  f"{_field(os.getpid() if pid is None else pid)} {_field(msgid)} -")
        data = f"{header} {message}".encode()
        assert self.sock is not None, "use the client as a context manager"
        if self.proto == "udp":
            self.sock.sendto(data, (self.host, self.port))
        else:
            self.sock.sendall(b"%d %s" % (len(data), data))  # octet counting: no problem with newlines


def _field(value: Any) -> str:
    text = "" if value is None else str(value)
    text = "".join(ch for ch in text if 33 <= ord(ch) <= 126)[:48]
    return text or "-"


# -- the consumer ------------------------------------------------------------------------------------------------------
def get_option() -> Tuple[LogHubConfig, Dict[str, Any]]:
    endpoint = os.environ.get("SLS_ENDPOINT", "")
    access_key_id = os.environ.get("SLS_AK_ID", "")
    access_key = os.environ.get("SLS_AK_KEY", "")
    project = os.environ.get("SLS_PROJECT", "")
    logstore = os.environ.get("SLS_LOGSTORE", "")
    consumer_group = os.environ.get("SLS_CG", "sync_data_to_syslog")
    cursor_start_time = os.environ.get("SLS_START_TIME", "begin")
    consumer_name = f"{consumer_group}-{current_process().pid}"
    heartbeat_interval = float(os.environ.get("SLS_HEARTBEAT_INTERVAL", "20"))
    data_fetch_interval = 1

    option = LogHubConfig(endpoint, access_key_id, access_key, project, logstore, consumer_group, consumer_name,
                          cursor_position=CursorPosition.SPECIAL_TIMER_CURSOR,
                          cursor_start_time=cursor_start_time,
                          heartbeat_interval=heartbeat_interval,
                          data_fetch_interval=data_fetch_interval)

    settings = {
        "host": os.environ.get("SYSLOG_HOST", ""),
        "port": int(os.environ.get("SYSLOG_PORT", "514")),
        "protocol": os.environ.get("SYSLOG_PROTOCOL", "tcp"),
        "sep": os.environ.get("SYSLOG_SEP", "||"),
        "cert_path": os.environ.get("SYSLOG_CERT_PATH") or None,
        "timeout": int(os.environ.get("SYSLOG_TIMEOUT", "120")),
        "facility": FACILITIES[os.environ.get("SYSLOG_FACILITY", "user")],
        "severity": SEVERITIES[os.environ.get("SYSLOG_SEVERITY", "info")],
        "hostname": os.environ.get("SYSLOG_HOSTNAME") or None,
        "tag": os.environ.get("SYSLOG_TAG") or None,
    }
    return option, settings


class SyncData(ConsumerProcessorBase):
    """Sends the logs of one shard to the syslog server, one connection per batch."""

    def __init__(self, target_setting: Dict[str, Any]) -> None:
        super().__init__()
        if not isinstance(target_setting, dict) or not target_setting.get("host"):
            raise ValueError("configure the syslog server (SYSLOG_HOST, SYSLOG_PORT, SYSLOG_PROTOCOL)")
        self.option = target_setting
        self.protocol = self.option["protocol"]
        self.timeout = int(self.option.get("timeout", 120))
        self.sep = self.option.get("sep", "||")
        self.host = self.option["host"]
        self.port = int(self.option.get("port", 514))
        self.cert_path = self.option.get("cert_path")
        # Fail early when the server cannot be reached.
        with SyslogClientRFC5424(self.host, self.port, proto=self.protocol, timeout=self.timeout,
                                 cert_path=self.cert_path):
            pass

    def process(self, log_groups: Any, check_point_tracker: Any) -> None:
        logs = PullLogResponse.loggroups_to_flattern_list(log_groups, time_as_str=True, decode_bytes=True)
        logger.info("Get data from shard %s, log count: %s", self.shard_id, len(logs))
        try:
            with SyslogClientRFC5424(self.host, self.port, proto=self.protocol, timeout=self.timeout,
                                     cert_path=self.cert_path) as client:
                for log in logs:
                    timestamp = datetime.fromtimestamp(int(log.pop("__time__")), timezone.utc)
                    text = io.StringIO()
                    for key, value in log.items():
                        text.write(f"{self.sep}{key}={value}")
                    client.log(text.getvalue(), facility=self.option.get("facility"),
                               severity=self.option.get("severity"), timestamp=timestamp,
                               program=self.option.get("tag"), hostname=self.option.get("hostname"))
        except Exception as err:
            logger.warning("Failed to send to the syslog server %s:%s: %s", self.host, self.port, err)
            raise  # the library delivers the same batch again
        logger.info("Complete send data to remote")
        self.save_checkpoint(check_point_tracker)


def main() -> int:
    option, settings = get_option()
    logger.info("*** start to consume data...")
    worker = ConsumerWorker(SyncData, option, args=(settings,))
    worker.start(join=True)
    return 1 if worker.error else 0


if __name__ == "__main__":
    sys.exit(main())
