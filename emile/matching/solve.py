"""The optimal assignment of combinations (an integer program solved by HiGHS through ``scipy.optimize.milp``) and
the two greedy baselines it is measured against, on the same combinations.

Each household gets at most one combination, each dwelling and each job goes to at most one household, each host
département takes at most its operators' support capacity of households per month of arrival, and, when
``[appariement.part_minimale]`` asks for it, a département gets at least that share of all placements. The objective
is the total score. HiGHS proves optimality up to the gap it reports (0 when proven optimal). Above
``combinaisons_max_exact`` combinations (and with no minimum share, which the relaxation does not keep), the
Lagrangian relaxation of ``emile.matching.lagrange`` answers within seconds, with the gap to its proven bound.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
import scipy
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from emile.config import MatchingSettings
from emile.formatting import number
from emile.matching import lagrange
from emile.matching.greedy import take_in_order

SOLVER = f"HiGHS (scipy.optimize.milp, SciPy {scipy.__version__})"
OPTIMAL = "optimal"
TIME_LIMIT = "temps limite atteint"
APPROXIMATE = "écart prouvé"
OUTSIDE_WISHES_RANK = 4  # a placement outside the household's three wishes counts as rank 4 in the mean rank
METHODS = {"optimal": "Optimisation", "fcfs": "Premier arrivé, premier servi", "best": "Meilleur score d'abord"}


@dataclass(frozen=True)
class Solution:
    """Which combinations were chosen (positions in the combinations frame), how, and how sure we are."""

    chosen: np.ndarray
    method: str
    status: str
    objective: float
    gap: float | None = None
    bound: float | None = None
    seconds: float = 0.0
    solver: str = SOLVER
    capacity_prices: pd.Series | None = None  # Lagrangian prices of the capacities, when that method solved it


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(values, sort=True)
    return codes, len(uniques)


def capacity_keys(combos: pd.DataFrame) -> pd.Series:
    """The (département, month) each combination's household would arrive in, as « 15 2026-12 »."""
    return combos["departement"].astype(str) + " " + combos["month"].astype(str)


def capacity_limits(keys: pd.Series, settings: MatchingSettings, bonus: dict[str, int] | None = None) -> dict[str, int]:
    """Places of each capacity (« 15 2026-12 ») that ``keys`` name, with ``bonus`` places added where asked."""
    return {key: settings.capacity(key.split(" ")[0]) + (bonus or {}).get(key, 0) for key in keys.unique()}


def constraint_matrix(combos: pd.DataFrame, settings: MatchingSettings, capacity_bonus: dict[str, int] | None = None):
    """Rows of the integer program, sparse: households, dwellings, jobs, capacities, minimum shares."""
    n = len(combos)
    columns = np.arange(n)
    blocks, lower, upper = [], [], []
    for key in ("household_id", "housing_id", "job_id"):
        codes, size = _codes(combos[key])
        blocks.append(sparse.csr_matrix((np.ones(n), (codes, columns)), shape=(size, n)))
        lower.append(np.zeros(size))
        upper.append(np.ones(size))
    keys = capacity_keys(combos)
    codes, uniques = pd.factorize(keys, sort=True)
    blocks.append(sparse.csr_matrix((np.ones(n), (codes, columns)), shape=(len(uniques), n)))
    limits = capacity_limits(keys, settings, capacity_bonus)
    lower.append(np.zeros(len(uniques)))
    upper.append(np.array([limits[k] for k in uniques], dtype=float))
    for departement, share in settings.minimum_share.items():
        row = (combos["departement"].to_numpy() == departement).astype(float) - share
        blocks.append(sparse.csr_matrix(row.reshape(1, -1)))
        lower.append(np.zeros(1))
        upper.append(np.full(1, np.inf))
    return sparse.vstack(blocks, format="csr"), np.concatenate(lower), np.concatenate(upper)


def solve_optimal(
    combos: pd.DataFrame, settings: MatchingSettings, capacity_bonus: dict[str, int] | None = None
) -> Solution:
    """The assignment of highest total score (HiGHS branch and bound, stopped at ``temps_max_s``)."""
    started = time.perf_counter()
    if combos.empty:
        return Solution(np.zeros(0, dtype=int), "optimal", OPTIMAL, 0.0, 0.0, 0.0)
    matrix, lower, upper = constraint_matrix(combos, settings, capacity_bonus)
    score = combos["score"].to_numpy(dtype=float)
    found = milp(
        c=-score,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=np.ones(len(combos)),
        bounds=Bounds(0, 1),
        options={"time_limit": settings.time_limit_s, "mip_rel_gap": 1e-6, "presolve": True},
    )
    seconds = time.perf_counter() - started
    stopped = TIME_LIMIT if found.status == 1 else found.message
    bound = None if found.mip_dual_bound is None else -float(found.mip_dual_bound)
    if found.x is None:
        return Solution(np.zeros(0, dtype=int), "optimal", stopped, 0.0, None, bound, seconds)
    chosen = np.flatnonzero(found.x > 0.5)
    status = OPTIMAL if found.status == 0 else stopped
    gap = None if found.mip_gap is None else float(found.mip_gap)
    return Solution(chosen, "optimal", status, float(score[chosen].sum()), gap, bound, seconds)


