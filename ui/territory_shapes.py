"""Shapes of the territories of a level, as the maps draw them (simplified, shrunk so a white border shows), cached
per snapshot: the départements of metropolitan France, or the bassins d'emploi, EPCI and communes of chosen
départements."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import pandas as pd

from emile import geography
from emile.formatting import number
from emile.indicators import Level
from emile.maps import geometry, overlay
from ui import data, map_data
from ui.cache import by_snapshot

# Levels made of whole communes: the snapshot table of their shapes, and how a list of them is named.
ZONE_TABLES = {"bassin": "bassins", "epci": "epci"}
ZONE_NAMES = {"bassin": "bassins d'emploi", "epci": "EPCI"}


@by_snapshot(max_entries=64)
def zones_of(level: str, departements: tuple[str, ...]) -> gpd.GeoDataFrame:
    """The bassins d'emploi or EPCI (``level``) with at least one commune in one of ``departements``, shrunk for
    a map: code, nom, geometry."""
    shapes = data.geotable(ZONE_TABLES[level])
    chosen = pd.concat([overlay.bassins_of(shapes, code) for code in departements]).drop_duplicates("code")
    return geometry.for_commune_view(
        chosen[["code", "nom", "geometry"]].reset_index(drop=True), geometry.COMMUNE_GAP_DEG
    )


def of_ranking(level: Level, departements: Sequence[str]) -> tuple[gpd.GeoDataFrame, str]:
    """The shapes to colour for a ranking at ``level`` (code, nom, geometry), and which territories they are, in
    French."""
    if level == "departement":
        fills = data.departement_fills()
        shown = fills[~fills["code"].map(geography.is_overseas)][["code", "nom", "geometry"]]
        return shown, "les départements métropolitains (outre-mer dans le tableau)"
    codes = tuple(sorted(departements))
    if level in ZONE_TABLES:
        shapes = zones_of(level, codes)
        return shapes, f"les {number(len(shapes))} {ZONE_NAMES[level]} des départements choisis"
    shapes = pd.concat([map_data.departement_communes(code) for code in codes], ignore_index=True)
    return gpd.GeoDataFrame(shapes[["code", "nom", "geometry"]], geometry="geometry"), (
        f"les {number(len(shapes))} communes des départements choisis"
    )
