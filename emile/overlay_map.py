"""Layers of the « Carte » page: one theme's choropleth, programme context outlines, the faded neighbours of a
département, its bassins d'emploi, and optional points (France services sites, town halls).

Every layer carries only what its colours and tooltip use (see ``emile.maps``); geometry is simplified once per view
by the caller and reused on every rerun.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from emile import geography, maps
from emile.choropleth import Classification, classify
from emile.formatting import number
from emile.indicators import Indicator

# ~200 m: below one screen pixel at the zoom that shows a whole département.
COMMUNE_TOLERANCE_DEG = 0.002
COMMUNE_PRECISION = 3
# Communes shrink by this much, so a white border about one pixel wide shows between neighbours.
COMMUNE_GAP_DEG = 0.0015
NEIGHBOUR_FILL = (238, 238, 232)
BASSIN_OUTLINE = (60, 60, 60)
SELECTED_OUTLINE = (22, 22, 22)
HALO = (255, 255, 255)
FRANCE_SERVICES_COLOUR = (0, 99, 203)
TOWN_HALL_COLOUR = (58, 58, 58)
# Statuses outlined on every map, drawn in this order (the last on top), with their outline width in pixels.
CONTEXT_OUTLINES: dict[geography.Status, float] = {
    geography.Status.ORIGINE_PARTIELLE: 2.0,
    geography.Status.CANDIDAT: 2.0,
    geography.Status.ACCUEIL: 2.5,
    geography.Status.ORIGINE: 2.5,
    geography.Status.PILOTE: 3.0,
}
TOOLTIP = "<b>{nom}</b> ({code})<br/>{valeur}"
# Each of the three side-by-side maps, in pixels, in the narrowest common case (a 1,400-pixel window with the
# navigation sidebar open). Used to fit views: a wider map only adds margin.
MAP_WIDTH_PX = 300
MAP_HEIGHT_PX = 420
VALUE_DECIMALS = 1


def fit_view(bounds: Iterable[float], width_px: float, height_px: float, padding: float = 0.9) -> dict[str, float]:
    """Centre and zoom (Web Mercator, 512-pixel tiles) that fit ``bounds`` (minx, miny, maxx, maxy) in the map."""
    min_x, min_y, max_x, max_y = bounds

    def mercator_y(latitude: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    span_x = max(max_x - min_x, 1e-6) / 360
    span_y = max(mercator_y(max_y) - mercator_y(min_y), 1e-6) / (2 * math.pi)
    zoom = math.log2(min(width_px * padding / (512 * span_x), height_px * padding / (512 * span_y)))
    centre_y = (mercator_y(max_y) + mercator_y(min_y)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return {"longitude": (min_x + max_x) / 2, "latitude": latitude, "zoom": round(zoom, 2)}


def value_text(value: float, indicator: Indicator) -> str:
    return number(value, VALUE_DECIMALS, indicator.unit)


def choropleth(
    layer_id: str, territories: gpd.GeoDataFrame, values: pd.Series, indicator: Indicator, method: str
) -> tuple[pdk.Layer, Classification]:
    """``territories`` (code, nom, geometry) coloured by ``values`` (indexed by code), with the legend's classes."""
    aligned = values.reindex(territories["code"]).set_axis(territories.index)
    classification = classify(aligned, method, indicator.theme, indicator.unit)
    frame = territories.assign(couleur=classification.colours, valeur=aligned.map(lambda v: value_text(v, indicator)))
    return maps.polygon_layer(layer_id, frame, ["code", "nom", "valeur"]), classification


def context_layers(departements: gpd.GeoDataFrame) -> list[pdk.Layer]:
    """Pilots, host territories, candidates and origin areas outlined in their programme colour over a white halo,
    so they stand out on any class colour. ``departements`` has the ``statut`` column of ``status_table``."""
    layers = []
    for status, width in CONTEXT_OUTLINES.items():
        shown = departements[departements["statut"] == status.value]
        if shown.empty:
            continue
        layers.append(maps.outline_layer(f"halo_{status.value}", shown, HALO, width + 2))
        layers.append(maps.outline_layer(f"statut_{status.value}", shown, geography.STATUS_COLOURS[status], width))
    return layers


def surrounding(departements: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    """Département ``code`` and those touching it (a small buffer absorbs simplification gaps)."""
    selected = departements.loc[departements["code"] == code, "geometry"].union_all()
    return departements[departements.intersects(selected.buffer(0.01))]


def neighbours_layer(layer_id: str, around: gpd.GeoDataFrame) -> pdk.Layer:
    """The départements ``around`` a département, faded; clicking one opens it."""
    frame = around.assign(couleur=[list(NEIGHBOUR_FILL)] * len(around), valeur="Cliquer pour ouvrir ce département")
    return maps.polygon_layer(layer_id, frame, ["code", "nom", "valeur"])


def bassins_of(bassins: gpd.GeoDataFrame, departement: str) -> gpd.GeoDataFrame:
    """Bassins d'emploi with at least one commune in ``departement`` (the ``departements`` column lists them)."""
    return bassins[bassins["departements"].str.split(",").map(lambda codes: departement in codes)]


def points_layer(layer_id: str, points: pd.DataFrame, colour: tuple[int, int, int], radius_px: float) -> pdk.Layer:
    """Dots at ``lon``/``lat``, a constant size on screen, with the point's ``nom`` as tooltip."""
    data = [
        {"position": [round(x, 4), round(y, 4)], "nom": name, "code": code, "valeur": detail}
        for x, y, name, code, detail in points[["lon", "lat", "nom", "code", "valeur"]]
        .dropna(subset=["lon", "lat"])
        .itertuples(index=False, name=None)
    ]
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=data,
        get_position="position",
        get_fill_color=list(colour),
        get_line_color=list(HALO),
        stroked=True,
        line_width_min_pixels=1,
        get_radius=0,
        radius_min_pixels=radius_px,
        pickable=True,
    )