def solve(
    combos: pd.DataFrame,
    settings: MatchingSettings,
    incumbent: Solution | None = None,
    capacity_bonus: dict[str, int] | None = None,
) -> Solution:
    """The optimal assignment, or the best one found with its proven gap: HiGHS up to ``combinaisons_max_exact``
    combinations (or whenever a minimum share is asked), the Lagrangian relaxation above. ``incumbent`` (a greedy
    solution) is never beaten by what is proposed: when HiGHS stops on its time limit below it, it is kept."""
    if len(combos) <= settings.max_exact_combinations or settings.minimum_share:
        found = solve_optimal(combos, settings, capacity_bonus)
        if found.status == OPTIMAL or incumbent is None or found.objective >= incumbent.objective:
            return found
        return replace(
            found,
            chosen=incumbent.chosen,
            objective=incumbent.objective,
            status=f"{TIME_LIMIT} : solution de la méthode « {METHODS[incumbent.method]} » retenue",
            gap=None if found.bound is None else (found.bound - incumbent.objective) / max(found.bound, 1e-9),
        )
    keys = capacity_keys(combos)
    relaxed = lagrange.relax(
        combos, keys, capacity_limits(keys, settings, capacity_bonus), None if incumbent is None else incumbent.chosen
    )
    status = OPTIMAL if relaxed.gap <= lagrange.PROVEN else APPROXIMATE
    return Solution(
        relaxed.chosen,
        "optimal",
        status,
        relaxed.objective,
        relaxed.gap,
        relaxed.bound,
        relaxed.seconds,
        lagrange.SOLVER,
        relaxed.capacity_prices,
    )


def proof(solution: Solution) -> str:
    """How sure the proposed assignment is, in French: proven optimal, within a proven gap, or why it stopped."""
    if solution.status == OPTIMAL:
        return f"optimalité prouvée (écart {number(100 * (solution.gap or 0), 2)} %, {solution.solver})"
    if solution.gap is not None and solution.bound is not None:
        return (
            f"solution à {number(100 * solution.gap, 2)} % au plus de l'optimum : aucune affectation ne dépasse "
            f"{number(solution.bound, 0)} points, celle-ci en fait {number(solution.objective, 0)} ({solution.solver})"
        )
    return f"arrêt du solveur : {solution.status}"


def _greedy(combos: pd.DataFrame, order: np.ndarray, settings: MatchingSettings, method: str) -> Solution:
    """Take combinations in ``order`` whenever the household, both offers and the capacity are still free."""
    started = time.perf_counter()
    keys = capacity_keys(combos)
    capacity, names = pd.factorize(keys)
    limits = capacity_limits(keys, settings)
    codes = (pd.factorize(combos[k])[0] for k in ("household_id", "housing_id", "job_id"))
    chosen = np.sort(take_in_order(order, *codes, capacity, np.array([limits[n] for n in names])))
    score = combos["score"].to_numpy(dtype=float)
    return Solution(chosen, method, "heuristique", float(score[chosen].sum()), seconds=time.perf_counter() - started)


def greedy_first_come(combos: pd.DataFrame, applied_on: pd.Series, settings: MatchingSettings) -> Solution:
    """First come, first served: households by candidature date (unknown dates last, then by id), each taking its
    best combination still free. ``applied_on`` is indexed by household id."""
    applied = pd.to_datetime(applied_on.reindex(combos["household_id"]).to_numpy())
    frame = pd.DataFrame({"applied": applied, "h": combos["household_id"].to_numpy(), "s": -combos["score"].to_numpy()})
    order = frame.sort_values(["applied", "h", "s"], na_position="last", kind="stable").index.to_numpy()
    return _greedy(combos, order, settings, "fcfs")


def greedy_best_score(combos: pd.DataFrame, settings: MatchingSettings) -> Solution:
    """Best score first: combinations from the highest score down, whoever they belong to."""
    order = np.argsort(-combos["score"].to_numpy(), kind="stable")
    return _greedy(combos, order, settings, "best")


def indicators(combos: pd.DataFrame, solution: Solution) -> dict[str, float | int | None]:
    """What the methods are compared on: total score, households matched, mean rank of the wish obtained (a
    placement outside the three wishes counts as 4), share placed within their three wishes."""
    chosen = combos.iloc[solution.chosen]
    ranks = chosen["wish_rank"].replace(0, OUTSIDE_WISHES_RANK)
    return {
        "total_score": round(float(chosen["score"].sum()), 4),
        "households_matched": len(chosen),
        "mean_wish_rank": round(float(ranks.mean()), 4) if len(chosen) else None,
        "share_top_3": round(float((chosen["wish_rank"] > 0).mean()), 4) if len(chosen) else None,
    }
