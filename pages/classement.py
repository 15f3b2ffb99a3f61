"""Classement : rank territories with chosen criteria and weights, see why and how robust, map the result, compare
with another weighting, find territories like the pilots, save the scenario and export the result.

The work is one scenario, kept in the session and in the link (``ui.classement_state``); all computing happens in
``emile.scoring``; the results are drawn by ``ui.ranking_views``.
"""

from __future__ import annotations

import streamlit as st

from emile import geography
from emile.briefing.territory_map import DEFAULT_HEADLINE
from emile.scoring import scenario as scenarios
from emile.scoring.ranking import within_departements
from emile.scoring.weights import effective_weights, percentages
from ui import briefing, classement_controls, classement_state, data, ranking_views, territory_shapes

st.title("Classement des territoires")
st.caption(
    "Classement multicritère transparent : choisissez les critères, leurs poids et la méthode ; chaque rang est "
    "expliqué, sa robustesse mesurée. Le lien de la page reproduit ce classement : copiez-le pour le partager."
)

config = data.config()
settings = config.scoring
scenario = classement_state.current()
classement_state.show_messages()
departement_names = data.indicators("departement")["nom"]

# --- Territories and criteria ----------------------------------------------------------------------------------
classement_controls.level_and_departements(scenario, departement_names)
level = scenario.level
frame = data.indicators(level)
if level != "departement":
    if not scenario.departements:
        st.info("Choisissez au moins un département pour classer ses communes, ses EPCI ou ses bassins d'emploi.")
        st.stop()
    frame = within_departements(frame, scenario.departements)
available = classement_state.criteria_of()[level]
if frame.empty or not available:
    st.info("Aucun indicateur classable n'est disponible à ce niveau dans l'instantané de données.")
    st.stop()
with st.expander("Critères, poids et méthode", expanded=True):
    classement_controls.method_and_weights(scenario, available, settings)
with st.expander("Seuils (facultatif)", expanded=bool(scenario.thresholds)):
    classement_controls.thresholds(scenario, available)

by_id = {c.id: c for c in available}
criteria = [by_id[i] for i in scenario.criteria if i in by_id]
if not criteria:
    st.warning("Choisissez au moins un critère.")
    st.stop()
try:
    weights = effective_weights(criteria, scenario.theme_weights, scenario.criteria)
except ValueError as exc:
    st.warning(str(exc))
    st.stop()
shares = percentages(weights)
st.caption("Poids effectifs : " + " · ".join(f"{by_id[i].label} {shares[i]} %" for i in shares.index))

# --- Ranking and what it says ------------------------------------------------------------------------------------
thresholds = [t.threshold() for t in scenario.thresholds]
origins = geography.origins(config)
ranking, draws = data.ranking(
    level,
    tuple(scenario.departements) if level != "departement" else (),
    tuple((c.id, float(weights.get(c.id, 0.0))) for c in criteria),
    scenario.method,
    scenario.normalisation,
    tuple((t.indicator_id, t.minimum, t.maximum) for t in thresholds),
)
for note in ranking.notes:
    st.info(note, icon=":material/info:")
if len(ranking.table) < 2:
    cause = "les seuils et les exclusions" if thresholds else "les exclusions (données manquantes, zones d'origine)"
    st.warning(
        f"Moins de deux territoires restent après {cause} : rien à classer. Assouplissez un seuil ou retirez "
        "un critère qui manque souvent."
    )
    st.stop()
top_k = min(settings.top_k, len(ranking.table))
ranking_views.ranking_table(ranking, criteria, draws, top_k)

# One view at a time: the browser draws only what the planner looks at (tabs would draw every chart and map).
VIEWS = (
    "Pourquoi ce rang ?",
    "Robustesse",
    "Carte du classement",
    "Territoires comparables",
    "Comparer",
    "Autre pondération",
)
key = classement_state.bind("w_vue", st.session_state.get("classement_vue", VIEWS[0]))
view = (
    st.segmented_control(
        "Afficher", VIEWS, key=key, on_change=lambda: st.session_state.update(classement_vue=st.session_state["w_vue"])
    )
    or VIEWS[0]
)
if view == "Pourquoi ce rang ?":
    ranking_views.explanation(ranking, criteria)
elif view == "Robustesse":
    ranking_views.robustness(ranking, criteria, draws, settings, top_k)
elif view == "Carte du classement":
    shapes, scope = territory_shapes.of_ranking(level, scenario.departements)
    ranking_views.ranking_map(ranking, shapes, scope)
elif view == "Territoires comparables":
    if level == "departement":
        sets = geography.reference_sets(config)
        references = {key: item.codes for key, item in sets.items()}
        labels = {k: i.label if len(i.codes) > 1 else f"{k} {departement_names.get(k, '')}" for k, i in sets.items()}
    else:
        references = {code: (code,) for code in ranking.table.index}
        labels = {code: f"{code} {name}" for code, name in ranking.table["nom"].items()}
    ranking_views.similar(ranking, criteria, references, labels)
elif view == "Comparer":
    shortlist = [c for c in scenario.shortlist if c in ranking.table.index]
    key = classement_state.bind("w_comparer", shortlist)
    st.multiselect(
        f"Territoires à comparer ({scenarios.MAX_COMPARED} au plus)",
        list(ranking.table.index),
        format_func=ranking.table["nom"].get,
        key=key,
        on_change=classement_state.on_change(key, lambda chosen: {"shortlist": list(chosen)[: scenarios.MAX_COMPARED]}),
        placeholder="Choisir des territoires…",
    )
    ranking_views.comparison(ranking, criteria, shortlist)
    if shortlist and level == "departement":
        st.markdown("**Fiches des territoires comparés**")
        briefing.zip_download(settings.default_preset_id, shortlist, DEFAULT_HEADLINE, "comparees", "zip_comparees")
else:
    classement_controls.other_weighting(ranking, frame, criteria, scenario, settings, origins)

# --- Scenario and exports -----------------------------------------------------------------------------------------
st.subheader("Scénario et exports")
key = classement_state.bind("w_nom", scenario.name)
st.text_input(
    "Nom du scénario",
    key=key,
    max_chars=120,
    on_change=classement_state.on_change(key, lambda name: {"name": name.strip() or scenarios.DEFAULT_NAME}),
)
current = scenario.with_changes(data_vintage={c.id: c.vintage for c in criteria})
loaded = st.session_state.get("scenario_charge")
changes = scenarios.vintage_changes(loaded, available) if loaded is not None else []
if changes:
    st.warning("Données modifiées depuis l'enregistrement du scénario : " + " ; ".join(changes) + ".")
save, upload = st.columns(2)
save.download_button(
    "Enregistrer le scénario (JSON)",
    scenarios.to_json(current),
    f"{current.name}.json",
    "application/json",
    icon=":material/save:",
    on_click="ignore",
)
upload.file_uploader(
    "Recharger un scénario (JSON)",
    type=["json"],
    key="scenario_file",
    max_upload_size=1,
    on_change=classement_state.load_uploaded,
    args=("scenario_file",),
)
with st.expander("Voir le scénario (JSON)"):
    st.code(scenarios.to_json(current), language="json")
ranking_views.exports(ranking, criteria, current, draws)
