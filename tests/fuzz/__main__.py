"""``python -m tests.fuzz --minutes N``: run every ``tests/fuzz`` test under the ``long`` profile for about N minutes.

Rounds of pytest run one after another, each with a fresh random seed, until the time is spent; a round still
running at the deadline is stopped (it counts as incomplete, not as a failure). Exit status 1 when a round failed.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from typing import List, Optional

from .profiles import EXAMPLES_ENV, PROFILE_ENV

_HERE = os.path.dirname(os.path.abspath(__file__))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="time budget (default 10)")
    parser.add_argument("--examples", type=int, default=2000, help="examples per test and round (default 2000)")
    parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments (e.g. -k json)")
    args = parser.parse_args(argv)
    env = dict(os.environ, **{PROFILE_ENV: "long", EXAMPLES_ENV: str(args.examples)})
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        rounds += 1
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-seed",
                   str(int.from_bytes(os.urandom(4), "big")), _HERE, *args.pytest_args]
        print(f"fuzz round {rounds}: {' '.join(command[3:])} ({remaining / 60:.1f} min left)", flush=True)
        try:
            result = subprocess.run(command, env=env, timeout=remaining)
        except subprocess.TimeoutExpired:
            print(f"fuzz round {rounds} stopped at the deadline (incomplete)", flush=True)
            break
        if result.returncode not in (0, 5):  # 5: no tests collected (e.g. a -k that matches nothing)
            print(f"fuzz round {rounds} failed (exit status {result.returncode})", flush=True)
            return 1
    print(f"fuzz: {rounds} round(s), no failure", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
