"""Classement : rank territories with chosen criteria and weights, see why and how robust, find territories like the
pilots, save the scenario and export the result. All computing happens in ``emile.scoring``; the results are drawn
by ``ui.ranking_views``."""

from __future__ import annotations

import streamlit as st

from emile import geography, indicators
from emile.indicators import LEVELS, SCORED_THEMES
from emile.scoring import scenario, sensitivity
from emile.scoring.normalise import NORMALISATION_LABELS
from emile.scoring.ranking import METHOD_LABELS, Threshold, rank_territories, within_departements
from emile.scoring.weights import effective_weights, percentages
from ui import data, ranking_views, scenario_state


def _criterion_label(indicator: indicators.Indicator) -> str:
    arrow = "↑" if indicator.higher_is_better else "↓"
    return f"{indicator.label} ({indicator.unit}, {indicator.vintage}) {arrow}"


st.title("Classement des territoires")
st.caption(
    "Classement multicritère transparent : choisissez les critères, leurs poids et la méthode ; chaque rang est "
    "expliqué, sa robustesse mesurée, et le scénario peut être enregistré ou exporté."
)

config = data.config()
settings = config.scoring
presets = settings.presets
state = st.session_state
scenario_state.start(settings)

# --- Territories --------------------------------------------------------------------------------------------------
level = st.radio("Niveau", LEVELS, format_func=indicators.LEVEL_LABELS.get, horizontal=True, key="niveau")
frame = data.indicators(level)
needed = ["nom"] if level == "departement" else ["nom", "departement"]
missing_columns = [c for c in needed if c not in frame.columns]
if missing_columns:
    st.info(
        f"L'instantané ne donne pas la colonne « {missing_columns[0]} » au niveau "
        f"{indicators.LEVEL_LABELS[level].lower()} : classement indisponible à ce niveau pour l'instant."
    )
    st.stop()
if level != "departement":
    departement_names = data.indicators("departement")["nom"]
    chosen = st.multiselect(
        "Départements étudiés",
        sorted(frame["departement"].dropna().unique()),
        format_func=lambda c: f"{c} {departement_names.get(c, '')}",
        key="departements",
        placeholder="Choisir…",
    )
    if not chosen:
        st.info("Choisissez au moins un département pour classer ses communes ou ses bassins d'emploi.")
        st.stop()
    frame = within_departements(frame, chosen)

available = indicators.scorable(level, frame.columns)
if frame.empty or not available:
    st.info("Aucun indicateur classable n'est disponible à ce niveau dans l'instantané de données.")
    st.stop()
by_id = {i.id: i for i in available}

# --- Criteria and weights -----------------------------------------------------------------------------------------
state.setdefault("criteres", [i.id for i in available])
state["criteres"] = [c for c in state["criteres"] if c in by_id]
with st.expander("Critères, poids et méthode", expanded=True):
    left, middle, right = st.columns(3)
    left.selectbox(
        "Préréglage",
        list(presets),
        format_func=lambda p: presets[p].label,
        key="preset",
        on_change=scenario_state.apply_preset,
        args=(settings,),
    )
    method = middle.selectbox("Méthode", list(METHOD_LABELS), format_func=METHOD_LABELS.get, key="methode")
    normalisation = right.selectbox(
        "Normalisation", list(NORMALISATION_LABELS), format_func=NORMALISATION_LABELS.get, key="normalisation"
    )
    chosen_ids = st.multiselect(
        "Critères retenus (↑ : plus c'est haut, mieux c'est ; ↓ : l'inverse)",
        list(by_id),
        format_func=lambda i: _criterion_label(by_id[i]),
        key="criteres",
        placeholder="Choisir…",
    )
    criteria = [by_id[i] for i in chosen_ids]
    themes = [t for t in SCORED_THEMES if any(c.theme == t for c in criteria)]
    theme_weights, criterion_weights = {}, {}
    for column, theme in zip(st.columns(max(len(themes), 1)), themes):
        theme_weights[theme] = column.slider(f"Thème {indicators.THEME_LABELS[theme]}", 0, 10, key=f"theme_{theme}")
        for criterion in (c for c in criteria if c.theme == theme):
            state.setdefault(f"poids_{criterion.id}", 5)
            criterion_weights[criterion.id] = column.slider(criterion.label, 0, 10, key=f"poids_{criterion.id}")
