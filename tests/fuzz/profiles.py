"""Hypothesis profiles of the fuzz suite.

``fuzz`` (the default): 50 examples per test, no deadline, so the normal test run stays fast. ``long``: many
examples (``SLS_FUZZ_EXAMPLES``, default 2000) for ``python -m tests.fuzz --minutes N``. Select with the
``SLS_FUZZ_PROFILE`` environment variable (the conftest loads it for every hypothesis test of the session).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE_ENV = "SLS_FUZZ_PROFILE"
EXAMPLES_ENV = "SLS_FUZZ_EXAMPLES"

_COMMON = {
    "deadline": None,
    "database": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
}


def register() -> None:
    """Register ``fuzz`` and ``long`` and load the selected one (``fuzz`` unless told otherwise)."""
    settings.register_profile("fuzz", max_examples=50, **_COMMON)  # type: ignore[arg-type]
    settings.register_profile(
        "long", max_examples=int(os.environ.get(EXAMPLES_ENV, "2000")), **_COMMON  # type: ignore[arg-type]
    )
    settings.load_profile(os.environ.get(PROFILE_ENV, "fuzz"))
