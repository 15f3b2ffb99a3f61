"""A scenario as the query parameters of the Classement page's link, compact enough to paste in an e-mail.

Only what differs from where the page starts is written: ``?niveau=bassin&dep=15,48&methode=topsis&themes=2-1-1``,
``poids=rpls_taux_vacance.8`` (criteria not at the default weight), ``sans=loyer_m2`` (criteria left out),
``seuils=lovac_taux_vacance~5~`` (minimum 5, no maximum), ``comparer=15,48``, ``nom=…``. Reading a link never fails:
anything unknown or out of range is dropped and the page says so.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence

from emile.config import ScoringSettings
from emile.indicators import LEVELS, SCORED_THEMES, Indicator, Level
from emile.scoring.scenario import (
    DEFAULT_CRITERION_WEIGHT,
    DEFAULT_NAME,
    MAX_COMPARED,
    WEIGHT_MAX,
    Scenario,
    ThresholdSpec,
    default_scenario,
    matching_preset,
    preset_theme_weights,
)

# Every parameter the page owns: a link's other parameters (none today) are left alone.
KEYS = ("niveau", "dep", "prereglage", "methode", "norm", "themes", "poids", "sans", "seuils", "comparer", "nom")
_LIST, _PAIR, _BOUNDS = ",", ".", "~"


def to_params(scenario: Scenario, start: Scenario) -> dict[str, str]:
    """The parameters that describe ``scenario``, omitting what equals ``start`` (the page's default at that
    level)."""
    params: dict[str, str] = {}
    if scenario.level != "departement":
        params["niveau"] = scenario.level
    if scenario.departements:
        params["dep"] = _LIST.join(scenario.departements)
    if scenario.preset and scenario.preset != start.preset:
        params["prereglage"] = scenario.preset
    if scenario.method != start.method:
        params["methode"] = scenario.method
    if scenario.normalisation != start.normalisation:
        params["norm"] = scenario.normalisation
    themes = [scenario.theme_weights.get(t, 0) for t in SCORED_THEMES]
    if themes != [start.theme_weights.get(t, 0) for t in SCORED_THEMES]:
        params["themes"] = "-".join(str(w) for w in themes)
    weights = [f"{i}{_PAIR}{w}" for i, w in scenario.criteria.items() if w != DEFAULT_CRITERION_WEIGHT]
    if weights:
        params["poids"] = _LIST.join(weights)
    left_out = [i for i in start.criteria if i not in scenario.criteria]
    if left_out:
        params["sans"] = _LIST.join(left_out)
    if scenario.thresholds:
        params["seuils"] = _LIST.join(
            _BOUNDS.join([t.indicator_id, _number(t.minimum), _number(t.maximum)]) for t in scenario.thresholds
        )
    if scenario.shortlist:
        params["comparer"] = _LIST.join(scenario.shortlist)
    if scenario.name != DEFAULT_NAME:
        params["nom"] = scenario.name
    return params


def _number(value: float | None) -> str:
    """Exact (``repr``), without a useless ``.0``."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _weight(text: str) -> int | None:
    return int(text) if text.isdigit() and int(text) <= WEIGHT_MAX else None


def from_params(
    params: Mapping[str, str],
    criteria_of: Mapping[Level, Sequence[Indicator]],
    settings: ScoringSettings,
    departements: Collection[str],
) -> tuple[Scenario, list[str]]:
    """The scenario a link describes, and French notes on what it held that could not be used. ``criteria_of``
    gives the scorable criteria of each level; ``departements`` the codes that exist."""
    notes: list[str] = []
    level = params.get("niveau", "departement")
    if level not in LEVELS:
        notes.append(f"niveau « {level} » inconnu")
        level = "departement"
    available = {c.id for c in criteria_of[level]}
    scenario = default_scenario(level, criteria_of[level], settings)
    changes: dict[str, object] = {}

    codes = [c for c in params.get("dep", "").split(_LIST) if c]
    changes["departements"] = [c for c in codes if c in departements]
    if len(changes["departements"]) < len(codes):
        notes.append("département inconnu")
    preset = params.get("prereglage")
    if preset in settings.presets:
        changes.update(preset=preset, theme_weights=preset_theme_weights(settings, preset))
    if params.get("methode") in ("somme_ponderee", "topsis"):
        changes["method"] = params["methode"]
    if params.get("norm") in ("min_max", "rang_centile", "z_score"):
        changes["normalisation"] = params["norm"]
    themes = params.get("themes", "").split("-")
    if len(themes) == len(SCORED_THEMES) and all(_weight(w) is not None for w in themes):
        changes["theme_weights"] = {t: _weight(w) for t, w in zip(SCORED_THEMES, themes)}
    elif "themes" in params:
        notes.append("poids des thèmes illisibles")

    left_out = set(params.get("sans", "").split(_LIST))
    weights = {i: w for i, w in scenario.criteria.items() if i not in left_out}
    for pair in filter(None, params.get("poids", "").split(_LIST)):
        indicator_id, _, text = pair.partition(_PAIR)
        if indicator_id in available and indicator_id in weights and _weight(text) is not None:
            weights[indicator_id] = _weight(text)
        else:
            notes.append(f"poids « {pair} » ignoré")
    changes["criteria"] = weights

    thresholds = []
    for item in filter(None, params.get("seuils", "").split(_LIST)):
        parts = item.split(_BOUNDS)
        bounds = [_float(p) if p else None for p in parts[1:3]] if len(parts) == 3 else None
        if bounds is None or parts[0] not in available or any(p and b is None for p, b in zip(parts[1:], bounds)):
            notes.append(f"seuil « {item} » ignoré")
            continue
        low, high = bounds
        if low is not None and high is not None and low > high:
            notes.append(f"seuil « {item} » ignoré (minimum au-dessus du maximum)")
            continue
        thresholds.append(ThresholdSpec(indicator_id=parts[0], minimum=low, maximum=high).model_dump())
    changes["thresholds"] = thresholds
    changes["shortlist"] = [c for c in params.get("comparer", "").split(_LIST) if c][:MAX_COMPARED]
    name = params.get("nom", "").strip()[:120]
    if name:
        changes["name"] = name
    result = scenario.with_changes(**changes)
    result = result.with_changes(preset=matching_preset(result, settings))
    return result, notes
