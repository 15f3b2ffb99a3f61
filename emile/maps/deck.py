"""pydeck layers and decks built to send the browser as little as possible.

pydeck serialises inline data as indented JSON, about four times the GeoJSON size, so every layer carries only the
properties its tooltip and colours use, with coordinates rounded by ``geometry.display_geometry``. No basemap is
requested: the maps work on a machine with no access to the internet.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
from pydeck.bindings.json_tools import default_serialize

WHITE = (255, 255, 255)
TOOLTIP_STYLE = {"backgroundColor": "#161616", "color": "#ffffff", "fontSize": "13px", "padding": "8px"}
# A light veil on the shape under the pointer: feedback that keeps the shape's hue (a yellow one over the State blue
# read as olive, a colour of no legend).
HIGHLIGHT = [255, 255, 255, 90]


def rgb_list(colour: Sequence[int], alpha: int = 255) -> list[int]:
    """``(r, g, b)`` → ``[r, g, b, alpha]``, the form deck.gl reads from a feature's properties."""
    return [int(c) for c in colour][:3] + [alpha]


def _json_scalar(value: Any) -> Any:
    """Python scalars that json can write (numpy and pandas NA types cannot)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


# GeoJSON of each shape drawn lately, by the shape object's id, with the shape kept so that the id cannot be reused.
# The display shapes live in the app's caches, so every rerun of every session draws the same objects again: turning
# them into GeoJSON was a quarter of a warm journey's server time (profiled in benchmarks/bench_load.py). Bounded by
# count (a few départements of communes); the dicts are shared, never mutated.
_GEOJSON: dict[int, tuple[shapely.Geometry, dict[str, Any]]] = {}
GEOJSON_CACHE_MAX = 20_000


def _geojson(geometries: np.ndarray) -> list[dict[str, Any]]:
    """The GeoJSON geometry of each shape, from ``_GEOJSON`` or converted (in one vectorised call) and kept."""
    found = [_GEOJSON.get(id(shape)) for shape in geometries]
    missing = [i for i, hit in enumerate(found) if hit is None or hit[0] is not geometries[i]]
    if missing:
        converted = shapely.to_geojson(geometries[missing])
        if len(_GEOJSON) + len(missing) > GEOJSON_CACHE_MAX:
            _GEOJSON.clear()
        for i, text in zip(missing, converted):
            found[i] = (geometries[i], json.loads(text))
            _GEOJSON[id(geometries[i])] = found[i]
    return [geometry for _, geometry in found]


def feature_collection(frame: gpd.GeoDataFrame, properties: Sequence[str]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with only ``properties``; rows without geometry are left out."""
    drawable = frame[frame.geometry.notna()]
    features = []
    for geometry, values in zip(
        _geojson(drawable.geometry.to_numpy()), drawable[list(properties)].itertuples(index=False, name=None)
    ):
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {name: _json_scalar(value) for name, value in zip(properties, values)},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def _line_width(pixels: float) -> dict[str, float]:
    """A constant outline width in screen pixels. pydeck turns every string argument into a JavaScript expression,
    so ``line_width_units="pixels"`` arrives broken (outlines drawn kilometres wide); a zero width in metres raised
    to a pixel minimum gives the same result with numbers only."""
    return {"get_line_width": 0, "line_width_min_pixels": pixels}


def polygon_layer(
    layer_id: str, frame: gpd.GeoDataFrame, properties: Sequence[str], fill: str = "fill", pickable: bool = True
) -> pdk.Layer:
    """Filled polygons coloured by the ``fill`` property (an [r, g, b(, a)] list per feature), without outlines:
    deck.gl draws a stroked polygon's outline again in every picking pass, and in software rendering a press on the
    national map then takes 175 ms instead of 10 ms (``browser_press_pick_s`` in ``benchmarks/bench_skeleton.py``).
    Borders come from shapes shrunk by ``geometry.display_geometry``'s ``gap`` instead."""
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data=feature_collection(frame, list(dict.fromkeys([*properties, fill]))),
        pickable=pickable,
        stroked=False,
        filled=True,
        get_fill_color=f"properties.{fill}",
        auto_highlight=pickable,
        highlight_color=HIGHLIGHT,
    )


