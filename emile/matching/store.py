"""Running a matching, saving it, replaying it, and the planner's decision on each proposal.

Nothing reaches an offer or a household without a planner's click: a run only proposes. Accepting a proposal marks
both offers « proposé » (dated, with their history and audit rows), records the household's orientation step and
sets its project to « Proposition faite », in one transaction; declining records the reason, and every later run
leaves out what the reason rules out (``DECLINE_REASONS``). Every run is saved with its inputs (JSON and checksum),
settings, weights, solver and result, so that ``replay`` solves it again and says whether it gives the same result.
Planners only: every function checks the principal first.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import insert, select, update

from emile.config import MatchingSettings
from emile.matching.candidates import Candidates, build_candidates
from emile.matching.inputs import MatchingContext, MatchingInputs, read_inputs
from emile.matching.models import ACCEPTED, DECLINED, MatchingDecision, MatchingRun
from emile.matching.solve import METHODS, Solution, greedy_best_score, greedy_first_come, indicators, solve
from emile.offers.access import Principal, require
from emile.offers.models import HouseholdProject, HousingOffer, JobOffer, OfferAudit, StatusChange
from emile.offers.vocabulary import OPEN_STATUSES
from emile.placements.models import AuditEntry, JourneyStep
from emile.placements.store import Store

PROPOSED_STATUS = "propose"  # offers and projects alike (``vocabulary.STATUSES``, ``PROJECT_STATUSES``)
ORIENTATION = "orientation"  # the journey step an accepted proposal records (``journey.STEPS``)
ACCEPT_REASONS: dict[str, str] = {
    "conforme_projet": "Conforme au projet du ménage",
    "valide_operateur": "Validée avec l'opérateur",
    "autre_acceptation": "Autre raison",
}
# Each reason of a decline and what it rules out for that household in every later run.
DECLINE_REASONS: dict[str, tuple[str, str]] = {
    "territoire_refuse": ("Le ménage ne veut pas de ce territoire", "territoire"),
    "logement_inadapte": ("Logement inadapté au ménage", "logement"),
    "emploi_inadapte": ("Emploi ou formation inadapté au ménage", "emploi"),
    "combinaison_ecartee": ("Combinaison écartée pour une autre raison", "combinaison"),
}
PLANNERS_ONLY = "L'appariement est réservé aux planificateurs."


@dataclass(frozen=True)
class MatchingOutcome:
    """A solved matching: its inputs and settings, the combinations, the optimal solution and both greedy ones."""

    inputs: MatchingInputs
    settings: MatchingSettings
    candidates: Candidates
    optimal: Solution
    first_come: Solution
    best_score: Solution
    run_id: int | None = None

    @property
    def proposals(self) -> pd.DataFrame:
        """The optimal solution's combinations, one per household matched."""
        return self.candidates.combos.iloc[self.optimal.chosen]

    def comparison(self) -> pd.DataFrame:
        """The three methods side by side on the same combinations (rows: methods; columns: indicators)."""
        rows = {
            METHODS[s.method]: indicators(self.candidates.combos, s)
            for s in (self.optimal, self.first_come, self.best_score)
        }
        return pd.DataFrame.from_dict(rows, orient="index")

    def result(self) -> dict:
        """What a run saves of its result: the proposals, the solver's status and gap, every method's indicators."""
        return {
            "proposals": [
                [int(h), int(d), int(j), round(float(s), 6), str(dep)]
                for h, d, j, s, dep in self.proposals[
                    ["household_id", "housing_id", "job_id", "score", "departement"]
                ].itertuples(index=False, name=None)
            ],
            "status": self.optimal.status,
            "gap": self.optimal.gap,
            "bound": self.optimal.bound,
            "methods": {
                s.method: indicators(self.candidates.combos, s)
                for s in (self.optimal, self.first_come, self.best_score)
            },
            "combinations": len(self.candidates.combos),
        }


