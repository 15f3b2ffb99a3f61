"""What every benchmark needs: a median timing and a result row in the common JSON shape."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(action: Callable[[], object], repeats: int = 5) -> float:
    """Median wall-clock seconds of ``repeats`` calls: the median shrugs off a run disturbed by other work."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def result(
    name: str, value: float, unit: str = "s", baseline: float | None = None, **extra: object
) -> dict[str, object]:
    """``{"name", "value", "unit"}``, plus ``baseline`` and ``ratio`` (value / baseline, below 1 = faster) when a
    naive approach was measured in the same run, plus any note."""
    row: dict[str, object] = {"name": name, "value": round(value, 4), "unit": unit}
    if baseline is not None:
        row.update(baseline=round(baseline, 4), ratio=round(value / baseline, 4) if baseline else None)
    return {**row, **extra}
