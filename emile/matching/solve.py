"""The optimal assignment of combinations (an integer program solved by HiGHS through ``scipy.optimize.milp``) and
the two greedy baselines it is measured against, on the same combinations.

Each household gets at most one combination, each dwelling and each job goes to at most one household, each host
département takes at most its operators' support capacity of households per month of arrival, and, when
``[appariement.part_minimale]`` asks for it, a département gets at least that share of all placements. The objective
is the total score. HiGHS proves optimality up to the gap it reports (0 when proven optimal).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

from emile.config import MatchingSettings

SOLVER = f"HiGHS (scipy.optimize.milp, SciPy {scipy.__version__})"
OPTIMAL = "optimal"
TIME_LIMIT = "temps limite atteint"
OUTSIDE_WISHES_RANK = 4  # a placement outside the household's three wishes counts as rank 4 in the mean rank
METHODS = {"optimal": "Optimisation (HiGHS)", "fcfs": "Premier arrivé, premier servi", "best": "Meilleur score d'abord"}


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


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    codes, uniques = pd.factorize(values, sort=True)
    return codes, len(uniques)


def capacity_keys(combos: pd.DataFrame) -> pd.Series:
    """The (département, month) each combination's household would arrive in, as « 15 2026-12 »."""
    return combos["departement"].astype(str) + " " + combos["month"].astype(str)


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
    bonus = capacity_bonus or {}
    lower.append(np.zeros(len(uniques)))
    upper.append(np.array([settings.capacity(k.split(" ")[0]) + bonus.get(k, 0) for k in uniques], dtype=float))
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


def _greedy(combos: pd.DataFrame, order: np.ndarray, settings: MatchingSettings, method: str) -> Solution:
    """Take combinations in ``order`` whenever the household, both offers and the capacity are still free."""
    started = time.perf_counter()
    households, dwellings, jobs = (combos[k].to_numpy() for k in ("household_id", "housing_id", "job_id"))
    keys = capacity_keys(combos).to_numpy()
    left = {k: settings.capacity(k.split(" ")[0]) for k in set(keys)}
    taken_h, taken_d, taken_j, chosen = set(), set(), set(), []
    for i in order:
        if households[i] in taken_h or dwellings[i] in taken_d or jobs[i] in taken_j or left[keys[i]] <= 0:
            continue
        taken_h.add(households[i])
        taken_d.add(dwellings[i])
        taken_j.add(jobs[i])
        left[keys[i]] -= 1
        chosen.append(i)
    chosen = np.array(sorted(chosen), dtype=int)
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
