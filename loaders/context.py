"""What every source module receives during a build: where its input files are, the current communes, and a
place to record what it read, kept and could not map (which becomes the manifest)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from loaders.errors import SourceError
from loaders.fetch import FetchPolicy, fetch, sha256_of

if TYPE_CHECKING:
    import geopandas as gpd

    from loaders.cog import CommuneCodes
    from loaders.zoning import Bassins


@dataclass(frozen=True)
class SourceSpec:
    """One public file, as declared in ``config.toml`` under ``[sources.<id>]``."""

    id: str
    editeur: str
    titre: str
    millesime: str
    licence: str
    page: str
    url: str
    fichier: str

    @classmethod
    def from_config(cls, source_id: str, table: dict[str, Any]) -> SourceSpec:
        missing = [
            key
            for key in ("editeur", "titre", "millesime", "licence", "page", "url", "fichier")
            if not isinstance(table.get(key), str)
        ]
        if missing:
            raise ValueError(f"config.toml : clé « sources.{source_id}.{missing[0]} » absente ou non textuelle")
        return cls(
            id=source_id,
            **{k: table[k] for k in ("editeur", "titre", "millesime", "licence", "page", "url", "fichier")},
        )


@dataclass
class SourceRecord:
    """What the build did with one source; serialised into ``manifest.json``."""

    spec: SourceSpec
    sha256: str
    origin: str
    rows_read: int = 0
    rows_kept: int = 0
    unmapped_codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class ThemeTables:
    """A source module's output: indicator columns per level (index = territory code) and extra tables
    (e.g. métiers) written as ``geodata/<name>.parquet``."""

    levels: dict[str, pd.DataFrame] = field(default_factory=dict)
    extras: dict[str, pd.DataFrame] = field(default_factory=dict)


class BuildContext:
    """Resolves source files (local raw folder first, else download into the cache) and collects records."""

    def __init__(
        self,
        specs: dict[str, SourceSpec],
        raw_dir: Path | None,
        cache_dir: Path,
        download: bool = False,
        policy: FetchPolicy = FetchPolicy(),
    ):
        self.specs = specs
        self.raw_dir = raw_dir
        self.cache_dir = cache_dir
        self.download = download
        self.policy = policy
        self.records: dict[str, SourceRecord] = {}
        self.communes: gpd.GeoDataFrame | None = None
        self.codes: CommuneCodes | None = None
        self.bassins: Bassins | None = None  # commune → bassin d'emploi, read once by zoning.read_bassins
        self._resolved: dict[str, Path] = {}

    def spec(self, source_id: str) -> SourceSpec:
        try:
            return self.specs[source_id]
        except KeyError as exc:
            raise KeyError(f"config.toml : source « sources.{source_id} » non déclarée") from exc

    def path(self, source_id: str) -> Path:
        """The input file for ``source_id``, checksummed once and registered for the manifest."""
        spec = self.spec(source_id)
        if source_id in self.records:
            return self._resolved[source_id]
        if self.download:
            result = fetch(spec.url, self.cache_dir / spec.fichier, self.policy)
            path, origin = result.path, "cache (téléchargement échoué)" if result.from_cache_after_failure else spec.url
        else:
            if self.raw_dir is None:
                raise SourceError(spec.fichier, "aucun dossier de données brutes indiqué (--raw-dir) ni --download")
            path, origin = self.raw_dir / spec.fichier, "fichier local"
            if not path.exists():
                raise SourceError(path, f"fichier introuvable dans {self.raw_dir}")
        self.records[source_id] = SourceRecord(spec=spec, sha256=sha256_of(path), origin=origin)
        self._resolved[source_id] = path
        return path

    def record(
        self,
        source_id: str,
        *,
        rows_read: int,
        rows_kept: int,
        unmapped_codes: list[str] | None = None,
        note: str | None = None,
    ) -> None:
        """Add counts for ``source_id`` (call after parsing). Counts add up when a source is read in parts."""
        record = self.records[source_id]
        record.rows_read += rows_read
        record.rows_kept += rows_kept
        if unmapped_codes:
            record.unmapped_codes = sorted(set(record.unmapped_codes) | {str(c) for c in unmapped_codes})
        if note:
            record.notes.append(note)
