"""Opening the placement store, writing to it one transaction at a time, and reading it back as frames.

SQLite in ``data/placements.sqlite`` (WAL mode, so the page can read while an import writes) is the embedded default;
a shared deployment sets ``DATABASE_URL`` to a PostgreSQL database. Either way the Alembic migrations are applied
up to ``head`` when the store is opened, so a first run creates everything.

Every write (import, demo cohort, publication, migration) goes through ``Store.writing``, which holds the store's
write lock for the whole transaction: ``BEGIN IMMEDIATE`` on SQLite, a transaction-level advisory lock on
PostgreSQL. Two imports therefore run one after the other, never interleaved; one that waits longer than
``busy_timeout_s`` gives up with ``StoreBusyError`` and nothing is written (a PostgreSQL server that does not
accept the connection within that time counts as unavailable). Database failures (a damaged SQLite file,
a PostgreSQL server that does not answer) come out as ``StoreUnavailableError``, in French, with the technical cause
logged rather than shown: the pages that do not need the store keep working, and the next access retries.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, create_engine, delete, event, func, select, text
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from emile.config import PROJECT_ROOT
from emile.placements.journey import STEPS
from emile.placements.models import AuditEntry, Household, JourneyStep, Operator

DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "placements.sqlite"
DEFAULT_BUSY_TIMEOUT_S = 10.0
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "emile_write_lock"  # execution option: this transaction takes the write lock, waiting so many seconds
_WRITE_LOCK_KEY = 7_211_903_311  # PostgreSQL advisory lock of the store's writers (any constant, the same everywhere)
_LOG = logging.getLogger(__name__)

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


class StoreError(Exception):
    """A problem with the store, worded in French for the page; the technical cause is chained and logged."""


class StoreUnavailableError(StoreError):
    """The store cannot be opened or read right now."""


class StoreBusyError(StoreError):
    """Another write held the store's lock for longer than the store waits."""

    def __init__(self) -> None:
        super().__init__(
            "Un autre import ou une autre publication est en cours sur la base des placements : rien n'a été "
            "enregistré. Réessayez dans une minute."
        )


def _unavailable(cause: str) -> StoreUnavailableError:
    return StoreUnavailableError(
        f"La base des placements est inaccessible pour le moment ({cause}). Les autres pages restent utilisables ; "
        "réessayez dans quelques minutes ou prévenez l'administrateur de l'application."
    )


def _is_busy(error: SQLAlchemyError) -> bool:
    """SQLite's « database is locked » once its busy timeout ran out, or PostgreSQL's lock_timeout (55P03)."""
    original = getattr(error, "orig", None)
    return getattr(original, "sqlstate", None) == "55P03" or "database is locked" in str(original)


