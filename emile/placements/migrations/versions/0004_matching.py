"""Matching runs and the planners' decisions on their proposals (models in ``emile/matching/models.py``).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matching_run",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("solver", sa.String(100), nullable=False),
        sa.Column("status", sa.String(100), nullable=False),
        sa.Column("objective", sa.Float()),
        sa.Column("gap", sa.Float()),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("proposals", sa.Integer(), nullable=False),
        sa.Column("inputs", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
    )
    op.create_table(
        "matching_decision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("run_id", sa.Integer(), sa.ForeignKey("matching_run.id", ondelete="CASCADE"), nullable=False),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column("housing_offer_id", sa.Integer(), sa.ForeignKey("housing_offer.id", ondelete="SET NULL")),
        sa.Column("job_offer_id", sa.Integer(), sa.ForeignKey("job_offer.id", ondelete="SET NULL")),
        sa.Column("departement", sa.String(3), nullable=False),
        sa.Column("decision", sa.String(10), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(20), nullable=False),
    )
    op.create_index("ix_matching_decision_run_id", "matching_decision", ["run_id"])
    op.create_index("ix_matching_decision_household_id", "matching_decision", ["household_id"])


def downgrade() -> None:
    op.drop_table("matching_decision")
    op.drop_table("matching_run")
