"""Situations at 6 and 12 months of the households a planner oriented through the matching, beside the other
households followed, once operators have reported them. A household counts as oriented by the matching when it was
installed on or after the day a planner accepted a proposal for it: situations reported for an earlier installation
are not the matching's.

Observational, and said so on the page: the households oriented by the matching were not drawn at random (they are
those whose projects fitted the offers of the moment), so a difference between the two groups says nothing of what
the matching caused. A rate is given only for a group of at least ``threshold`` households whose situation is
known; below that, a rate would be one or two people's situation, not a figure. Planners only, like every
household-level view of the matching.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select

from emile.matching.models import ACCEPTED, MatchingDecision
from emile.offers.access import Principal, require
from emile.placements.aggregates import OUTCOMES
from emile.placements.journey import INSTALLATION_RANK, STEPS
from emile.placements.models import Household, JourneyStep
from emile.placements.store import Store

MATCHED = "Orientés par l'appariement"
OTHERS = "Autres ménages suivis"
COLUMNS = ["group", "horizon", "outcome", "known", "yes", "rate"]
INSTALLATION = STEPS[INSTALLATION_RANK]
PLANNERS_ONLY = "Les situations des ménages appariés sont réservées aux planificateurs."


def outcome_comparison(store: Store, principal: Principal, *, demo: bool, threshold: int) -> pd.DataFrame:
    """One row per group (oriented by an accepted proposal, or not) and outcome (in work, still housed, at 6 and
    12 months): households whose answer is known, those answering yes, and the rate when ``known >= threshold``.
    Empty when no household oriented by the matching has a known situation yet."""
    require(principal.is_planner, PLANNERS_ONLY)
    columns = [column for column, _, _ in OUTCOMES]
    with store.reading() as session:
        accepted = session.execute(
            select(MatchingDecision.household_id, func.min(MatchingDecision.at))
            .where(MatchingDecision.decision == ACCEPTED)
            .group_by(MatchingDecision.household_id)
        ).all()
        installed = session.execute(
            select(JourneyStep.household_id, JourneyStep.date).where(JourneyStep.step == INSTALLATION)
        ).all()
        rows = session.execute(
            select(Household.id, *(getattr(Household, c) for c in columns)).where(Household.is_demo == demo)
        ).all()
    households = pd.DataFrame(rows, columns=["id", *columns])
    installed_on = dict(installed)
    oriented = {h for h, at in accepted if h in installed_on and installed_on[h] >= at.date()}
    matched = households["id"].isin(oriented)
    if not households.loc[matched, columns].notna().any(axis=None):
        return pd.DataFrame(columns=COLUMNS)
    table = []
    for group, members in ((MATCHED, households[matched]), (OTHERS, households[~matched])):
        for column, horizon, label in OUTCOMES:
            answers = members[column].dropna().astype(bool)
            known, yes = len(answers), int(answers.sum())
            table.append((group, horizon, label, known, yes, yes / known if known >= threshold else None))
    return pd.DataFrame(table, columns=COLUMNS).astype({"rate": "Float64"})
