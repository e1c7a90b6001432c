"""examples/consumer_syslog.py against a real rsyslog: every log of the logstore arrives as one RFC 5424 message.

The rsyslog instance is started by ``scripts/rsyslog.sh start`` on a free loopback port (installing the Debian
package when missing); the test skips only when rsyslog cannot be installed on this machine.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any, Callable, Dict, Iterator, List

import pytest

from aliyun.log import LogClient
from aliyun.log.emulator import Emulator
from tests.waiting import wait_for

from ..integration.test_consumer_examples import Example, put, sls_env
from ..integration.test_consumer_worker import REPO

SCRIPT = os.path.join(REPO, "scripts", "rsyslog.sh")

pytestmark = pytest.mark.servers


class Rsyslog:
    def __init__(self, directory: str) -> None:
        self.directory = directory
        result = subprocess.run(["bash", SCRIPT, "start", directory], capture_output=True, text=True, timeout=600)
        if result.returncode == 3:
            pytest.skip(f"rsyslog cannot be installed on this machine (scripts/rsyslog.sh): {result.stderr.strip()}")
        assert result.returncode == 0, result.stderr
        fields = dict(part.split("=", 1) for part in result.stdout.split())
        self.port = int(fields["port"])
        self.file = fields["file"]

    def lines(self) -> List[str]:
        with open(self.file, encoding="utf-8", errors="replace") as f:
            return f.read().splitlines()

    def stop(self) -> None:
        subprocess.run(["bash", SCRIPT, "stop", self.directory], capture_output=True, timeout=60)


@pytest.fixture()
def rsyslog(tmp_path: Any) -> Iterator[Rsyslog]:
    server = Rsyslog(str(tmp_path / "rsyslog"))
    yield server
    server.stop()


def test_syslog_forwarding_to_rsyslog(emulator: Emulator, client: LogClient, project: str,
                                      make_logstore: Callable[..., str], rsyslog: Rsyslog, tmp_path: Any) -> None:
    ls = make_logstore(2)
    expected: Dict[str, Dict[str, str]] = {}
    for batch in range(4):
        logs = [{"id": f"{batch}-{i}", "user": f"user{i}", "msg": "failed login ✗"} for i in range(25)]
        put(client, project, ls, "audit", logs)
        expected.update({log["id"]: log for log in logs})
    env = sls_env(emulator, project, ls, "to-syslog")
    env.update(SYSLOG_HOST="127.0.0.1", SYSLOG_PORT=str(rsyslog.port), SYSLOG_PROTOCOL="tcp",
               SYSLOG_FACILITY="local3", SYSLOG_SEVERITY="warning", SYSLOG_HOSTNAME="sls-forwarder",
               SYSLOG_TAG="sls")
    example = Example("consumer_syslog.py", env, tmp_path)
    try:
        wait_for(lambda: len(rsyslog.lines()) >= len(expected), "every log at rsyslog", step=0.2)
    finally:
        code = example.stop()
    assert code == 0, example.output()
    received: Dict[str, Dict[str, str]] = {}
    for line in rsyslog.lines():
        pri, app, host, _procid, _msgid, msg = line.split("|", 5)
        assert (pri, app, host) == (str(19 * 8 + 4), "sls", "sls-forwarder")  # local3.warning
        fields = dict(part.split("=", 1) for part in msg.strip().split("||") if part)
        received[fields["id"]] = fields
    assert set(received) == set(expected)
    sample = received["2-7"]
    assert sample["user"] == "user7" and sample["msg"] == "failed login ✗" and sample["__topic__"] == "audit"
    assert sample["__source__"] == "10.0.0.1"
