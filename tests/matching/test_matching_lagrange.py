"""The Lagrangian relaxation that solves the national-scale matching: its assignment is feasible and never below the
greedy one it starts from, its bound is a true upper bound (never below HiGHS's proven optimum), it proves
optimality when the relaxed choice is already feasible, and it gives the same result on the same inputs (runs are
replayed). Forced on small cases by ``combinaisons_max_exact = 0``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings

from emile.config import MatchingSettings
from emile.matching import lagrange
from emile.matching.candidates import Candidates
from emile.matching.explain import binding_capacities
from emile.matching.solve import APPROXIMATE, OPTIMAL, capacity_keys, greedy_best_score, proof, solve, solve_optimal
from tests.matching.test_matching_solve import combos, random_combos

RELAXED = {"max_exact_combinations": 0}


@given(random_combos())
@settings(max_examples=60, deadline=None)
def test_relaxation_is_feasible_above_its_start_and_its_bound_holds_the_optimum(case):
    frame, capacity = case
    chosen_settings = MatchingSettings(support_capacity=capacity).model_copy(update=RELAXED)
    start = greedy_best_score(frame, chosen_settings)
    relaxed = solve(frame, chosen_settings, incumbent=start)
    exact = solve_optimal(frame, chosen_settings)
    chosen = frame.iloc[relaxed.chosen]
    for key in ("household_id", "housing_id", "job_id"):
        assert chosen[key].is_unique
    assert (capacity_keys(chosen).value_counts() <= capacity).all()
    assert np.isclose(relaxed.objective, chosen["score"].sum())
    assert start.objective - 1e-6 <= relaxed.objective <= exact.objective + 1e-6
    assert relaxed.bound >= exact.objective - 1e-6
    assert relaxed.solver == lagrange.SOLVER and relaxed.status in (OPTIMAL, APPROXIMATE)
    assert np.isclose(relaxed.gap, (relaxed.bound - relaxed.objective) / relaxed.bound)


def test_uncontested_offers_are_proven_optimal():
    frame = combos(
        [
            (1, 10, 20, "15", "2026-01", 100.0, 1),
            (1, 11, 21, "15", "2026-01", 60.0, 2),
            (2, 12, 22, "48", "2026-01", 80.0, 1),
        ]
    )
    found = solve(frame, MatchingSettings().model_copy(update=RELAXED))
    assert found.status == OPTIMAL and found.objective == 180.0 and sorted(found.chosen.tolist()) == [0, 2]
    assert proof(found).startswith("optimalité prouvée (écart 0,00 %, Relaxation lagrangienne")


def test_contested_dwelling_goes_where_it_scores_most_overall():
    # The hand-computed case of the exact solver: both greedy methods give 100 points, the optimum 185.
    frame = combos(
        [
            (1, 10, 20, "15", "2026-01", 100.0, 1),
            (1, 11, 21, "48", "2026-01", 90.0, 2),
            (2, 10, 22, "15", "2026-01", 95.0, 1),
        ]
    )
    relaxed = MatchingSettings().model_copy(update=RELAXED)
    found = solve(frame, relaxed, incumbent=greedy_best_score(frame, relaxed))
    assert found.objective == 185.0 and found.bound >= 185.0 - 1e-6


def test_same_inputs_give_the_same_assignment():
    rng = np.random.default_rng(3)
    rows = {(int(h), int(d), int(j)) for h, d, j in rng.integers(0, [300, 400, 400], size=(3000, 3))}
    departements = ["15", "48", "03"]
    frame = combos([(h, d, j, departements[d % 3], "2026-01", rng.uniform(40, 120), 1) for h, d, j in sorted(rows)])
    relaxed = MatchingSettings(support_capacity=40).model_copy(update=RELAXED)
    first, second = solve(frame, relaxed), solve(frame, relaxed)
    assert first.chosen.tolist() == second.chosen.tolist() and first.bound == second.bound
    chosen = frame.iloc[first.chosen]
    assert (capacity_keys(chosen).value_counts() <= 40).all() and chosen["housing_id"].is_unique
    assert first.objective >= greedy_best_score(frame, relaxed).objective - 1e-6


def test_a_minimum_share_keeps_the_exact_solver():
    frame = combos([(1, 10, 20, "15", "2026-01", 100.0, 1), (2, 11, 21, "48", "2026-01", 10.0, 1)])
    shared = MatchingSettings(minimum_share={"48": 0.5}).model_copy(update=RELAXED)
    assert solve(frame, shared).solver != lagrange.SOLVER


def test_proof_states_the_gap_and_the_bound_when_not_proven():
    found = solve(combos([(1, 10, 20, "15", "2026-01", 100.0, 1)]), MatchingSettings())
    approximate = found.__class__(found.chosen, "optimal", APPROXIMATE, 980.0, 0.02, 1000.0, 0.0, lagrange.SOLVER)
    assert proof(approximate) == (
        "solution à 2,00 % au plus de l'optimum : aucune affectation ne dépasse 1\u202f000 points, celle-ci en fait "
        "980 (Relaxation lagrangienne (sous-gradient, réparation gloutonne), NumPy)"
    )


def test_binding_capacities_read_the_relaxation_prices():
    # Three households want the one place of 15 in January; 48 has room. The place of 15 is worth its price.
    frame = combos(
        [
            (1, 10, 20, "15", "2026-01", 100.0, 1),
            (2, 11, 21, "15", "2026-01", 90.0, 1),
            (3, 12, 22, "15", "2026-01", 80.0, 1),
            (3, 13, 23, "48", "2026-01", 20.0, 2),
        ]
    )
    relaxed = MatchingSettings(capacity_by_departement={"15": 1}).model_copy(update=RELAXED)
    found = solve(frame, relaxed)
    empty = pd.DataFrame()
    candidates = Candidates(frame, empty, empty, empty, empty, relaxed, {}, empty)
    table = binding_capacities(candidates, found)
    assert found.capacity_prices is not None
    assert table[["Département", "Mois d'arrivée", "Capacité"]].values.tolist() == [["15", "2026-01", 1]]
    assert table["Gain de score"].iloc[0] > 0 and table["Ménages en plus"].isna().all()
