"""The store itself: migrations on first open, SQLite WAL mode, DATABASE_URL, demo data kept apart from real data."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import FIXTURES, TODAY
from sqlalchemy import inspect, text

from emile.placements.demo import DEMO_OPERATOR, cohort, create_demo
from emile.placements.store import database_url, open_store

HOSTS = ["15", "48", "49", "76", "18", "36"]
ORIGINS = ["75", "93", "94", "95"]


def demo_records(communes, size=60):
    return cohort(communes, hosts=HOSTS, origins=ORIGINS, size=size, today=TODAY)


def test_first_open_creates_the_schema_and_reopening_keeps_the_data(tmp_path, communes):
    path = tmp_path / "sous-dossier" / "placements.sqlite"
    store = open_store(f"sqlite:///{path}")
    assert {"operator", "household", "journey_step", "audit", "alembic_version"} <= set(
        inspect(store.engine).get_table_names()
    )
    create_demo(store, demo_records(communes))
    store.engine.dispose()
    reopened = open_store(f"sqlite:///{path}")
    assert reopened.count_households(demo=True) == 60
    with reopened.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0002"


def test_database_url_prefers_the_environment(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("data/placements.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/emile")
    assert database_url() == "postgresql+psycopg://u:p@127.0.0.1:5432/emile"


def test_demo_cohort_is_flagged_shown_alone_and_removable(store, communes):
    records = demo_records(communes)
    assert create_demo(store, records) == 60
    assert create_demo(store, records) == 0  # already there: nothing doubled
    assert store.shows_demo()
    households = store.households(demo=True)
    assert households["is_demo"].all() and households["operator_code"].eq(DEMO_OPERATOR).all()
    assert households["external_id"].str.startswith("DEMO-").all()
    assert store.households(demo=False).empty
    assert store.remove_demo(actor="test") == 60
    assert store.count_households(demo=True) == 0 and not store.shows_demo()
    assert store.audit_log()["action"].tolist() == ["suppression_demo", "creation_demo"]


def test_demo_is_refused_once_real_records_exist(store, communes, settings):
    from emile.placements.importer import import_file

    report = import_file(
        store,
        (FIXTURES / "valid.csv").read_bytes(),
        "suivi.csv",
        operator_code="AURORE",
        actor="test",
        communes=set(communes["code"]),
        settings=settings,
        today=TODAY,
    )
    assert report.ok
    with pytest.raises(RuntimeError, match="données réelles"):
        create_demo(store, demo_records(communes))
    assert store.count_households(demo=True) == 0


def test_real_records_take_over_from_the_demo(store, communes, settings):
    from emile.placements.importer import import_file

    create_demo(store, demo_records(communes))
    report = import_file(
        store,
        (FIXTURES / "valid.csv").read_bytes(),
        "suivi.csv",
        operator_code="AURORE",
        actor="test",
        communes=set(communes["code"]),
        settings=settings,
        today=TODAY,
    )
    assert report.ok
    assert not store.shows_demo()
    assert set(store.households(demo=False)["operator_code"]) == {"AURORE"}


def test_demo_dates_are_never_in_the_future_and_follow_the_journey(communes):
    records = cohort(communes, hosts=HOSTS, origins=ORIGINS, size=300, today=dt.date(2024, 1, 1), seed=7)
    assert records["date"].max() <= dt.datetime(2024, 1, 1)
    assert (records["adults"] + records["children"] == records["size"]).all()
    ordered = records.groupby("external_id")["date"].apply(lambda d: d.is_monotonic_increasing)
    assert ordered.all()


def test_migrations_match_the_models(store):
    """The Alembic history and the SQLAlchemy models describe the same schema (nothing left to autogenerate)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from emile.placements.models import Base

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
