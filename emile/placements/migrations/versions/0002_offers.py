"""Offers and household projects: offerers, offer imports, housing and job offers, household projects, status
history and the audit of every change (models in ``emile/offers/models.py``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _offer_columns() -> list[sa.Column]:
    """Columns housing and job offers share (``emile.offers.models._Offer``)."""
    return [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("offerer_id", sa.Integer(), sa.ForeignKey("offerer.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reference", sa.String(40), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("commune", sa.String(5), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("offer_import.id", ondelete="SET NULL")),
    ]


def _offer_indexes(table: str) -> None:
    for column in ("offerer_id", "is_demo", "import_id"):
        op.create_index(f"ix_{table}_{column}", table, [column])


def upgrade() -> None:
    op.create_table(
        "offerer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "offer_import",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("offerer_id", sa.Integer(), sa.ForeignKey("offerer.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("checksum", sa.String(64), nullable=False),
        sa.Column("rows_added", sa.Integer(), nullable=False),
        sa.Column("rows_changed", sa.Integer(), nullable=False),
        sa.Column("rows_unchanged", sa.Integer(), nullable=False),
    )
    op.create_index("ix_offer_import_offerer_id", "offer_import", ["offerer_id"])
    op.create_table(
        "housing_offer",
        *_offer_columns(),
        sa.Column("landlord_name", sa.String(200), nullable=False),
        sa.Column("landlord_type", sa.String(30), nullable=False),
        sa.Column("typology", sa.String(2), nullable=False),
        sa.Column("surface_m2", sa.Float(), nullable=False),
        sa.Column("rent_eur", sa.Float(), nullable=False),
        sa.Column("charges_eur", sa.Float(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=False),
        sa.Column("available_from", sa.Date(), nullable=False),
        sa.UniqueConstraint("offerer_id", "reference", name="uq_housing_offer_reference"),
    )
    _offer_indexes("housing_offer")
    op.create_table(
        "job_offer",
        *_offer_columns(),
        sa.Column("employer_name", sa.String(200), nullable=False),
        sa.Column("siret", sa.String(14), nullable=False),
        sa.Column("rome", sa.String(5), nullable=False),
        sa.Column("fap", sa.String(5), nullable=False),
        sa.Column("contract", sa.String(30), nullable=False),
        sa.Column("weekly_hours", sa.Float(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("driving_licence", sa.Boolean(), nullable=False),
        sa.UniqueConstraint("offerer_id", "reference", name="uq_job_offer_reference"),
    )
    _offer_indexes("job_offer")
    op.create_table(
        "household_project",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "household_id",
            sa.Integer(),
            sa.ForeignKey("household.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("rome_1", sa.String(5)),
        sa.Column("rome_2", sa.String(5)),
        sa.Column("rome_3", sa.String(5)),
        sa.Column("adults", sa.Integer(), nullable=False),
        *(
            sa.Column(band, sa.Integer(), nullable=False)
            for band in ("children_0_2", "children_3_5", "children_6_10", "children_11_14", "children_15_17")
        ),
        sa.Column("health_follow_up", sa.Boolean(), nullable=False),
        sa.Column("step_free", sa.Boolean(), nullable=False),
        sa.Column("driving_licence", sa.Boolean(), nullable=False),
        sa.Column("own_car", sa.Boolean(), nullable=False),
        sa.Column("vetoed_departements", sa.JSON(), nullable=False),
        sa.Column("wish_1", sa.String(3)),
        sa.Column("wish_2", sa.String(3)),
        sa.Column("wish_3", sa.String(3)),
        sa.Column("earliest_move", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=False),
        sa.Column("created_on", sa.Date(), nullable=False),
    )
    op.create_index("ix_household_project_is_demo", "household_project", ["is_demo"])
    targets = ("housing_offer_id", "job_offer_id", "project_id")
    op.create_table(
        "status_change",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("housing_offer_id", sa.Integer(), sa.ForeignKey("housing_offer.id", ondelete="CASCADE")),
        sa.Column("job_offer_id", sa.Integer(), sa.ForeignKey("job_offer.id", ondelete="CASCADE")),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("household_project.id", ondelete="CASCADE")),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.CheckConstraint(
            " + ".join(f"(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)" for column in targets) + " = 1",
            name="ck_status_change_one_target",
        ),
    )
    for column in targets:
        op.create_index(f"ix_status_change_{column}", "status_change", [column])
    op.create_table(
        "offer_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("account", sa.String(20)),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("entity", sa.String(20)),
        sa.Column("housing_offer_id", sa.Integer(), sa.ForeignKey("housing_offer.id", ondelete="SET NULL")),
        sa.Column("job_offer_id", sa.Integer(), sa.ForeignKey("job_offer.id", ondelete="SET NULL")),
        sa.Column("project_id", sa.Integer(), sa.ForeignKey("household_project.id", ondelete="SET NULL")),
        sa.Column("reference", sa.String(40)),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("import_id", sa.Integer(), sa.ForeignKey("offer_import.id", ondelete="SET NULL")),
        sa.Column("filename", sa.String(255)),
        sa.Column("checksum", sa.String(64)),
        sa.Column("changes", sa.JSON()),
    )


def downgrade() -> None:
    for table in ("offer_audit", "status_change", "household_project", "job_offer", "housing_offer"):
        op.drop_table(table)
    op.drop_table("offer_import")
    op.drop_table("offerer")
