"""The fictitious offers and projects (drawn from the snapshot's real distributions, flagged, never mixed with real
records, removed in one command) and the schema of migration 0002 on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from offers_support import COMMUNES, LANDLORD_15, METIERS, housing_row, signed_in
from sqlalchemy import insert, inspect, select
from sqlalchemy.exc import IntegrityError

import emile.offers.models  # noqa: F401  (the offers tables on Base.metadata)
from emile.config import is_demo_code, load_config
from emile.geography import load_communes
from emile.offers import demo, projects
from emile.offers import store as offer_store
from emile.offers.access import Principal
from emile.offers.importer import declare_form
from emile.offers.models import Offerer, StatusChange
from emile.placements.demo import create_demo as create_placements_demo
from emile.placements.demo import programme_cohort
from emile.placements.models import Base
from emile.placements.store import MIGRATIONS
from emile.snapshot import load_indicators, load_table

PLANNER = Principal("planificateur", actor="agent@dihal.gouv.fr")


@pytest.fixture
def demo_store(store):
    today = dt.date.today()
    create_placements_demo(store, programme_cohort(load_config(), load_communes(), size=30, today=today))
    offers, household_projects = demo.programme_demo(load_config(), store, size=90, today=today)
    assert demo.create_demo(store, offers, household_projects, today=today) == 90 * 2 + 30
    return store


def test_demo_offers_follow_the_real_distributions_and_are_flagged(demo_store):
    today = dt.date.today()
    hosts = set(load_config().territories.host_codes)
    housing = offer_store.offers(demo_store, PLANNER, "logement", today=today)
    jobs = offer_store.offers(demo_store, PLANNER, "emploi", today=today)
    assert housing["is_demo"].all() and jobs["is_demo"].all()
    assert housing["offerer"].map(is_demo_code).all() and jobs["offerer"].map(is_demo_code).all()
    departements = housing["commune"].map(load_communes().set_index("code")["departement"])
    assert set(departements) == hosts and departements.value_counts().nunique() == 1  # 10 in each host
    social = load_indicators("commune").loc[housing["commune"], "rpls_logements_sociaux"]
    assert (social > 0).all()  # only communes with a social stock
    rome_fap = load_table("rome_fap")
    pairs = set(zip(rome_fap["rome"], rome_fap["fap"], strict=True))
    assert all((rome, fap) in pairs for rome, fap in zip(jobs["rome"], jobs["fap"], strict=True))
    family_projects = projects.projects(demo_store, PLANNER)
    assert len(family_projects) == 30 and family_projects["is_demo"].all()
    assert offer_store.shows_demo(demo_store) is True


def test_demo_is_never_mixed_with_real_records_and_goes_in_one_command(demo_store):
    landlord = signed_in("bailleur_15")
    context = {"communes": COMMUNES, "metiers": METIERS, "today": dt.date(2025, 6, 30)}
    assert declare_form(demo_store, landlord, LANDLORD_15, "logement", housing_row(), **context).ok
    assert offer_store.shows_demo(demo_store) is False  # the page now shows real offers only
    assert offer_store.publication_rows(demo_store, "logement", demo=False)["commune"].tolist() == ["15014"]
    with pytest.raises(RuntimeError, match="données réelles|offres ou des projets réels"):
        demo.create_demo(demo_store, {}, pd.DataFrame(), today=dt.date.today())
    removed = offer_store.remove_demo(demo_store, actor="test")
    assert removed == 90 * 2 + 30
    assert offer_store.offers(demo_store, PLANNER, "logement", today=dt.date.today())["reference"].tolist() == ["LGT-1"]
    assert projects.projects(demo_store, PLANNER).empty
    assert demo_store.count_households(demo=True) == 30  # the placements demo is its own affair
    with demo_store.reading() as session:
        assert session.scalars(select(Offerer.code)).all() == ["CANTAL_HABITAT"]


def test_the_command_line_creates_once_and_removes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite'}")
    assert demo.main(["--si-vide", "--offres", "20"]) == 0
    assert "40 offres et projets fictifs créés" in capsys.readouterr().out
    assert demo.main(["--si-vide"]) == 0 and capsys.readouterr().out == ""
    assert demo.main(["--supprimer"]) == 0
    assert "40 offres et projets fictifs supprimés" in capsys.readouterr().out


def test_migrations_give_exactly_the_models(store):
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    tables = set(inspect(store.engine).get_table_names())
    assert {"offerer", "offer_import", "housing_offer", "job_offer", "household_project"} <= tables
    assert {"status_change", "offer_audit"} <= tables


def test_a_status_row_has_exactly_one_target(store):
    with pytest.raises(IntegrityError), store.sessions() as session, session.begin():
        session.execute(insert(StatusChange).values(status="disponible", date=dt.date(2025, 1, 1)))


def test_migration_0002_goes_down_and_up_again(store):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert "housing_offer" not in inspect(store.engine).get_table_names()
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    assert "housing_offer" in inspect(store.engine).get_table_names()
