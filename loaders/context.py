"""What every theme module receives during a build, complete from the start: the source files, the current communes,
the commune-code history and the commune → bassin d'emploi table that every theme adds communes up with."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from loaders import zoning
from loaders.cog import CommuneCodes
from loaders.sources import SourceFiles, SourceRecord


@dataclass
class ThemeTables:
    """A theme module's output: indicator columns per level (index = territory code) and extra tables
    (e.g. métiers) written as ``geodata/<name>.parquet``."""

    levels: dict[str, pd.DataFrame] = field(default_factory=dict)
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass(frozen=True)
class BuildContext:
    files: SourceFiles
    communes: gpd.GeoDataFrame
    codes: CommuneCodes
    bassins: zoning.Bassins

    @classmethod
    def create(cls, files: SourceFiles, communes: gpd.GeoDataFrame, codes: CommuneCodes) -> BuildContext:
        """Read the commune → bassin table once, so bassin figures of every theme cover the same communes."""
        return cls(files, communes, codes, zoning.read_bassins(files, codes, communes))

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
        """The build's communes indexed by code, with their ``bassin`` (missing for a commune outside the table)."""
        communes = self.communes.set_index("code")
        return communes.assign(bassin=communes.index.map(self.bassins.of_commune).astype("string"))
