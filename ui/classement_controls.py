"""The Classement page's controls, each drawn from the scenario and writing its changes back (``ui.classement_state``).

Keyboard-friendly: every control is a labelled widget, in reading order; placeholders and messages are French.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from emile import indicators
from emile.config import ScoringSettings
from emile.formatting import number
from emile.geography import Origins
from emile.indicators import LEVELS, SCORED_THEMES, Indicator
from emile.scoring.normalise import NORMALISATION_LABELS
from emile.scoring.ranking import METHOD_LABELS, Ranking, rank_territories
from emile.scoring.scenario import (
    CUSTOM_PRESET,
    DEFAULT_CRITERION_WEIGHT,
    WEIGHT_MAX,
    Scenario,
    ScenarioError,
    applying_preset,
    from_json,
    restricted_to,
)
from emile.scoring.weights import effective_weights
from ui import classement_state as state
from ui import ranking_views
from ui.layout import CHOOSE

FILE_CHOICE = "fichier"


def criterion_label(indicator: Indicator) -> str:
    """The criterion's name with its unit and vintage in brackets, each left out when the name already says it (a
    name ending in brackets carries its vintage; « pour 1 000 habitants » is its unit), and the better direction."""
    arrow = "↑" if indicator.higher_is_better else "↓"
    said = indicator.label
    details = []
    if indicator.unit.replace(" hab.", " habitants") not in said:
        details.append(indicator.unit)
    if not said.endswith(")"):
        details.append(indicator.vintage)
    return f"{said} ({', '.join(details)}) {arrow}" if details else f"{said} {arrow}"


def level_and_departements(scenario: Scenario, departement_names: pd.Series) -> None:
    key = state.bind("w_niveau", scenario.level)
    st.radio(
        "Niveau",
        LEVELS,
        format_func=indicators.LEVEL_LABELS.get,
        horizontal=True,
        key=key,
        on_change=lambda: state.change_level(st.session_state[key]),
    )
    if scenario.level == "departement":
        return
    key = state.bind("w_departements", list(scenario.departements))
    st.multiselect(
        "Départements étudiés",
        list(departement_names.index),
        format_func=lambda c: f"{c} {departement_names.get(c, '')}",
        key=key,
        on_change=state.on_change(key, lambda chosen: {"departements": list(chosen), "shortlist": []}),
        placeholder="Choisir un ou plusieurs départements…",
    )


def method_and_weights(scenario: Scenario, available: Sequence[Indicator], settings: ScoringSettings) -> None:
    """Preset, method, normalisation, the criteria and their sliders, theme by theme."""
    by_id = {i.id: i for i in available}
    presets = {**{p: settings.presets[p].label for p in settings.presets}, CUSTOM_PRESET: "Personnalisé"}
    left, middle, right = st.columns(3)
    key = state.bind("w_preset", scenario.preset or CUSTOM_PRESET)
    left.selectbox(
        "Préréglage",
        list(presets),
        format_func=presets.get,
        key=key,
        on_change=lambda: state.apply_preset(st.session_state["w_preset"], settings),
        help="Poids relatifs des trois thèmes, chaque critère au poids moyen ; « Personnalisé » dès qu'un poids "
        "est changé à la main.",
    )
    key = state.bind("w_methode", scenario.method)
    middle.selectbox(
        "Méthode",
        list(METHOD_LABELS),
        format_func=METHOD_LABELS.get,
        key=key,
        on_change=state.on_change(key, lambda value: {"method": value}),
    )
    key = state.bind("w_normalisation", scenario.normalisation)
    right.selectbox(
        "Normalisation",
        list(NORMALISATION_LABELS),
        format_func=NORMALISATION_LABELS.get,
        key=key,
        on_change=state.on_change(key, lambda value: {"normalisation": value}),
    )
    key = state.bind("w_criteres", [i for i in scenario.criteria if i in by_id])
    st.multiselect(
        "Critères retenus (↑ : plus c'est haut, mieux c'est ; ↓ : l'inverse)",
        list(by_id),
        format_func=lambda i: criterion_label(by_id[i]),
        key=key,
        on_change=state.on_change(key, state.choose_criteria),
        placeholder=CHOOSE,
    )
    chosen = [by_id[i] for i in scenario.criteria if i in by_id]
    themes = [t for t in SCORED_THEMES if any(c.theme == t for c in chosen)]
    for column, theme in zip(st.columns(max(len(themes), 1)), themes):
        key = state.bind(f"w_theme_{theme}", scenario.theme_weights.get(theme, 0))
        column.slider(
            f"Thème {indicators.THEME_LABELS[theme]}",
            0,
            WEIGHT_MAX,
            key=key,
            on_change=state.on_change(key, lambda value, theme=theme: {"theme_weights": {**_themes(), theme: value}}),
        )
        for criterion in (c for c in chosen if c.theme == theme):
            key = state.bind(f"w_poids_{criterion.id}", scenario.criteria.get(criterion.id, DEFAULT_CRITERION_WEIGHT))
            column.slider(
                criterion.label,
                0,
                WEIGHT_MAX,
                key=key,
                on_change=state.on_change(key, lambda value, i=criterion.id: {"criteria": {**_criteria(), i: value}}),
            )


def _themes() -> dict[str, int]:
    return dict(st.session_state[state.SCENARIO].theme_weights)


def _criteria() -> dict[str, int]:
    return dict(st.session_state[state.SCENARIO].criteria)


THRESHOLD_PROBLEM = "classement_seuil_refuse"


def thresholds(scenario: Scenario, available: Sequence[Indicator]) -> None:
    """Minimum and maximum per chosen indicator. A minimum typed above the maximum is not kept, and says so."""
    by_id = {i.id: i for i in available}
    bounds = {t.indicator_id: t for t in scenario.thresholds}
    key = state.bind("w_seuils", [i for i in bounds if i in by_id])
    st.multiselect(
        "Exclure les territoires hors d'une fourchette pour…",
        list(by_id),
        format_func=lambda i: criterion_label(by_id[i]),
        key=key,
        on_change=state.on_change(
            key,
            lambda chosen: {
                "thresholds": [bounds[i].model_dump() if i in bounds else {"indicator_id": i} for i in chosen]
            },
        ),
        placeholder=CHOOSE,
    )
    for indicator_id, threshold in bounds.items():
        indicator = by_id[indicator_id]
        for column, side in zip(st.columns(2), ("minimum", "maximum")):
            key = state.bind(f"w_seuil_{side}_{indicator_id}", getattr(threshold, side))
            column.number_input(
                f"{indicator.label} : {side} ({indicator.unit})",
                value=None,
                key=key,
                placeholder="aucun",
                on_change=_threshold_changed,
                args=(indicator_id, side, key),
            )
    problem = st.session_state.pop(THRESHOLD_PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/error:")


def _threshold_changed(indicator_id: str, side: str, key: str) -> None:
    scenario = st.session_state[state.SCENARIO]
    specs = [t.model_dump() for t in scenario.thresholds]
    for spec in specs:
        if spec["indicator_id"] == indicator_id:
            spec[side] = st.session_state[key]
            low, high = spec["minimum"], spec["maximum"]
            if low is not None and high is not None and low > high:
                label = indicators.get(indicator_id).label
                st.session_state[THRESHOLD_PROBLEM] = (
                    f"Seuil de « {label} » : un minimum ({number(low, 2)}) au-dessus du maximum ({number(high, 2)}) "
                    "écarterait tous les territoires ; valeur non retenue."
                )
                return
    state.update(thresholds=specs)


def other_weighting(
    ranking: Ranking,
    frame: pd.DataFrame,
    available: Sequence[Indicator],
    scenario: Scenario,
    settings: ScoringSettings,
    origins: Origins,
) -> None:
    """This ranking (A) beside another weighting (B): a preset applied to the same criteria, or a saved scenario of
    the same level; then who enters and who leaves the first places."""
    st.caption(
        "Comparez ce classement (A) à une autre pondération (B) : qui entre dans les premières places, qui en sort."
    )
    options = {p: f"Préréglage « {settings.presets[p].label} »" for p in settings.presets}
    options[FILE_CHOICE] = "Un scénario enregistré (fichier JSON)"
    left, right = st.columns([2, 1])
    choice = left.selectbox("Pondération B", list(options), format_func=options.get, key="autre_ponderation")
    top = right.number_input(
        "Premières places comparées",
        min_value=1,
        max_value=min(50, len(ranking.table)),
        value=min(settings.top_k, len(ranking.table)),
        step=1,
        key="autre_tete",
    )
    if choice == FILE_CHOICE:
        uploaded = st.file_uploader("Scénario B (JSON)", type=["json"], key="scenario_b", max_upload_size=1)
        if uploaded is None:
            st.info("Déposez le fichier JSON d'un scénario enregistré depuis cette page.")
            return
        try:
            other = from_json(uploaded.getvalue())
        except ScenarioError as exc:
            st.error(str(exc))
            return
        if other.level != scenario.level:
            level = indicators.LEVEL_LABELS[other.level].lower()
            st.warning(f"Ce scénario classe au niveau {level} : choisissez ce niveau pour le comparer.")
            return
        other, note = restricted_to(other, available)
        if note:
            st.info(note)
        name = other.name
    else:
        other, name = applying_preset(scenario, settings, choice), settings.presets[choice].label
    by_id = {c.id: c for c in available}
    chosen = [by_id[i] for i in other.criteria if i in by_id]
    try:
        weights = effective_weights(chosen, other.theme_weights, other.criteria)
    except ValueError as exc:
        st.warning(f"Pondération B inutilisable : {exc}")
        return
    b = rank_territories(
        frame, chosen, weights, other.method, other.normalisation, origins, [t.threshold() for t in other.thresholds]
    )
    ranking_views.other_weighting(ranking, b, name, int(top))
