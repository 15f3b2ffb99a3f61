"""Opening the placement store and reading it back as frames.

SQLite in ``data/placements.sqlite`` (WAL mode, so the page can read while an import writes) is the embedded default;
a shared deployment sets ``DATABASE_URL`` to a PostgreSQL database. Either way the Alembic migrations are applied
up to ``head`` when the store is opened, so a first run creates everything.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, delete, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from emile.config import PROJECT_ROOT
from emile.placements.journey import STEPS
from emile.placements.models import AuditEntry, Household, JourneyStep, Operator

DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "placements.sqlite"
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"

HOUSEHOLD_COLUMNS = (
    "id",
    "operator_code",
    "external_id",
    "is_demo",
    "size",
    "adults",
    "children",
    "origin_commune",
    "referring_organisation",
    "destination_commune",
    "housing_type",
    "landlord_type",
    "job_rome",
    "job_fap",
    "contract_type",
    "job_start",
    "in_work_6m",
    "housed_6m",
    "in_work_12m",
    "housed_12m",
)


def database_url() -> str:
    """``DATABASE_URL`` when set (``postgres://`` URLs use the psycopg 3 driver), else the local SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{DEFAULT_SQLITE_PATH}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _create_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Apply every Alembic migration not yet applied to this database."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass
class Store:
    """A migrated database and a session factory for it."""

    engine: Engine

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self.sessions()

    def version(self) -> int:
        """Id of the latest audit entry: every write adds one, so it changes whenever the data may have changed."""
        with self.session() as session:
            return session.scalar(select(func.max(AuditEntry.id))) or 0

    def count_households(self, *, demo: bool) -> int:
        with self.session() as session:
            return session.scalar(select(func.count()).select_from(Household).where(Household.is_demo == demo))

    def has_real_records(self) -> bool:
        return self.count_households(demo=False) > 0

    def shows_demo(self) -> bool:
        """True when the page must show the fictitious cohort: there is demo data and no real record at all."""
        return not self.has_real_records() and self.count_households(demo=True) > 0

    def households(self, *, demo: bool) -> pd.DataFrame:
        """One row per household (real or demo, never both) with one date column per journey step."""
        with self.session() as session:
            rows = session.execute(
                select(
                    Household.id,
                    Operator.code,
                    Household.external_id,
                    Household.is_demo,
                    Household.size,
                    Household.adults,
                    Household.children,
                    Household.origin_commune,
                    Household.referring_organisation,
                    Household.destination_commune,
                    Household.housing_type,
                    Household.landlord_type,
                    Household.job_rome,
                    Household.job_fap,
                    Household.contract_type,
                    Household.job_start,
                    Household.in_work_6m,
                    Household.housed_6m,
                    Household.in_work_12m,
                    Household.housed_12m,
                )
                .join(Operator, Operator.id == Household.operator_id)
                .where(Household.is_demo == demo)
                .order_by(Household.id)
            ).all()
            steps = session.execute(
                select(JourneyStep.household_id, JourneyStep.step, JourneyStep.date)
                .join(Household, Household.id == JourneyStep.household_id)
                .where(Household.is_demo == demo)
            ).all()
        frame = pd.DataFrame(rows, columns=list(HOUSEHOLD_COLUMNS))
        dates = pd.DataFrame(steps, columns=["household_id", "step", "date"])
        wide = dates.pivot(index="household_id", columns="step", values="date").reindex(columns=list(STEPS))
        # Column by column so that an empty store still yields datetime columns (apply on no rows keeps objects).
        wide = pd.DataFrame({step: pd.to_datetime(wide[step]) for step in wide.columns}, index=wide.index)
        return frame.join(wide, on="id")

    def audit_log(self) -> pd.DataFrame:
        """Every import and edit, newest first."""
        with self.session() as session:
            rows = session.execute(
                select(
                    AuditEntry.at,
                    AuditEntry.actor,
                    AuditEntry.action,
                    AuditEntry.operator_code,
                    AuditEntry.filename,
                    AuditEntry.checksum,
                    AuditEntry.rows_added,
                    AuditEntry.rows_changed,
                ).order_by(AuditEntry.id.desc())
            ).all()
        return pd.DataFrame(
            rows,
            columns=["at", "actor", "action", "operator_code", "filename", "checksum", "rows_added", "rows_changed"],
        )

    def remove_demo(self, actor: str) -> int:
        """Delete every fictitious household and the demo operator; return how many households were removed."""
        with self.session() as session, session.begin():
            demo_ids = select(Household.id).where(Household.is_demo.is_(True))
            removed = session.scalar(select(func.count()).select_from(demo_ids.subquery()))
            session.execute(delete(JourneyStep).where(JourneyStep.household_id.in_(demo_ids)))
            session.execute(delete(Household).where(Household.is_demo.is_(True)))
            session.execute(delete(Operator).where(Operator.is_demo.is_(True)))
            session.add(AuditEntry(actor=actor, action="suppression_demo", rows_added=0, rows_changed=removed))
        return removed


def open_store(url: str | None = None) -> Store:
    """Connect to ``url`` (default: ``database_url()``), migrate it to the latest schema and return the store."""
    engine = _create_engine(url or database_url())
    upgrade(engine)
    return Store(engine)
