"""A commune's panel: each chosen indicator's value beside the median of its département's communes and the
national median of all communes (each with the number of communes behind it), so an elected official sees at once
how the commune stands; and the BMO recruitment figures of its bassin d'emploi, since BMO is published by bassin only
(a mayor must see they are the bassin's values, not the commune's)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from emile import indicators
from emile.indicators.summary import KeyFigure, key_figures
from emile.medians import Median, median
from emile.place_names import of_place

# The bassin's recruitment figures shown on a commune's panel, in reading order (catalogue ids of the bassin level).
BASSIN_FIGURES: tuple[str, ...] = (
    "bmo_projets",
    "bmo_projets_pour_1000",
    "bmo_part_difficiles",
    "bmo_part_saisonniers",
    "bmo_evolution_2023_2025",
)
# Sums of the published cells only: with secret cells left out, the figure is a lower bound and says so.
LOWER_BOUNDS = ("bmo_projets", "bmo_projets_pour_1000")
AT_LEAST = "au moins"


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


@dataclass(frozen=True)
class BassinProfile:
    """The recruitment figures of the bassin d'emploi a commune belongs to: each value written with the range
    secrecy leaves around it, « au moins » before a sum that leaves secret cells out, and beside the median of all
    bassins (``emile.indicators.summary``)."""

    code: str
    name: str
    figures: tuple[KeyFigure, ...]

    @property
    def title(self) -> str:
        return f"Recrutements dans le bassin d'emploi {of_place(self.name)} (valeurs du bassin)"


def bassin_profile(places: pd.DataFrame, bassins: pd.DataFrame, code: str) -> BassinProfile | None:
    """The bassin figures of commune ``code``. ``places`` gives each commune's ``bassin`` (``emile.offers.places``,
    the one commune → bassin rule of the app); ``bassins`` is the bassin indicator table (index code, ``nom``).
    ``None`` when the commune has no bassin in the snapshot."""
    bassin = places["bassin"].get(code) if code in places.index else None
    if bassin is None or pd.isna(bassin) or bassin not in bassins.index:
        return None
    figures = [
        replace(f, value=f"{AT_LEAST} {f.value}") if _has_secret_cells(bassins, bassin, f.indicator_id) else f
        for f in key_figures(bassins, bassin, BASSIN_FIGURES)
    ]
    return BassinProfile(str(bassin), str(bassins.at[bassin, "nom"]), tuple(figures))


def _has_secret_cells(table: pd.DataFrame, code: str, indicator_id: str) -> bool:
    column = f"{indicator_id}__secret"
    if indicator_id not in LOWER_BOUNDS or column not in table.columns or pd.isna(table.at[code, indicator_id]):
        return False
    secret = table.at[code, column]
    return not pd.isna(secret) and secret > 0
