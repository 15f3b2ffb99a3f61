"""The naive commune layer, for comparison only: one département's communes at full resolution, every indicator as a
property, inline with pydeck's default (indented) JSON, on the three maps of the « Carte » page, drawn when the
button is pressed. Run by ``bench_map``, never part of the app."""

import json

import pydeck as pdk
import streamlit as st

from emile.geography import load_communes
from emile.snapshot import load_indicators

DEPARTEMENT = "15"
NAIVE_FILL = [0, 0, 145, 255]

if st.button("Afficher les communes"):
    communes = load_communes()
    values = load_indicators("commune")
    frame = communes[communes["departement"] == DEPARTEMENT].join(
        values.drop(columns=values.columns.intersection(communes.columns)), on="code"
    )
    frame["fill"] = [NAIVE_FILL] * len(frame)
    data = json.loads(frame.to_json())
    for column in st.columns(3):
        layer = pdk.Layer("GeoJsonLayer", data=data, get_fill_color="properties.fill", pickable=True)
        column.pydeck_chart(
            pdk.Deck(
                layers=[layer],
                map_provider=None,
                initial_view_state=pdk.ViewState(latitude=45.05, longitude=2.67, zoom=7.4),
            ),
            height=420,
        )
