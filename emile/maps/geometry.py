"""Shapes prepared for drawing: coverage-simplified (neighbours keep a shared border), rounded to the precision the
view needs, and optionally shrunk so that a thin white border shows between filled neighbours.

deck.gl draws an outline again in every picking pass, which in software rendering costs far more than the fills
(see ``deck.polygon_layer``): clickable maps are therefore fills only, and their borders are these gaps.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

# ~1.5 km at the national view: finer detail is invisible at zoom 5 and only costs bytes.
NATIONAL_TOLERANCE_DEG = 0.015
NATIONAL_PRECISION = 3
# Départements shrink by this much on national maps: about a pixel of white shows between neighbours.
NATIONAL_GAP_DEG = 0.01
# ~200 m: below one screen pixel at the zoom that shows a whole département.
COMMUNE_TOLERANCE_DEG = 0.002
COMMUNE_PRECISION = 3
# Communes shrink by this much, so a white border about one pixel wide shows between neighbours.
COMMUNE_GAP_DEG = 0.0015


def display_geometry(geometry: gpd.GeoSeries, tolerance: float, decimals: int, gap: float = 0.0) -> gpd.GeoSeries:
    """Coverage-simplify (neighbours keep a shared border) and round, for drawing only; ``gap`` (degrees) shrinks
    every shape by that much. A shape too small to shrink is kept whole; a missing one stays missing."""
    present = geometry.notna().to_numpy()
    simplified = geometry.copy()
    shapes = geometry.to_numpy()[present]
    if tolerance:
        shapes = shapely.coverage_simplify(shapes, tolerance)
    if gap:
        shrunk = shapely.buffer(shapes, -gap, join_style="mitre")
        shapes = np.where(shapely.is_empty(shrunk), shapes, shrunk)
    simplified[present] = shapely.make_valid(shapely.set_precision(shapes, 10.0**-decimals))
    return simplified


def with_gap(frame: gpd.GeoDataFrame, gap: float, decimals: int) -> gpd.GeoDataFrame:
    """``frame`` with its shapes shrunk by ``gap`` degrees and rounded, for a filled map with thin white borders."""
    return frame.assign(geometry=display_geometry(frame.geometry, 0.0, decimals, gap))


def for_commune_view(frame: gpd.GeoDataFrame, gap: float = 0.0) -> gpd.GeoDataFrame:
    """Communes (or shapes drawn with them, such as bassins) simplified for a map that shows one département; pass
    ``COMMUNE_GAP_DEG`` as ``gap`` for clickable fills."""
    return frame.assign(geometry=display_geometry(frame.geometry, COMMUNE_TOLERANCE_DEG, COMMUNE_PRECISION, gap))
