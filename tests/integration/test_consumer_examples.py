"""The consumer-group programs of the user guide (examples/consumer_*.py) run as real processes against the emulator:
Splunk HEC forwarding (to a small HEC receiver started here), dispatch by topic, and the multi-logstore keyword
monitor with a shared executor. The syslog one runs against a real rsyslog in tests/servers/test_syslog_forwarding.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, Iterator, List, Optional

import pytest

from aliyun.log import LogClient, LogItem, PullLogResponse, PutLogsRequest
from aliyun.log.emulator import Emulator
from tests.waiting import wait_for

from .test_consumer_worker import REPO

EXAMPLES = os.path.join(REPO, "examples")


class Example:
    """An example program in a child process, with its output collected."""

    def __init__(self, name: str, env: Dict[str, str], cwd: Any) -> None:
        full_env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])))
        full_env.update(env)
        self.output_path = str(cwd / f"{name}.out")
        self._out = open(self.output_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen([sys.executable, os.path.join(EXAMPLES, name)], env=full_env, cwd=str(cwd),
                                     stdout=self._out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        with open(self.output_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 120) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._out.close()


@pytest.fixture()
def run_example(tmp_path: Any) -> Iterator[Callable[..., Example]]:
    started: List[Example] = []

    def run(name: str, env: Dict[str, str]) -> Example:
        example = Example(name, env, tmp_path)
        started.append(example)
        return example

    yield run
    for example in started:
        if example.proc.poll() is None:
            example.proc.kill()
            example.proc.wait()


def sls_env(emulator: Emulator, project: str, logstore: str, group: str) -> Dict[str, str]:
    return {
        "SLS_ENDPOINT": emulator.endpoint, "SLS_AK_ID": emulator.credentials[0], "SLS_AK_KEY": emulator.credentials[1],
        "SLS_PROJECT": project, "SLS_LOGSTORE": logstore, "SLS_CG": group, "SLS_HEARTBEAT_INTERVAL": "0.5",
        "SLS_START_TIME": "begin",
    }


def put(client: LogClient, project: str, logstore: str, topic: str, logs: List[Dict[str, str]]) -> None:
    items = [LogItem(contents=list(log.items())) for log in logs]
    client.put_logs(PutLogsRequest(project, logstore, topic, "10.0.0.1", items))


def read_all(client: LogClient, project: str, logstore: str) -> List[Dict[str, Any]]:
    logs: List[Dict[str, Any]] = []
    for shard in client.list_shards(project, logstore).get_shard_ids():
        for res in client.pull_log(project, logstore, shard, "begin", "end"):
            logs.extend(res.get_flatten_logs_json())
    return logs


# -- Splunk HEC ------------------------------------------------------------------------------------------------------
class HecReceiver:
    """A minimal Splunk HTTP Event Collector: checks the token, keeps the events, can fail the first requests."""

    def __init__(self, token: str, fail_first: int = 0) -> None:
        self.token = token
        self.events: List[Dict[str, Any]] = []
        self.failures_left = fail_first
        self.requests = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with receiver.lock:
                    receiver.requests += 1
                    if self.headers.get("Authorization") != f"Splunk {receiver.token}":
                        return self._answer(401, {"text": "Invalid token", "code": 4})
                    if self.path != "/services/collector/event":
                        return self._answer(404, {"text": "not found", "code": 404})
                    if receiver.failures_left > 0:
                        receiver.failures_left -= 1
                        return self._answer(503, {"text": "Server is busy", "code": 9})
                    for line in body.decode("utf-8").splitlines():
                        if line.strip():
                            receiver.events.append(json.loads(line))
                self._answer(200, {"text": "Success", "code": 0})

            def _answer(self, status: int, payload: Dict[str, Any]) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_splunk_hec_forwarding(emulator: Emulator, client: LogClient, project: str,
                               make_logstore: Callable[..., str], run_example: Callable[..., Example]) -> None:
    ls = make_logstore(2)
    audit = [{"id": f"a{i}", "action": "login", "user": f"u{i % 7}", "note": "café ✓"} for i in range(120)]
    other = [{"id": f"o{i}", "action": "noise"} for i in range(50)]
    for start in range(0, 120, 30):
        put(client, project, ls, "audit_log", audit[start:start + 30])
    put(client, project, ls, "other", other)
    hec = HecReceiver("hec-token-1", fail_first=2)
    try:
        env = sls_env(emulator, project, ls, "to-splunk")
        env.update(SPLUNK_HOST="127.0.0.1", SPLUNK_PORT=str(hec.port), SPLUNK_TOKEN="hec-token-1",
                   SPLUNK_TOPIC="audit_log", SPLUNK_SOURCETYPE="sls:audit", SPLUNK_INDEX="main")
        example = run_example("consumer_splunk.py", env)
        wait_for(lambda: len(hec.events) >= len(audit), "every audit log at the HEC receiver")
        assert example.stop() == 0, example.output()
    finally:
        hec.close()
    assert hec.requests > 2  # the two refused requests were retried
    assert sorted(e["event"]["id"] for e in hec.events) == sorted(log["id"] for log in audit)
    sample = next(e for e in hec.events if e["event"]["id"] == "a3")
    assert sample["sourcetype"] == "sls:audit" and sample["index"] == "main"
    assert sample["event"]["note"] == "café ✓" and sample["event"]["__topic__"] == "audit_log"
    assert sample["time"].isdigit()
    assert "Sent" in example.output()


# -- dispatch by topic -----------------------------------------------------------------------------------------------
def test_dispatch_by_topic(emulator: Emulator, client: LogClient, project: str, make_logstore: Callable[..., str],
                           run_example: Callable[..., Example]) -> None:
    source = make_logstore(2)
    targets = [make_logstore(1) for _ in range(3)]
    expected: Dict[str, List[str]] = {"ngnix": [], "sql_audit": [], "click": [], "other": []}
    for round_ in range(5):
        for topic in expected:
            ids = [f"{topic}-{round_}-{i}" for i in range(20)]
            expected[topic].extend(ids)
            put(client, project, source, topic, [{"id": i} for i in ids])
    env = sls_env(emulator, project, source, "dispatch")
    env.update(SLS_LOGSTORE_TO1=targets[0], SLS_LOGSTORE_TO2=targets[1], SLS_LOGSTORE_TO3=targets[2])
    example = run_example("consumer_dispatch.py", env)

    def copied() -> bool:
        return all(len(read_all(client, project, t)) >= 100 for t in targets)

    wait_for(copied, "the three target logstores to be filled", step=0.3)
    assert example.stop() == 0, example.output()
    for target, topic in zip(targets, ("ngnix", "sql_audit", "click")):
        logs = read_all(client, project, target)
        assert sorted(log["id"] for log in logs) == sorted(expected[topic])
        assert {log["__topic__"] for log in logs} == {topic}
        assert {log["__source__"] for log in logs} == {"10.0.0.1"}  # copied as they were


# -- multi-logstore keyword monitor with a shared executor ------------------------------------------------------------
def test_monitor_several_logstores_with_shared_executor(emulator: Emulator, client: LogClient, project: str,
                                                        make_logstore: Callable[..., str],
                                                        run_example: Callable[..., Example]) -> None:
    stores = [make_logstore(2), make_logstore(2)]
    errors = {}
    for n, store in enumerate(stores):
        statuses = ["200", "404", "500", "503", "200"] * (10 + 5 * n)
        put(client, project, store, "web", [{"status": s, "uri": f"/p/{i}"} for i, s in enumerate(statuses)])
        errors[store] = sum(1 for s in statuses if s.startswith("5"))
    env = sls_env(emulator, project, "", "monitor")
    env.update(SLS_ENDPOINTS=f"{emulator.endpoint};{emulator.endpoint}", SLS_PROJECTS=f"{project};{project}",
               SLS_LOGSTORES=f"{stores[0]};{stores[1]}")
    example = run_example("consumer_monitor.py", env)
    pattern = re.compile(r"Keyword detected for logstore (\S+) shard (\d+), count: (\d+)")

    def counts() -> Optional[Dict[str, int]]:
        found: Dict[str, int] = {}
        for store, _shard, count in pattern.findall(example.output()):
            found[store] = found.get(store, 0) + int(count)
        return found if found == errors else None

    wait_for(counts, "both logstores to be scanned", step=0.2)
    assert example.stop(signal.SIGINT) == 0, example.output()
    output = example.output()
    assert "*** try to exit ****" in output and "Traceback" not in output
    for store in stores:  # both consumers saved their checkpoints before the shared pool was shut down
        saved = client.get_check_point(project, store, "monitor").get_consumer_group_check_points()
        ends = {s: client.get_end_cursor(project, store, s).get_cursor() for s in (0, 1)}
        assert {c["shard"]: c["checkpoint"] for c in saved} == ends


def test_flatten_of_a_batch_matches_pull_response() -> None:
    """What process() receives flattens exactly like a PullLogs answer."""
    from aliyun.log.codec import encode_log_group, log_group_list_from_groups
    from aliyun.log.consumer import LogGroupBatch

    groups = [encode_log_group([LogItem(1700000000 + i, [("k", f"v{i}"), ("n", str(i))])], "t", "s", [("a", "b")])
              for i in range(3)]
    data = log_group_list_from_groups(groups)
    batch = LogGroupBatch(data, 3)
    assert PullLogResponse.loggroups_to_flattern_list(batch) == PullLogResponse(
        data, {"x-log-count": "3", "x-log-cursor": "MQ=="}).get_flatten_logs_json()
