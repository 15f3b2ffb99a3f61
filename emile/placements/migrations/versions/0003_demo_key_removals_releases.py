"""Demo rows tied to the demo operator, removed rows in the audit log, dated public releases.

- A household's foreign key runs on (operator, is_demo), and deleting an operator with households is refused: the
  demo operator can neither hold a real household nor take one with it when it is removed.
- ``audit.rows_removed``: an operator file now withdraws what it no longer holds.
- ``public_release``: what the public sees of the real records, published when a planner (or a schedule) decides.

On SQLite the tables are rebuilt (batch mode); ``store.upgrade`` runs migrations with foreign keys off, as a rebuilt
table would otherwise cascade its deletion to the rows that refer to it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Name of the initial, unnamed foreign key: PostgreSQL's own, or the one given to it on SQLite to drop it.
_NAMING = {"fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"}


def _initial_foreign_key() -> str:
    return (
        "household_operator_id_fkey"
        if op.get_bind().dialect.name == "postgresql"
        else "fk_household_operator_id_operator"
    )


def upgrade() -> None:
    mixed = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM household JOIN operator ON operator.id = household.operator_id "
            "WHERE household.is_demo <> operator.is_demo"
        )
    )
    if mixed:
        raise RuntimeError(
            f"{mixed} ménage(s) réel(s) rattaché(s) à l'opérateur fictif : rattachez-les à leur opérateur avant "
            "la mise à jour de la base (rien n'a été modifié)."
        )
    with op.batch_alter_table("operator") as batch:
        batch.create_unique_constraint("uq_operator_id_demo", ["id", "is_demo"])
    with op.batch_alter_table("household", naming_convention=_NAMING) as batch:
        batch.drop_constraint(_initial_foreign_key(), type_="foreignkey")
        batch.create_foreign_key(
            "fk_household_operator_demo",
            "operator",
            ["operator_id", "is_demo"],
            ["id", "is_demo"],
            ondelete="RESTRICT",
        )
    with op.batch_alter_table("audit") as batch:
        batch.add_column(sa.Column("rows_removed", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "public_release",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("published_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("tables", sa.Text(), nullable=False),
        sa.Column("cells", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("public_release")
    with op.batch_alter_table("audit") as batch:
        batch.drop_column("rows_removed")
    with op.batch_alter_table("household") as batch:
        batch.drop_constraint("fk_household_operator_demo", type_="foreignkey")
        batch.create_foreign_key(_initial_foreign_key(), "operator", ["operator_id"], ["id"], ondelete="CASCADE")
    with op.batch_alter_table("operator") as batch:
        batch.drop_constraint("uq_operator_id_demo", type_="unique")