if not criteria:
    st.warning("Choisissez au moins un critère.")
    st.stop()
try:
    weights = effective_weights(criteria, theme_weights, criterion_weights)
except ValueError as exc:
    st.warning(str(exc))
    st.stop()
shares = percentages(weights)
st.caption("Poids effectifs : " + " · ".join(f"{by_id[i].label} {shares[i]} %" for i in shares.index))

with st.expander("Seuils (facultatif)"):
    threshold_ids = st.multiselect(
        "Exclure les territoires hors d'une fourchette pour…",
        list(by_id),
        format_func=lambda i: _criterion_label(by_id[i]),
        key="seuils",
        placeholder="Choisir…",
    )
    thresholds = []
    for indicator_id in threshold_ids:
        low, high = st.columns(2)
        label, unit = by_id[indicator_id].label, by_id[indicator_id].unit
        minimum = low.number_input(f"{label} : minimum ({unit})", value=None, key=f"seuil_min_{indicator_id}")
        maximum = high.number_input(f"{label} : maximum ({unit})", value=None, key=f"seuil_max_{indicator_id}")
        thresholds.append(Threshold(indicator_id, minimum, maximum))

# --- Ranking and what it says -------------------------------------------------------------------------------------
ranking = rank_territories(frame, criteria, weights, method, normalisation, geography.origins(config), thresholds)
for note in ranking.notes:
    st.warning(note)
if len(ranking.table) < 2:
    st.stop()
top_k = min(settings.top_k, len(ranking.table))
draws = sensitivity.monte_carlo(ranking, top_k, settings.draws, settings.concentration)
ranking_views.ranking_table(ranking, criteria, draws, top_k)
ranking_views.explanation(ranking, criteria)
ranking_views.robustness(ranking, criteria, draws, settings, top_k)
if level == "departement":
    references = geography.reference_sets(config)
    reference_codes = {key: item.codes for key, item in references.items()}
    reference_labels = {
        key: item.label if len(item.codes) > 1 else f"{key} {frame['nom'].get(key, '')}"
        for key, item in references.items()
    }
else:
    reference_codes = {code: (code,) for code in ranking.table.index}
    reference_labels = {code: f"{code} {name}" for code, name in ranking.table["nom"].items()}
ranking_views.similar(ranking, criteria, reference_codes, reference_labels)
ranking_views.comparison(ranking, criteria)

# --- Scenario and exports -----------------------------------------------------------------------------------------
st.subheader("Scénario et exports")
state.setdefault("nom_scenario", "Mon scénario")
name = st.text_input("Nom du scénario", key="nom_scenario")
current = scenario.Scenario(
    name=name or "Sans nom",
    level=level,
    departements=state.get("departements", []) if level != "departement" else [],
    theme_weights=theme_weights,
    criteria=criterion_weights,
    method=method,
    normalisation=normalisation,
    thresholds=thresholds,
    data_vintage={c.id: c.vintage for c in criteria},
)
loaded = state.get(scenario_state.LOADED)
if loaded is not None:
    for line in scenario.vintage_changes(loaded, available):
        st.warning(f"Données modifiées depuis l'enregistrement du scénario — {line}")
save, upload = st.columns(2)
save.download_button(
    "Enregistrer le scénario (JSON)", scenario.to_json(current), f"{current.name}.json", "application/json"
)
upload.file_uploader(
    "Recharger un scénario", type=["json"], key="scenario_file", on_change=scenario_state.load_uploaded
)
scenario_state.show_message()
with st.expander("Voir le scénario (JSON)"):
    st.code(scenario.to_json(current), language="json")
ranking_views.exports(ranking, criteria, current)
