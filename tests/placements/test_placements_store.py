"""The store itself: migrations on first open, SQLite WAL mode, DATABASE_URL, demo data kept apart from real data."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from alembic.script import ScriptDirectory
from conftest import FIXTURES, TODAY, run_import
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from emile.config import ConfigError, parse_config
from emile.placements.demo import DEMO_OPERATOR, cohort, create_demo
from emile.placements.public import shows_records
from emile.placements.store import MIGRATIONS, database_url, open_store, upgrade

HOSTS = ["15", "48", "49", "76", "18", "36"]
ORIGINS = ["75", "93", "94", "95"]


def demo_records(communes, size=60):
    return cohort(communes, hosts=HOSTS, origins=ORIGINS, size=size, today=TODAY)


def _head_revision() -> str:
    """The newest migration's revision, read from the scripts so that adding a migration needs no test edit."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


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
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == _head_revision()


def test_database_url_prefers_the_environment(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert database_url().startswith("sqlite:///") and database_url().endswith("data/placements.sqlite")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@127.0.0.1:5432/emile")
    assert database_url() == "postgresql+psycopg://u:p@127.0.0.1:5432/emile"


def test_demo_cohort_is_flagged_shown_alone_and_removable(store, communes):
    records = demo_records(communes)
    assert create_demo(store, records) == 60
    assert create_demo(store, records) == 0  # already there: nothing doubled
    assert shows_records(store) is True
    households = store.households(demo=True)
    assert households["is_demo"].all() and households["operator_code"].eq(DEMO_OPERATOR).all()
    assert households["external_id"].str.startswith("DEMO-").all()
    assert store.households(demo=False).empty
    assert store.remove_demo(actor="test") == 60
    assert store.count_households(demo=True) == 0 and shows_records(store) is None
    assert store.audit_log()["action"].tolist() == ["suppression_demo", "creation_demo"]
    assert store.audit_log()["rows_removed"].tolist() == [60, 0]


def import_valid(store, communes, settings, *, dry_run=False):
    return run_import(store, (FIXTURES / "valid.csv").read_bytes(), communes, settings, dry_run=dry_run)


def test_demo_is_refused_once_real_records_exist(store, communes, settings):
    assert import_valid(store, communes, settings).ok
    with pytest.raises(RuntimeError, match="données réelles"):
        create_demo(store, demo_records(communes))
    assert store.count_households(demo=True) == 0


def test_the_first_real_import_removes_the_demo_as_the_banner_says(store, communes, settings):
    create_demo(store, demo_records(communes))
    assert import_valid(store, communes, settings, dry_run=True).demo_households == 60  # said in the preview
    assert import_valid(store, communes, settings).applied
    assert store.count_households(demo=True) == 0 and shows_records(store) is False
    assert set(store.households(demo=False)["operator_code"]) == {"AURORE"}
    audit = store.audit_log()
    assert audit["action"].tolist() == ["import", "suppression_demo", "creation_demo"]
    assert audit["rows_removed"].tolist()[1] == 60


def test_no_operator_may_use_the_demo_code():
    with pytest.raises(ConfigError, match="clé « placements.operateurs\\[1\\].code » : « DEMO » est réservé"):
        parse_config(
            '[territoires]\npilotes_2019 = ["15"]\naccueil = []\n[territoires.origines]\ndepartements = ["75"]\n'
            '[[placements.operateurs]]\ncode = "AURORE"\nnom = "Aurore"\n'
            '[[placements.operateurs]]\ncode = "DEMO"\nnom = "Opérateur réel"\n'
        )


def test_a_real_household_cannot_hang_from_the_demo_operator(store, communes, settings):
    """Even written by hand, a real row under the demo operator is refused by the database, so removing the demo can
    never take a real row with it; removing it leaves every real row in place."""
    create_demo(store, demo_records(communes))
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        demo_id = connection.execute(text("SELECT id FROM operator WHERE is_demo")).scalar()
        connection.execute(
            text(
                "INSERT INTO household (operator_id, external_id, is_demo, size, adults, children, origin_commune) "
                "VALUES (:operator, 'REEL-1', false, 1, 1, 0, '75056')"
            ),
            {"operator": demo_id},
        )
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.execute(text("DELETE FROM operator WHERE is_demo"))  # households still there: refused
    assert store.count_households(demo=True) == 60


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_upgrading_a_first_version_store_keeps_every_row(tmp_path, request, backend):
    """The 0003 migration rebuilds tables on SQLite: journey steps and household projects must survive it (no cascade
    on the rebuild)."""
    url = (
        f"sqlite:///{tmp_path / 'ancienne.sqlite'}" if backend == "sqlite" else request.getfixturevalue("postgres_url")
    )
    upgrade(url, revision="0002")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO operator (id, code, name, is_demo) VALUES (1, 'AURORE', 'Aurore', false)"))
        connection.execute(
            text(
                "INSERT INTO household (id, operator_id, external_id, is_demo, size, adults, children, origin_commune) "
                "VALUES (1, 1, 'M-001', false, 2, 1, 1, '93066')"
            )
        )
        connection.execute(
            text("INSERT INTO journey_step (household_id, step, date) VALUES (1, 'candidature', '2024-01-05')")
        )
        connection.execute(
            text("INSERT INTO audit (actor, action, rows_added, rows_changed) VALUES ('test', 'import', 2, 0)")
        )
        connection.execute(
            text(
                "INSERT INTO household_project (household_id, is_demo, adults, children_0_2, children_3_5, "
                "children_6_10, children_11_14, children_15_17, health_follow_up, step_free, driving_licence, "
                "own_car, vetoed_departements, earliest_move, status, status_date, created_on) VALUES (1, false, 1, "
                "0, 1, 0, 0, 0, false, false, true, false, '[]', '2024-03-01', 'a_placer', '2024-01-05', "
                "'2024-01-05')"
            )
        )
    engine.dispose()
    store = open_store(url)
    households = store.households(demo=False)
    assert households["external_id"].tolist() == ["M-001"]
    assert households.loc[0, "candidature"] == pd.Timestamp("2024-01-05")
    assert store.audit_log()["rows_removed"].tolist() == [0]
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT household_id FROM household_project")).scalars().all() == [1]
    store.engine.dispose()


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
