"""The Classement page's controls as one scenario in the session: a preset sets the theme sliders, an uploaded
scenario file sets every control, or leaves them untouched and says why in French."""

from __future__ import annotations

import streamlit as st

from emile.config import ScoringSettings
from emile.indicators import SCORED_THEMES
from emile.scoring import scenario

MESSAGE = "scenario_message"
LOADED = "scenario_loaded"


def start(settings: ScoringSettings) -> None:
    """Defaults of a fresh session: the first preset, the configured method and normalisation."""
    state = st.session_state
    state.setdefault("preset", settings.default_preset_id)
    preset = settings.presets[state["preset"]]
    for theme in SCORED_THEMES:
        state.setdefault(f"theme_{theme}", int(preset.weight(theme)))
    state.setdefault("methode", settings.method)
    state.setdefault("normalisation", settings.normalisation)


def apply_preset(settings: ScoringSettings) -> None:
    preset = settings.presets[st.session_state["preset"]]
    for theme in SCORED_THEMES:
        st.session_state[f"theme_{theme}"] = int(preset.weight(theme))


def load_uploaded() -> None:
    """Copy an uploaded scenario into the widgets' state; a bad file leaves them untouched and explains why."""
    uploaded = st.session_state.get("scenario_file")
    if uploaded is None:
        return
    try:
        loaded = scenario.from_json(uploaded.getvalue())
    except scenario.ScenarioError as exc:
        st.session_state[MESSAGE] = ("error", str(exc))
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
    state[LOADED] = loaded
    state[MESSAGE] = ("success", f"Scénario « {loaded.name} » chargé.")


def show_message() -> None:
    message = st.session_state.pop(MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
