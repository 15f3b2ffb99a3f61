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

from emile.formatting import HIDDEN
from emile.maps import deck
from emile.maps.classes import GREY, LegendEntry, classify

NO_OFFER = (240, 240, 240)
HIDDEN_COLOUR = GREY
OWN_COLOUR = [225, 0, 15, 255]
TOOLTIP = "{text}"


def offers_text(n: int) -> str:
    return f"{n} offre{'s' if n > 1 else ''}"


def territories_shaded(
    background: gpd.GeoDataFrame, counts: pd.Series, names: dict[str, str], palette: str
) -> tuple[gpd.GeoDataFrame, tuple[LegendEntry, ...]]:
    """``background`` (column ``code``) coloured by ``counts`` (published offers by code, ``<NA>`` when hidden;
    codes absent have none), with a French tooltip text and the legend."""
    shown = counts.reindex(background["code"]).set_axis(background.index)
    hidden = background["code"].isin(counts.index) & shown.isna()
    classification = classify(shown, "quantiles", palette, "offres")
    colours, texts = [], []
    for code, value, colour, is_hidden in zip(background["code"], shown, classification.colours, hidden):
        name = names.get(code, code)
        if is_hidden:
            colours.append(deck.rgb_list(HIDDEN_COLOUR))
            texts.append(f"{name} : effectif masqué (inférieur au seuil de diffusion)")
        elif pd.isna(value):
            colours.append(deck.rgb_list(NO_OFFER))
            texts.append(f"{name} : aucune offre en cours")
        else:
            colours.append(deck.rgb_list(colour))
            texts.append(f"{name} : {offers_text(int(value))} en cours")
    legend = (
        *classification.entries,
        LegendEntry(HIDDEN, HIDDEN_COLOUR, int(hidden.sum())),
        LegendEntry("aucune offre en cours", NO_OFFER, int((shown.isna() & ~hidden).sum())),
    )
    return background.assign(fill=colours, text=texts), tuple(e for e in legend if e.count)


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
    return pdk.Layer(
        "ScatterplotLayer",
        id="mes_offres",
        data=data,
        get_position="position",
        get_radius="radius",
        get_fill_color=OWN_COLOUR,
        radius_min_pixels=6,
        pickable=True,
        stroked=True,
        get_line_color=list(deck.WHITE),
        line_width_min_pixels=1,
    )
