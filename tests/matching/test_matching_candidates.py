"""Feasible combinations and their explanations on a small context of real communes: each rule of the issue
(commuting distance or same bassin, typology by size, métier by ROME or FAP family, dates, vetoes, licence,
step-free, declines), a household that nothing fits explained territory by territory, and a property: every
proposal the optimisation makes is feasible by an independent check of the rules."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from matching_support import CONTEXT, METIERS, PLACES, SETTINGS, TODAY, dwelling, household, inputs, job

from emile.matching.candidates import TERMS, build_candidates, great_circle_km, unit_vectors
from emile.matching.explain import PROPOSED, TAKEN, explain
from emile.matching.inputs import MatchingContext
from emile.matching.solve import solve_optimal


def combos_of(*args, **kwargs) -> pd.DataFrame:
    return build_candidates(inputs(*args, **kwargs), CONTEXT, SETTINGS).combos


def test_a_household_meets_a_dwelling_near_a_job_of_its_metier_and_every_term_is_in_the_score():
    found = combos_of([household(1)], [dwelling(10, "15012")], [job(20, "15014")])
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["housing_id"], row["job_id"], row["departement"], row["level"]) == (10, 20, "15", "rome")
    assert abs(row["score"] - sum(row[t] for t in TERMS)) < 1e-6
    assert row["voeu"] == SETTINGS.weights.wish_1 and row["metier"] == SETTINGS.weights.same_rome
    assert row["tension"] == SETTINGS.weights.tension * 0.5  # BMO share of V0Z60 in B15
    assert row["trajet"] < 0 and row["loyer"] == -SETTINGS.weights.rent_per_100_eur * 4.5


def test_same_family_scores_lower_than_same_rome_and_another_family_never_matches():
    jobs = [job(20, rome="J1301"), job(21, rome="J1501"), job(22, rome="K2204")]
    found = combos_of([household(1)], [dwelling(10)], jobs)
    levels = found.set_index("job_id")["level"].to_dict()
    assert levels == {21: "rome", 20: "famille"}
    assert found.set_index("job_id").loc[21, "score"] > found.set_index("job_id").loc[20, "score"]


def test_commuting_distance_or_the_same_bassin():
    # Saint-Flour is ~50 km from Aurillac, beyond 30 km and in another bassin: no combination.
    assert combos_of([household(1)], [dwelling(10, "15187")], [job(20, "15014")]).empty
    far_same_bassin = PLACES.copy()
    far_same_bassin.loc["15187", "bassin"] = "B15"
    services = CONTEXT.places.drop(columns=PLACES.columns)
    context = MatchingContext(far_same_bassin.join(services), CONTEXT.tension, METIERS)
    found = build_candidates(inputs([household(1)], [dwelling(10, "15187")], [job(20, "15014")]), context, SETTINGS)
    assert len(found.combos) == 1 and found.combos.iloc[0]["distance_km"] > 30


def test_typology_dates_vetoes_licence_step_free_and_expired_offers():
    base = [dwelling(10)], [job(20)]
    assert combos_of([household(1, size=5)], *base).empty  # T2 does not fit five people
    assert combos_of([household(1, vetoed=["15"])], *base).empty
    assert combos_of([household(1, step_free=True)], *base).empty
    assert len(combos_of([household(1, step_free=True)], [dwelling(10, step_free=True)], [job(20)])) == 1
    assert combos_of([household(1, driving_licence=False)], [dwelling(10)], [job(20, driving_licence=True)]).empty
    late = TODAY + dt.timedelta(days=SETTINGS.date_window_days + 1)
    assert combos_of([household(1)], [dwelling(10, available_from=late)], [job(20)]).empty
    assert combos_of([household(1)], [dwelling(10)], [job(20, start_date=late)]).empty
    moving = TODAY + dt.timedelta(days=200)
    assert combos_of([household(1, earliest_move=moving)], *base).empty  # both offers expire before the move


def test_declines_rule_out_the_combination_the_offer_or_the_territory():
    offers = [dwelling(10), dwelling(11)], [job(20), job(21)]
    exclusions = pd.DataFrame(
        [(1, 10, None, None), (1, None, 21, None), (2, None, None, "15"), (3, 10, 20, None)],
        columns=["household_id", "housing_offer_id", "job_offer_id", "departement"],
    )
    found = combos_of([household(1), household(2), household(3)], *offers, exclusions=exclusions)
    pairs = {h: set(zip(g["housing_id"], g["job_id"], strict=True)) for h, g in found.groupby("household_id")}
    assert pairs[1] == {(11, 20)}
    assert 2 not in pairs
    assert pairs[3] == {(10, 21), (11, 20), (11, 21)}


def test_a_household_nothing_fits_is_explained_territory_by_territory():
    households = [household(1, size=2, vetoed=["49"], rome_1="K2204"), household(2)]
    housing = [dwelling(10, "15014"), dwelling(11, "48095", typology="T5"), dwelling(12, "49007")]
    jobs = [job(20, "15014"), job(21, "49007", rome="K2204")]
    candidates = build_candidates(inputs(households, housing, jobs), CONTEXT, SETTINGS)
    solution = solve_optimal(candidates.combos, SETTINGS)
    reasons = explain(candidates, solution, 1)
    assert reasons.proposal is None and reasons.alternatives.empty
    assert reasons.territories.set_index("Département")["Raison"].to_dict() == {
        "15": "Aucun emploi du métier voulu à moins de 30 km d'un logement adapté",
        "48": "Aucun logement de la bonne taille (T2, T3)",
        "49": "Département refusé par le ménage",
    }


def test_a_territory_lost_to_another_household_says_so_with_the_score_difference():
    # Household 1 (licence, 15 first wish) and household 2 (15 only): the one 15 dwelling goes to household 2.
    households = [household(1, wish_1="15", wish_2="48"), household(2)]
    housing = [dwelling(10, "15014"), dwelling(11, "48095")]
    jobs = [job(20, "15014"), job(21, "48095")]
    candidates = build_candidates(inputs(households, housing, jobs), CONTEXT, SETTINGS)
    solution = solve_optimal(candidates.combos, SETTINGS)
    first = explain(candidates, solution, 1)
    assert first.proposal["departement"] == "48"
    lost = first.territories.set_index("Département").loc["15"]
    assert lost["Raison"] == TAKEN and lost["Écart de score"].startswith("+")
    assert first.territories.set_index("Département").loc["48", "Raison"] == PROPOSED
    assert first.breakdown["Terme"].tolist()[-1] == "Total" and len(first.breakdown) == len(TERMS) + 1


def _feasible(h: dict, d: dict, j: dict) -> bool:
    """The rules of the issue, written again independently of ``candidates``."""
    places = PLACES
    a = unit_vectors(places.loc[[d["commune"]], "lon"], places.loc[[d["commune"]], "lat"])
    b = unit_vectors(places.loc[[j["commune"]], "lon"], places.loc[[j["commune"]], "lat"])
    near = great_circle_km(a, b)[0] <= SETTINGS.max_commute_km
    near |= places.loc[d["commune"], "bassin"] == places.loc[j["commune"], "bassin"]
    wanted = {h[f"rome_{n}"] for n in (1, 2, 3)} - {None}
    families = {f for r in wanted for f in METIERS.families(r)}
    move = max(h["earliest_move"], TODAY)
    deadline = move + dt.timedelta(days=SETTINGS.date_window_days)
    departement = places.loc[d["commune"], "departement"]
    return (
        near
        and d["typology"] in SETTINGS.typologies_for(h["size"])
        and (j["rome"] in wanted or j["fap"] in families)
        and d["expires_on"] >= move
        and j["expires_on"] >= move
        and d["available_from"] <= deadline
        and j["start_date"] <= deadline
        and departement not in h["vetoed"]
        and (h["driving_licence"] or not j["driving_licence"])
        and (d["step_free"] or not h["step_free"])
    )


COMMUNES = ["15014", "15012", "15187", "48095", "49007"]
DAYS = st.integers(-30, 150).map(lambda n: TODAY + dt.timedelta(days=n))


@st.composite
def random_inputs(draw):
    households = [
        household(
            i,
            size=draw(st.integers(1, 6)),
            step_free=draw(st.booleans()),
            driving_licence=draw(st.booleans()),
            vetoed=draw(st.lists(st.sampled_from(["15", "48", "49"]), max_size=2, unique=True)),
            rome_1=draw(st.sampled_from(["J1501", "J1301", "K2204", "F1703"])),
            earliest_move=draw(DAYS),
        )
        for i in range(1, draw(st.integers(1, 6)) + 1)
    ]
    housing = [
        dwelling(
            100 + i,
            draw(st.sampled_from(COMMUNES)),
            typology=draw(st.sampled_from(["T1", "T2", "T3", "T4", "T5", "T6"])),
            step_free=draw(st.booleans()),
            available_from=draw(DAYS),
            expires_on=draw(DAYS) + dt.timedelta(days=60),
        )
        for i in range(draw(st.integers(1, 8)))
    ]
    jobs = [
        job(
            200 + i,
            draw(st.sampled_from(COMMUNES)),
            rome=draw(st.sampled_from(["J1501", "J1301", "K2204", "F1703"])),
            driving_licence=draw(st.booleans()),
            start_date=draw(DAYS),
            expires_on=draw(DAYS) + dt.timedelta(days=60),
        )
        for i in range(draw(st.integers(1, 8)))
    ]
    return households, housing, jobs


@given(random_inputs())
@settings(max_examples=40, deadline=None)
def test_every_proposal_is_feasible_and_no_offer_is_proposed_twice(case):
    households, housing, jobs = case
    candidates = build_candidates(inputs(households, housing, jobs), CONTEXT, SETTINGS)
    solution = solve_optimal(candidates.combos, SETTINGS)
    proposals = candidates.combos.iloc[solution.chosen]
    for key in ("household_id", "housing_id", "job_id"):
        assert proposals[key].is_unique
    by_id = {h["household_id"]: h for h in households}
    dwellings, offers = {d["id"]: d for d in housing}, {j["id"]: j for j in jobs}
    for row in candidates.combos.itertuples():
        assert _feasible(by_id[row.household_id], dwellings[row.housing_id], offers[row.job_id])
