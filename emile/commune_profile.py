"""A commune's panel: each chosen indicator's value beside the median of its département's communes and the
national median of all communes (each with the number of communes behind it), so an elected official sees at once
how the commune stands."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from emile import indicators
from emile.medians import Median, median


@dataclass(frozen=True)
class ProfileRow:
    indicator: indicators.Indicator
    value: float
    departement_median: Median
    national_median: Median


def profile(table: pd.DataFrame, code: str, indicator_ids: Sequence[str]) -> list[ProfileRow]:
    """``table`` is the commune indicator table (index code, ``departement`` column). Medians skip communes without
    a value; a value the commune lacks stays NaN."""
    row = table.loc[code]
    same_departement = table["departement"] == row["departement"]
    rows = []
    for indicator_id in indicator_ids:
        column = pd.to_numeric(table[indicator_id], errors="coerce")
        rows.append(
            ProfileRow(
                indicators.get(indicator_id), float(column[code]), median(column[same_departement]), median(column)
            )
        )
    return rows
