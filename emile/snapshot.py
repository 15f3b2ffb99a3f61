"""Read the committed ``geodata/`` snapshot: tables, indicators and the manifest that says where they come from.

The folder can be redirected with the ``EMILE_GEODATA_DIR`` environment variable (tests use small fixture
snapshots this way). Readers are plain functions; the app wraps them in ``st.cache_resource`` so each table is read
once per process and never copied on a cache hit.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from emile.config import PROJECT_ROOT
from emile.indicators import Level


class SnapshotError(RuntimeError):
    """The snapshot is missing or incomplete; the message says which file and how to rebuild."""


def geodata_dir() -> Path:
    return Path(os.environ.get("EMILE_GEODATA_DIR", PROJECT_ROOT / "geodata"))


def _path(name: str, root: Path | None) -> Path:
    path = (root or geodata_dir()) / name
    if not path.exists():
        raise SnapshotError(f"Fichier de données absent : {path}. Reconstruisez l'instantané avec « make data ».")
    return path


def load_manifest(root: Path | None = None) -> dict[str, Any]:
    return json.loads(_path("manifest.json", root).read_text(encoding="utf-8"))


def load_geotable(name: str, root: Path | None = None) -> gpd.GeoDataFrame:
    """A GeoParquet table of the snapshot (``communes``, ``departements``, ``regions``, ``bassins``)."""
    return gpd.read_parquet(_path(f"{name}.parquet", root))


def load_table(name: str, root: Path | None = None) -> pd.DataFrame:
    """A plain parquet table of the snapshot (e.g. ``bmo_metiers``, ``france_services``)."""
    return pd.read_parquet(_path(f"{name}.parquet", root))


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
