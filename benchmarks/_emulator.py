"""The emulator in a child process (``python -m aliyun.log.emulator``), as the benchmarks' server.

Workloads that measure a client run it out of process, like the real service, so the client's figures are not
shared with the server's CPU and GIL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from typing import Any, Optional

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class EmulatorProcess:
    """``python -m aliyun.log.emulator`` on a free port in a child process."""

    def __init__(self, data_dir: Optional[str] = None) -> None:
        cmd = [sys.executable, "-m", "aliyun.log.emulator", "--port", "0"]
        if data_dir:
            cmd += ["--data-dir", data_dir]
        secret = os.urandom(16).hex()  # given through the environment: the emulator never prints a secret
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [REPO, os.environ.get("PYTHONPATH")])),
                   SLS_EMULATOR_ACCESS_KEYS=f"bench-key:{secret}")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.endpoint = ""
        self.credentials = ("", "")
        deadline = time.time() + 30
        assert self.proc.stdout is not None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.strip().startswith("export SLS_ENDPOINT="):
                fields = dict(part.split("=", 1) for part in line.strip()[len("export "):].split())
                self.endpoint = fields["SLS_ENDPOINT"]
                self.credentials = (fields["SLS_AK_ID"], secret)
                break
        if not self.endpoint:
            self.stop()
            raise RuntimeError("the emulator process did not start")
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for _line in self.proc.stdout:
            pass

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()
