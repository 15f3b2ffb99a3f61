"""What a territory briefing says, as plain frozen data.

The page and the PDF both render one ``Briefing``; neither computes a figure of its own, so the sheet on screen and
the printed one cannot disagree. Missing values are ``None`` (never 0) and are written out as missing by the renderers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import shapely

from emile.geography import ProgrammeStatus
from emile.maps.classes import Classification
from emile.medians import Median


@dataclass(frozen=True)
class KeyFigure:
    """One indicator of the territory beside the medians of all départements and of those of its région, each with
    the number of départements behind it (no median below ``emile.medians.MIN_VALUES``: a région of 4 départements).
    ``secret_cells`` counts the statistical-secrecy cells left out of the figure (so a sum is a lower bound);
    ``low``/``high`` are the range secrecy leaves around a share (None when the figure has none)."""

    indicator_id: str
    label: str
    unit: str
    vintage: str
    source_id: str
    value: float | None
    national_median: Median
    regional_median: Median
    secret_cells: int = 0
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class ThemeFigures:
    theme: str
    label: str
    figures: tuple[KeyFigure, ...]


@dataclass(frozen=True)
class Occupation:
    """A BMO occupation: recruitment projects, share judged difficult, and the change since the previous comparable
    survey. ``None`` where the published cells do not give the figure."""

    code: str
    label: str
    projects: float
    difficult_share: float | None
    previous_projects: float | None
    change_percent: float | None
    secret_cells: int


@dataclass(frozen=True)
class OccupationTable:
    year: int
    nomenclature: str
    previous_year: int | None
    rows: tuple[Occupation, ...]
    note: str


@dataclass(frozen=True)
class ThemeScore:
    """A theme's share of the score: ``contribution`` (sum of weight × normalised value) out of ``weight``;
    ``None`` when the territory is not ranked."""

    theme: str
    label: str
    weight: float
    contribution: float | None


@dataclass(frozen=True)
class ScoreSummary:
    preset_label: str
    method_label: str
    rank: int | None
    ranked_count: int
    score: float | None
    themes: tuple[ThemeScore, ...]
    sentence: str


@dataclass(frozen=True)
class PlacementFacts:
    """Households and people installed in the département, as the public may see them: ``None`` when the count is
    suppressed (below the threshold or recoverable by subtraction). ``fictitious`` marks the demo cohort,
    ``recorded`` says there are published figures at all, ``published_on`` the date of the release they come from
    (None for the demo cohort), ``unavailable`` that the store could not be read."""

    households: int | None
    people: int | None
    threshold: int
    fictitious: bool
    recorded: bool
    published_on: date | None = None
    unavailable: bool = False


@dataclass(frozen=True)
class SourceLine:
    source_id: str
    publisher: str
    title: str
    vintage: str
    licence: str
    page: str


@dataclass(frozen=True)
class BriefingMap:
    """The département's communes coloured by the headline indicator, with the départements around it.

    ``communes``: code, nom, value, classe (index into ``classification.entries``, -1 when missing), geometry
    (simplified for drawing). ``outline``: the département's border, the union of those communes. ``surroundings``:
    départements in view with code, nom, status, status_label, geometry. ``bounds``: the view (min lon, min lat,
    max lon, max lat). The frames are shared, not copied: renderers must not modify them.
    """

    indicator_id: str
    label: str
    unit: str
    vintage: str
    communes: gpd.GeoDataFrame
    outline: shapely.Geometry
    surroundings: gpd.GeoDataFrame
    classification: Classification
    bounds: tuple[float, float, float, float]


@dataclass(frozen=True)
class Briefing:
    code: str
    name: str
    region_code: str
    region_name: str
    population: KeyFigure
    population_trend: KeyFigure
    status: ProgrammeStatus
    status_label: str
    snapshot_date: date
    themes: tuple[ThemeFigures, ...]
    occupations: OccupationTable
    score: ScoreSummary
    placements: PlacementFacts
    map: BriefingMap
    sources: tuple[SourceLine, ...]

    @property
    def title(self) -> str:
        return f"{self.name} ({self.code})"
