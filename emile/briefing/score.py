"""A département's rank and the share of its score each theme brings, under the chosen scoring preset."""

from __future__ import annotations

from collections.abc import Sequence

from emile import indicators
from emile.briefing.model import ScoreSummary, ThemeScore
from emile.scoring import explain
from emile.scoring.ranking import METHOD_LABELS, Ranking


def score_summary(
    ranking: Ranking, code: str, criteria: Sequence[indicators.Indicator], preset_label: str
) -> ScoreSummary:
    """Rank, score and per-theme contributions; for a territory left out of the ranking, the reason why."""
    theme_of = {c.id: c.theme for c in criteria}
    weights = ranking.weights.groupby(theme_of).sum()
    ranked = code in ranking.table.index
    if ranked:
        by_theme = explain.contributions(ranking).loc[code].groupby(theme_of).sum().to_dict()
        sentence = explain.summary(ranking, code, criteria)
    else:
        by_theme = {}
        reason = ranking.excluded["motif"].get(code, "absent des données")
        sentence = f"Non classé : {reason}."
    themes = tuple(
        ThemeScore(theme, indicators.THEME_LABELS[theme], float(weights[theme]), by_theme.get(theme))
        for theme in weights.index
    )
    return ScoreSummary(
        preset_label=preset_label,
        method_label=METHOD_LABELS[ranking.method],
        rank=int(ranking.table.at[code, "rang"]) if ranked else None,
        ranked_count=len(ranking.table),
        score=float(ranking.table.at[code, "score"]) if ranked else None,
        themes=themes,
        sentence=sentence,
    )
