"""Layers of the Placements map: départements shaded by households installed, dots per destination commune and
arcs from origin to destination département.

They read only published tables (``emile.placements.aggregates.Publication``), so nothing below the suppression
threshold ever reaches the browser.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from emile.maps import deck
from emile.maps.classes import LegendEntry
from emile.maps.counts import shaded_by_count

DOT_COLOUR = [0, 0, 145, 200]
ARC_SOURCE = [225, 0, 15, 170]
ARC_TARGET = [0, 0, 145, 200]
TOOLTIP = "{text}"


def households_text(n: int) -> str:
    return f"{n} ménage{'s' if n > 1 else ''}"


def commune_dots(by_commune: pd.DataFrame) -> pdk.Layer:
    """One dot per destination commune, area proportional to the households placed there."""
    data = [
        {
            "position": [round(row.lon, 4), round(row.lat, 4)],
            "radius": 1500 * math.sqrt(int(row.households)),
            "text": f"{row.name} : {households_text(int(row.households))} installés",
        }
        for row in by_commune.dropna(subset=["households", "lon", "lat"]).itertuples()
    ]
    return deck.sized_dots_layer("communes", data, DOT_COLOUR, 3)


def flow_arcs(flows: pd.DataFrame, names: dict[str, str]) -> pdk.Layer:
    """One arc per published origin → destination département pair, width growing with the households."""
    data = [
        {
            **deck.arc_ends(row),
            "width": 1 + math.sqrt(int(row.households)),
            "text": f"{names.get(row.origin, row.origin)} → {names.get(row.destination, row.destination)} : "
            f"{households_text(int(row.households))}",
        }
        for row in flows.itertuples()
    ]
    return deck.arc_layer("flux", data, ARC_SOURCE, ARC_TARGET)


def departements_shaded(
    background: gpd.GeoDataFrame, by_departement: pd.DataFrame, names: dict[str, str]
) -> tuple[gpd.GeoDataFrame, tuple[LegendEntry, ...]]:
    """The départements coloured by the published households installed there (quantile classes, darker = more), a
    suppressed count in its own light colour saying « masqué », and the legend. Only the published table is read."""
    return shaded_by_count(
        background,
        by_departement.set_index("departement")["households"],
        names,
        "programme",
        "ménages",
        lambda n: f"{households_text(n)} installés",
        "aucun ménage installé",
    )
