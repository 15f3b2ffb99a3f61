"""The home map: départements coloured by their place in the programme, the selected one outlined."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from emile import geography
from emile.formatting import number
from emile.maps import deck
from emile.maps.classes import LegendEntry
from emile.maps.view import METROPOLE

LAYER_ID = "departements"
TOOLTIP = "<b>{nom}</b> ({code})<br/>{status_label}<br/>Population : {population_text}"
SELECTED_OUTLINE = (22, 22, 22)


def shown_departements(fills: gpd.GeoDataFrame, view_key: str) -> gpd.GeoDataFrame:
    """The départements of the chosen view (metropolitan France, or one overseas département), with their status
    colour and the tooltip's text."""
    overseas = fills["code"].map(geography.is_overseas)
    shown = fills[~overseas] if view_key == METROPOLE else fills[fills["code"] == view_key]
    return shown.assign(
        fill=shown["status"].map(lambda s: deck.rgb_list(geography.STATUS_COLOURS[geography.Status(s)])),
        population_text=shown["population"].map(lambda p: number(p, unit="hab.")),
    )


def programme_layers(shown: gpd.GeoDataFrame, selected: str | None, layer_id: str = LAYER_ID) -> list[pdk.Layer]:
    """The départements filled in their status colour (clickable layer ``layer_id``), the selected one outlined."""
    layers = [deck.polygon_layer(layer_id, shown, ["code", "nom", "status_label", "population_text"])]
    if selected in set(shown["code"]):
        layers.append(deck.outline_layer("selection", shown[shown["code"] == selected], SELECTED_OUTLINE, 3))
    return layers


def status_legend(statuses: pd.Series) -> tuple[LegendEntry, ...]:
    """One entry per programme status, in display order, with how many départements have it."""
    counts = statuses.value_counts()
    return tuple(
        LegendEntry(label, geography.STATUS_COLOURS[status], int(counts.get(status.value, 0)))
        for status, label in geography.STATUS_LABELS.items()
    )
