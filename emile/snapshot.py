"""Read the committed ``geodata/`` snapshot: tables, indicators and the manifest that says where they come from.

The folder can be redirected with the ``EMILE_GEODATA_DIR`` environment variable (tests use small fixture
snapshots this way). Readers are plain functions; the app wraps them in ``st.cache_resource`` so each table is read
once per process and never copied on a cache hit.

A broken snapshot is said in French, naming the file and the key or column: the manifest is validated when read
(``Manifest``), ``check_files`` compares every file it lists with its recorded size and SHA-256 (a truncated or
replaced table is caught at start-up), and a table that cannot be read or lacks a column the app needs raises
``SnapshotError`` too, never a parser's exception.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

import geopandas as gpd
import pandas as pd
import pyarrow
from pydantic import BaseModel, ConfigDict, ValidationError

from emile.config import PROJECT_ROOT
from emile.config.base import french_errors
from emile.indicators import Level

REBUILD = "Reconstruisez l'instantané avec « make data »."
# Columns of the tables every screen reads, checked when they are read.
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "communes": ("code", "nom", "departement", "region", "epci", "population", "lon", "lat", "geometry"),
    "departements": ("code", "nom", "region", "population", "geometry"),
    "regions": ("code", "nom", "geometry"),
}
T = TypeVar("T", bound=pd.DataFrame)


class SnapshotError(RuntimeError):
    """The snapshot is missing or incomplete; the message says which file (and key or column) and how to rebuild."""


class _Entry(BaseModel):
    """A table of the manifest: the keys the app reads are required, others are kept as they are."""

    model_config = ConfigDict(extra="allow")


class _Geography(_Entry):
    paquet: str
    version: str
    editeur: str
    licence: str
    page: str
    communes: int
    departements: int
    regions: int
    communes_completees_par_communes_deleguees: list[str]
    communes_sans_contour: list[str]


class _Source(_Entry):
    editeur: str
    titre: str
    millesime: str
    licence: str
    page: str
    sha256: str
    lignes_lues: int
    lignes_retenues: int
    codes_non_rattaches: int


class _File(_Entry):
    octets: int
    sha256: str


class Manifest(_Entry):
    """What ``manifest.json`` must hold for the app to describe its data."""

    date_construction: datetime
    geographie: _Geography
    sources: dict[str, _Source] = {}
    couverture: dict[str, dict[str, Any]] = {}
    fichiers: dict[str, _File] = {}


def geodata_dir() -> Path:
    return Path(os.environ.get("EMILE_GEODATA_DIR", PROJECT_ROOT / "geodata"))


def _path(name: str, root: Path | None) -> Path:
    path = (root or geodata_dir()) / name
    if not path.exists():
        raise SnapshotError(f"Fichier de données absent : {path}. {REBUILD}")
    return path


def load_manifest(root: Path | None = None) -> dict[str, Any]:
    """The manifest, validated: a damaged file or a missing key is a ``SnapshotError`` naming it. Tables the
    manifest may leave out (sources, coverage, files) are there, empty."""
    path = _path("manifest.json", root)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise SnapshotError(f"{path} n'est pas un fichier texte UTF-8 (octet {error.start}). {REBUILD}") from error
    except json.JSONDecodeError as error:
        raise SnapshotError(
            f"{path} n'est pas un JSON valide (ligne {error.lineno}, colonne {error.colno} : fichier tronqué ?). "
            f"{REBUILD}"
        ) from error
    try:
        Manifest.model_validate(raw)
    except ValidationError as error:
        raise SnapshotError(f"{french_errors(error, str(path))}\n{REBUILD}") from error
    return {"sources": {}, "couverture": {}, "fichiers": {}, **raw}


def check_files(manifest: dict[str, Any], root: Path | None = None) -> None:
    """Every table the manifest lists is there, with the size and SHA-256 the build recorded: a truncated, replaced
    or half-copied table is named here rather than failing in a page."""
    for name, entry in manifest["fichiers"].items():
        path = _path(f"{name}.parquet", root)
        size = path.stat().st_size
        if size != entry["octets"] or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            raise SnapshotError(
                f"{path} ne correspond pas au manifeste ({size} octets au lieu de {entry['octets']}, ou contenu "
                f"différent) : fichier tronqué ou modifié. {REBUILD}"
            )


def _read(name: str, root: Path | None, reader: Callable[[Path], T]) -> T:
    """``reader`` on the table's file, its failures and missing columns turned into a ``SnapshotError``."""
    path = _path(f"{name}.parquet", root)
    try:
        frame = reader(path)
    except (OSError, ValueError, pyarrow.ArrowException) as error:
        raise SnapshotError(f"{path} est illisible (fichier tronqué ou endommagé). {REBUILD}") from error
    missing = [column for column in REQUIRED_COLUMNS.get(name, ()) if column not in frame.columns]
    if missing:
        raise SnapshotError(f"{path} : colonne « {missing[0]} » absente. {REBUILD}")
    return frame


def load_geotable(name: str, root: Path | None = None) -> gpd.GeoDataFrame:
    """A GeoParquet table of the snapshot (``communes``, ``departements``, ``regions``, ``bassins``)."""
    return _read(name, root, gpd.read_parquet)


def load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    """A plain parquet table of the snapshot (e.g. ``bmo_metiers``, ``france_services``)."""
    return _read(name, root, pd.read_parquet)


def has_table(name: str, root: Path | None = None) -> bool:
    return ((root or geodata_dir()) / f"{name}.parquet").exists()


def load_indicators(level: Level, root: Path | None = None) -> pd.DataFrame:
    """One row per territory of ``level`` (index ``code``), a ``nom`` column and one column per indicator.
    An empty frame when the snapshot has no indicator at that level yet."""
    if not has_table(f"indicators_{level}", root):
        return pd.DataFrame(index=pd.Index([], name="code", dtype="string"), columns=["nom"])
    return load_table(f"indicators_{level}", root)


def build_date(manifest: dict[str, Any]) -> date:
    return datetime.fromisoformat(manifest["date_construction"]).date()


def age_in_days(manifest: dict[str, Any], today: date | None = None) -> int:
    """How old the snapshot is, for the staleness banner."""
    return ((today or date.today()) - build_date(manifest)).days
