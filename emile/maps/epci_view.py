"""The EPCI level of the « Carte »: the intercommunalités of one département as a choropleth (``epci_scene``), and
their outlines over the communes of the communes view (``epci_outlines``).

Built from ``emile.maps.overlay``'s pieces (faded neighbours to click, programme outlines, the chosen territory
outlined, one view-fitting rule), so both views of a département look and behave alike.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd
import pydeck as pdk

from emile.formatting import number
from emile.maps import deck, overlay
from emile.maps.view import fit_view

EPCI_OUTLINE = (110, 60, 140)
EPCI_OUTLINE_PX = 1.6


def epci_outlines(epci: gpd.GeoDataFrame) -> pdk.Layer:
    """The EPCI's borders, drawn over the communes so an elected official sees which communes act together."""
    return deck.outline_layer("epci", epci, EPCI_OUTLINE, EPCI_OUTLINE_PX)


def epci_scene(
    epci: gpd.GeoDataFrame,
    bounds: Iterable[float],
    neighbours: gpd.GeoDataFrame,
    surroundings: gpd.GeoDataFrame,
    *,
    neighbours_id: str,
    chosen: str | None = None,
) -> overlay.Scene:
    """The EPCI with at least one commune in a département (shrunk fills: code, nom, geometry), its faded
    neighbours to click (layer ``neighbours_id``) and the programme outlined; the chosen EPCI outlined."""
    below = (overlay.neighbours_layer(neighbours_id, neighbours),)
    above = list(overlay.context_layers(surroundings))
    if chosen:
        above.append(deck.outline_layer("epci_choisi", epci[epci["code"] == chosen], overlay.SELECTED_OUTLINE, 3))
    view = fit_view(bounds, overlay.MAP_WIDTH_PX, overlay.MAP_HEIGHT_PX, overlay.FIT_PADDING)
    scope = f"les {number(len(epci))} EPCI ayant au moins une commune dans le département"
    return overlay.Scene(epci, "epci", view, scope, below, tuple(above))
