"""Cached access to configuration and snapshot for every page.

``st.cache_resource`` rather than ``st.cache_data``: the tables are immutable for the life of the process and
cache_data would copy them on every hit (over a second for the communes). Callers must not mutate what they get.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import pandas as pd
import streamlit as st

from emile import geography, maps, snapshot
from emile.config import ProgrammeConfig, load_config


@st.cache_resource(show_spinner=False)
def config() -> ProgrammeConfig:
    return load_config()


@st.cache_resource(show_spinner=False)
def manifest() -> dict[str, Any]:
    return snapshot.load_manifest()


@st.cache_resource(show_spinner="Chargement des communes…")
def communes() -> gpd.GeoDataFrame:
    return geography.load_communes()


@st.cache_resource(show_spinner=False)
def departements() -> gpd.GeoDataFrame:
    return geography.load_departements()


@st.cache_resource(show_spinner=False)
def indicators(level: str) -> pd.DataFrame:
    return snapshot.load_indicators(level)


@st.cache_resource(show_spinner=False)
def departements_for_display() -> gpd.GeoDataFrame:
    """Départements with geometry simplified for the national view, joined with their programme status."""
    frame = departements().copy()
    frame["geometry"] = maps.display_geometry(frame.geometry, maps.NATIONAL_TOLERANCE_DEG, maps.NATIONAL_PRECISION)
    status = geography.status_table(config(), frame["code"])
    return frame.join(status, on="code")


@st.cache_resource(show_spinner=False)
def departement_fills() -> gpd.GeoDataFrame:
    """``departements_for_display`` shrunk by ``maps.NATIONAL_GAP_DEG``: filled side by side, they show a thin
    white border."""
    return maps.with_gap(departements_for_display(), maps.NATIONAL_GAP_DEG, maps.NATIONAL_PRECISION)
