"""Why a territory ranks where it does: per-criterion contributions, a detail table with raw values and vintages,
and a one-sentence French summary of strengths and weaknesses.

For the weighted sum, contributions (weight × normalised value) add up exactly to the score. TOPSIS scores by distance
to the ideal and worst territories, which is not a sum; its bars show the same weighted normalised values, which are
what TOPSIS measures those distances on, and the page says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from emile.indicators import Indicator
from emile.indicators.bounds import between_text, bounds_at
from emile.scoring.normalise import rank_percentile_normalization
from emile.scoring.ranking import Ranking
from emile.scoring.weights import percentages

STRONG = 0.75
WEAK = 0.25
MAX_LISTED = 3


def contributions(ranking: Ranking) -> pd.DataFrame:
    """Weight × normalised value, one column per criterion, rows in ranking order."""
    return ranking.normalised * ranking.weights


def positions(ranking: Ranking) -> pd.DataFrame:
    """Each territory's position on each criterion among the ranked ones, from 0 (worst) to 1 (best)."""
    return ranking.normalised.apply(lambda column: rank_percentile_normalization(column.to_numpy()), axis=0)


def ordinal(rank: int) -> str:
    """French ordinal for a territory's rank: 1er, 2e, 3e…"""
    return "1er" if int(rank) == 1 else f"{int(rank)}e"


def summary(ranking: Ranking, code: str, criteria: Sequence[Indicator]) -> str:
    """One French sentence: rank, then up to three strengths (top quarter) and weaknesses (bottom quarter),
    most heavily weighted first."""
    labels = {c.id: c.label for c in criteria}
    row = ranking.table.loc[code]
    place = positions(ranking).loc[code]
    by_weight = ranking.weights.sort_values(ascending=False, kind="stable").index
    strong = [labels[i] for i in by_weight if place[i] >= STRONG][:MAX_LISTED]
    weak = [labels[i] for i in by_weight if place[i] <= WEAK][:MAX_LISTED]
    strengths = f"points forts : {', '.join(strong)}" if strong else "aucun point fort marqué"
    weaknesses = f"points faibles : {', '.join(weak)}" if weak else "aucun point faible marqué"
    place_text = f"classé {ordinal(int(row['rang']))} sur {len(ranking.table)}"
    return f"{row['nom']} est {place_text} ; {strengths} ; {weaknesses}."


def detail(ranking: Ranking, code: str, criteria: Sequence[Indicator]) -> pd.DataFrame:
    """One row per scored criterion: label, unit, vintage, raw value (with the range secrecy leaves around a share,
    empty otherwise), normalised value, weight and contribution."""
    by_id = {c.id: c for c in criteria}
    ids = list(ranking.weights.index)
    shares = percentages(ranking.weights)
    contribution = contributions(ranking).loc[code]
    return pd.DataFrame(
        {
            "Critère": [by_id[i].label for i in ids],
            "Unité": [by_id[i].unit for i in ids],
            "Millésime": [by_id[i].vintage for i in ids],
            "Valeur": [ranking.table.at[code, i] for i in ids],
            "Fourchette (secret)": [between_text(*bounds_at(ranking.table, code, i), by_id[i].unit) for i in ids],
            "Valeur normalisée": [ranking.normalised.at[code, i] for i in ids],
            "Poids (%)": [shares[i] for i in ids],
            "Contribution": [contribution[i] for i in ids],
        }
    )
