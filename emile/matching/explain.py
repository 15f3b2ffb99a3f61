"""Why each household got its proposal and not another territory, and which capacities bind.

For one household: the proposed combination with every term of its score, the next two alternatives and what became
of them, and, for every host département, the first reason it lost — vetoed, no dwelling of the right size, dates,
no job in the wanted métier within reach, driving licence, or « attribuée à un autre ménage » with the score
difference — checked in that order on the same records the combinations were built from. A capacity binds when one
more place in it would raise the optimal total score: the program is solved again with that place. At national scale
(solved by Lagrangian relaxation) solving again per capacity would take minutes: a full capacity binds when its
Lagrangian price is positive, and the price is the gain one more place can bring at most, to first order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from emile.formatting import number
from emile.matching.candidates import TERMS, Candidates, reachable_communes
from emile.matching.solve import Solution, capacity_keys, solve_optimal

PROPOSED = "Territoire proposé"
TAKEN = "Attribuée à un autre ménage"
FREE = "Libre"


@dataclass(frozen=True)
class HouseholdExplanation:
    """``proposal`` (a combination row, None when nothing is proposed), ``breakdown`` (term, points), the next two
    ``alternatives`` and, per host département, the reason it was not proposed (``territories``)."""

    household_id: int
    proposal: pd.Series | None
    breakdown: pd.DataFrame
    alternatives: pd.DataFrame
    territories: pd.DataFrame


def breakdown(combination: pd.Series) -> pd.DataFrame:
    """Each term of a combination's score, in the order of ``TERMS``, and the total."""
    rows = [(label, round(float(combination[term]), 2)) for term, label in TERMS.items()]
    return pd.DataFrame([*rows, ("Total", round(float(combination["score"]), 2))], columns=["Terme", "Points"])


def _state(candidates: Candidates, solution: Solution, position: int, household_id: int) -> str:
    """What stops a household's other combination: an offer attributed to another household, a full capacity,
    or nothing but its lower score."""
    combos = candidates.combos
    chosen = combos.iloc[solution.chosen]
    others = chosen[chosen["household_id"] != household_id]
    row = combos.iloc[position]
    if row["housing_id"] in set(others["housing_id"]) or row["job_id"] in set(others["job_id"]):
        return TAKEN
    key = capacity_keys(combos.iloc[[position]]).iloc[0]
    used = int((capacity_keys(others) == key).sum())
    if used >= candidates.settings.capacity(row["departement"]):
        return f"Capacité d'accompagnement atteinte ({row['departement']}, arrivées de {row['month']})"
    return FREE


def _difference(score: float, proposal: pd.Series | None) -> str:
    if proposal is None:
        return f"{number(score, 1)} points"
    difference = score - float(proposal["score"])
    return f"{'+' if difference > 0 else ''}{number(difference, 1)} points"


def _infeasible_reason(candidates: Candidates, household: pd.Series, departement: str) -> str | None:
    """The first check a département fails for this household, None when it has feasible combinations."""
    settings = candidates.settings
    if departement in household["vetoed"]:
        return "Département refusé par le ménage"
    dwellings = candidates.housing[candidates.housing["departement"] == departement]
    if dwellings.empty:
        return "Aucun logement en cours dans ce département"
    typologies = tuple(household["typologies"])
    sized = dwellings[dwellings["typology"].isin(typologies)]
    if household["step_free"]:
        sized = sized[sized["step_free"].astype(bool)]
    if sized.empty:
        step = " accessible sans marche" if household["step_free"] else ""
        return f"Aucun logement de la bonne taille{step} ({', '.join(typologies)})"
    move, deadline = household["move"], household["deadline"]
    dated = sized[(pd.to_datetime(sized["expires_on"]) >= move) & (pd.to_datetime(sized["available_from"]) <= deadline)]
    if dated.empty:
        return f"Dates : aucun logement adapté libre entre le {move:%d/%m/%Y} et le {deadline:%d/%m/%Y}"
    if not any(pd.notna(household[f"rome_{n}"]) for n in (1, 2, 3)):
        return "Aucun métier indiqué dans le projet du ménage"
    matches = candidates.job_matches[candidates.job_matches["household_id"] == household["household_id"]]
    jobs = candidates.jobs.set_index("id")
    matches = matches.assign(commune=jobs["commune"].reindex(matches["job_id"]).to_numpy())
    places = candidates.places
    reach = reachable_communes(
        places.reindex(pd.Index(matches["commune"].unique())),
        places.reindex(pd.Index(dated["commune"].unique())),
        settings.max_commute_km,
    )
    within = matches[matches["commune"].isin(set(reach["origin"]))]
    if within.empty:
        return f"Aucun emploi du métier voulu à moins de {number(settings.max_commute_km)} km d'un logement adapté"
    if not within["licence_ok"].any():
        return "Permis de conduire exigé par les emplois du métier voulu à portée"
    if not (within["licence_ok"] & within["dates_ok"]).any():
        return "Dates : les emplois du métier voulu à portée commencent trop tard ou expirent avant le départ"
    return None


