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

from emile.formatting import HIDDEN
from emile.maps import deck
from emile.maps.classes import GREY, LegendEntry, classify

DOT_COLOUR = [0, 0, 145, 200]
ARC_SOURCE = [225, 0, 15, 170]
ARC_TARGET = [0, 0, 145, 200]
NO_HOUSEHOLD = (240, 240, 240)
HIDDEN_COLOUR = GREY  # the grey of « no value » on every map: a suppressed count is a value the reader cannot see
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
    return pdk.Layer(
        "ScatterplotLayer",
        id="communes",
        data=data,
        get_position="position",
        get_radius="radius",
        get_fill_color=DOT_COLOUR,
        radius_min_pixels=3,
        pickable=True,
        stroked=True,
        get_line_color=list(deck.WHITE),
        line_width_min_pixels=1,
    )


def flow_arcs(flows: pd.DataFrame, names: dict[str, str]) -> pdk.Layer:
    """One arc per published origin → destination département pair, width growing with the households."""
    data = [
        {
            "source": [round(row.origin_lon, 3), round(row.origin_lat, 3)],
            "target": [round(row.destination_lon, 3), round(row.destination_lat, 3)],
            "width": 1 + math.sqrt(int(row.households)),
            "text": f"{names.get(row.origin, row.origin)} → {names.get(row.destination, row.destination)} : "
            f"{households_text(int(row.households))}",
        }
        for row in flows.itertuples()
    ]
    return pdk.Layer(
        "ArcLayer",
        id="flux",
        data=data,
        get_source_position="source",
        get_target_position="target",
        get_source_color=ARC_SOURCE,
        get_target_color=ARC_TARGET,
        get_width="width",
        width_units="pixels",
        pickable=True,
    )


def departements_shaded(
    background: gpd.GeoDataFrame, by_departement: pd.DataFrame, names: dict[str, str]
) -> tuple[gpd.GeoDataFrame, tuple[LegendEntry, ...]]:
    """The départements coloured by the published households installed there (quantile classes, darker = more), a
    suppressed count in its own light colour saying « masqué », and the legend. Only the published table is read."""
    published = by_departement.set_index("departement")["households"]
    counts = published.reindex(background["code"]).set_axis(background.index)
    hidden = background["code"].isin(published.index) & counts.isna()
    classification = classify(counts, "quantiles", "programme", "ménages")
    colours, texts = [], []
    for code, households, colour, is_hidden in zip(background["code"], counts, classification.colours, hidden):
        name = names.get(code, code)
        if is_hidden:
            colours.append(deck.rgb_list(HIDDEN_COLOUR))
            texts.append(f"{name} : effectif masqué (inférieur au seuil de diffusion)")
        elif pd.isna(households):
            colours.append(deck.rgb_list(NO_HOUSEHOLD))
            texts.append(f"{name} : aucun ménage installé")
        else:
            colours.append(deck.rgb_list(colour))
            texts.append(f"{name} : {households_text(int(households))} installés")
    legend = (
        *classification.entries,
        LegendEntry(HIDDEN, HIDDEN_COLOUR, int(hidden.sum())),
        LegendEntry("aucun ménage installé", NO_HOUSEHOLD, int((counts.isna() & ~hidden).sum())),
    )
    return background.assign(fill=colours, text=texts), tuple(e for e in legend if e.count)
