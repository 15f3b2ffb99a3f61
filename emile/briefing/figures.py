"""Key figures of a département, each beside the median of all départements and of the départements of its région
(``emile.medians``: with their count, none below five values)."""

from __future__ import annotations

import math

import pandas as pd

from emile import indicators
from emile.briefing.model import KeyFigure, ThemeFigures
from emile.indicators.bounds import bounds_at
from emile.medians import median

# The figures a prefect is shown, per theme, in reading order. Every id is a catalogue entry; ids absent from the
# snapshot are skipped rather than shown empty.
KEY_FIGURES: dict[str, tuple[str, ...]] = {
    "emploi": (
        "bmo_projets",
        "bmo_projets_pour_1000",
        "bmo_part_difficiles",
        "bmo_part_saisonniers",
        "bmo_evolution_2023_2025",
        "dares_tension_2019",
        "chomage_departement",
    ),
    "logement": (
        "lovac_vacants",
        "lovac_taux_vacance",
        "rpls_logements_sociaux",
        "rpls_logements_vacants",
        "rpls_taux_vacance",
        "loyer_m2",
    ),
    "services": (
        "part_pop_pharmacie_plus_5km",
        "part_pop_grande_surface_plus_10km",
        "part_pop_ecole_plus_5km",
        "part_pop_gare_plus_10km",
        "part_pop_france_services_plus_10km",
    ),
}


def departement_vintage(vintage: str) -> str:
    """The département part of a catalogue vintage that names one per level, e.g. ``LOVAC 2024 (départements) ;
    01/01/2021 (communes)`` → ``LOVAC 2024``."""
    for part in vintage.split(" ; "):
        if part.endswith("(départements)"):
            return part.removesuffix("(départements)").strip()
    return vintage


def _value(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)


def key_figure(frame: pd.DataFrame, region_of: pd.Series, code: str, indicator_id: str) -> KeyFigure:
    """``frame``: département indicators (index code); ``region_of``: région code per département code."""
    indicator = indicators.get(indicator_id)
    column = frame[indicator_id]
    peers = region_of[region_of == region_of.get(code)].index
    secret_column = f"{indicator_id}__secret"
    secret = frame.at[code, secret_column] if secret_column in frame else 0
    return KeyFigure(
        indicator_id=indicator_id,
        label=indicator.label,
        unit=indicator.unit,
        vintage=departement_vintage(indicator.vintage),
        source_id=indicator.source_id,
        value=_value(column.get(code)),
        national_median=median(column),
        regional_median=median(column.reindex(peers)),
        secret_cells=0 if pd.isna(secret) or math.isclose(float(secret), 0) else int(secret),
        **dict(zip(("low", "high"), bounds_at(frame, code, indicator_id), strict=True)),
    )


def theme_figures(frame: pd.DataFrame, region_of: pd.Series, code: str) -> tuple[ThemeFigures, ...]:
    return tuple(
        ThemeFigures(
            theme,
            indicators.THEME_LABELS[theme],
            tuple(key_figure(frame, region_of, code, i) for i in ids if i in frame),
        )
        for theme, ids in KEY_FIGURES.items()
    )
