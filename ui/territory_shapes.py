"""Shapes of the territories of a level, as the maps draw them (simplified, shrunk so a white border shows), cached
per snapshot: the départements of metropolitan France, or the bassins d'emploi and communes of chosen départements."""

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


@by_snapshot(max_entries=64)
def _bassins(departements: tuple[str, ...]) -> gpd.GeoDataFrame:
    shapes = data.geotable("bassins")
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
    if level == "bassin":
        shapes = _bassins(codes)
        return shapes, f"les {number(len(shapes))} bassins d'emploi des départements choisis"
    shapes = pd.concat([map_data.departement_communes(code) for code in codes], ignore_index=True)
    return gpd.GeoDataFrame(shapes[["code", "nom", "geometry"]], geometry="geometry"), (
        f"les {number(len(shapes))} communes des départements choisis"
    )
