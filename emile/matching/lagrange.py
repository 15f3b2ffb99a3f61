"""The assignment at national scale: a Lagrangian relaxation that gives both a good assignment and a proven upper
bound on the best one, when the integer program is too large for HiGHS to finish within a planner's wait.

Why: 5,000 households × 50,000 offers give some 280,000 feasible combinations; HiGHS spends minutes on the
relaxation of such a three-sided matching before branching. Relaxing the offers' and the capacities' rows with
prices (one per dwelling, job and capacity) leaves a problem that splits by household: each household takes its
combination of best score net of prices, if that is positive. For any non-negative prices, the total of those best
net scores plus the prices' value is an upper bound on the optimum (weak duality), so the gap printed is a proof,
not an estimate. Prices are improved by projected subgradient steps (Polyak's rule); every few steps, a greedy pass
over the combinations in order of net score repairs the relaxed choice into a feasible assignment, the best of which
is kept. A fixed number of steps, no clock: the same inputs always give the same result (runs are replayed).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from emile.matching.greedy import take_in_order

SOLVER = "Relaxation lagrangienne (sous-gradient, réparation gloutonne), NumPy"
STEPS = 300  # subgradient steps; the gap closes little after that on the national benchmark
REPAIR_EVERY = 15  # steps between two greedy repairs (each costs about as much as ten steps)
PATIENCE = 5  # steps without a better bound before the step length is halved
PROVEN = 1e-6  # relative gap under which the assignment counts as proven optimal


@dataclass(frozen=True)
class Relaxation:
    """The best assignment found, the best bound proven, and the capacities' prices (score points that one more
    place in that département and month would be worth, at most, to first order)."""

    chosen: np.ndarray
    objective: float
    bound: float
    capacity_prices: pd.Series
    seconds: float

    @property
    def gap(self) -> float:
        return max(0.0, (self.bound - self.objective) / max(abs(self.bound), 1e-9))


@dataclass(frozen=True)
class _Problem:
    """The combinations as integer codes, sorted by household (so that each household's block is contiguous)."""

    order: np.ndarray  # position in the combinations frame of each sorted row
    starts: np.ndarray  # first sorted row of each household
    household: np.ndarray
    dwelling: np.ndarray
    job: np.ndarray
    capacity: np.ndarray
    score: np.ndarray
    capacity_limits: np.ndarray
    capacity_names: pd.Index
    dwellings: int
    jobs: int

    @classmethod
    def from_combos(cls, combos: pd.DataFrame, keys: pd.Series, limits: dict[str, int]) -> _Problem:
        order = np.argsort(combos["household_id"].to_numpy(), kind="stable")
        household, _ = pd.factorize(combos["household_id"].to_numpy()[order])
        dwelling, dwellings = pd.factorize(combos["housing_id"].to_numpy()[order])
        job, jobs = pd.factorize(combos["job_id"].to_numpy()[order])
        capacity, names = pd.factorize(keys.to_numpy()[order], sort=True)
        starts = np.flatnonzero(np.r_[True, household[1:] != household[:-1]])
        return cls(
            order,
            starts,
            household,
            dwelling,
            job,
            capacity,
            combos["score"].to_numpy(dtype=float)[order],
            np.array([limits[name] for name in names], dtype=float),
            pd.Index(names),
            len(dwellings),
            len(jobs),
        )

    def best_per_household(self, net: np.ndarray) -> np.ndarray:
        """Sorted rows each household takes in the relaxed problem: its best net score, when positive."""
        best = np.maximum.reduceat(net, self.starts)
        sizes = np.diff(np.r_[self.starts, len(net)])
        at_best = np.flatnonzero((net == np.repeat(best, sizes)) & (net > 0))
        _, first = np.unique(self.household[at_best], return_index=True)
        return at_best[first]

    def repair(self, net: np.ndarray) -> np.ndarray:
        """A feasible assignment: combinations in order of net score, each taken while its household, both offers
        and its capacity are free."""
        order = np.argsort(-net, kind="stable")
        return take_in_order(order, self.household, self.dwelling, self.job, self.capacity, self.capacity_limits)


def relax(
    combos: pd.DataFrame, keys: pd.Series, limits: dict[str, int], incumbent: np.ndarray | None = None
) -> Relaxation:
    """Best assignment and upper bound of the matching of ``combos`` (each row uses one place of its capacity
    ``keys``, « 15 2026-12 », of which ``limits`` gives the places), starting from ``incumbent`` (positions of a
    feasible assignment, e.g. a greedy one)."""
    started = time.perf_counter()
    problem = _Problem.from_combos(combos, keys, limits)
    prices_d, prices_j = np.zeros(problem.dwellings), np.zeros(problem.jobs)
    prices_k = np.zeros(problem.capacity_limits.size)
    rank = np.empty(len(combos), dtype=int)
    rank[problem.order] = np.arange(len(combos))
    best_rows = problem.repair(problem.score) if incumbent is None else rank[incumbent]
    best_value = float(problem.score[best_rows].sum())
    bound, best_prices, theta, stalled = np.inf, prices_k, 2.0, 0
    for step in range(STEPS):
        net = problem.score - prices_d[problem.dwelling] - prices_j[problem.job] - prices_k[problem.capacity]
        taken = problem.best_per_household(net)
        value = net[taken].sum() + prices_d.sum() + prices_j.sum() + prices_k @ problem.capacity_limits
        if value < bound - 1e-9:
            bound, best_prices, stalled = float(value), prices_k.copy(), 0
        else:
            stalled += 1
            if stalled >= PATIENCE:
                theta, stalled = theta / 2, 0
        if step % REPAIR_EVERY == 0 or step == STEPS - 1:
            rows = problem.repair(net)
            if problem.score[rows].sum() > best_value + 1e-9:
                best_rows, best_value = rows, float(problem.score[rows].sum())
        if (bound - best_value) <= PROVEN * max(abs(bound), 1e-9):
            break
        # Subgradient: 1 − uses of each offer, capacity − uses of each capacity; a zero price with slack stays zero.
        grad_d = 1.0 - np.bincount(problem.dwelling[taken], minlength=problem.dwellings)
        grad_j = 1.0 - np.bincount(problem.job[taken], minlength=problem.jobs)
        grad_k = problem.capacity_limits - np.bincount(problem.capacity[taken], minlength=prices_k.size)
        grad_d[(prices_d <= 0) & (grad_d > 0)] = 0
        grad_j[(prices_j <= 0) & (grad_j > 0)] = 0
        grad_k[(prices_k <= 0) & (grad_k > 0)] = 0
        norm = grad_d @ grad_d + grad_j @ grad_j + grad_k @ grad_k
        if norm == 0:  # the relaxed choice is feasible and complementary: it is optimal
            if problem.score[taken].sum() > best_value:
                best_rows, best_value = taken, float(problem.score[taken].sum())
            break
        length = theta * max(value - best_value, 1e-6) / norm
        prices_d = np.maximum(0.0, prices_d - length * grad_d)
        prices_j = np.maximum(0.0, prices_j - length * grad_j)
        prices_k = np.maximum(0.0, prices_k - length * grad_k)
    chosen = np.sort(problem.order[best_rows])
    prices = pd.Series(best_prices, index=problem.capacity_names)
    return Relaxation(chosen, best_value, bound, prices, time.perf_counter() - started)
