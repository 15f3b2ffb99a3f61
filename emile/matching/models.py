"""Tables of matching runs and of the planners' decisions on their proposals, in the placement store's metadata
(migration 0004).

A run keeps everything needed to solve it again: the inputs (JSON, with their checksum), the settings and weights, the
solver and the result (proposals, objective, gap, the greedy baselines). A decision is what a planner did with one
proposal of a run; a decline says how far it reaches (``scope``): the same combination, the dwelling or the job for
that household, or the whole territory, which every later run leaves out.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from emile.placements.models import Base

ACCEPTED = "accepte"
DECLINED = "refuse"


class MatchingRun(Base):
    """One solved matching: who ran it, on which inputs (checksum, JSON), with which settings, and what came out."""

    __tablename__ = "matching_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    checksum: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON)
    solver: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(100))
    objective: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    households: Mapped[int] = mapped_column(Integer)
    proposals: Mapped[int] = mapped_column(Integer)
    inputs: Mapped[str] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)


class MatchingDecision(Base):
    """A planner's acceptance or decline of one proposal, with its reason from the page's list."""

    __tablename__ = "matching_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    run_id: Mapped[int] = mapped_column(ForeignKey("matching_run.id", ondelete="CASCADE"), index=True)
    household_id: Mapped[int] = mapped_column(ForeignKey("household.id", ondelete="CASCADE"), index=True)
    housing_offer_id: Mapped[int | None] = mapped_column(ForeignKey("housing_offer.id", ondelete="SET NULL"))
    job_offer_id: Mapped[int | None] = mapped_column(ForeignKey("job_offer.id", ondelete="SET NULL"))
    departement: Mapped[str] = mapped_column(String(3))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(40))
    scope: Mapped[str] = mapped_column(String(20))
