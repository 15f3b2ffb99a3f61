"""Which part of the world a map shows: the views a visitor can pick, and the view that fits a territory."""

from __future__ import annotations

import math
from collections.abc import Iterable

METROPOLE = "metropole"
# Views offered by the national maps: metropolitan France and each overseas département (true positions, own view).
VIEWS: dict[str, dict[str, object]] = {
    METROPOLE: {"libelle": "France métropolitaine", "latitude": 46.6, "longitude": 2.4, "zoom": 4.6},
    "971": {"libelle": "Guadeloupe", "latitude": 16.2, "longitude": -61.5, "zoom": 7.6},
    "972": {"libelle": "Martinique", "latitude": 14.65, "longitude": -61.0, "zoom": 8.3},
    "973": {"libelle": "Guyane", "latitude": 4.0, "longitude": -53.2, "zoom": 5.9},
    "974": {"libelle": "La Réunion", "latitude": -21.13, "longitude": 55.53, "zoom": 8.3},
    "976": {"libelle": "Mayotte", "latitude": -12.82, "longitude": 45.15, "zoom": 9.2},
}
TILE_PX = 512  # deck.gl's Web Mercator world is 512 pixels wide at zoom 0


def _mercator_y(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


def fit_view(bounds: Iterable[float], width_px: float, height_px: float, padding: float = 0.9) -> dict[str, float]:
    """Centre and zoom that fit ``bounds`` (min lon, min lat, max lon, max lat) in a map of that size, leaving
    ``padding`` of the smaller dimension to the territory."""
    min_x, min_y, max_x, max_y = bounds
    span_x = max(max_x - min_x, 1e-6) / 360
    span_y = max(_mercator_y(max_y) - _mercator_y(min_y), 1e-6) / (2 * math.pi)
    zoom = math.log2(min(width_px * padding / (TILE_PX * span_x), height_px * padding / (TILE_PX * span_y)))
    centre_y = (_mercator_y(max_y) + _mercator_y(min_y)) / 2
    latitude = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return {"longitude": (min_x + max_x) / 2, "latitude": latitude, "zoom": round(zoom, 2)}
