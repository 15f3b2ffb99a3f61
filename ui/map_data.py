"""Cached geometry and lookups for the « Carte » page.

One département's communes are simplified the first time it is opened and kept for the life of the process
(``st.cache_resource``: no copy on a hit), so drilling down again, or changing an indicator, re-sends colours only
after a dictionary lookup. Callers must not mutate what they get.
"""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import streamlit as st

from emile import commune_search, maps, overlay_map, snapshot
from ui import data


def _for_display(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return frame.assign(geometry=maps.display_geometry(frame.geometry, overlay_map.COMMUNE_TOLERANCE_DEG,
                                                       overlay_map.COMMUNE_PRECISION))


@st.cache_resource(show_spinner=False, max_entries=128)
def departement_communes(code: str) -> gpd.GeoDataFrame:
    """The communes of département ``code``: code, nom, population, town-hall lon/lat and simplified geometry."""
    communes = data.communes()
    return _for_display(communes.loc[communes["departement"] == code,
                                     ["code", "nom", "population", "lon", "lat", "geometry"]].reset_index(drop=True))


@st.cache_resource(show_spinner=False, max_entries=128)
def departement_bassins(code: str) -> gpd.GeoDataFrame:
    """The bassins d'emploi reaching into département ``code``, simplified like its communes."""
    return _for_display(overlay_map.bassins_of(_bassins(), code).reset_index(drop=True))


@st.cache_resource(show_spinner=False)
def _bassins() -> gpd.GeoDataFrame:
    return snapshot.load_geotable("bassins")


@st.cache_resource(show_spinner=False)
def commune_departements() -> dict[str, str]:
    """Commune code → département code, to open a link or a search result in the right département."""
    communes = data.communes()
    return dict(zip(communes["code"], communes["departement"]))


@st.cache_resource(show_spinner=False)
def search_table() -> tuple[pd.DataFrame, pd.Series]:
    """The communes as the search reads them, with their normalised names computed once."""
    table = pd.DataFrame(data.communes()[["code", "nom", "departement", "population"]])
    return table, commune_search.search_key(table["nom"])


@st.cache_resource(show_spinner=False)
def france_services() -> pd.DataFrame:
    return snapshot.load_table("france_services")
