"""Straight-line distance from each commune's town hall to the nearest equipment of a kind.

Points are projected to metres before the nearest-neighbour search (scipy cKDTree, vectorised): Lambert-93
(EPSG:2154) for metropolitan France and Corsica, the official UTM projection of each overseas département elsewhere.
The search never crosses from one zone to another (a Guadeloupe commune never finds a Martinique site), since the
sea between them is not a distance anyone travels.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pyproj import Transformer
from scipy.spatial import cKDTree

# Projected CRS per overseas département (RGAF09 UTM 20N, RGFG95 UTM 22N, RGR92 UTM 40S, RGM04 UTM 38S).
OVERSEAS_CRS = {"971": "EPSG:5490", "972": "EPSG:5490", "973": "EPSG:2972", "974": "EPSG:2975", "976": "EPSG:4471"}
METROPOLE_CRS = "EPSG:2154"
METROPOLE = "metropole"


def zone_of(departements: pd.Series) -> pd.Series:
    """Search zone of each point: its overseas département, or the whole of metropolitan France."""
    text = departements.astype("string")
    return text.where(text.str.startswith("97"), METROPOLE)


def _projected(lon: pd.Series, lat: pd.Series, zone: str) -> np.ndarray:
    crs = OVERSEAS_CRS.get(zone, METROPOLE_CRS)
    x, y = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon.to_numpy(float), lat.to_numpy(float))
    return np.column_stack([x, y])


def nearest_km(origins: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """Distance in km from each row of ``origins`` to the nearest row of ``targets`` in the same zone. Both frames
    have ``lon``, ``lat`` (WGS84) and ``zone`` columns; NaN for an origin without coordinates or without any target
    in its zone."""
    result = pd.Series(np.nan, index=origins.index, dtype="float64")
    known_origins = origins.dropna(subset=["lon", "lat", "zone"])
    known_targets = targets.dropna(subset=["lon", "lat", "zone"])
    for zone, group in known_origins.groupby("zone"):
        candidates = known_targets[known_targets["zone"] == zone]
        if candidates.empty:
            continue
        tree = cKDTree(_projected(candidates["lon"], candidates["lat"], zone))
        distance, _ = tree.query(_projected(group["lon"], group["lat"], zone))
        result.loc[group.index] = distance / 1000.0
    return result


def town_halls(communes: pd.DataFrame) -> pd.DataFrame:
    """Town-hall points (``lon``, ``lat``, ``zone``) indexed like ``communes``. The geography has already checked
    them against each commune's outline and replaced the misplaced ones (``loaders.geo.locate_town_halls``)."""
    return pd.DataFrame(
        {
            "lon": communes["lon"].to_numpy(float),
            "lat": communes["lat"].to_numpy(float),
            "zone": zone_of(communes["departement"]).to_numpy(),
        },
        index=communes.index,
    )