def outline_layer(layer_id: str, frame: gpd.GeoDataFrame, colour: Sequence[int], width_px: float) -> pdk.Layer:
    """Unfilled outlines, e.g. to mark pilots or the selected territory on top of a choropleth."""
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data=feature_collection(frame, []),
        pickable=False,
        stroked=True,
        filled=False,
        get_line_color=list(colour),
        **_line_width(width_px),
    )


def points_layer(layer_id: str, points: pd.DataFrame, colour: Sequence[int], radius_px: float) -> pdk.Layer:
    """Dots at ``lon``/``lat``, a constant size on screen, with the point's ``nom`` and ``detail`` as tooltip."""
    data = [
        {"position": [round(x, 4), round(y, 4)], "nom": name, "code": code, "detail": detail}
        for x, y, name, code, detail in points[["lon", "lat", "nom", "code", "detail"]]
        .dropna(subset=["lon", "lat"])
        .itertuples(index=False, name=None)
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        get_position="position",
        get_fill_color=list(colour),
        get_line_color=list(WHITE),
        stroked=True,
        line_width_min_pixels=1,
        get_radius=0,
        radius_min_pixels=radius_px,
        pickable=True,
    )


def sized_dots_layer(
    layer_id: str, data: list[dict[str, Any]], colour: Sequence[int], min_radius_px: float
) -> pdk.Layer:
    """Dots at each item's ``position`` with a ``radius`` in metres (so that their area can grow with a count),
    never smaller than ``min_radius_px`` on screen, outlined in white to stay apart where they overlap."""
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        get_position="position",
        get_radius="radius",
        get_fill_color=list(colour),
        radius_min_pixels=min_radius_px,
        pickable=True,
        stroked=True,
        get_line_color=list(WHITE),
        line_width_min_pixels=1,
    )


def arc_ends(row: Any) -> dict[str, list[float]]:
    """The ``source`` and ``target`` of an arc from a row's ``origin_lon``/``origin_lat`` to its
    ``destination_lon``/``destination_lat``, rounded to about 100 m: enough for an arc between communes."""
    return {
        "source": [round(row.origin_lon, 3), round(row.origin_lat, 3)],
        "target": [round(row.destination_lon, 3), round(row.destination_lat, 3)],
    }


def arc_layer(
    layer_id: str, data: list[dict[str, Any]], source_colour: Sequence[int], target_colour: Sequence[int]
) -> pdk.Layer:
    """Arcs from each item's ``source`` to its ``target`` (see ``arc_ends``), ``width`` pixels wide, shaded from
    ``source_colour`` to ``target_colour`` so that the reader sees which way the arc goes."""
    return pdk.Layer(
        "ArcLayer",
        id=layer_id,
        data=data,
        get_source_position="source",
        get_target_position="target",
        get_source_color=list(source_colour),
        get_target_color=list(target_colour),
        get_width="width",
        width_units="pixels",
        pickable=True,
    )


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which doubles what the browser receives
    for polygon layers (measured in benchmarks: ``map_payload_departements_bytes``)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def deck(layers: list[pdk.Layer], view: dict[str, Any], tooltip_html: str | None = None) -> pdk.Deck:
    """A deck with no basemap and a French tooltip; ``view`` holds latitude, longitude and zoom."""
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(
            latitude=view["latitude"], longitude=view["longitude"], zoom=view["zoom"], pitch=0, bearing=0
        ),
        # No basemap. Leave map_style at pydeck's default sentinel: an explicit None makes Streamlit fall back to an
        # online basemap style.
        map_provider=None,
        # With double-click zoom on, deck.gl holds every click back 300 ms to tell it from a double click.
        views=[pdk.View(type="MapView", controller={"doubleClickZoom": False})],
        tooltip={"html": tooltip_html, "style": TOOLTIP_STYLE} if tooltip_html else False,
    )
