"""Key figures of one territory, each beside the national median, formatted in French with unit and vintage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emile.formatting import indicator_value
from emile.indicators import CATALOGUE, LEVEL_LABELS, THEME_LABELS, get
from emile.indicators.bounds import bounds_at, range_text
from emile.medians import median, median_text

# The figures the home panel shows first: one or two per theme, chosen because every level has them filled.
HEADLINE_INDICATORS: tuple[str, ...] = (
    "bmo_projets_pour_1000",
    "bmo_part_difficiles",
    "lovac_taux_vacance",
    "rpls_taux_vacance",
    "part_pop_france_services_plus_10km",
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


def key_figures(
    table: pd.DataFrame, code: str, indicator_ids: tuple[str, ...] = HEADLINE_INDICATORS
) -> list[KeyFigure]:
    """Figures for ``code`` from an indicators table (index = code); ids absent from the table are skipped, a missing
    value is written as missing. The median is over every territory of the table with a value, their number in
    parentheses (``emile.medians``)."""
    figures = []
    for indicator_id in indicator_ids:
        if indicator_id not in table.columns or code not in table.index:
            continue
        indicator = get(indicator_id)
        figures.append(
            KeyFigure(
                indicator_id=indicator_id,
                label=indicator.label,
                theme=indicator.theme,
                value=indicator_value(table.at[code, indicator_id], indicator.unit)
                + range_text(*bounds_at(table, code, indicator_id), indicator.unit),
                median=median_text(median(table[indicator_id]), indicator.unit),
                vintage=indicator.vintage,
            )
        )
    return figures


DIRECTION_LABELS = {True: "plus haut = mieux", False: "plus bas = mieux", None: "contexte (non classé)"}


def catalogue_table(coverage: dict[str, dict[str, dict[str, float]]]) -> pd.DataFrame:
    """One row per catalogue indicator and level, with its definition and the share of territories that have a
    value (``coverage`` is the manifest's « couverture »: level → indicator → counts)."""
    rows = []
    for indicator in CATALOGUE:
        for level in indicator.levels:
            counts = coverage.get(level, {}).get(indicator.id)
            # The definition second: it is what a reader comes for, and it must not sit off-screen.
            rows.append(
                {
                    "Indicateur": indicator.label,
                    "Définition": indicator.definition,
                    "Niveau": LEVEL_LABELS[level],
                    "Thème": THEME_LABELS[indicator.theme],
                    "Unité": indicator.unit,
                    "Millésime": indicator.vintage,
                    "Sens pour l'accueil": DIRECTION_LABELS[indicator.higher_is_better],
                    "Couverture (%)": round(100 * counts["part"], 1) if counts else None,
                }
            )
    return pd.DataFrame(rows)
