"""Alembic environment: migrations run on the connection that ``store.open_store`` hands over, or on ``DATABASE_URL``.

Run from the command line with ``alembic -c emile/placements/migrations/alembic.ini upgrade head``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

import emile.matching.models  # noqa: F401  (puts the matching tables on Base.metadata, for autogenerate)
import emile.offers.models  # noqa: F401  (puts the offers tables on Base.metadata, for autogenerate)
from emile.placements.models import Base
from emile.placements.store import database_url


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(database_url())
    with engine.begin() as own_connection:
        _run(own_connection)
    engine.dispose()
