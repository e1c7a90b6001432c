"""Run ETL configs on events and print the results as JSON (used by the differential tests).

``python run_config.py CASES.json`` where the file holds ``[{"config": path, "events": [...]}, ...]``. Runs with
whichever ``aliyun.log`` the interpreter imports: ours (with the legacy aliases) or the official SDK's. Each result
is the output (dicts as ``[key, value]`` pair lists, so field order is compared too) or ``{"error": type}``.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {"pairs": [[k, _encode(v)] for k, v in value.items()]}
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    return value


def main(cases_path: str) -> None:
    try:
        import aliyun.log.etl_core  # noqa: F401  (the official SDK)
    except ImportError:
        sys.path.insert(0, sys.argv[2])
        from tests.etl.legacy_alias import register

        register()
    from aliyun.log.etl_core import Runner

    with open(cases_path, encoding="utf-8") as file:
        cases = json.load(file)
    out = []
    for case in cases:
        try:
            runner = Runner(case["config"])
        except Exception as exc:
            out.append({"load_error": type(exc).__name__})
            continue
        results = []
        for event in case["events"]:
            try:
                results.append(_encode(runner(event)))
            except Exception as exc:
                results.append({"error": type(exc).__name__})
        out.append(results)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
