"""Layers of the « Carte » page: one theme's choropleth, the programme's territories outlined, the faded neighbours
of a département, its bassins d'emploi, and optional points (France services sites, town halls).

A ``Scene`` is what the three side-by-side maps of one view share (territories, view, layers under and over the
choropleth); only the choropleth differs from map to map. Geometry comes simplified and shrunk from the caller's
cache, so building a scene costs no geometry work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
import pydeck as pdk

from emile import geography
from emile.formatting import indicator_value, number
from emile.indicators import Indicator, Level
from emile.indicators.bounds import range_texts
from emile.maps import deck
from emile.maps.classes import Classification, classify
from emile.maps.view import fit_view

NEIGHBOUR_FILL = (238, 238, 232)
BASSIN_OUTLINE = (60, 60, 60)
SELECTED_OUTLINE = (22, 22, 22)
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
TOOLTIP = "<b>{nom}</b> ({code})<br/>{detail}"
# Each of the three side-by-side maps, in pixels, in the narrowest common case (a 1,400-pixel window with the
# navigation sidebar open: 292 pixels measured). Used to fit views, with a margin so that the territory never touches
# the map's edges; a wider map only adds margin.
MAP_WIDTH_PX = 290
MAP_HEIGHT_PX = 420
FIT_PADDING = 0.84
# Prefixes of the clickable layers' ids: a click is followed according to the layer it landed on.
CHOROPLETH = "choropleth_"
NEIGHBOURS = "neighbours_"


def value_text(value: float, indicator: Indicator) -> str:
    return indicator_value(value, indicator.unit)


@dataclass(frozen=True)
class Scene:
    """What the three maps of one view share. ``level`` is the indicator table the choropleths read; ``scope``
    says in French which territories the classes are computed on."""

    territories: gpd.GeoDataFrame
    level: Level
    view: dict[str, float]
    scope: str
    below: tuple[pdk.Layer, ...]
    above: tuple[pdk.Layer, ...]

    def with_points(self, layer: pdk.Layer) -> Scene:
        return Scene(self.territories, self.level, self.view, self.scope, self.below, (*self.above, layer))

    def layers(self, choropleth_layer: pdk.Layer) -> list[pdk.Layer]:
        return [*self.below, choropleth_layer, *self.above]


def choropleth(
    layer_id: str, territories: gpd.GeoDataFrame, table: pd.DataFrame, indicator: Indicator, method: str
) -> tuple[pdk.Layer, Classification]:
    """``territories`` (code, nom, geometry) coloured by ``table[indicator.id]`` (indicators table indexed by
    code), with the legend's classes; the tooltip adds the range secrecy leaves when the table has one."""
    aligned = table[indicator.id].reindex(territories["code"]).set_axis(territories.index)
    ranges = range_texts(table, indicator.id, indicator.unit).reindex(territories["code"]).set_axis(territories.index)
    classification = classify(aligned, method, indicator.theme, indicator.unit)
    detail = [value_text(v, indicator) + str(r) for v, r in zip(aligned, ranges.fillna(""), strict=True)]
    frame = territories.assign(fill=classification.colours, detail=detail)
    return deck.polygon_layer(layer_id, frame, ["code", "nom", "detail"]), classification


def context_layers(departements: gpd.GeoDataFrame) -> list[pdk.Layer]:
    """Pilots, host territories, candidates and origin areas outlined in their programme colour over a white halo,
    so they stand out on any class colour. ``departements`` has the ``status`` column of ``status_table``."""
    layers = []
    for status, width in CONTEXT_OUTLINES.items():
        shown = departements[departements["status"] == status.value]
        if shown.empty:
            continue
        layers.append(deck.outline_layer(f"halo_{status.value}", shown, deck.WHITE, width + 2))
        layers.append(deck.outline_layer(f"status_{status.value}", shown, geography.STATUS_COLOURS[status], width))
    return layers


def surrounding(departements: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    """Département ``code`` and those touching it (a small buffer absorbs simplification gaps)."""
    selected = departements.loc[departements["code"] == code, "geometry"].union_all()
    return departements[departements.intersects(selected.buffer(0.01))]


def neighbours_layer(layer_id: str, around: gpd.GeoDataFrame) -> pdk.Layer:
    """The départements ``around`` a département, faded; clicking one opens it."""
    frame = around.assign(fill=[list(NEIGHBOUR_FILL)] * len(around), detail="Cliquer pour ouvrir ce département")
    return deck.polygon_layer(layer_id, frame, ["code", "nom", "detail"])


def bassins_of(bassins: gpd.GeoDataFrame, departement: str) -> gpd.GeoDataFrame:
    """Bassins d'emploi with at least one commune in ``departement`` (the ``departements`` column lists them)."""
    return bassins[bassins["departements"].str.split(",").map(lambda codes: departement in codes)]


def national_scene(fills: gpd.GeoDataFrame) -> Scene:
    """Metropolitan départements (shrunk fills with ``status``), the programme outlined on top."""
    territories = fills[~fills["code"].map(geography.is_overseas)]
    view = fit_view(territories.total_bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX, FIT_PADDING)
    scope = f"les {number(len(territories))} départements métropolitains"
    return Scene(territories, "departement", view, scope, (), tuple(context_layers(territories)))


def departement_scene(
    communes: gpd.GeoDataFrame,
    bounds: Iterable[float],
    neighbours: gpd.GeoDataFrame,
    bassins: gpd.GeoDataFrame,
    surroundings: gpd.GeoDataFrame,
    *,
    neighbours_id: str,
    commune: str | None = None,
    town_halls: bool = False,
) -> Scene:
    """The communes of one département (shrunk fills), its faded neighbours to click (layer ``neighbours_id``, which
    starts with ``NEIGHBOURS``), its bassins and the programme outlined; the chosen commune outlined; town halls
    when asked."""
    below = (neighbours_layer(neighbours_id, neighbours),)
    above = [deck.outline_layer("bassins", bassins, BASSIN_OUTLINE, 1.2), *context_layers(surroundings)]
    if town_halls:
        above.append(deck.points_layer("mairies", communes.assign(detail="Mairie"), TOWN_HALL_COLOUR, 2))
    if commune:
        above.append(deck.outline_layer("commune_choisie", communes[communes["code"] == commune], SELECTED_OUTLINE, 3))
    view = fit_view(bounds, MAP_WIDTH_PX, MAP_HEIGHT_PX, FIT_PADDING)
    scope = f"les {number(len(communes))} communes du département"
    return Scene(communes, "commune", view, scope, below, tuple(above))


def france_services_layer(sites: pd.DataFrame, departement: str | None) -> pdk.Layer:
    """France services sites (``lon``, ``lat``, ``nom``, ``commune``, ``departement``), those of one département
    when ``departement`` is given."""
    shown = sites if departement is None else sites[sites["departement"] == departement]
    points = shown.assign(code=shown["commune"], detail="France services")
    return deck.points_layer("france_services", points, FRANCE_SERVICES_COLOUR, 4)


def context_legend_statuses() -> Sequence[geography.Status]:
    """The outlined statuses, the most prominent first, as the legend lists them."""
    return list(reversed(CONTEXT_OUTLINES))
