"""The Presto aggregate functions SQLite lacks (``count_if``, ``approx_percentile``, ``max_by``, ``stddev``...)."""

from __future__ import annotations

import json
import math
from typing import Any, Dict, List, Optional, Tuple

from .values import FunctionError, fail, to_double

__all__ = ["AGGREGATES", "percentile_of"]


class _CountIf:
    def __init__(self) -> None:
        self.count = 0

    def step(self, value: Any) -> None:
        if value:
            self.count += 1

    def finalize(self) -> int:
        return self.count


def percentile_of(values: List[float], fraction: float) -> Optional[float]:
    """The value at rank ``round(fraction * (n - 1))`` of the sorted values (what ``approx_percentile`` answers)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = round(min(1.0, max(0.0, fraction)) * (len(ordered) - 1))
    return ordered[rank]


class _ApproxPercentile:
    def __init__(self) -> None:
        self.values: List[float] = []
        self.fractions: Any = None

    def step(self, value: Any, fraction: Any) -> None:
        if self.fractions is None:
            self.fractions = fraction
        number = to_double(value)
        if number is not None and not math.isnan(number):
            self.values.append(number)

    def finalize(self) -> Any:
        try:
            if self.fractions is None:
                return None
            if isinstance(self.fractions, str) and self.fractions.strip().startswith("["):
                fractions = json.loads(self.fractions)
                return json.dumps([percentile_of(self.values, float(f)) for f in fractions], separators=(",", ":"))
            fraction = float(self.fractions)
            if not 0.0 <= fraction <= 1.0:
                fail(f"approx_percentile: percentage must be between 0 and 1, got {self.fractions}")
            return percentile_of(self.values, fraction)
        except FunctionError:
            raise
        except Exception as exc:
            fail(f"approx_percentile failed: {exc}")


class _Arbitrary:
    def __init__(self) -> None:
        self.value: Any = None

    def step(self, value: Any) -> None:
        if self.value is None and value is not None:
            self.value = value

    def finalize(self) -> Any:
        return self.value


class _ByAggregate:
    def __init__(self, take_max: bool) -> None:
        self.take_max = take_max
        self.best: Any = None
        self.value: Any = None

    def step(self, value: Any, key: Any) -> None:
        if key is None:
            return
        if self.best is None or (key > self.best if self.take_max else key < self.best):
            self.best = key
            self.value = value

    def finalize(self) -> Any:
        return self.value


class _MaxBy(_ByAggregate):
    def __init__(self) -> None:
        super().__init__(True)


class _MinBy(_ByAggregate):
    def __init__(self) -> None:
        super().__init__(False)


class _Variance:
    sample = True
    root = False

    def __init__(self) -> None:
        self.values: List[float] = []

    def step(self, value: Any) -> None:
        number = to_double(value)
        if number is not None:
            self.values.append(number)

    def finalize(self) -> Optional[float]:
        n = len(self.values)
        if n == 0 or (self.sample and n == 1):
            return None
        mean = sum(self.values) / n
        var = sum((v - mean) ** 2 for v in self.values) / (n - 1 if self.sample else n)
        return math.sqrt(var) if self.root else var


class _VarPop(_Variance):
    sample = False


class _Stddev(_Variance):
    root = True


class _StddevPop(_Variance):
    sample = False
    root = True


class _ArrayAgg:
    def __init__(self) -> None:
        self.values: List[Any] = []

    def step(self, value: Any) -> None:
        self.values.append(value)

    def finalize(self) -> str:
        return json.dumps(self.values, ensure_ascii=False, separators=(",", ":"))



AGGREGATES: Dict[str, Tuple[type, int]] = {
    "count_if": (_CountIf, 1),
    "approx_percentile": (_ApproxPercentile, 2),
    "arbitrary": (_Arbitrary, 1),
    "any_value": (_Arbitrary, 1),
    "max_by": (_MaxBy, 2),
    "min_by": (_MinBy, 2),
    "variance": (_Variance, 1),
    "var_samp": (_Variance, 1),
    "var_pop": (_VarPop, 1),
    "stddev": (_Stddev, 1),
    "stddev_samp": (_Stddev, 1),
    "stddev_pop": (_StddevPop, 1),
    "array_agg": (_ArrayAgg, 1),
}
