"""The indicator catalogue: what each figure in the snapshot means, where it comes from and which way is good.

The build writes one column per indicator id into ``geodata/indicators_<level>.parquet``; everything on screen (labels,
units, vintages, directions used by scoring) is read from here, so a figure never appears without its meaning.
Each theme keeps its entries in its own module.
"""

from __future__ import annotations

from collections.abc import Collection

from emile.indicators import contexte, emploi, logement, services
from emile.indicators.model import LEVEL_LABELS, LEVELS, SCORED_THEMES, THEME_LABELS, Indicator, Level, Theme

CATALOGUE: tuple[Indicator, ...] = emploi.INDICATORS + logement.INDICATORS + services.INDICATORS + contexte.INDICATORS

__all__ = [
    "CATALOGUE",
    "LEVELS",
    "LEVEL_LABELS",
    "SCORED_THEMES",
    "THEME_LABELS",
    "Indicator",
    "Level",
    "Theme",
    "for_level",
    "get",
    "scorable",
]


def get(indicator_id: str) -> Indicator:
    """The catalogue entry for ``indicator_id``; KeyError names the unknown id."""
    for indicator in CATALOGUE:
        if indicator.id == indicator_id:
            return indicator
    raise KeyError(f"Indicateur inconnu : {indicator_id}")


def for_level(level: Level, theme: Theme | None = None) -> list[Indicator]:
    """Indicators available at ``level``, optionally restricted to one theme, in catalogue order."""
    return [i for i in CATALOGUE if level in i.levels and (theme is None or i.theme == theme)]


def scorable(level: Level, columns: Collection[str]) -> list[Indicator]:
    """Indicators of ``level`` that can rank territories (they have a direction) and whose figures are in the
    snapshot (``columns`` of the level's table): the criteria every ranking starts from."""
    return [i for i in for_level(level) if i.higher_is_better is not None and i.id in columns]
