"""Map building blocks (``emile.maps``): borders drawn as gaps between shrunk shapes, clickable layers without
outlines, and decks whose clicks are not held back for a double click."""

import json

import geopandas as gpd
import shapely
from shapely.geometry import box

from emile.maps import deck, geometry

# Two squares of 0.1° sharing a side, and a sliver too thin to shrink.
SQUARES = gpd.GeoSeries([box(0, 0, 0.1, 0.1), box(0.1, 0, 0.2, 0.1), box(0.3, 0, 0.3015, 0.1), None])


def test_a_gap_separates_neighbours_that_shared_a_border():
    shrunk = geometry.display_geometry(SQUARES, 0.0, 3, gap=0.002)
    left, right = shrunk.iloc[0], shrunk.iloc[1]
    assert not left.intersects(right)
    assert round(left.distance(right), 3) == 0.004
    assert shapely.get_num_coordinates(left) == 5  # mitred corners: no extra points to send


def test_a_shape_too_small_for_the_gap_is_kept_whole_and_a_missing_one_stays_missing():
    shrunk = geometry.display_geometry(SQUARES, 0.0, 4, gap=0.002)
    assert shrunk.iloc[2].equals(shapely.set_precision(SQUARES.iloc[2], 1e-4))
    assert shrunk.iloc[3] is None


def test_without_a_gap_neighbours_keep_their_common_border():
    drawn = geometry.display_geometry(SQUARES, 0.001, 3)
    assert drawn.iloc[0].intersection(drawn.iloc[1]).length == 0.1


def test_clickable_polygons_have_no_outline_to_draw_in_each_picking_pass():
    frame = gpd.GeoDataFrame({"code": ["a"], "fill": [[1, 2, 3]]}, geometry=[box(0, 0, 1, 1)])
    layer = json.loads(
        deck.deck([deck.polygon_layer("l", frame, ["code"])], {"latitude": 0, "longitude": 0, "zoom": 5}).to_json()
    )["layers"][0]
    assert layer["stroked"] is False and layer["pickable"] is True
    assert layer["data"]["features"][0]["properties"] == {"code": "a", "fill": [1, 2, 3]}


def test_clicks_are_not_held_back_for_a_double_click():
    spec = json.loads(deck.deck([], {"latitude": 0, "longitude": 0, "zoom": 5}).to_json())
    assert spec["views"] == [{"@@type": "MapView", "controller": {"doubleClickZoom": False}}]
