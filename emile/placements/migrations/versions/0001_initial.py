"""Initial placement store: operators, households, journey steps and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "operator",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "household",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("operator_id", sa.Integer(), sa.ForeignKey("operator.id", ondelete="CASCADE"), nullable=False),
        sa.Column("external_id", sa.String(40), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("adults", sa.Integer(), nullable=False),
        sa.Column("children", sa.Integer(), nullable=False),
        sa.Column("origin_commune", sa.String(5), nullable=False),
        sa.Column("referring_organisation", sa.String(200)),
        sa.Column("destination_commune", sa.String(5)),
        sa.Column("housing_type", sa.String(20)),
        sa.Column("landlord_type", sa.String(30)),
        sa.Column("job_rome", sa.String(5)),
        sa.Column("job_fap", sa.String(5)),
        sa.Column("contract_type", sa.String(20)),
        sa.Column("job_start", sa.Date()),
        sa.Column("in_work_6m", sa.Boolean()),
        sa.Column("housed_6m", sa.Boolean()),
        sa.Column("in_work_12m", sa.Boolean()),
        sa.Column("housed_12m", sa.Boolean()),
        sa.UniqueConstraint("operator_id", "external_id", name="uq_household_operator_external"),
    )
    op.create_index("ix_household_operator_id", "household", ["operator_id"])
    op.create_index("ix_household_is_demo", "household", ["is_demo"])
    op.create_table(
        "journey_step",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("household_id", sa.Integer(), sa.ForeignKey("household.id", ondelete="CASCADE"), nullable=False),
        sa.Column("step", sa.String(20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.UniqueConstraint("household_id", "step", name="uq_step_household_step"),
    )
    op.create_index("ix_journey_step_household_id", "journey_step", ["household_id"])
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("operator_code", sa.String(20)),
        sa.Column("filename", sa.String(255)),
        sa.Column("checksum", sa.String(64)),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit")
    op.drop_table("journey_step")
    op.drop_table("household")
    op.drop_table("operator")