def translated(error: Exception, dialect: str) -> StoreError:
    """The French error for a failure of the database, after logging its technical cause."""
    _LOG.warning("placement store: %s", error, exc_info=error)
    if isinstance(error, SQLAlchemyError) and _is_busy(error):
        return StoreBusyError()
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return _unavailable("l'adresse DATABASE_URL n'est pas valide")
    if isinstance(error, CommandError):
        return _unavailable("la base a été créée par une version plus récente de l'application")
    if isinstance(error, OSError):
        return _unavailable(f"le dossier de la base n'est pas accessible : {error.strerror}")
    if isinstance(error, OperationalError | InterfaceError) or type(error) is DatabaseError:
        if dialect == "sqlite":
            return _unavailable("le fichier SQLite est endommagé, verrouillé ou n'est pas une base de données")
        return _unavailable("le serveur de base de données ne répond pas ou refuse la connexion")
    return StoreError(
        f"L'écriture dans la base des placements a échoué : rien n'a été enregistré ({type(error).__name__})."
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


def _create_engine(url: str, busy_timeout_s: float, *, foreign_keys: bool = True) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": max(1, round(busy_timeout_s))})
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_s})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection, _record) -> None:
        # The driver must not open transactions by itself: ``_begin`` below chooses how each one starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        wait_s = connection.get_execution_options().get(_WRITE)
        if wait_s is None:
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _lock(connection: Connection, busy_timeout_s: float) -> None:
    """Take the write lock inside the current transaction (SQLite took it with BEGIN IMMEDIATE)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = '{int(busy_timeout_s * 1000)}ms'"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _WRITE_LOCK_KEY})


def upgrade(url: str, revision: str = "head", busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> None:
    """Apply the Alembic migrations up to ``revision`` under the write lock, on a connection of its own whose SQLite
    foreign keys are off (rebuilding a table in batch mode would otherwise cascade to the rows referring to it)."""
    engine = _create_engine(url, busy_timeout_s, foreign_keys=False)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.execution_options(**{_WRITE: busy_timeout_s}).begin() as connection:
            _lock(connection, busy_timeout_s)
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    finally:
        engine.dispose()


def remove_demo_rows(session: Session) -> int:
    """Delete the fictitious households, their steps and the demo operator, inside the caller's write transaction;
    return how many households went. Only rows flagged ``is_demo`` are touched, and the demo operator cannot hold a
    real household (see ``models``)."""
    demo_ids = select(Household.id).where(Household.is_demo.is_(True))
    removed = session.scalar(select(func.count()).select_from(demo_ids.subquery()))
    session.execute(delete(JourneyStep).where(JourneyStep.household_id.in_(demo_ids)))
    session.execute(delete(Household).where(Household.is_demo.is_(True)))
    session.execute(delete(Operator).where(Operator.is_demo.is_(True)))
    return removed


@dataclass
class Store:
    """A migrated database, sessions to read it and write transactions that hold its lock."""

    engine: Engine
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.write_sessions = sessionmaker(
            self.engine.execution_options(**{_WRITE: self.busy_timeout_s}), expire_on_commit=False
        )

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for reads; a database failure comes out as ``StoreUnavailableError``."""
        try:
            with self.sessions() as session:
                yield session
        except SQLAlchemyError as error:
            raise translated(error, self.engine.dialect.name) from error

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One transaction holding the store's write lock, committed at the end of the block and rolled back as a
        whole if anything fails (then nothing is written). A database failure comes out as a ``StoreError``."""
        try:
            with self.write_sessions.begin() as session:
                _lock(session.connection(), self.busy_timeout_s)
                yield session
        except SQLAlchemyError as error:
            failure = translated(error, self.engine.dialect.name)
            if type(failure) is StoreUnavailableError:  # the server went away mid-transaction: say what it means
                failure = StoreUnavailableError(f"Rien n'a été enregistré. {failure}")
            raise failure from error

    def version(self) -> int:
        """Id of the latest audit entry: every write adds one, so it changes whenever the data may have changed."""
        with self.reading() as session:
            return session.scalar(select(func.max(AuditEntry.id))) or 0

    def count_households(self, *, demo: bool) -> int:
        with self.reading() as session:
            return session.scalar(select(func.count()).select_from(Household).where(Household.is_demo == demo))

    def has_real_records(self) -> bool:
        return self.count_households(demo=False) > 0

    def households(self, *, demo: bool) -> pd.DataFrame:
        """One row per household (real or demo, never both) with one date column per journey step."""
        with self.reading() as session:
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
        """Every import, publication and edit, newest first."""
        columns = [
            "at",
            "actor",
            "action",
            "operator_code",
            "filename",
            "checksum",
            "rows_added",
            "rows_changed",
            "rows_removed",
        ]
        return self.newest_first(AuditEntry, columns)

    def newest_first(self, model: type, columns: list[str]) -> pd.DataFrame:
        """``columns`` of every row of ``model`` (a log: audit entries, matching runs), newest (highest id) first."""
        with self.reading() as session:
            rows = session.execute(select(*(getattr(model, name) for name in columns)).order_by(model.id.desc())).all()
        return pd.DataFrame(rows, columns=columns)

    def remove_demo(self, actor: str) -> int:
        """Delete every fictitious record (see ``remove_demo_rows``); return how many households were removed."""
        with self.writing() as session:
            removed = remove_demo_rows(session)
            session.add(
                AuditEntry(actor=actor, action="suppression_demo", rows_added=0, rows_changed=0, rows_removed=removed)
            )
        return removed


def open_store(url: str | None = None, *, busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S) -> Store:
    """Connect to ``url`` (default: ``database_url()``), migrate it to the latest schema and return the store, or
    raise ``StoreUnavailableError`` in French."""
    url = url or database_url()
    try:
        upgrade(url, busy_timeout_s=busy_timeout_s)
        return Store(_create_engine(url, busy_timeout_s), busy_timeout_s)
    except (SQLAlchemyError, CommandError, OSError) as error:
        raise translated(error, url.split(":", 1)[0].split("+", 1)[0]) from error
