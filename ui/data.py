"""Cached access to the configuration, the snapshot and the placement store, for every page.

``st.cache_resource`` rather than ``st.cache_data``: the tables are immutable for the life of the process and
cache_data would copy them on every hit (over a second for the communes). Callers must not mutate what they get.
Snapshot tables are keyed by the snapshot folder (``ui.cache.by_snapshot``), and what is read from the store by the
store's version, so an import shows at the next rerun.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from emile import geography, snapshot
from emile.config import ProgrammeConfig, config_path, load_config
from emile.indicators import Level
from emile.maps import geometry
from emile.placements.public import PlacementSource, placement_source
from emile.placements.store import Store, database_url, open_store
from ui.cache import by_snapshot


def config() -> ProgrammeConfig:
    return _config(str(config_path()))


@st.cache_resource(show_spinner=False)
def _config(path: str) -> ProgrammeConfig:
    return load_config(Path(path))


@by_snapshot()
def manifest() -> dict[str, Any]:
    return snapshot.load_manifest()


@by_snapshot(spinner="Chargement des communes…")
def communes() -> gpd.GeoDataFrame:
    return geography.load_communes()


@by_snapshot()
def departements() -> gpd.GeoDataFrame:
    return geography.load_departements()


@by_snapshot()
def indicators(level: Level) -> pd.DataFrame:
    return snapshot.load_indicators(level)


@by_snapshot()
def table(name: str) -> pd.DataFrame:
    """A plain table of the snapshot (``france_services``, ``bmo_metiers``…)."""
    return snapshot.load_table(name)


@by_snapshot()
def geotable(name: str) -> gpd.GeoDataFrame:
    """A geometry table of the snapshot (``bassins``…)."""
    return snapshot.load_geotable(name)


@by_snapshot()
def departements_for_display() -> gpd.GeoDataFrame:
    """Départements with geometry simplified for the national view, joined with their programme status."""
    frame = departements().copy()
    frame["geometry"] = geometry.display_geometry(
        frame.geometry, geometry.NATIONAL_TOLERANCE_DEG, geometry.NATIONAL_PRECISION
    )
    return frame.join(geography.status_table(config(), frame["code"]), on="code")


@by_snapshot()
def departement_fills() -> gpd.GeoDataFrame:
    """``departements_for_display`` shrunk by ``NATIONAL_GAP_DEG``: filled side by side, they show a thin white
    border."""
    return geometry.with_gap(departements_for_display(), geometry.NATIONAL_GAP_DEG, geometry.NATIONAL_PRECISION)


def store() -> Store:
    """The placement store of ``DATABASE_URL`` (or the local SQLite file), opened and migrated once."""
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)


def store_state() -> tuple[str, int]:
    """Which store, and at which version: the cache key of anything computed from it."""
    url = database_url()
    return url, _store(url).version()


def placements(threshold: int) -> PlacementSource:
    """The placement tables published with ``threshold`` (0 for a planner), recomputed when the store changes."""
    return _placements(*store_state(), threshold)


@by_snapshot(spinner="Calcul des agrégats…", max_entries=8)
def _placements(url: str, version: int, threshold: int) -> PlacementSource:
    targets = config().placements.targets.departements
    return placement_source(_store(url), communes(), threshold, targets)
