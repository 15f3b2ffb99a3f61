"""The national map as the app drew it before borders became gaps: the same simplified départements, each polygon
stroked with a thin white outline. For comparison only (``bench_skeleton.browser_press_pick_s``), never part of
the app."""

import pydeck as pdk
import streamlit as st

from emile import geography
from emile.maps import deck, geometry
from emile.maps.view import METROPOLE, VIEWS

frame = geography.load_departements()
frame = frame[~frame["code"].map(geography.is_overseas)]
frame = frame.assign(
    geometry=geometry.display_geometry(frame.geometry, geometry.NATIONAL_TOLERANCE_DEG, geometry.NATIONAL_PRECISION),
    fill=[[0, 0, 145, 255]] * len(frame),
)
layer = pdk.Layer(
    "GeoJsonLayer",
    id="stroked",
    data=deck.feature_collection(frame, ["code", "nom", "fill"]),
    pickable=True,
    stroked=True,
    filled=True,
    get_fill_color="properties.fill",
    get_line_color=list(deck.WHITE),
    get_line_width=0,
    line_width_min_pixels=0.8,
    auto_highlight=True,
)
st.pydeck_chart(deck.deck([layer], VIEWS[METROPOLE], "{nom}"), height=560)
