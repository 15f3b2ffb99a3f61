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


def _for_display(frame: gpd.GeoDataFrame, gap: float = 0.0) -> gpd.GeoDataFrame:
    return frame.assign(
        geometry=maps.display_geometry(
            frame.geometry, overlay_map.COMMUNE_TOLERANCE_DEG, overlay_map.COMMUNE_PRECISION, gap
        )
    )


@st.cache_resource(show_spinner=False, max_entries=128)
def departement_communes(code: str) -> gpd.GeoDataFrame:
    """The communes of département ``code``: code, nom, population, town-hall lon/lat and simplified geometry."""
    communes = data.communes()
    return _for_display(
        communes.loc[
            communes["departement"] == code, ["code", "nom", "population", "lon", "lat", "geometry"]
        ].reset_index(drop=True),
        overlay_map.COMMUNE_GAP_DEG,
    )


@st.cache_resource(show_spinner=False, max_entries=128)
def departement_bassins(code: str) -> gpd.GeoDataFrame:
    """The bassins d'emploi reaching into département ``code``, simplified like its communes."""
    return _for_display(overlay_map.bassins_of(_bassins(), code).reset_index(drop=True))


@st.cache_resource(show_spinner=False, max_entries=128)
def surroundings(code: str) -> gpd.GeoDataFrame:
    """Département ``code`` and those touching it, as drawn on national maps (with ``statut``)."""
    return overlay_map.surrounding(data.departements_for_display(), code)


@st.cache_resource(show_spinner=False, max_entries=128)
def neighbours(code: str) -> gpd.GeoDataFrame:
    """The départements touching ``code``, shrunk like the communes so that a thin border shows between them."""
    around = surroundings(code)
    return maps.with_gap(around[around["code"] != code], overlay_map.COMMUNE_GAP_DEG, overlay_map.COMMUNE_PRECISION)


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
