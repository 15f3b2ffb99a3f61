"""Taking combinations one by one in a given order, each while its household, its dwelling, its job and a place of
its capacity are still free: the two greedy baselines (``emile.matching.solve``) and the repair step of the
Lagrangian relaxation (``emile.matching.lagrange``) differ only in the order.

On integer codes and plain lists: a pass over the 280,000 combinations of the national benchmark is one of the
relaxation's costs, repeated every few steps.
"""

from __future__ import annotations

import numpy as np


def take_in_order(
    order: np.ndarray,
    household: np.ndarray,
    dwelling: np.ndarray,
    job: np.ndarray,
    capacity: np.ndarray,
    places: np.ndarray,
) -> np.ndarray:
    """Positions taken, in the order taken. ``household``, ``dwelling``, ``job`` and ``capacity`` are each row's
    codes (0 to n − 1); ``places`` the places of each capacity code."""
    households = [False] * (int(household.max(initial=-1)) + 1)
    dwellings = [False] * (int(dwelling.max(initial=-1)) + 1)
    jobs = [False] * (int(job.max(initial=-1)) + 1)
    left = np.asarray(places).astype(int).tolist()
    h, d, j, k = household.tolist(), dwelling.tolist(), job.tolist(), capacity.tolist()
    chosen = []
    for row in np.asarray(order).tolist():
        if households[h[row]] or dwellings[d[row]] or jobs[j[row]] or left[k[row]] <= 0:
            continue
        households[h[row]] = dwellings[d[row]] = jobs[j[row]] = True
        left[k[row]] -= 1
        chosen.append(row)
    return np.array(chosen, dtype=int)
