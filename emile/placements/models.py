"""Tables of the placement store (SQLAlchemy 2 declarative models).

The schema itself is created and evolved by the Alembic migrations in ``migrations/``; these classes describe it for
queries. One household belongs to one operator and is known by the operator's pseudonymous id, never by a name.

A household is fictitious exactly when its operator is: the foreign key runs on (operator, is_demo), so no real
household can hang from the demo operator, and deleting an operator that still has households is refused rather
than cascaded.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Operator(Base):
    """An organisation that supports households (Aurore, GROUPE SOS Solidarités…) or the fictitious demo operator."""

    __tablename__ = "operator"
    __table_args__ = (UniqueConstraint("id", "is_demo", name="uq_operator_id_demo"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Household(Base):
    """A household followed by an operator: its composition, where it comes from and goes to, housing, job, outcomes."""

    __tablename__ = "household"
    __table_args__ = (
        UniqueConstraint("operator_id", "external_id", name="uq_household_operator_external"),
        ForeignKeyConstraint(
            ["operator_id", "is_demo"],
            ["operator.id", "operator.is_demo"],
            name="fk_household_operator_demo",
            ondelete="RESTRICT",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    operator_id: Mapped[int] = mapped_column(Integer, index=True)
    external_id: Mapped[str] = mapped_column(String(40))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    size: Mapped[int] = mapped_column(Integer)
    adults: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer)
    origin_commune: Mapped[str] = mapped_column(String(5))
    referring_organisation: Mapped[str | None] = mapped_column(String(200))
    destination_commune: Mapped[str | None] = mapped_column(String(5))
    housing_type: Mapped[str | None] = mapped_column(String(20))
    landlord_type: Mapped[str | None] = mapped_column(String(30))
    job_rome: Mapped[str | None] = mapped_column(String(5))
    job_fap: Mapped[str | None] = mapped_column(String(5))
    contract_type: Mapped[str | None] = mapped_column(String(20))
    job_start: Mapped[dt.date | None] = mapped_column(Date)
    in_work_6m: Mapped[bool | None] = mapped_column(Boolean)
    housed_6m: Mapped[bool | None] = mapped_column(Boolean)
    in_work_12m: Mapped[bool | None] = mapped_column(Boolean)
    housed_12m: Mapped[bool | None] = mapped_column(Boolean)

    steps: Mapped[list[JourneyStep]] = relationship(back_populates="household", cascade="all, delete-orphan")


class JourneyStep(Base):
    """The date a household reached one step of the journey (see ``journey.STEPS``)."""

    __tablename__ = "journey_step"
    __table_args__ = (UniqueConstraint("household_id", "step", name="uq_step_household_step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)

    household: Mapped[Household] = relationship(back_populates="steps")


class AuditEntry(Base):
    """Who changed the store, when, from which file (checksum) and how many rows were added or changed."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(30))
    operator_code: Mapped[str | None] = mapped_column(String(20))
    filename: Mapped[str | None] = mapped_column(String(255))
    checksum: Mapped[str | None] = mapped_column(String(64))
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_changed: Mapped[int] = mapped_column(Integer, default=0)
    rows_removed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class PublicRelease(Base):
    """One dated publication of the public tables of the real records: what the public sees until the next one.

    ``tables`` holds the published tables (JSON), the only part ever shown; ``cells`` the true count of every
    published or hidden cell and the sums tying them (JSON), which the next release needs so that no difference
    between the two reveals a hidden count. ``cells`` is as private as the records themselves."""

    __tablename__ = "public_release"

    id: Mapped[int] = mapped_column(primary_key=True)
    published_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    threshold: Mapped[int] = mapped_column(Integer)
    tables: Mapped[str] = mapped_column(Text)
    cells: Mapped[str] = mapped_column(Text)
