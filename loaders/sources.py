"""The public files of a build: where each one is read from (the local raw folder, or the publisher's URL through the
download cache) and what the build did with it, which becomes the « sources » part of ``manifest.json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from emile.config import DownloadSettings, SourceSpec
from loaders.errors import SourceError
from loaders.fetch import fetch, sha256_of


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


class SourceFiles:
    """Resolves source files (the local raw folder, or a download into the cache) and collects their records."""

    def __init__(
        self,
        specs: Mapping[str, SourceSpec],
        raw_dir: Path | None,
        cache_dir: Path,
        download: bool = False,
        policy: DownloadSettings | None = None,
    ):
        self.specs = dict(specs)
        self.raw_dir = raw_dir
        self.cache_dir = cache_dir
        self.download = download
        self.policy = policy or DownloadSettings()
        self.records: dict[str, SourceRecord] = {}
        self._resolved: dict[str, Path] = {}

    def spec(self, source_id: str) -> SourceSpec:
        try:
            return self.specs[source_id]
        except KeyError as exc:
            raise KeyError(f"config.toml : source « sources.{source_id} » non déclarée") from exc

    def path(self, source_id: str) -> Path:
        """The input file for ``source_id``, checksummed once and registered for the manifest."""
        if source_id in self._resolved:
            return self._resolved[source_id]
        spec = self.spec(source_id)
        if self.download:
            result = fetch(spec.url, self.cache_dir / spec.file, self.policy)
            path, origin = result.path, "cache (téléchargement échoué)" if result.from_cache_after_failure else spec.url
        else:
            if self.raw_dir is None:
                raise SourceError(spec.file, "aucun dossier de données brutes indiqué (--raw-dir) ni --download")
            path, origin = self.raw_dir / spec.file, "fichier local"
            if not path.exists():
                raise SourceError(path, f"fichier introuvable dans {self.raw_dir}")
        self.records[source_id] = SourceRecord(spec=spec, sha256=sha256_of(path), origin=origin)
        self._resolved[source_id] = path
        return path

    def record(
        self,
        source_id: str,
        *,
        rows_read: int = 0,
        rows_kept: int = 0,
        unmapped_codes: list[str] | None = None,
        note: str | None = None,
    ) -> None:
        """Add counts or a note for ``source_id`` (after ``path``). Counts add up when a source is read in parts."""
        record = self.records[source_id]
        record.rows_read += rows_read
        record.rows_kept += rows_kept
        if unmapped_codes:
            record.unmapped_codes = sorted(set(record.unmapped_codes) | {str(c) for c in unmapped_codes})
        if note:
            record.notes.append(note)
