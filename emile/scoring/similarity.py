"""Territories that look like a reference (one pilot, or the mean of the pilots) on the chosen criteria.

Distance is Euclidean in the normalised space of the current ranking, unweighted, so that "similar" means similar
indicator values, not similar scores. Each neighbour comes with the share of its squared distance due to each
criterion, which tells the planner where it differs most from the reference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from emile.formatting import percent
from emile.indicators import Indicator
from emile.scoring.ranking import Ranking


def reference_point(ranking: Ranking, codes: Sequence[str]) -> pd.Series:
    """Mean normalised profile of the ``codes`` that are in the ranking; ValueError in French if none is."""
    present = [c for c in codes if c in ranking.normalised.index]
    if not present:
        raise ValueError("Aucun territoire de référence n'est classé (exclu ou données manquantes).")
    return ranking.normalised.loc[present].mean()


def nearest(
    ranking: Ranking,
    reference_codes: Sequence[str],
    criteria: Sequence[Indicator],
    count: int = 10,
) -> pd.DataFrame:
    """The ``count`` ranked territories closest to the reference, references themselves left out.

    Columns: ``nom``, ``rang``, ``distance``, ``ecart_principal`` (French: the criterion contributing most to the
    distance and its share) and one ``part_<id>`` column per criterion (share of squared distance, 0–1).
    """
    labels = {c.id: c.label for c in criteria}
    reference = reference_point(ranking, reference_codes)
    candidates = ranking.normalised.drop(index=[c for c in reference_codes if c in ranking.normalised.index])
    squared = (candidates - reference) ** 2
    total = squared.sum(axis=1)
    distance = np.sqrt(total)
    shares = squared.div(total.replace(0.0, np.nan), axis=0).fillna(0.0)
    order = distance.sort_values(kind="stable").index[:count]
    main = shares.loc[order].idxmax(axis=1)
    explanation = [
        f"{labels[main[code]]} ({percent(shares.at[code, main[code]] * 100, 0)} de l'écart)"
        if total[code] > 0
        else "profil identique"
        for code in order
    ]
    result = ranking.table.loc[order, ["nom", "rang"]].assign(distance=distance[order], ecart_principal=explanation)
    return result.join(shares.loc[order].add_prefix("part_"))
