"""What the « Appariement » page and its exports show of a run: the proposals as a table, their arcs, and the public
aggregate by host département, small counts suppressed by ``emile.placements.privacy``.
"""

from __future__ import annotations

import pandas as pd

from emile.matching.models import ACCEPTED
from emile.matching.store import ACCEPT_REASONS, DECLINE_REASONS, MatchingOutcome
from emile.placements.privacy import Constraint, publishable

TOTAL = "FR"
REASON_LABELS = {**ACCEPT_REASONS, **{key: label for key, (label, _) in DECLINE_REASONS.items()}}
WISH_LABELS = {0: "hors vœux", 1: "1er vœu", 2: "2e vœu", 3: "3e vœu"}


def proposals_frame(outcome: MatchingOutcome, names: dict[str, str], decisions: pd.DataFrame) -> pd.DataFrame:
    """One row per proposal, French headers: household, origin, host département, offers, métier level, wish,
    score and the planner's decision so far."""
    proposals = outcome.proposals
    households = outcome.inputs.households.set_index("household_id")
    jobs = outcome.candidates.jobs.set_index("id")
    housing = outcome.candidates.housing.set_index("id")
    decided = decisions.drop_duplicates("household_id", keep="last").set_index("household_id")
    decision = [
        (
            ("Acceptée" if decided.loc[h, "decision"] == ACCEPTED else "Refusée")
            + f" ({REASON_LABELS.get(decided.loc[h, 'reason'], decided.loc[h, 'reason'])})"
        )
        if h in decided.index
        else "À décider"
        for h in proposals["household_id"]
    ]
    return pd.DataFrame(
        {
            "Ménage": proposals["household_id"].to_numpy(),
            "Commune d'origine": households["origin_commune"].reindex(proposals["household_id"]).to_numpy(),
            "Département d'accueil": [f"{names.get(d, d)} ({d})" for d in proposals["departement"]],
            "Logement (n°)": proposals["housing_id"].to_numpy(),
            "Commune du logement": housing["commune"].reindex(proposals["housing_id"]).to_numpy(),
            "Typologie": housing["typology"].reindex(proposals["housing_id"]).to_numpy(),
            "Emploi (n°)": proposals["job_id"].to_numpy(),
            "Métier (ROME)": jobs["rome"].reindex(proposals["job_id"]).to_numpy(),
            "Correspondance": proposals["level"].map({"rome": "même ROME", "famille": "même famille"}).to_numpy(),
            "Vœu": proposals["wish_rank"].map(WISH_LABELS).to_numpy(),
            "Trajet (km)": proposals["distance_km"].round(1).to_numpy(),
            "Score": proposals["score"].round(2).to_numpy(),
            "Décision": decision,
        }
    )


def arcs_frame(outcome: MatchingOutcome, places: pd.DataFrame) -> pd.DataFrame:
    """Origin and destination town halls of each proposal (the dwelling's commune): origin, destination, their
    coordinates and the household."""
    proposals = outcome.proposals
    origin = outcome.inputs.households.set_index("household_id")["origin_commune"].reindex(proposals["household_id"])
    destination = outcome.candidates.housing.set_index("id")["commune"].reindex(proposals["housing_id"])
    start, end = places.reindex(origin.to_numpy()), places.reindex(destination.to_numpy())
    frame = pd.DataFrame(
        {
            "household_id": proposals["household_id"].to_numpy(),
            "origin": origin.to_numpy(),
            "destination": destination.to_numpy(),
            "origin_lon": start["lon"].to_numpy(),
            "origin_lat": start["lat"].to_numpy(),
            "destination_lon": end["lon"].to_numpy(),
            "destination_lat": end["lat"].to_numpy(),
        }
    )
    return frame.dropna(subset=["origin_lon", "origin_lat", "destination_lon", "destination_lat"])


def public_aggregate(outcome: MatchingOutcome, names: dict[str, str], threshold: int) -> pd.DataFrame:
    """Proposals by host département and in all, suppressed (counts under ``threshold``, and any that a
    difference would reveal, become None): what may be published of a run."""
    counts = outcome.proposals["departement"].value_counts().to_dict()
    cells: dict[str, int] = {**{str(k): int(v) for k, v in counts.items()}, TOTAL: int(sum(counts.values()))}
    published, _ = publishable(cells, [Constraint(TOTAL, tuple(sorted(counts)))], threshold)
    rows = [(f"{names.get(code, code)} ({code})", published.get(code)) for code in sorted(counts)]
    rows.append(("Ensemble", published.get(TOTAL)))
    return pd.DataFrame(rows, columns=["Département d'accueil", "Propositions"])
