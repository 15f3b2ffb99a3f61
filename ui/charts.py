"""Charts in French: Vega-Lite draws axis numbers with d3-format, which a locale turns into « 0,25 » and
« 1 000 » with the same separators as ``emile.formatting``."""

from __future__ import annotations

import altair as alt
import streamlit as st

from emile.formatting import NARROW_NBSP

FRENCH_NUMBERS = {
    "decimal": ",",
    "thousands": NARROW_NBSP,
    "grouping": [3],
    "currency": ["", f"{NARROW_NBSP}€"],
    "percent": f"{NARROW_NBSP}%",
    "minus": "\u2212",
}


def chart(figure: alt.TopLevelMixin) -> None:
    """Draw ``figure`` the width of its column, with French numbers."""
    st.altair_chart(figure.configure(locale={"number": FRENCH_NUMBERS}), width="stretch")
