"""pydeck layers for the dashboard's maps, built to send the browser as little as possible.

pydeck serialises inline data as indented JSON, about four times the GeoJSON size, so every layer here carries only
the properties its tooltip and colours use, with coordinates rounded to the precision the view needs. No basemap is
requested (``map_provider=None``): the maps work on a machine with no access to the internet.
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

# ~1.5 km at the national view: finer detail is invisible at zoom 5 and only costs bytes.
NATIONAL_TOLERANCE_DEG = 0.015
NATIONAL_PRECISION = 3
OUTLINE_COLOUR = [255, 255, 255]
TOOLTIP_STYLE = {"backgroundColor": "#161616", "color": "#ffffff", "fontSize": "13px", "padding": "8px"}


def display_geometry(geometry: gpd.GeoSeries, tolerance: float, decimals: int) -> gpd.GeoSeries:
    """Coverage-simplify (neighbours keep a shared border) and round, for drawing only."""
    present = geometry.notna().to_numpy()
    simplified = geometry.copy()
    shapes = shapely.coverage_simplify(geometry.to_numpy()[present], tolerance)
    simplified[present] = shapely.make_valid(shapely.set_precision(shapes, 10.0**-decimals))
    return simplified


def _rounded(value: Any) -> Any:
    """Python scalars that json can write (numpy and pandas NA types cannot)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def feature_collection(frame: gpd.GeoDataFrame, properties: Sequence[str]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection with only ``properties``; rows without geometry are left out."""
    drawable = frame[frame.geometry.notna()]
    geometries = shapely.to_geojson(drawable.geometry.to_numpy())
    features = []
    for geometry, values in zip(geometries, drawable[list(properties)].itertuples(index=False, name=None)):
        features.append({
            "type": "Feature",
            "geometry": json.loads(geometry),
            "properties": {name: _rounded(value) for name, value in zip(properties, values)},
        })
    return {"type": "FeatureCollection", "features": features}


def _line_width(pixels: float) -> dict[str, float]:
    """A constant outline width in screen pixels. pydeck turns every string argument into a JavaScript expression,
    so ``line_width_units="pixels"`` arrives broken (outlines drawn kilometres wide); a zero width in metres raised
    to a pixel minimum gives the same result with numbers only."""
    return {"get_line_width": 0, "line_width_min_pixels": pixels}


def polygon_layer(layer_id: str, frame: gpd.GeoDataFrame, properties: Sequence[str],
                  fill: str = "couleur", line_width_px: float = 0.8, pickable: bool = True) -> pdk.Layer:
    """Filled polygons coloured by the ``fill`` property (an [r, g, b(, a)] list per feature)."""
    return pdk.Layer(
        "GeoJsonLayer",
        id=layer_id,
        data=feature_collection(frame, list(dict.fromkeys([*properties, fill]))),
        pickable=pickable,
        stroked=True,
        filled=True,
        get_fill_color=f"properties.{fill}",
        get_line_color=OUTLINE_COLOUR,
        **_line_width(line_width_px),
        auto_highlight=pickable,
        highlight_color=[255, 255, 0, 160],
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


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation: pydeck indents by two spaces, which doubles what the browser receives
    for polygon layers (measured in benchmarks: ``map_payload_departements_bytes``)."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def deck(layers: list[pdk.Layer], view: dict[str, Any], tooltip_html: str | None = None) -> pdk.Deck:
    """A deck with no basemap and a French tooltip; ``view`` holds latitude, longitude and zoom."""
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(latitude=view["latitude"], longitude=view["longitude"],
                                          zoom=view["zoom"], pitch=0, bearing=0),
        # No basemap. Leave map_style at pydeck's default sentinel: an explicit None makes Streamlit fall back to an
        # online basemap style.
        map_provider=None,
        tooltip={"html": tooltip_html, "style": TOOLTIP_STYLE} if tooltip_html else False,
    )


def rgb_list(colour: Sequence[int], alpha: int = 255) -> list[int]:
    return [int(c) for c in colour][:3] + [alpha]
