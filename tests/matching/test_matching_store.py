"""Runs and decisions in the store, on SQLite and on a real PostgreSQL: a run is saved and replays to the same
result; accepting marks both offers « proposé », records the orientation step and takes the household out of the
next run; a declined proposal is never proposed again; only planners run, replay or decide; the situations at 6
and 12 months of the households oriented are set beside the others' once known."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import delete, select, update

from emile.config import load_config
from emile.geography import load_communes
from emile.matching import lagrange
from emile.matching import store as matching
from emile.matching.inputs import MatchingContext
from emile.matching.models import ACCEPTED, DECLINED, MatchingRun
from emile.matching.outcomes import MATCHED, OTHERS, outcome_comparison
from emile.offers import demo as offers_demo
from emile.offers.access import AccessDeniedError, Principal
from emile.offers.models import HouseholdProject, HousingOffer, JobOffer, StatusChange
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.models import Household, JourneyStep

TODAY = dt.date.today()
PLANNER = Principal("planificateur", actor="agent@dihal.gouv.fr")
SETTINGS = load_config().matching


@pytest.fixture(scope="module")
def context() -> MatchingContext:
    return MatchingContext.from_snapshot()


@pytest.fixture
def demo_store(store):
    """The demo cohort and the demo offers, on each backend."""
    config = load_config()
    create_demo(store, programme_cohort(config, load_communes(), size=80, today=TODAY))
    offers, projects = offers_demo.programme_demo(config, store, size=150, today=TODAY)
    offers_demo.create_demo(store, offers, projects, today=TODAY)
    return store


def run(store, context):
    return matching.run_matching(store, PLANNER, context, SETTINGS, demo=True, today=TODAY)


def test_a_run_is_saved_with_its_inputs_and_replays_to_the_same_result(demo_store, context):
    outcome = run(demo_store, context)
    assert len(outcome.optimal.chosen) > 2 and outcome.optimal.gap == 0
    with demo_store.reading() as session:
        saved = session.get(MatchingRun, outcome.run_id)
        assert saved.checksum == outcome.inputs.checksum and saved.solver.startswith("HiGHS")
        assert saved.settings["poids"]["socle"] == SETTINGS.weights.base
        assert saved.result["methods"]["optimal"]["total_score"] >= saved.result["methods"]["fcfs"]["total_score"]
    replayed, same = matching.replay(demo_store, PLANNER, outcome.run_id, context)
    assert same and replayed.inputs.checksum == outcome.inputs.checksum
    assert replayed.optimal.objective == pytest.approx(outcome.optimal.objective)
    assert matching.runs(demo_store, PLANNER)["id"].tolist() == [outcome.run_id]


def test_a_run_solved_by_lagrangian_relaxation_is_saved_with_its_solver_and_replays_the_same(demo_store, context):
    relaxed = SETTINGS.model_copy(update={"max_exact_combinations": 0})
    outcome = matching.run_matching(demo_store, PLANNER, context, relaxed, demo=True, today=TODAY)
    assert outcome.optimal.solver == lagrange.SOLVER and outcome.optimal.bound >= outcome.optimal.objective
    assert outcome.optimal.objective >= max(outcome.first_come.objective, outcome.best_score.objective)
    with demo_store.reading() as session:
        saved = session.get(MatchingRun, outcome.run_id)
        assert saved.solver == lagrange.SOLVER and saved.settings["combinaisons_max_exact"] == 0
    replayed, same = matching.replay(demo_store, PLANNER, outcome.run_id, context)
    assert same and replayed.optimal.solver == lagrange.SOLVER


def test_accepting_marks_the_offers_proposed_records_orientation_and_leaves_the_next_run(demo_store, context):
    outcome = run(demo_store, context)
    proposal = outcome.proposals.iloc[0]
    household, housing, job = int(proposal["household_id"]), int(proposal["housing_id"]), int(proposal["job_id"])
    matching.decide(demo_store, PLANNER, outcome.run_id, household, ACCEPTED, "conforme_projet", today=TODAY)
    with demo_store.reading() as session:
        assert session.get(HousingOffer, housing).status == "propose"
        assert session.get(JobOffer, job).status == "propose"
        assert (
            session.scalar(
                select(JourneyStep.date).where(JourneyStep.household_id == household, JourneyStep.step == "orientation")
            )
            == TODAY
        )
        project = session.scalar(select(HouseholdProject).where(HouseholdProject.household_id == household))
        assert project.status == "propose"
        statuses = session.scalars(select(StatusChange.status).where(StatusChange.housing_offer_id == housing)).all()
        assert statuses[-1] == "propose"
    with pytest.raises(ValueError, match="déjà"):
        matching.decide(demo_store, PLANNER, outcome.run_id, household, DECLINED, "logement_inadapte", today=TODAY)
    following = run(demo_store, context).candidates.combos
    assert household not in set(following["household_id"])
    assert housing not in set(following["housing_id"]) and job not in set(following["job_id"])


@pytest.mark.parametrize("reason", sorted(matching.DECLINE_REASONS))
def test_a_declined_proposal_is_never_proposed_again(demo_store, context, reason):
    outcome = run(demo_store, context)
    proposal = outcome.proposals.iloc[0]
    household = int(proposal["household_id"])
    matching.decide(demo_store, PLANNER, outcome.run_id, household, DECLINED, reason, today=TODAY)
    mine = run(demo_store, context).candidates.combos.query("household_id == @household")
    combination = set(zip(mine["housing_id"], mine["job_id"], strict=True))
    assert (proposal["housing_id"], proposal["job_id"]) not in combination
    scope = matching.DECLINE_REASONS[reason][1]
    if scope == "logement":
        assert proposal["housing_id"] not in set(mine["housing_id"])
    if scope == "emploi":
        assert proposal["job_id"] not in set(mine["job_id"])
    if scope == "territoire":
        assert proposal["departement"] not in set(mine["departement"])


def test_only_planners_run_replay_and_decide(demo_store, context):
    outcome = run(demo_store, context)
    household = int(outcome.proposals.iloc[0]["household_id"])
    for visitor in (Principal("public"), Principal("operateur", actor="x@aurore.asso.fr", account="AURORE")):
        with pytest.raises(AccessDeniedError):
            matching.run_matching(demo_store, visitor, context, SETTINGS, demo=True, today=TODAY)
        with pytest.raises(AccessDeniedError):
            matching.replay(demo_store, visitor, outcome.run_id, context)
        with pytest.raises(AccessDeniedError):
            matching.decide(demo_store, visitor, outcome.run_id, household, ACCEPTED, "conforme_projet", today=TODAY)
    with pytest.raises(ValueError, match="raison"):
        matching.decide(demo_store, PLANNER, outcome.run_id, household, DECLINED, "sans_raison", today=TODAY)


def test_situations_of_oriented_households_are_set_beside_the_others_once_known(demo_store, context):
    outcome = run(demo_store, context)
    oriented = [int(h) for h in outcome.proposals["household_id"].iloc[:6]]
    for household in oriented:
        matching.decide(demo_store, PLANNER, outcome.run_id, household, ACCEPTED, "conforme_projet", today=TODAY)
    assert outcome_comparison(demo_store, PLANNER, demo=True, threshold=5).empty  # not installed since
    # An operator's file reports them installed after the decision, then four in work at 6 months out of five known
    # (the sixth not yet known); what the demo says of an earlier installation is not the matching's.
    answers = dict(zip(oriented, [True, True, True, True, False, None], strict=True))
    cleared = {"in_work_6m": None, "housed_6m": None, "in_work_12m": None, "housed_12m": None}
    with demo_store.writing() as session:
        earlier = JourneyStep.household_id.in_(oriented) & (JourneyStep.step == "installation")
        session.execute(delete(JourneyStep).where(earlier))
        session.add_all(JourneyStep(household_id=h, step="installation", date=TODAY) for h in oriented)
        for household, in_work in answers.items():
            session.execute(
                update(Household).where(Household.id == household).values({**cleared, "in_work_6m": in_work})
            )
    table = outcome_comparison(demo_store, PLANNER, demo=True, threshold=5).set_index(["group", "horizon", "outcome"])
    row = table.loc[(MATCHED, "6 mois", "En emploi")]
    assert (row["known"], row["yes"], row["rate"]) == (5, 4, pytest.approx(0.8))
    assert pd.isna(table.loc[(MATCHED, "12 mois", "En emploi"), "rate"])  # nobody known: no rate
    with demo_store.reading() as session:
        others = session.scalars(
            select(Household.in_work_6m).where(Household.is_demo, Household.id.not_in(oriented))
        ).all()
    known = [v for v in others if v is not None]
    assert table.loc[(OTHERS, "6 mois", "En emploi"), "known"] == len(known)
    assert table.loc[(OTHERS, "6 mois", "En emploi"), "yes"] == sum(known)
    small = outcome_comparison(demo_store, PLANNER, demo=True, threshold=6).set_index(["group", "horizon", "outcome"])
    assert pd.isna(small.loc[(MATCHED, "6 mois", "En emploi"), "rate"])  # five known, under a threshold of six
    with pytest.raises(AccessDeniedError):
        outcome_comparison(demo_store, Principal("public"), demo=True, threshold=5)