def explain(candidates: Candidates, solution: Solution, household_id: int) -> HouseholdExplanation:
    """Proposal, breakdown, alternatives and the reason every other host département lost, for one household."""
    combos = candidates.combos
    mine = np.flatnonzero(combos["household_id"].to_numpy() == household_id)
    chosen = set(solution.chosen.tolist()) & set(mine.tolist())
    position = next(iter(chosen), None)
    proposal = combos.iloc[position] if position is not None else None
    others = [p for p in mine if p != position]  # already by decreasing score
    alternatives = pd.DataFrame(
        [
            {
                "Département": combos.iloc[p]["departement"],
                "Logement": int(combos.iloc[p]["housing_id"]),
                "Emploi": int(combos.iloc[p]["job_id"]),
                "Score": round(float(combos.iloc[p]["score"]), 2),
                "Écart": _difference(float(combos.iloc[p]["score"]), proposal),
                "État": _state(candidates, solution, p, household_id),
            }
            for p in others[:2]
        ],
        columns=["Département", "Logement", "Emploi", "Score", "Écart", "État"],
    )
    household = candidates.households.set_index("household_id").loc[household_id]
    household = pd.concat([household, pd.Series({"household_id": household_id})])
    declined = set(candidates.declined_territories.get(household_id, ()))
    rows = []
    for departement in sorted(set(candidates.housing["departement"].dropna())):
        if proposal is not None and departement == proposal["departement"]:
            rows.append((departement, PROPOSED, ""))
            continue
        reason = _infeasible_reason(candidates, household, departement)
        if reason is None and departement in declined:
            reason = "Territoire écarté par un refus précédent"
        if reason is None:
            here = [p for p in others if combos.iloc[p]["departement"] == departement]
            if not here and household_id in candidates.declined_households:
                reason = "Combinaisons écartées par des refus précédents ou moins bien notées que les retenues"
            elif not here:
                reason = "Non examiné : les emplois du métier voulu sont meilleurs dans les départements retenus"
            else:
                best = here[0]
                score = float(combos.iloc[best]["score"])
                state = _state(candidates, solution, best, household_id)
                if state == FREE or (proposal is not None and score <= float(proposal["score"])):
                    state = "Moins bien notée que la proposition"
                reason = state
                rows.append((departement, reason, _difference(score, proposal)))
                continue
        rows.append((departement, reason, ""))
    territories = pd.DataFrame(rows, columns=["Département", "Raison", "Écart de score"])
    shown = breakdown(proposal) if proposal is not None else pd.DataFrame(columns=["Terme", "Points"])
    return HouseholdExplanation(household_id, proposal, shown, alternatives, territories)


def binding_capacities(candidates: Candidates, solution: Solution) -> pd.DataFrame:
    """Capacities (département × month of arrival) that are full and whose one more place would raise the optimal
    total score, with the gain and the households it would add."""
    combos = candidates.combos
    if not len(solution.chosen):
        return pd.DataFrame(columns=["Département", "Mois d'arrivée", "Capacité", "Gain de score", "Ménages en plus"])
    used = capacity_keys(combos.iloc[solution.chosen]).value_counts()
    rows = []
    for key, count in used.items():
        departement, month = key.split(" ")
        capacity = candidates.settings.capacity(departement)
        if count < capacity:
            continue
        if solution.capacity_prices is not None:
            gain, added = float(solution.capacity_prices.get(key, 0.0)), None
        else:
            wider = solve_optimal(combos, candidates.settings, capacity_bonus={key: 1})
            gain, added = wider.objective - solution.objective, len(wider.chosen) - len(solution.chosen)
        if gain > 1e-6:
            rows.append((departement, month, capacity, round(gain, 2), added))
    return pd.DataFrame(rows, columns=["Département", "Mois d'arrivée", "Capacité", "Gain de score", "Ménages en plus"])
