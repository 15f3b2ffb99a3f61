"""Key figures of one territory, each beside the national median, formatted in French with unit and vintage."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emile.formatting import MISSING, is_missing, number
from emile.indicators import get

# The figures the home panel shows first: one or two per theme, chosen because every level has them filled.
HEADLINE_INDICATORS: tuple[str, ...] = (
    "bmo_projets_pour_1000",
    "bmo_part_difficiles",
    "lovac_taux_vacance",
    "rpls_taux_vacance",
    "distance_france_services_km",
    "population_evolution_annuelle",
)


@dataclass(frozen=True)
class KeyFigure:
    indicator_id: str
    label: str
    theme: str
    value: str
    median: str
    vintage: str


def _format(value: object, unit: str) -> str:
    if is_missing(value):
        return MISSING
    decimals = 0 if abs(float(value)) >= 100 else 1
    return number(float(value), decimals, unit)


def key_figures(table: pd.DataFrame, code: str, indicator_ids: tuple[str, ...] = HEADLINE_INDICATORS
                ) -> list[KeyFigure]:
    """Figures for ``code`` from an indicators table (index = code); ids absent from the table are skipped, a missing
    value is written as missing. The median is over every territory of the table with a value."""
    figures = []
    for indicator_id in indicator_ids:
        if indicator_id not in table.columns or code not in table.index:
            continue
        indicator = get(indicator_id)
        figures.append(KeyFigure(
            indicator_id=indicator_id,
            label=indicator.label,
            theme=indicator.theme,
            value=_format(table.at[code, indicator_id], indicator.unit),
            median=_format(table[indicator_id].median(), indicator.unit),
            vintage=indicator.vintage,
        ))
    return figures
