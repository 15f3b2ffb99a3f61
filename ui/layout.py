"""Page furniture every screen shares: the staleness banner and the sources footer."""

from __future__ import annotations

import streamlit as st

from emile import snapshot
from emile.formatting import number
from ui import data

CHOSEN_DEPARTEMENT = "departement_choisi"
# Placeholder of every choice that starts empty: Streamlit's own reads « Choose an option ».
CHOOSE = "Choisir…"


def stale_snapshot_banner() -> None:
    """Warn on every page when the data snapshot is older than the age the programme's settings allow."""
    manifest = data.manifest()
    limit = data.config().application.max_data_age_days
    age = snapshot.age_in_days(manifest)
    if age > limit:
        built = snapshot.build_date(manifest).strftime("%d/%m/%Y")
        st.warning(
            f"Les données datent du {built} ({number(age)} jours, au-delà des {number(limit)} jours prévus) : "
            "certains chiffres ont peut-être été mis à jour par leurs producteurs depuis. L'équipe qui administre "
            "l'outil peut reconstruire les données.",
            icon=":material/history:",
        )


def chosen_departement() -> str | None:
    """The département of the link (``?dep=15``, so that a shared link reopens the same territory), else the one
    chosen last on another page of this visit (the sidebar's links carry no parameter)."""
    code = st.query_params.get("dep")
    if code:
        st.session_state[CHOSEN_DEPARTEMENT] = code
        return code
    return st.session_state.get(CHOSEN_DEPARTEMENT)


def choose_departement(code: str) -> None:
    """Put ``code`` in the link and remember it for the other pages of the visit."""
    st.query_params["dep"] = code
    remember_departement(code)


def remember_departement(code: str) -> None:
    """Remember ``code`` for the other pages of the visit, for a page whose link already carries it (the Carte)."""
    st.session_state[CHOSEN_DEPARTEMENT] = code


def french_page() -> None:
    """Tell browsers and screen readers that the page is in French (Streamlit sets ``lang="en"``)."""
    st.html("<script>document.documentElement.lang = 'fr';</script>", unsafe_allow_javascript=True)
