"""The public files of a build: where each one is read from (the local raw folder, or the publisher's URL through the
download cache) and what the build did with it, which becomes the « sources » part of ``manifest.json``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from emile.config import DownloadSettings, SourceSpec
from loaders.errors import SourceError
from loaders.fetch import fetch, sha256_of

# What a quality entry can be: a value replaced by a better-founded one, a value set aside as implausible or not
# attributable, a break in a time series, a sum that misses secret parts, a comparison that is not like with like.
QUALITY_KINDS = ("correction", "exclusion", "rupture de série", "somme partielle", "non comparable")
QUALITY_LISTED = 50


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
        self.quality: list[dict[str, object]] = []
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

    def flag(self, source_id: str, kind: str, rule: str, codes: list[str], **details: object) -> None:
        """Record a data-quality action on ``source_id`` for the manifest's « qualite » list and the sources page:
        ``kind`` is one of ``QUALITY_KINDS``, ``rule`` says in French what was done and why, ``codes`` the
        territories (or years) it touched. Recorded even when nothing matched, so the page shows the rule ran."""
        if kind not in QUALITY_KINDS:
            raise ValueError(f"type de contrôle qualité inconnu « {kind} »")
        self.quality.append(
            {
                "source": source_id,
                "type": kind,
                "regle": rule,
                "nombre": len(codes),
                "codes": [str(c) for c in codes[:QUALITY_LISTED]],
                **details,
            }
        )
