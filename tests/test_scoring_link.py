"""A scenario survives its trip through the link; a bad link never fails; two weightings compared at the top."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_fixtures import X, Y, indicator, three_territories

from emile.config import ScoringSettings
from emile.scoring import compare, link
from emile.scoring.ranking import rank_territories
from emile.scoring.scenario import DEFAULT_CRITERION_WEIGHT, default_scenario, matching_preset

Z = indicator("z", "services", True)
CRITERIA = {"departement": [X, Y, Z], "bassin": [X, Y], "commune": [X]}
SETTINGS = ScoringSettings.model_validate(
    {
        "presets": {
            "equilibre": {"libelle": "Équilibré", "poids": {"emploi": 1, "logement": 1, "services": 1}},
            "emploi": {"libelle": "Emploi d'abord", "poids": {"emploi": 2, "logement": 1, "services": 1}},
        }
    }
)
DEPARTEMENTS = {"15", "48", "75"}


def _round_trip(scenario):
    start = default_scenario(scenario.level, CRITERIA[scenario.level], SETTINGS)
    params = link.to_params(scenario, start)
    return link.from_params(params, CRITERIA, SETTINGS, DEPARTEMENTS)


def test_the_default_scenario_is_an_empty_link():
    start = default_scenario("departement", CRITERIA["departement"], SETTINGS)
    assert link.to_params(start, start) == {}
    assert link.from_params({}, CRITERIA, SETTINGS, DEPARTEMENTS) == (start, [])


@settings(max_examples=80, deadline=None)
@given(
    level=st.sampled_from(["departement", "bassin", "commune"]),
    method=st.sampled_from(["somme_ponderee", "topsis"]),
    normalisation=st.sampled_from(["min_max", "rang_centile", "z_score"]),
    themes=st.tuples(*[st.integers(0, 10)] * 3),
    weights=st.lists(st.integers(0, 10), min_size=3, max_size=3),
    keep=st.lists(st.booleans(), min_size=3, max_size=3),
    departements=st.lists(st.sampled_from(sorted(DEPARTEMENTS)), unique=True, max_size=3),
    name=st.text(alphabet="abcdéè ,.-'", min_size=1, max_size=20).filter(lambda t: t.strip()),
    minimum=st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False).map(lambda v: round(v, 3))),
)
def test_any_scenario_comes_back_from_its_link(
    level, method, normalisation, themes, weights, keep, departements, name, minimum
):
    available = CRITERIA[level]
    criteria = {c.id: w for c, w, k in zip(available, weights, keep) if k}
    scenario = default_scenario(level, available, SETTINGS).with_changes(
        method=method,
        normalisation=normalisation,
        theme_weights=dict(zip(("emploi", "logement", "services"), themes)),
        criteria=criteria,
        departements=departements,
        name=name.strip(),
        thresholds=[{"indicator_id": available[0].id, "minimum": minimum}] if minimum is not None else [],
    )
    scenario = scenario.with_changes(preset=matching_preset(scenario, SETTINGS))
    back, notes = _round_trip(scenario)
    assert notes == []
    assert back == scenario


def test_unknown_or_out_of_range_values_are_dropped_and_named():
    params = {"niveau": "region", "poids": "x.11,inconnu.3", "themes": "1-2", "seuils": "x~9~1,y~a~", "dep": "99"}
    scenario, notes = link.from_params(params, CRITERIA, SETTINGS, DEPARTEMENTS)
    assert scenario.level == "departement" and scenario.thresholds == [] and scenario.departements == []
    assert scenario.criteria == {
        "x": DEFAULT_CRITERION_WEIGHT,
        "y": DEFAULT_CRITERION_WEIGHT,
        "z": DEFAULT_CRITERION_WEIGHT,
    }
    assert len(notes) == 7 and any("niveau « region »" in n for n in notes)


def test_a_preset_in_the_link_sets_the_theme_weights():
    scenario, _ = link.from_params({"prereglage": "emploi"}, CRITERIA, SETTINGS, DEPARTEMENTS)
    assert scenario.preset == "emploi" and scenario.theme_weights == {"emploi": 2, "logement": 1, "services": 1}


def test_top_changes_between_two_weightings():
    # Three territories: x favours 03 then 02 then 01; y (lower is better) favours 02, then 03, then 01.
    frame = three_territories()
    on_x = rank_territories(frame, [X, Y], pd.Series({"x": 1.0, "y": 0.0}).where(lambda w: w > 0).dropna())
    on_y = rank_territories(frame, [X, Y], pd.Series({"y": 1.0}))
    changes = compare.top_changes(on_x, on_y, top=1)
    assert changes.to_dict("index") == {
        "02": {"nom": "B", "rang_a": 2, "rang_b": 1, "mouvement": compare.ENTERS},
        "03": {"nom": "C", "rang_a": 1, "rang_b": 2, "mouvement": compare.LEAVES},
    }
    assert compare.top_changes(on_x, on_x, top=2)["mouvement"].eq(compare.STAYS).all()
