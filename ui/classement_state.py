"""The Classement page's work as one ``Scenario``, kept in the session (so that visiting another page loses nothing)
and in the link (so that a planner can share a ranking or come back to it).

Streamlit forgets the state of a widget that a run does not draw, and its browser side may keep a value the server
no longer has; so no widget holds the truth here. Each control is drawn from the scenario (its value written into the
widget's key before the widget is created, on every run) and its callback writes the change back into the scenario.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from emile import indicators
from emile.config import ScoringSettings
from emile.indicators import LEVELS, Indicator, Level
from emile.scoring import link
from emile.scoring.scenario import (
    Scenario,
    ScenarioError,
    applying_preset,
    default_scenario,
    from_json,
    matching_preset,
    restricted_to,
)
from ui import data

SCENARIO = "classement_scenario"
SHARED_LINK = "classement_lien"
NOTES = "classement_notes"
MESSAGE = "classement_message"


def criteria_of() -> dict[Level, list[Indicator]]:
    """The scorable criteria of each level, as the snapshot has them."""
    return {level: indicators.scorable(level, data.indicators(level).columns) for level in LEVELS}


def start(level: Level) -> Scenario:
    return default_scenario(level, criteria_of()[level], data.config().scoring)


def current() -> Scenario:
    """The scenario of this visit: the link's when it was opened with one (or changed by hand), else the session's,
    else the page's default."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k in link.KEYS}
    kept: Scenario | None = st.session_state.get(SCENARIO)
    if kept is not None and params == st.session_state.get(SHARED_LINK):
        return kept
    if params or kept is None:
        departements = set(data.indicators("departement").index)
        scenario, notes = link.from_params(params, criteria_of(), data.config().scoring, departements)
        if notes:
            st.session_state[NOTES] = notes
    else:  # back from another page, whose link has none of ours: the session's work
        scenario = kept
    save(scenario)
    return scenario


def save(scenario: Scenario) -> None:
    """Keep ``scenario`` in the session and write it into the link."""
    params = link.to_params(scenario, start(scenario.level))
    st.session_state[SCENARIO] = scenario
    st.session_state[SHARED_LINK] = params
    others = {k: v for k, v in st.query_params.to_dict().items() if k not in link.KEYS}
    if st.query_params.to_dict() != {**others, **params}:
        st.query_params.from_dict({**others, **params})


def update(**changes: object) -> None:
    """Apply ``changes`` to the scenario; the preset box then names the preset the weights still match, if any."""
    settings = data.config().scoring
    scenario = st.session_state[SCENARIO].with_changes(**changes)
    save(scenario.with_changes(preset=matching_preset(scenario, settings)))


def bind(key: str, value: object) -> str:
    """Put the scenario's ``value`` in the widget ``key`` before the widget is drawn; returns the key."""
    st.session_state[key] = value
    return key


def on_change(key: str, apply: Callable[[object], Mapping[str, object]]) -> Callable[[], None]:
    """A widget callback: the widget's new value, turned into scenario changes by ``apply``."""
    return lambda: update(**apply(st.session_state[key]))


def change_level(level: Level) -> None:
    """Another level: the same method, themes, name and départements, its own criteria (a criterion both levels
    have keeps its weight), no threshold or comparison left from the other level."""
    scenario = st.session_state[SCENARIO]
    fresh = start(level)
    criteria = {i: scenario.criteria.get(i, w) for i, w in fresh.criteria.items()}
    update(level=level, criteria=criteria, thresholds=[], shortlist=[])


def choose_criteria(chosen: Sequence[str]) -> dict[str, object]:
    scenario = st.session_state[SCENARIO]
    default = start(scenario.level).criteria
    return {"criteria": {i: scenario.criteria.get(i, default.get(i, 5)) for i in chosen}}


def apply_preset(preset_id: str, settings: ScoringSettings) -> None:
    if preset_id in settings.presets:
        save(applying_preset(st.session_state[SCENARIO], settings, preset_id))


def load_uploaded(key: str) -> None:
    """An uploaded scenario file replaces the current work; a bad one leaves it untouched and says why, in one
    message."""
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    try:
        loaded = from_json(uploaded.getvalue())
    except ScenarioError as exc:
        st.session_state[MESSAGE] = ("error", str(exc))
        return
    usable, note = restricted_to(loaded, criteria_of()[loaded.level])
    settings = data.config().scoring
    save(usable.with_changes(preset=matching_preset(usable, settings)))
    st.session_state["scenario_charge"] = loaded
    text = f"Scénario « {loaded.name} » chargé." + (f" {note}" if note else "")
    st.session_state[MESSAGE] = ("success", text)


def show_messages() -> None:
    """What the last link or file held that could not be used, once, in French."""
    notes = st.session_state.pop(NOTES, None)
    if notes:
        st.warning("Lien en partie illisible, valeurs par défaut utilisées pour : " + " ; ".join(notes) + ".")
    message = st.session_state.pop(MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