def compute(inputs: MatchingInputs, context: MatchingContext, settings: MatchingSettings) -> MatchingOutcome:
    """Combinations, optimal assignment and both greedy baselines, on the same combinations."""
    candidates = build_candidates(inputs, context, settings)
    combos = candidates.combos
    applied = inputs.households.set_index("household_id")["applied_on"]
    first_come, best_score = greedy_first_come(combos, applied, settings), greedy_best_score(combos, settings)
    optimal = solve(combos, settings, incumbent=max(first_come, best_score, key=lambda s: s.objective))
    return MatchingOutcome(inputs, settings, candidates, optimal, first_come, best_score)


def run_matching(
    store: Store,
    principal: Principal,
    context: MatchingContext,
    settings: MatchingSettings,
    *,
    demo: bool,
    today: dt.date,
) -> MatchingOutcome:
    """Read the inputs, solve, save the run; return the outcome with its run id."""
    require(principal.is_planner, PLANNERS_ONLY)
    inputs = read_inputs(store, demo=demo, today=today)
    outcome = compute(inputs, context, settings)
    with store.writing() as session:
        run_id = session.scalar(
            insert(MatchingRun)
            .values(
                actor=principal.actor,
                is_demo=demo,
                checksum=inputs.checksum,
                settings=settings.model_dump(mode="json", by_alias=True),
                solver=outcome.optimal.solver,
                status=outcome.optimal.status,
                objective=outcome.optimal.objective,
                gap=outcome.optimal.gap,
                households=len(inputs.households),
                proposals=len(outcome.optimal.chosen),
                inputs=inputs.to_json(),
                result=outcome.result(),
            )
            .returning(MatchingRun.id)
        )
    return MatchingOutcome(**{**outcome.__dict__, "run_id": run_id})


def runs(store: Store, principal: Principal) -> pd.DataFrame:
    """Every saved run, newest first (without its inputs)."""
    require(principal.is_planner, PLANNERS_ONLY)
    columns = [
        "id",
        "at",
        "actor",
        "is_demo",
        "checksum",
        "solver",
        "status",
        "objective",
        "gap",
        "households",
        "proposals",
    ]
    return store.newest_first(MatchingRun, columns)


def replay(store: Store, principal: Principal, run_id: int, context: MatchingContext) -> tuple[MatchingOutcome, bool]:
    """Solve a saved run again from its saved inputs and settings; whether its proposals are the saved ones."""
    require(principal.is_planner, PLANNERS_ONLY)
    with store.reading() as session:
        run = session.get(MatchingRun, run_id)
        if run is None:
            raise ValueError(f"Calcul d'appariement n° {run_id} introuvable.")
        text, settings, saved = run.inputs, run.settings, run.result
    outcome = compute(MatchingInputs.from_json(text), context, MatchingSettings.model_validate(settings))
    outcome = MatchingOutcome(**{**outcome.__dict__, "run_id": run_id})
    same = json.dumps(outcome.result()["proposals"]) == json.dumps(saved["proposals"])
    return outcome, same


def decisions(store: Store, principal: Principal, run_id: int | None = None) -> pd.DataFrame:
    """The decisions taken (on one run, or all), oldest first."""
    require(principal.is_planner, PLANNERS_ONLY)
    columns = ["id", "at", "actor", "run_id", "household_id", "housing_offer_id", "job_offer_id", "departement"]
    columns += ["decision", "reason", "scope"]
    query = select(*(getattr(MatchingDecision, c) for c in columns)).order_by(MatchingDecision.id)
    if run_id is not None:
        query = query.where(MatchingDecision.run_id == run_id)
    with store.reading() as session:
        return pd.DataFrame(session.execute(query).all(), columns=columns)


