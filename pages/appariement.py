"""Appariement: which household could go to which (dwelling, job or training), under the operators' capacities —
the optimal proposals with their reasons, compared with two simple rules, and a planner deciding each one.

Planners only: anybody else reads that the page is reserved, and nothing of a household. A run is computed only on
the planner's click, saved with its inputs, and shown again from the store on later visits (``ui.data``); changing
the view never solves again.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from emile.matching import store as matching_store
from emile.matching import views
from ui import data, identity, matching_views, tables

VIEWS = {"tableau": "Tableau", "carte": "Carte", "menage": "Ménage par ménage"}

st.title("Appariement")
st.caption(
    "Propositions ménage × (logement, emploi ou formation) sous les capacités d'accompagnement, optimisées et "
    "expliquées ; chaque proposition est acceptée ou refusée par un planificateur."
)
identity.sign_in_box()
principal = identity.principal()
if not principal.is_planner:
    st.info(
        "Page réservée aux planificateurs connectés : elle montre des ménages et leurs projets.",
        icon=":material/lock:",
    )
    st.stop()

settings = data.config().matching
store = data.store()
demo = bool(data.offers_demo())
if demo:
    st.warning(
        "**Données fictives** — ménages, projets et offres générés au hasard pour la démonstration : ils ne "
        "décrivent personne. Les propositions ci-dessous ne sont qu'un exemple du calcul.",
        icon=":material/science:",
    )

chosen_settings = matching_views.weights_form(settings)
if st.button("Lancer l'appariement", type="primary", icon=":material/join_inner:"):
    with st.spinner("Calcul des combinaisons et de l'appariement optimal…"):
        outcome = matching_store.run_matching(
            store, principal, data.matching_context(), chosen_settings, demo=demo, today=dt.date.today()
        )
    data.remember_outcome(outcome)
    # Show the run just computed, whichever run the selector below showed before the click.
    st.session_state["appariement_choix"] = outcome.run_id

runs = matching_store.runs(store, principal)
runs = runs[runs["is_demo"] == demo]
if runs.empty:
    st.info("Aucun calcul pour l'instant : lancez l'appariement.", icon=":material/inbox:")
    st.stop()
ids = runs["id"].tolist()
run_id = st.selectbox(
    "Calcul",
    ids,
    format_func=lambda i: f"n° {i} du {runs.set_index('id').loc[i, 'at']:%d/%m/%Y %H:%M}",
    key="appariement_choix",
)
outcome, same = data.matching_outcome(run_id, principal)
matching_views.run_summary(outcome, same)

names = data.departements().set_index("code")["nom"].to_dict()
decisions = matching_store.decisions(store, principal, run_id)
view = st.segmented_control(
    "Vue", list(VIEWS), format_func=VIEWS.get, default="tableau", key="appariement_vue", required=True
)
if view == "tableau":
    frame = views.proposals_frame(outcome, names, decisions)
    tables.dataframe(frame, hide_index=True, decimals={"Score": 1, "Trajet (km)": 1})
    matching_views.exports(frame, outcome)
elif view == "carte":
    matching_views.proposal_map(outcome, st.session_state.get("appariement_menage"))
else:
    matching_views.household_panel(store, principal, outcome, decisions, names)

matching_views.binding(outcome)
threshold = data.config().placements.suppression_threshold
matching_views.public_table(outcome, names, threshold)
matching_views.outcomes(store, principal, demo=demo, threshold=threshold)
if st.button("Rejouer ce calcul depuis ses entrées enregistrées", key="appariement_rejouer"):
    _, again = matching_store.replay(store, principal, run_id, data.matching_context())
    if again:
        st.success("Même résultat : les propositions rejouées sont identiques à celles enregistrées.")
    else:
        st.error("Résultat différent : le solveur ou les données du territoire ont changé depuis ce calcul.")
