"""Classement : rank territories with chosen criteria and weights, see why and how robust, find territories like the
pilots, save the scenario and export the result. All computing happens in ``emile.scoring``."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from emile import indicators, snapshot
from emile.scoring import explain, export, scenario, sensitivity, similarity
from emile.scoring.normalise import NORMALISATION_LABELS
from emile.scoring.ranking import METHOD_LABELS, Origins, Threshold, rank_territories, within_departements
from emile.scoring.settings import SCORED_THEMES, parse_settings
from emile.scoring.weights import effective_weights, percentages
from ui import data

LEVELS = ["departement", "bassin", "commune"]
SHOWN_IN_CHARTS = 15
MAX_COMPARED = 4


@st.cache_resource(show_spinner=False)
def _indicators(level: str, root: str) -> pd.DataFrame:
    """Like ``ui.data.indicators`` but keyed by the snapshot folder too, so that a folder redirected with
    ``EMILE_GEODATA_DIR`` (fixture snapshots in tests) never receives a table cached from another folder."""
    return snapshot.load_indicators(level, Path(root))


def _criterion_label(indicator: indicators.Indicator) -> str:
    arrow = "↑" if indicator.higher_is_better else "↓"
    return f"{indicator.label} ({indicator.unit}, {indicator.vintage}) {arrow}"


def _apply_preset() -> None:
    preset = presets[st.session_state["preset"]]
    for theme in SCORED_THEMES:
        st.session_state[f"theme_{theme}"] = int(preset.theme_weights[theme])


def _load_scenario() -> None:
    """Copy an uploaded scenario into the widgets' state; a bad file leaves them untouched and explains why."""
    uploaded = st.session_state.get("scenario_file")
    if uploaded is None:
        return
    try:
        loaded = scenario.from_json(uploaded.getvalue())
    except scenario.ScenarioError as exc:
        st.session_state["scenario_message"] = ("error", str(exc))
        return
    state = st.session_state
    state.update(
        niveau=loaded.level,
        departements=loaded.departements,
        methode=loaded.method,
        normalisation=loaded.normalisation,
        nom_scenario=loaded.name,
        criteres=list(loaded.criteria),
        seuils=[t.indicator_id for t in loaded.thresholds],
    )
    state.update({f"theme_{t}": int(w) for t, w in loaded.theme_weights.items()})
    state.update({f"poids_{i}": int(w) for i, w in loaded.criteria.items()})
    for threshold in loaded.thresholds:
        state[f"seuil_min_{threshold.indicator_id}"] = threshold.minimum
        state[f"seuil_max_{threshold.indicator_id}"] = threshold.maximum
    state["scenario_loaded"] = loaded
    state["scenario_message"] = ("success", f"Scénario « {loaded.name} » chargé.")


st.title("Classement des territoires")
st.caption(
    "Classement multicritère transparent : choisissez les critères, leurs poids et la méthode ; chaque rang est "
    "expliqué, sa robustesse mesurée, et le scénario peut être enregistré ou exporté."
)

config = data.config()
settings = parse_settings(config.section("scoring"))
presets = {p.id: p for p in settings.presets}
state = st.session_state
state.setdefault("preset", settings.presets[0].id)
for theme in SCORED_THEMES:
    state.setdefault(f"theme_{theme}", int(presets[state["preset"]].theme_weights[theme]))
state.setdefault("methode", settings.method)
state.setdefault("normalisation", settings.normalisation)

# --- Territories --------------------------------------------------------------------------------------------------
root = str(snapshot.geodata_dir())
level = st.radio("Niveau", LEVELS, format_func=indicators.LEVEL_LABELS.get, horizontal=True, key="niveau")
frame = _indicators(level, root)
needed = ["nom"] if level == "departement" else ["nom", "departement"]
missing_columns = [c for c in needed if c not in frame.columns]
if missing_columns:
    st.info(
        f"L'instantané ne donne pas la colonne « {missing_columns[0]} » au niveau "
        f"{indicators.LEVEL_LABELS[level].lower()} : classement indisponible à ce niveau pour l'instant."
    )
    st.stop()
if level != "departement":
    departement_names = _indicators("departement", root)["nom"]
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

