"""The screen map of the « Fiche territoire »: the briefing's own classes and geometry, drawn with deck.gl so that
the sheet on screen and the printed one show the same communes in the same colours."""

from __future__ import annotations

import geopandas as gpd
import pydeck as pdk

from emile.briefing import text
from emile.briefing.model import BriefingMap
from emile.maps import deck
from emile.maps.geometry import COMMUNE_GAP_DEG, COMMUNE_PRECISION, with_gap
from emile.maps.view import fit_view

TOOLTIP = "<b>{nom}</b><br/>{value_label}"
OUTLINE = (22, 22, 22)
# Neighbouring départements: darker grey when they take part in the programme.
SURROUNDING_COLOURS = {True: [200, 200, 200, 255], False: [240, 240, 240, 255]}


def briefing_deck(territory: BriefingMap, width_px: float, height_px: float) -> pdk.Deck:
    """The département's communes coloured by their class (shrunk, so a thin white border shows between them), its
    neighbours in grey and its outline on top."""
    classification = territory.classification
    colours = [
        deck.rgb_list(classification.entries[c].colour if c >= 0 else classification.missing_colour)
        for c in territory.communes["classe"]
    ]
    communes = with_gap(territory.communes, COMMUNE_GAP_DEG, COMMUNE_PRECISION).assign(
        fill=colours, value_label=[text.value_text(v, territory.unit) for v in territory.communes["value"]]
    )
    around = with_gap(territory.surroundings, COMMUNE_GAP_DEG, COMMUNE_PRECISION).assign(
        fill=[SURROUNDING_COLOURS[s != "autre"] for s in territory.surroundings["status"]]
    )
    layers = [
        deck.polygon_layer("neighbours", around, ["nom", "status_label"], pickable=False),
        deck.polygon_layer("communes", communes, ["nom", "value_label"]),
        deck.outline_layer("contour", gpd.GeoDataFrame(geometry=[territory.outline]), OUTLINE, 2.5),
    ]
    return deck.deck(layers, fit_view(territory.bounds, width_px, height_px, padding=0.93), TOOLTIP)
