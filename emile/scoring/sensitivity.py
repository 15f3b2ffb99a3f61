"""How robust a ranking is to the weights: Monte Carlo draws around the chosen weights, and leave-one-criterion-out.

Draws follow a Dirichlet distribution centred on the chosen weights (``alpha = concentration × weights``): every draw
is a valid weight vector (positive, sum 1), and a larger concentration keeps draws closer to the chosen weights (the
standard deviation of a weight w is sqrt(w(1-w)/(concentration+1))).

Normalisation does not depend on the weights, so it is done once; the draws are then scored together with array
operations that reproduce pymcdm's WSM and TOPSIS formulas on the normalised matrix. Tests check each draw against
pymcdm itself, and the benchmark compares with a plain loop calling pymcdm per draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from emile.scoring.ranking import Ranking, rank_scores

DEFAULT_DRAWS = 1000
DEFAULT_CONCENTRATION = 100.0


def batch_scores(normalised: np.ndarray, weights: np.ndarray, method: str) -> np.ndarray:
    """Scores of ``n`` territories for ``d`` weight vectors at once: (n, k) × (d, k) → (d, n)."""
    if method == "somme_ponderee":
        return weights @ normalised.T
    if method == "topsis":
        weighted = normalised[None, :, :] * weights[:, None, :]
        to_ideal = np.sqrt(((weighted - weighted.max(axis=1, keepdims=True)) ** 2).sum(axis=2))
        to_worst = np.sqrt(((weighted - weighted.min(axis=1, keepdims=True)) ** 2).sum(axis=2))
        total = to_worst + to_ideal
        # A zero total means every territory is identical (see ranking.rank_territories): all tied at 1.
        return np.divide(to_worst, total, out=np.ones_like(total), where=total > 0)
    raise ValueError(f"Méthode inconnue : {method}")


def draw_weights(weights: np.ndarray, draws: int, concentration: float, seed: int) -> np.ndarray:
    """``draws`` weight vectors from a Dirichlet distribution centred on ``weights``."""
    return np.random.default_rng(seed).dirichlet(concentration * np.asarray(weights, dtype=float), size=draws)


def monte_carlo(
    ranking: Ranking,
    top_k: int = 10,
    draws: int = DEFAULT_DRAWS,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = 0,
) -> pd.DataFrame:
    """Per territory: probability of being in the top ``top_k`` and the 5th–95th percentile rank interval.

    The seed is fixed by default so that the same scenario always gives the same figures.
    """
    sampled = draw_weights(ranking.weights.to_numpy(), draws, concentration, seed)
    ranks = rank_scores(batch_scores(ranking.normalised.to_numpy(), sampled, ranking.method))
    return pd.DataFrame(
        {
            "nom": ranking.table["nom"],
            "rang": ranking.table["rang"],
            "p_top_k": (ranks <= top_k).mean(axis=0),
            "rang_p05": np.percentile(ranks, 5, axis=0, method="lower"),
            "rang_median": np.percentile(ranks, 50, axis=0, method="lower"),
            "rang_p95": np.percentile(ranks, 95, axis=0, method="higher"),
        },
        index=ranking.table.index,
    )


def leave_one_out(ranking: Ranking) -> pd.DataFrame:
    """Rank of each territory when each criterion in turn is removed (remaining weights rescaled to sum 1).

    Columns are criterion ids; with a single criterion there is nothing to leave out and the frame has no column.
    """
    ids = list(ranking.weights.index)
    if len(ids) < 2:
        return pd.DataFrame(index=ranking.table.index)
    weights = np.tile(ranking.weights.to_numpy(), (len(ids), 1))
    np.fill_diagonal(weights, 0.0)
    weights /= weights.sum(axis=1, keepdims=True)
    ranks = rank_scores(batch_scores(ranking.normalised.to_numpy(), weights, ranking.method))
    return pd.DataFrame(ranks.T, index=ranking.table.index, columns=ids)
