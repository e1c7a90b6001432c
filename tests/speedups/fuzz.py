"""Fuzz the compiled decoder against the reference for a while: ``python -m tests.speedups.fuzz --minutes 10``.

Runs the mutation and random-bytes differential tests of ``test_differential`` and the lz4 ones of
``test_lz4_fused`` in rounds of random examples (a new
seed each round) until the time is up; a difference or a crash stops it with hypothesis' minimal failing example.
Run it under AddressSanitizer with ``scripts/asan_check.sh --fuzz MINUTES``.
"""

from __future__ import annotations

import argparse
import time
from typing import Any, List, Optional

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import native_module
from .strategies import GROUPS, mutated
from .test_differential import assert_same_flatten, serialize
from .test_lz4_fused import COMPRESSIBLE, assert_decoder_agrees, assert_same_pull, compress


def fuzz(native: Any, minutes: float, examples_per_round: int = 2000) -> int:
    """Rounds of differential checks until ``minutes`` have passed; the number of rounds run."""
    round_settings = settings(max_examples=examples_per_round, deadline=None, database=None,
                              suppress_health_check=list(HealthCheck))

    @round_settings
    @given(groups=GROUPS, data=st.data())
    def mutations(groups: List[Any], data: Any) -> None:
        assert_same_flatten(native, data.draw(mutated(serialize(native, groups))))

    @round_settings
    @given(data=st.binary(max_size=2000))
    def random_bytes(data: bytes) -> None:
        assert_same_flatten(native, data)

    @round_settings
    @given(data=COMPRESSIBLE, change=st.data())
    def lz4_blocks(data: bytes, change: Any) -> None:
        block = change.draw(mutated(compress(data)))
        assert_decoder_agrees(native, block, max(0, len(data) + change.draw(st.integers(-3, 3))))

    @round_settings
    @given(groups=GROUPS, change=st.data())
    def lz4_bodies(groups: List[Any], change: Any) -> None:
        data = serialize(native, groups)
        assert_same_pull(native, change.draw(mutated(compress(data))), len(data))

    deadline = time.monotonic() + minutes * 60
    rounds = 0
    while time.monotonic() < deadline:
        for check in (mutations, random_bytes, lz4_blocks, lz4_bodies):
            check()
        rounds += 1
    return rounds


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.speedups.fuzz", description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    args = parser.parse_args(argv)
    rounds = fuzz(native_module(), args.minutes)
    print(f"fuzzed the compiled decoder for {args.minutes:g} minutes: {rounds} rounds, no difference, no crash")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
