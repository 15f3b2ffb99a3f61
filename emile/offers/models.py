"""Tables of offers and household projects, in the placement store's metadata (migration 0002).

An offer belongs to the offerer account that declared it (a landlord, an employer or a commune of ``[roles]``) and is
known by the offerer's own reference; a household project belongs to a household of the placement store. Every
change writes an ``OfferAudit`` row (who, when, what, from which file or form) and every status a ``StatusChange``
row with its date. No address is stored: a commune is enough to place an offer, and the public never sees more.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from emile.placements.models import Base


class Offerer(Base):
    """The account offers belong to (its code in ``[[roles.offreurs]]``), or a fictitious demo offerer."""

    __tablename__ = "offerer"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class OfferImport(Base):
    """One file imported by an offerer: the offers it created can later be withdrawn together."""

    __tablename__ = "offer_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    offerer_id: Mapped[int] = mapped_column(ForeignKey("offerer.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    checksum: Mapped[str] = mapped_column(String(64))
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_changed: Mapped[int] = mapped_column(Integer, default=0)
    rows_unchanged: Mapped[int] = mapped_column(Integer, default=0)


class _Offer:
    """What housing and job offers share: owner, reference, place, dates and current status."""

    id: Mapped[int] = mapped_column(primary_key=True)
    offerer_id: Mapped[int] = mapped_column(ForeignKey("offerer.id", ondelete="CASCADE"), index=True)
    reference: Mapped[str] = mapped_column(String(40))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    commune: Mapped[str] = mapped_column(String(5))
    expires_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[dt.date] = mapped_column(Date)
    created_on: Mapped[dt.date] = mapped_column(Date)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("offer_import.id", ondelete="SET NULL"), index=True)


class HousingOffer(_Offer, Base):
    """A dwelling offered by a social landlord, a commune or a private owner through rental intermediation."""

    __tablename__ = "housing_offer"
    __table_args__ = (UniqueConstraint("offerer_id", "reference", name="uq_housing_offer_reference"),)

    landlord_name: Mapped[str] = mapped_column(String(200))
    landlord_type: Mapped[str] = mapped_column(String(30))
    typology: Mapped[str] = mapped_column(String(2))
    surface_m2: Mapped[float] = mapped_column(Float)
    rent_eur: Mapped[float] = mapped_column(Float)
    charges_eur: Mapped[float] = mapped_column(Float)
    step_free: Mapped[bool] = mapped_column(Boolean)
    available_from: Mapped[dt.date] = mapped_column(Date)


class JobOffer(_Offer, Base):
    """A job or a qualifying training, with its ROME métier and the FAP 2009 family it belongs to."""

    __tablename__ = "job_offer"
    __table_args__ = (UniqueConstraint("offerer_id", "reference", name="uq_job_offer_reference"),)

    employer_name: Mapped[str] = mapped_column(String(200))
    siret: Mapped[str] = mapped_column(String(14))
    rome: Mapped[str] = mapped_column(String(5))
    fap: Mapped[str] = mapped_column(String(5))
    contract: Mapped[str] = mapped_column(String(30))
    weekly_hours: Mapped[float] = mapped_column(Float)
    start_date: Mapped[dt.date] = mapped_column(Date)
    driving_licence: Mapped[bool] = mapped_column(Boolean)


class HouseholdProject(Base):
    """What a household of the placement store seeks: métiers, composition, needs, vetoes, wishes and dates."""

    __tablename__ = "household_project"

    id: Mapped[int] = mapped_column(primary_key=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), unique=True)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    rome_1: Mapped[str | None] = mapped_column(String(5))
    rome_2: Mapped[str | None] = mapped_column(String(5))
    rome_3: Mapped[str | None] = mapped_column(String(5))
    adults: Mapped[int] = mapped_column(Integer)
    children_0_2: Mapped[int] = mapped_column(Integer, default=0)
    children_3_5: Mapped[int] = mapped_column(Integer, default=0)
    children_6_10: Mapped[int] = mapped_column(Integer, default=0)
    children_11_14: Mapped[int] = mapped_column(Integer, default=0)
    children_15_17: Mapped[int] = mapped_column(Integer, default=0)
    health_follow_up: Mapped[bool] = mapped_column(Boolean)
    step_free: Mapped[bool] = mapped_column(Boolean)
    driving_licence: Mapped[bool] = mapped_column(Boolean)
    own_car: Mapped[bool] = mapped_column(Boolean)
    vetoed_departements: Mapped[list[str]] = mapped_column(JSON)
    wish_1: Mapped[str | None] = mapped_column(String(3))
    wish_2: Mapped[str | None] = mapped_column(String(3))
    wish_3: Mapped[str | None] = mapped_column(String(3))
    earliest_move: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20))
    status_date: Mapped[dt.date] = mapped_column(Date)
    created_on: Mapped[dt.date] = mapped_column(Date)


# Written with CASE so that SQLite and PostgreSQL (which cannot add booleans) read it alike.
ONE_TARGET = (
    " + ".join(
        f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)"
        for column in ("housing_offer_id", "job_offer_id", "project_id")
    )
    + " = 1"
)


class StatusChange(Base):
    """One status of an offer or a project and the date it took effect, the history the page and the matching
    read. Exactly one of the three targets is set."""

    __tablename__ = "status_change"
    __table_args__ = (CheckConstraint(ONE_TARGET, name="ck_status_change_one_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    housing_offer_id: Mapped[int | None] = mapped_column(ForeignKey("housing_offer.id", ondelete="CASCADE"), index=True)
    job_offer_id: Mapped[int | None] = mapped_column(ForeignKey("job_offer.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int | None] = mapped_column(ForeignKey("household_project.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date] = mapped_column(Date)


class OfferAudit(Base):
    """Who changed what, when, and from where (``source``: formulaire, fichier, retrait du fichier, démonstration),
    with the file's name and checksum for imports and the changed fields (``{field: [before, after]}``). The
    target's ids are cleared if it is ever deleted; ``reference`` keeps what it was called."""

    __tablename__ = "offer_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    account: Mapped[str | None] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(30))
    entity: Mapped[str | None] = mapped_column(String(20))
    housing_offer_id: Mapped[int | None] = mapped_column(ForeignKey("housing_offer.id", ondelete="SET NULL"))
    job_offer_id: Mapped[int | None] = mapped_column(ForeignKey("job_offer.id", ondelete="SET NULL"))
    project_id: Mapped[int | None] = mapped_column(ForeignKey("household_project.id", ondelete="SET NULL"))
    reference: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(20))
    import_id: Mapped[int | None] = mapped_column(ForeignKey("offer_import.id", ondelete="SET NULL"))
    filename: Mapped[str | None] = mapped_column(String(255))
    checksum: Mapped[str | None] = mapped_column(String(64))
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
