"""The range statistical secrecy leaves around a figure, shown wherever the figure is.

A BMO share is computed on the cells where both counts are published; the build also writes, as companions
``<id>__min`` and ``<id>__max``, the lowest and highest value the share could take whatever the secret cells hold.
Every screen that shows such a figure (home panel, map tooltips, briefing sheet) writes the range beside it.
"""

from __future__ import annotations

import math

import pandas as pd

from emile.formatting import number, unit_decimals

LOW, HIGH = "__min", "__max"


def bounds_at(table: pd.DataFrame, code: str, indicator_id: str) -> tuple[float | None, float | None]:
    """The (min, max) of ``indicator_id`` for ``code``, or (None, None) when the table has no range for it."""
    low, high = f"{indicator_id}{LOW}", f"{indicator_id}{HIGH}"
    if low not in table.columns or high not in table.columns or code not in table.index:
        return None, None
    values = table.at[code, low], table.at[code, high]
    if any(v is None or pd.isna(v) for v in values):
        return None, None
    return float(values[0]), float(values[1])


def between_text(low: float | None, high: float | None, unit: str) -> str:
    """« entre 54,6 et 70,7 % », or "" when there is no range or secrecy leaves none."""
    if low is None or high is None:
        return ""
    decimals = unit_decimals(unit)
    if math.isclose(round(low, decimals), round(high, decimals)):
        return ""
    return f"entre {number(low, decimals)} et {number(high, decimals, unit or None)}"


def range_text(low: float | None, high: float | None, unit: str) -> str:
    """« (secret : entre 54,6 et 70,7 %) » to follow a value, or "" when there is no range."""
    between = between_text(low, high, unit)
    return f" (secret : {between})" if between else ""


def range_texts(table: pd.DataFrame, indicator_id: str, unit: str) -> pd.Series:
    """``range_text`` for every territory of ``table`` (empty strings when it has no range for the indicator)."""
    low, high = f"{indicator_id}{LOW}", f"{indicator_id}{HIGH}"
    if low not in table.columns or high not in table.columns:
        return pd.Series("", index=table.index, dtype="object")
    return pd.Series(
        [
            range_text(None if pd.isna(a) else float(a), None if pd.isna(b) else float(b), unit)
            for a, b in zip(table[low], table[high], strict=True)
        ],
        index=table.index,
        dtype="object",
    )