available = [i for i in indicators.for_level(level) if i.higher_is_better is not None and i.id in frame.columns]
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
        "Préréglage", list(presets), format_func=lambda p: presets[p].label, key="preset", on_change=_apply_preset
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
        unit = by_id[indicator_id].unit
        minimum = low.number_input(
            f"{by_id[indicator_id].label} : minimum ({unit})", value=None, key=f"seuil_min_{indicator_id}"
        )
        maximum = high.number_input(
            f"{by_id[indicator_id].label} : maximum ({unit})", value=None, key=f"seuil_max_{indicator_id}"
        )
        thresholds.append(Threshold(indicator_id, minimum, maximum))

# --- Ranking ------------------------------------------------------------------------------------------------------
origins = Origins(
    frozenset(config.territoires.origines.departements), frozenset(e.code for e in config.territoires.origines.epci)
)
ranking = rank_territories(frame, criteria, weights, method, normalisation, origins, thresholds)
for note in ranking.notes:
    st.warning(note)
if len(ranking.table) < 2:
    st.stop()
top_k = min(settings.top_k, len(ranking.table))
robustness = sensitivity.monte_carlo(ranking, top_k, settings.draws, settings.concentration)

st.subheader("Classement")
names = ranking.table["nom"]
leaders = ranking.table.head(3)
st.markdown("**En tête** : " + " · ".join(f"{explain.ordinal(r)} {n}" for n, r in zip(leaders.nom, leaders.rang)))
shown = export.ranking_frame(ranking, criteria).set_index("Code")
shown.insert(3, f"P(top {top_k})", robustness["p_top_k"])
shown.insert(4, "Rang (5 %–95 %)", robustness["rang_p05"].astype(str) + "–" + robustness["rang_p95"].astype(str))
st.dataframe(shown, column_config={f"P(top {top_k})": st.column_config.ProgressColumn(min_value=0, max_value=1)})
with st.expander(f"Territoires non classés ({len(ranking.excluded)})"):
    st.caption(
        "Un territoire auquel manque la valeur d'un critère pondéré est écarté plutôt que noté sur une "
        "donnée inventée ; les zones d'origine des volontaires sont toujours écartées."
    )
    st.dataframe(ranking.excluded.rename(columns={"nom": "Territoire", "motif": "Motif"}))

# --- Explanation --------------------------------------------------------------------------------------------------
st.subheader("Pourquoi ce rang ?")
labels = {c.id: c.label for c in criteria}
parts = explain.contributions(ranking).head(SHOWN_IN_CHARTS).rename(columns=labels)
parts = parts.assign(Territoire=ranking.table["nom"]).melt("Territoire", var_name="Critère", value_name="Contribution")
st.altair_chart(
    alt.Chart(parts)
    .mark_bar()
    .encode(
        x=alt.X("Contribution:Q"),
        y=alt.Y("Territoire:N", sort=None),
        color="Critère:N",
        tooltip=["Territoire", "Critère", alt.Tooltip("Contribution:Q", format=".3f")],
    )
)
if method == "topsis":
    st.caption(
        "TOPSIS n'additionne pas : les barres montrent les valeurs normalisées pondérées sur lesquelles il "
        "mesure la distance à l'idéal."
    )
else:
    st.caption("Somme pondérée : la longueur totale de chaque barre est le score.")
explained = st.selectbox("Territoire à expliquer", list(ranking.table.index), format_func=names.get, key="explique")
st.markdown(explain.summary(ranking, explained, criteria))
st.dataframe(explain.detail(ranking, explained, criteria), hide_index=True)

