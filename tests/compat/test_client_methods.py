"""LogClient has every public method of the official SDK 0.9.52 with a call-compatible signature.

``official_client_methods.json`` was derived once from the official package (``inspect.signature`` of each public
``LogClient`` method, without ``self``): per method the parameters in order, their kind and the ``repr`` of their
default. A call valid against the official client must be valid against ours: the same parameters in the same
order with the same defaults; ours may add keyword-only options, ``**kwargs``, or trailing parameters that have a
default.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

from aliyun.log.client import LogClient

OFFICIAL: Dict[str, List[Dict[str, Any]]] = json.loads(
    (Path(__file__).with_name("official_client_methods.json")).read_text(encoding="utf-8")
)

#: Data-plane methods another branch (``dataplane``) adds; the lead empties this set when it merges.

#: Methods whose SPL options (``query``, ``accept_compress_type``, ``processor``) the data-plane branch adds.
_EXTRA_KINDS = (inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD)


def signature_problems(name: str, official: List[Dict[str, Any]]) -> List[str]:
    """Why ``LogClient.<name>`` cannot take every call the official method takes (empty when it can)."""
    ours = [p for p in list(inspect.signature(getattr(LogClient, name)).parameters.values())[1:]
            if p.kind not in _EXTRA_KINDS or p.kind.name in {o["kind"] for o in official}]
    problems = []
    for index, expected in enumerate(official):
        if index >= len(ours):
            problems.append(f"parameter {expected['name']!r} is missing")
            continue
        param = ours[index]
        default = repr(param.default) if param.default is not inspect.Parameter.empty else None
        if "default" not in expected:
            default = None  # a default where the official method has none still takes every official call
        if (param.name, param.kind.name, default) != (expected["name"], expected["kind"], expected.get("default")):
            problems.append(f"parameter {index}: expected {expected}, got {param.name} {param.kind.name} "
                            f"default={default}")
    for extra in ours[len(official):]:
        if extra.default is inspect.Parameter.empty and extra.kind not in _EXTRA_KINDS:
            problems.append(f"extra parameter {extra.name!r} has no default")
    return problems


def test_the_table_has_every_official_method() -> None:
    assert len(OFFICIAL) == 214


@pytest.mark.parametrize("name", sorted(OFFICIAL))
def test_method_exists_with_compatible_signature(name: str) -> None:
    assert callable(getattr(LogClient, name, None)), f"LogClient.{name} is missing"
    problems = signature_problems(name, OFFICIAL[name])
    assert not problems, f"LogClient.{name}: " + "; ".join(problems)
