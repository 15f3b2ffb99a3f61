"""Timings of the scoring engine on inputs of production size (targets from issue 5: rescoring all communes after a
weight change ≤ 0.1 s; 1,000-draw sensitivity on the départements ≤ 0.3 s).

The matrices are random numbers of the right shape (34,875 communes or 101 départements × 8 criteria), built with a
fixed seed: only the time matters here, no figure is shown to anyone. Each result reports the median of a few runs,
the median of the naive way of doing the same thing (``baseline``) and ``ratio`` = value / baseline (below 1: faster).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pymcdm.methods import WSM
from pymcdm.normalizations import minmax_normalization

from benchmarks.measure import median_seconds, result
from emile.indicators import Indicator
from emile.scoring.ranking import rank_scores, rank_territories
from emile.scoring.sensitivity import draw_weights, monte_carlo

COMMUNES = 34_875
DEPARTEMENTS = 101
CRITERIA = 8
DRAWS = 1000


def _criteria() -> list[Indicator]:
    themes = ("emploi", "logement", "services")
    return [
        Indicator(f"c{j}", f"critère {j}", "", "", themes[j % 3], j % 2 == 0, "bench", "", ("commune", "departement"))
        for j in range(CRITERIA)
    ]


def _frame(rows: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.random((rows, CRITERIA)), columns=[f"c{j}" for j in range(CRITERIA)])
    frame.index = pd.Index([f"{i:05d}" for i in range(rows)], name="code")
    return frame.assign(nom=frame.index, departement=[f"{i % 95 + 1:02d}" for i in range(rows)])


def rescore_communes() -> dict[str, object]:
    """Full rescoring (screening, normalisation, pymcdm weighted sum, ranks) of every commune after a weight change.
    Baseline: the same pymcdm call with the library's default input validation, which inspects the matrix row by
    row in Python."""
    frame, criteria = _frame(COMMUNES, seed=1), _criteria()
    weights = pd.Series(np.linspace(1, 2, CRITERIA), index=[c.id for c in criteria])
    weights /= weights.sum()
    value = median_seconds(lambda: rank_territories(frame, criteria, weights))
    matrix = frame[weights.index].to_numpy()
    types = np.array([1 if c.higher_is_better else -1 for c in criteria])
    baseline = median_seconds(
        lambda: rank_scores(WSM(minmax_normalization)(matrix, weights.to_numpy(), types)), repeats=2
    )
    return result("rescore_communes_s", value, baseline=baseline)


def sensitivity_1000() -> dict[str, object]:
    """1,000 Dirichlet draws on the départements, all scored at once. Baseline: a Python loop calling pymcdm's
    weighted sum and ranking once per draw."""
    frame, criteria = _frame(DEPARTEMENTS, seed=2), _criteria()
    weights = pd.Series(1.0 / CRITERIA, index=[c.id for c in criteria])
    ranking = rank_territories(frame, criteria, weights)
    value = median_seconds(lambda: monte_carlo(ranking, top_k=10, draws=DRAWS))
    matrix = frame.loc[ranking.table.index, weights.index].to_numpy()
    types = np.array([1 if c.higher_is_better else -1 for c in criteria])
    sampled = draw_weights(weights.to_numpy(), DRAWS, 100.0, seed=0)
    method = WSM(minmax_normalization)

    def loop() -> list[np.ndarray]:
        return [rank_scores(method(matrix, w, types, validation=False)) for w in sampled]

    return result("sensitivity_1000_s", value, baseline=median_seconds(loop, repeats=3))


def run() -> list[dict[str, object]]:
    return [rescore_communes(), sensitivity_1000()]


if __name__ == "__main__":
    for result in run():
        print(result)
