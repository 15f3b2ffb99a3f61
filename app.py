"""EMILE Territoires — entry point. Declares the pages; each page script stays thin and calls the ``emile`` package."""

import streamlit as st

from emile.config import ConfigError
from emile.placements.store import StoreError
from emile.snapshot import SnapshotError
from ui import data, layout

# What a visitor may be told when something is wrong: these errors are worded in French and name the file and key.
EXPECTED_FAULTS = (ConfigError, SnapshotError, StoreError)

st.set_page_config(page_title="EMILE Territoires", page_icon=":material/home_work:", layout="wide")

try:
    data.check_startup()
except EXPECTED_FAULTS as error:
    st.error(str(error), icon=":material/error:")
    st.stop()

pages = [
    st.Page("pages/accueil.py", title="Carte du programme", icon=":material/map:", default=True),
    st.Page("pages/carte.py", title="Carte des territoires", icon=":material/layers:"),
    st.Page("pages/sources.py", title="Données et sources", icon=":material/dataset:"),
    st.Page("pages/classement.py", title="Classement", icon=":material/leaderboard:"),
    st.Page("pages/placements.py", title="Placements", icon=":material/family_home:"),
    st.Page("pages/offres.py", title="Offres des territoires", icon=":material/real_estate_agent:"),
    st.Page("pages/appariement.py", title="Appariement", icon=":material/join_inner:"),
    st.Page("pages/fiche.py", title="Fiche territoire", icon=":material/description:"),
]

page = st.navigation(pages)
layout.french_page()
# After st.navigation, so that the banner belongs to whichever page is shown (elements drawn before it are dropped
# when the visitor switches page).
layout.stale_snapshot_banner()
try:
    page.run()
except EXPECTED_FAULTS as error:  # a table that breaks while a page reads it: said in French, never a traceback
    st.error(str(error), icon=":material/error:")
