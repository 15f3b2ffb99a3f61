"""Weights as the planner thinks of them (one slider per theme, one per criterion inside its theme) turned into the
single weight vector an MCDA method needs, plus the named presets read from ``config.toml``.

Theme weights are shared among the themes that have at least one chosen criterion, then each theme's share is split
among its criteria in proportion to their sliders. The result always sums to 1, so what the page shows as percentages
is exactly what the method uses.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from emile.indicators import Indicator


def effective_weights(
    criteria: Sequence[Indicator],
    theme_weights: Mapping[str, float],
    criterion_weights: Mapping[str, float],
) -> pd.Series:
    """One weight per criterion id, summing to 1. A criterion without a slider value counts 1 within its theme.

    Raises ValueError (in French) when every chosen criterion ends up with a zero weight.
    """
    themes = {c.theme for c in criteria}
    theme_total = sum(max(float(theme_weights.get(t, 0.0)), 0.0) for t in themes)
    raw: dict[str, float] = {}
    for criterion in criteria:
        siblings = [c for c in criteria if c.theme == criterion.theme]
        within_total = sum(max(float(criterion_weights.get(c.id, 1.0)), 0.0) for c in siblings)
        theme_share = max(float(theme_weights.get(criterion.theme, 0.0)), 0.0) / theme_total if theme_total else 0.0
        within_share = max(float(criterion_weights.get(criterion.id, 1.0)), 0.0) / within_total if within_total else 0.0
        raw[criterion.id] = theme_share * within_share
    weights = pd.Series(raw, dtype=float)
    if weights.sum() <= 0:
        raise ValueError(_why_all_zero(criteria, theme_weights))
    return weights / weights.sum()


def _why_all_zero(criteria: Sequence[Indicator], theme_weights: Mapping[str, float]) -> str:
    """Say which sliders leave every weight at zero: the themes, or the criteria of the themes that count."""
    if not any(float(theme_weights.get(c.theme, 0.0)) > 0 for c in criteria):
        return "Les thèmes des critères retenus sont tous à 0 : donnez un poids à au moins un thème."
    return "Les critères des thèmes pondérés sont tous à 0 : donnez un poids à au moins un de ces critères."


def percentages(weights: pd.Series) -> pd.Series:
    """Whole percentages that add up to exactly 100 (largest-remainder rounding), for display next to sliders."""
    exact = weights / weights.sum() * 100
    floors = np.floor(exact)
    missing = int(round(100 - floors.sum()))
    order = (exact - floors).sort_values(ascending=False, kind="stable").index[:missing]
    floors.loc[order] += 1
    return floors.astype(int)
