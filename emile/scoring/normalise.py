"""Normalisation functions offered to the planner, in the ``foo(x, cost)`` form that pymcdm methods accept.

Each one maps a column to "higher is better" whatever the indicator's direction, so that scores, contributions and
distances can all be read the same way. Min-max comes straight from pymcdm; pymcdm has no rank-percentile or z-score
normalisation, so those two are written here with the same signature and handed to the library's methods.
"""

from __future__ import annotations

import numpy as np
from pymcdm.helpers import normalize_matrix
from pymcdm.normalizations import minmax_normalization
from scipy.stats import rankdata


def rank_percentile_normalization(x: np.ndarray, cost: bool = False) -> np.ndarray:
    """Position of each value among all values, from 0 (worst) to 1 (best); ties share their average rank.

    Robust to outliers: a single extreme département cannot squeeze everyone else into a narrow band.
    """
    x = np.asarray(x, dtype=float)
    if x.size < 2:
        return np.ones(x.shape)
    ranks = rankdata(-x if cost else x, method="average")
    return (ranks - 1) / (x.size - 1)


def zscore_normalization(x: np.ndarray, cost: bool = False) -> np.ndarray:
    """Distance from the mean in standard deviations (population formula); 0 everywhere when all values are equal."""
    x = np.asarray(x, dtype=float)
    spread = x.std()
    if spread == 0:
        return np.zeros(x.shape)
    z = (x - x.mean()) / spread
    return -z if cost else z


NORMALISATIONS = {
    "min_max": minmax_normalization,
    "rang_centile": rank_percentile_normalization,
    "z_score": zscore_normalization,
}
NORMALISATION_LABELS: dict[str, str] = {
    "min_max": "Min-max (0 = plus faible, 1 = meilleur)",
    "rang_centile": "Rang centile (position parmi les territoires)",
    "z_score": "Score z (écarts-types à la moyenne)",
}


def normalise(matrix: np.ndarray, types: np.ndarray, normalisation: str) -> np.ndarray:
    """Normalise each column of ``matrix`` (``types``: 1 = higher is better, -1 = lower is better) with pymcdm."""
    return normalize_matrix(matrix, NORMALISATIONS[normalisation], types)
