"""The naive national map, for comparison only: full-resolution départements inline with pydeck's default
(indented) JSON. Run by the benchmarks, never part of the app."""

import json

import pydeck as pdk
import streamlit as st

from emile.geography import load_departements

frame = load_departements()
frame = frame[~frame["code"].str.startswith("97")]
frame["fill"] = [[0, 0, 145, 255]] * len(frame)
data = json.loads(frame[["code", "nom", "fill", "geometry"]].to_json())
layer = pdk.Layer("GeoJsonLayer", id="naive", data=data, get_fill_color="properties.fill", pickable=True)
st.pydeck_chart(
    pdk.Deck(
        layers=[layer], map_provider=None, initial_view_state=pdk.ViewState(latitude=46.6, longitude=2.4, zoom=4.6)
    ),
    height=560,
)
