"""The data of the briefing map: the département's communes classed on the headline indicator (quantiles, the shared
classifier of ``emile.maps.classes`` with the State-blue palette), and the départements around it with their
programme status, so hosts and origin areas in view are marked.

Colours run from light to dark on one hue, so the classes stay in order when the sheet is printed in black and white;
a commune without a value is left white and counted.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from emile import geography, indicators
from emile.briefing.model import BriefingMap
from emile.config import ProgrammeConfig
from emile.maps.classes import classify
from emile.maps.geometry import display_geometry

DEFAULT_HEADLINE = "population_evolution_annuelle"
CLASS_METHOD = "quantiles"
PALETTE = "programme"
TOLERANCE_DEG = 0.002
PRECISION = 4
MARGIN = 0.06


def headline_choices(frame: pd.DataFrame) -> list[indicators.Indicator]:
    """Commune indicators present in the snapshot, which the map can be coloured by."""
    return [i for i in indicators.for_level("commune") if i.id in frame]


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
    classification = classify(values, CLASS_METHOD, PALETTE, indicator.unit)
    drawn = own.assign(
        value=values,
        classe=classification.classes.astype(int),
        geometry=display_geometry(own.geometry, TOLERANCE_DEG, PRECISION),
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
        classification=classification,
        bounds=bounds,
    )
