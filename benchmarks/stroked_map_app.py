"""The national map as the app drew it before borders became gaps: the same simplified départements, each polygon
stroked with a thin white outline. For comparison only (``bench_skeleton.browser_press_pick_s``), never part of
the app."""

import pydeck as pdk
import streamlit as st

from emile import geography, maps

frame = geography.load_departements()
frame = frame[~frame["code"].map(geography.is_overseas)]
frame = frame.assign(
    geometry=maps.display_geometry(frame.geometry, maps.NATIONAL_TOLERANCE_DEG, maps.NATIONAL_PRECISION),
    couleur=[[0, 0, 145, 255]] * len(frame),
)
layer = pdk.Layer(
    "GeoJsonLayer",
    id="stroked",
    data=maps.feature_collection(frame, ["code", "nom", "couleur"]),
    pickable=True,
    stroked=True,
    filled=True,
    get_fill_color="properties.couleur",
    get_line_color=maps.OUTLINE_COLOUR,
    get_line_width=0,
    line_width_min_pixels=0.8,
    auto_highlight=True,
)
st.pydeck_chart(maps.deck([layer], geography.VIEWS[geography.METROPOLE], "{nom}"), height=560)