# --- Sensitivity --------------------------------------------------------------------------------------------------
st.subheader("Robustesse du classement")
st.caption(
    f"{settings.draws} tirages de poids autour des poids choisis (loi de Dirichlet, concentration "
    f"{settings.concentration:g}) : trait = rangs entre 5 % et 95 % des tirages, point = rang actuel."
)
head = robustness.head(SHOWN_IN_CHARTS).assign(Territoire=names)
interval = alt.Chart(head).encode(y=alt.Y("Territoire:N", sort=None))
st.altair_chart(
    interval.mark_rule(strokeWidth=3).encode(x=alt.X("rang_p05:Q", title="Rang"), x2="rang_p95:Q")
    + interval.mark_point(filled=True, size=60).encode(
        x="rang:Q", tooltip=["Territoire", "rang", alt.Tooltip("p_top_k:Q", format=".0%", title=f"P(top {top_k})")]
    )
)
dropped = sensitivity.leave_one_out(ranking).rename(columns=lambda i: f"Sans « {labels[i]} »")
st.caption("Rang obtenu en retirant chaque critère à tour de rôle :")
st.dataframe(
    ranking.table[["nom", "rang"]]
    .join(dropped)
    .head(SHOWN_IN_CHARTS)
    .rename(columns={"nom": "Territoire", "rang": "Rang"})
)

# --- Similarity ---------------------------------------------------------------------------------------------------
st.subheader("Territoires comparables aux pilotes")
if level == "departement":
    pilots = config.territoires.pilotes_2019
    hosts = [h.code for h in config.territoires.accueil]
    references = {"pilotes": pilots, "accueil": hosts} | {code: [code] for code in dict.fromkeys(pilots + hosts)}
    reference_labels = {"pilotes": "Moyenne des pilotes 2019", "accueil": "Moyenne des territoires d'accueil"}
else:
    references = {code: [code] for code in ranking.table.index}
    reference_labels = {}
reference = st.selectbox(
    "Référence",
    list(references),
    key="reference",
    format_func=lambda r: reference_labels.get(r) or f"{r} {frame['nom'].get(r, '')}",
)
try:
    close = similarity.nearest(ranking, references[reference], criteria)
    st.dataframe(
        close[["nom", "rang", "distance", "ecart_principal"]].rename(
            columns={"nom": "Territoire", "rang": "Rang", "distance": "Distance", "ecart_principal": "Principal écart"}
        )
    )
    st.caption(
        "Distance euclidienne entre profils normalisés ; « principal écart » : le critère qui pèse le "
        "plus dans cette distance."
    )
except ValueError as exc:
    st.info(str(exc))

# --- Shortlist ----------------------------------------------------------------------------------------------------
st.subheader("Comparer")
shortlist = st.multiselect(
    f"Territoires à comparer ({MAX_COMPARED} au plus)",
    list(ranking.table.index),
    format_func=names.get,
    max_selections=MAX_COMPARED,
    key="shortlist",
    placeholder="Choisir…",
)
if shortlist:
    profile = ranking.normalised.loc[shortlist].rename(columns=labels).assign(Territoire=names)
    profile = profile.melt("Territoire", var_name="Critère", value_name="Valeur normalisée")
    st.altair_chart(
        alt.Chart(profile)
        .mark_bar()
        .encode(
            x=alt.X("Territoire:N", title=None),
            xOffset="Territoire:N",
            y="Valeur normalisée:Q",
            color="Territoire:N",
            column=alt.Column("Critère:N", title=None),
        )
    )
    st.dataframe(export.ranking_frame(ranking, criteria).set_index("Code").loc[shortlist].T)

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
loaded = state.get("scenario_loaded")
if loaded is not None:
    for line in scenario.vintage_changes(loaded, available):
        st.warning(f"Données modifiées depuis l'enregistrement du scénario — {line}")
save, upload = st.columns(2)
save.download_button(
    "Enregistrer le scénario (JSON)", scenario.to_json(current), f"{current.name}.json", "application/json"
)
upload.file_uploader("Recharger un scénario", type=["json"], key="scenario_file", on_change=_load_scenario)
message = state.pop("scenario_message", None)
if message:
    getattr(st, message[0])(message[1])
with st.expander("Voir le scénario (JSON)"):
    st.code(scenario.to_json(current), language="json")

table = export.ranking_frame(ranking, criteria)
parameters = export.parameters_frame(current, ranking, criteria)
csv_column, xlsx_column = st.columns(2)
csv_column.download_button("Exporter en CSV", lambda: export.to_csv(table, parameters), "classement.csv", "text/csv")
xlsx_column.download_button(
    "Exporter en XLSX",
    lambda: export.to_xlsx(table, parameters),
    "classement.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
