"""The data of the briefing map: the département's communes classed on the headline indicator (quantiles with
mapclassify), and the départements around it with their programme status, so hosts and origin areas in view are marked.

Colours run from light to dark on one hue, so the classes stay in order when the sheet is printed in black and white;
a commune without a value is left white and counted.
"""

from __future__ import annotations

import math

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
import shapely

from emile import geography, indicators, maps
from emile.briefing.model import BriefingMap, MapClass
from emile.config import ProgrammeConfig

DEFAULT_HEADLINE = "population_evolution_annuelle"
CLASSES = 5
# DSFR blue, from very light to the State's dark blue: luminance falls at every step.
RAMP: tuple[tuple[int, int, int], ...] = (
    (227, 227, 253),
    (176, 176, 248),
    (120, 120, 235),
    (60, 60, 190),
    (0, 0, 120),
)
TOLERANCE_DEG = 0.002
PRECISION = 4
MARGIN = 0.06


def headline_choices(frame: pd.DataFrame) -> list[indicators.Indicator]:
    """Commune indicators present in the snapshot, which the map can be coloured by."""
    return [i for i in indicators.for_level("commune") if i.id in frame]


def _classes(values: pd.Series) -> tuple[tuple[MapClass, ...], pd.Series]:
    """Quantile classes of the present values and the class of each commune (-1 when missing)."""
    present = values.dropna()
    if present.empty:
        return (), pd.Series(-1, index=values.index)
    k = min(CLASSES, present.nunique())
    if k < 2:
        only = float(present.iloc[0])
        return (MapClass(only, only, RAMP[-1]),), values.notna().astype(int) - 1
    scheme = mapclassify.Quantiles(present.to_numpy(), k=k)
    colours = [RAMP[round(i)] for i in np.linspace(0, len(RAMP) - 1, len(scheme.bins))]
    lowers = [float(present.min()), *map(float, scheme.bins[:-1])]
    classes = tuple(MapClass(low, float(high), colour) for low, high, colour in zip(lowers, scheme.bins, colours))
    classed = pd.Series(-1, index=values.index)
    classed[present.index] = scheme.yb
    return classes, classed


def _view(geometry: shapely.Geometry) -> tuple[float, float, float, float]:
    west, south, east, north = geometry.bounds
    dx, dy = (east - west) * MARGIN, (north - south) * MARGIN
    return west - dx, south - dy, east + dx, north + dy


def briefing_map(
    code: str,
    communes: gpd.GeoDataFrame,
    commune_indicators: pd.DataFrame,
    departements: gpd.GeoDataFrame,
    config: ProgrammeConfig,
    headline: str = DEFAULT_HEADLINE,
) -> BriefingMap:
    """``communes``: the snapshot's commune geometries; ``departements``: its département geometries."""
    indicator = indicators.get(headline)
    own = communes.loc[communes["departement"] == code, ["code", "nom", "geometry"]].reset_index(drop=True)
    values = commune_indicators[headline].reindex(own["code"]).reset_index(drop=True)
    classes, classed = _classes(values)
    drawn = own.assign(
        valeur=values,
        classe=classed.astype(int),
        geometry=maps.display_geometry(own.geometry, TOLERANCE_DEG, PRECISION),
    )
    # Larger communes first, so that an enclave is drawn on top of the commune around it.
    # (Areas in square degrees: only their order matters here.)
    order = np.argsort(-np.nan_to_num(shapely.area(drawn.geometry.to_numpy())), kind="stable")
    drawn = drawn.iloc[order]
    outline = shapely.union_all(drawn.geometry.dropna().to_numpy())
    bounds = _view(outline)
    window = shapely.box(*bounds).buffer(max(bounds[2] - bounds[0], bounds[3] - bounds[1]) * 0.3)
    around = departements[departements.geometry.intersects(window)][["code", "nom", "geometry"]]
    status = geography.status_table(config, around["code"])
    surroundings = around.join(status, on="code").reset_index(drop=True)
    return BriefingMap(
        indicator_id=headline,
        label=indicator.label,
        unit=indicator.unit,
        vintage=indicator.vintage,
        communes=gpd.GeoDataFrame(drawn.reset_index(drop=True), geometry="geometry", crs=communes.crs),
        outline=outline,
        surroundings=gpd.GeoDataFrame(surroundings, geometry="geometry", crs=departements.crs),
        classes=classes,
        bounds=bounds,
        missing_count=int((classed == -1).sum()),
    )


def fit_view(bounds: tuple[float, float, float, float], width_px: float, height_px: float) -> dict[str, float]:
    """The deck.gl view (Web Mercator, 512-pixel world at zoom 0) that shows ``bounds`` whole in a map of that size."""
    west, south, east, north = bounds

    def mercator_y(latitude: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    zoom_x = math.log2(width_px * 360 / (512 * (east - west)))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * (mercator_y(north) - mercator_y(south))))
    return {"longitude": (west + east) / 2, "latitude": (south + north) / 2, "zoom": min(zoom_x, zoom_y) - 0.1}
