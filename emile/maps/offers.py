"""Layers of the « Offres des territoires » map: départements or bassins d'emploi shaded by the offers published there,
and, for a signed-in offerer only, a dot per commune where its own offers are.

The shading reads only published counts (``emile.offers.aggregates.OfferPublication``), so nothing under the
suppression threshold ever reaches the browser; the dots read the offerer's own records, drawn for that offerer alone.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from emile.maps import deck
from emile.maps.classes import LegendEntry
from emile.maps.counts import shaded_by_count

OWN_COLOUR = [225, 0, 15, 255]
TOOLTIP = "{text}"


def offers_text(n: int) -> str:
    return f"{n} offre{'s' if n > 1 else ''}"


def territories_shaded(
    background: gpd.GeoDataFrame, counts: pd.Series, names: dict[str, str], palette: str
) -> tuple[gpd.GeoDataFrame, tuple[LegendEntry, ...]]:
    """``background`` (column ``code``) coloured by ``counts`` (published offers by code, ``<NA>`` when hidden;
    codes absent have none), with a French tooltip text and the legend."""
    return shaded_by_count(
        background, counts, names, palette, "offres", lambda n: f"{offers_text(n)} en cours", "aucune offre en cours"
    )


def own_offer_dots(own: pd.DataFrame, places: pd.DataFrame, names: dict[str, str]) -> pdk.Layer:
    """One dot per commune of the offerer's own open offers (``own``: column commune), area growing with them."""
    counts = own.groupby("commune").size()
    located = places.reindex(counts.index).dropna(subset=["lon", "lat"])
    data = [
        {
            "position": [round(row.lon, 4), round(row.lat, 4)],
            "radius": 1200 * math.sqrt(int(counts[code])),
            "text": f"{names.get(code, code)} : {offers_text(int(counts[code]))} de votre compte",
        }
        for code, row in located.iterrows()
    ]
    return deck.sized_dots_layer("mes_offres", data, OWN_COLOUR, 6)