def _offer_proposed(session, model, kind: str, offer_id: int, actor: str, today: dt.date) -> None:
    status, since, reference = session.execute(
        select(model.status, model.status_date, model.reference).where(model.id == offer_id)
    ).one()
    if status not in OPEN_STATUSES:
        raise ValueError(f"L'offre {reference} n'est plus disponible (statut « {status} ») : relancez l'appariement.")
    if status == PROPOSED_STATUS:
        return
    target = "housing_offer_id" if kind == "logement" else "job_offer_id"
    session.execute(update(model).where(model.id == offer_id).values(status=PROPOSED_STATUS, status_date=today))
    session.execute(insert(StatusChange).values({target: offer_id, "status": PROPOSED_STATUS, "date": today}))
    session.add(
        OfferAudit(
            actor=actor,
            action="statut",
            entity=kind,
            reference=reference,
            source="appariement",
            changes={"status": [status, PROPOSED_STATUS], "status_date": [since.isoformat(), today.isoformat()]},
            **{target: offer_id},
        )
    )


def decide(
    store: Store, principal: Principal, run_id: int, household_id: int, decision: str, reason: str, *, today: dt.date
) -> None:
    """Accept or decline the proposal run ``run_id`` made to ``household_id``, for ``reason`` (a key of
    ``ACCEPT_REASONS`` or ``DECLINE_REASONS``). ``ValueError`` in French when the proposal does not exist, was
    already decided, or an offer is no longer available; then nothing is written."""
    require(principal.is_planner, PLANNERS_ONLY)
    reasons = ACCEPT_REASONS if decision == ACCEPTED else {k: v[0] for k, v in DECLINE_REASONS.items()}
    if decision not in (ACCEPTED, DECLINED) or reason not in reasons:
        raise ValueError(f"Décision ou raison inconnue : choisissez parmi {', '.join(reasons.values())}.")
    with store.writing() as session:
        run = session.get(MatchingRun, run_id)
        if run is None:
            raise ValueError(f"Calcul d'appariement n° {run_id} introuvable.")
        proposal = next((p for p in run.result["proposals"] if p[0] == household_id), None)
        if proposal is None:
            raise ValueError(f"Le calcul n° {run_id} ne propose rien au ménage {household_id}.")
        done = session.scalar(
            select(MatchingDecision.id).where(
                MatchingDecision.run_id == run_id, MatchingDecision.household_id == household_id
            )
        )
        if done is not None:
            raise ValueError("Cette proposition a déjà fait l'objet d'une décision.")
        _, housing_id, job_id, _, departement = proposal
        if decision == ACCEPTED:
            _offer_proposed(session, HousingOffer, "logement", housing_id, principal.actor, today)
            _offer_proposed(session, JobOffer, "emploi", job_id, principal.actor, today)
            reached = session.scalar(
                select(JourneyStep.id).where(JourneyStep.household_id == household_id, JourneyStep.step == ORIENTATION)
            )
            # One orientation date per household: a household oriented before and ready again is oriented now.
            if reached is None:
                session.add(JourneyStep(household_id=household_id, step=ORIENTATION, date=today))
            else:
                session.execute(update(JourneyStep).where(JourneyStep.id == reached).values(date=today))
            project_id = session.scalar(
                select(HouseholdProject.id).where(HouseholdProject.household_id == household_id)
            )
            session.execute(
                update(HouseholdProject)
                .where(HouseholdProject.id == project_id)
                .values(status=PROPOSED_STATUS, status_date=today)
            )
            session.execute(insert(StatusChange).values(project_id=project_id, status=PROPOSED_STATUS, date=today))
            session.add(AuditEntry(actor=principal.actor, action="appariement", rows_added=0, rows_changed=1))
        scope = "combinaison" if decision == ACCEPTED else DECLINE_REASONS[reason][1]
        session.add(
            MatchingDecision(
                actor=principal.actor,
                run_id=run_id,
                household_id=household_id,
                housing_offer_id=housing_id,
                job_offer_id=job_id,
                departement=departement,
                decision=decision,
                reason=reason,
                scope=scope,
            )
        )
