"""Dated public releases: what the public sees of the real records is the last release, until the next one.

Live figures would change at every import, and the difference between the figures before and after an import would
give the households it added, down to a single one. So the public never sees live figures: a planner publishes a
release when it is time (or a schedule does, with ``python -m emile.placements.releases`` from cron), the page and
the briefings show it with its date, and each release is suppressed against the previous one (``privacy``) so that no
difference between two releases reveals a count below the threshold either.

A release stores the published tables, the only part ever shown, and what it disclosed (true counts, hidden cells
and the sums tying them), which the next release needs; that part is as private as the records.

    python -m emile.placements.releases   # publish a release of the real records now
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Hashable
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from emile.config import PlacementSettings, load_config
from emile.geography import load_communes
from emile.placements.aggregates import Aggregation, Publication, publish
from emile.placements.models import AuditEntry, PublicRelease
from emile.placements.privacy import Constraint, Disclosed
from emile.placements.store import Store, StoreError, open_store

PUBLIC_TIME_ZONE = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Release:
    """One publication of the real records, as the public sees it."""

    id: int
    published_at: dt.datetime
    threshold: int
    publication: Publication

    @property
    def local_time(self) -> dt.datetime:
        """When it was published, in France (SQLite gives the database's UTC time without a zone)."""
        moment = self.published_at
        return (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(PUBLIC_TIME_ZONE)


class NothingToPublishError(StoreError):
    """The store holds no real record yet (the demo cohort is shown as it is, never published)."""

    def __init__(self) -> None:
        super().__init__(
            "Aucun ménage réel dans la base : il n'y a rien à publier (les données fictives ne le sont pas)."
        )


def _key(value: list) -> Hashable:
    """A cell key read back from JSON, where its tuple became a list."""
    return tuple(value)


def _number(value: Any) -> int | float:
    """JSON cannot hold numpy scalars; cell keys and counts come out of pandas as such."""
    return value.item()


def _tables_json(publication: Publication) -> str:
    """The publication as JSON: each table with its column types (pandas' table schema), and the figures."""
    tables, figures = {}, {}
    for name in (f.name for f in fields(Publication)):
        value = getattr(publication, name)
        if isinstance(value, pd.DataFrame):
            tables[name] = json.loads(value.to_json(orient="table", index=False))
        else:
            figures[name] = value
    return json.dumps({"tables": tables, "figures": figures}, ensure_ascii=False, default=_number)


def _publication(text: str) -> Publication:
    payload = json.loads(text)
    tables = {
        name: pd.read_json(io.StringIO(json.dumps(table)), orient="table") for name, table in payload["tables"].items()
    }
    return Publication(**tables, **payload["figures"])


def _cells_json(disclosed: Disclosed) -> str:
    return json.dumps(
        {
            "counts": [[key, count] for key, count in disclosed.counts.items()],
            "hidden": list(disclosed.hidden),
            "constraints": [[c.total, list(c.members)] for c in disclosed.constraints],
        },
        ensure_ascii=False,
        default=_number,
    )


def _disclosed(text: str) -> Disclosed:
    payload = json.loads(text)
    return Disclosed(
        counts={_key(key): count for key, count in payload["counts"]},
        constraints=tuple(
            Constraint(_key(total), tuple(_key(m) for m in members)) for total, members in payload["constraints"]
        ),
        hidden=frozenset(_key(key) for key in payload["hidden"]),
    )


def latest_release(store: Store) -> Release | None:
    """The release the public sees now (its published tables only), or None before the first one."""
    with store.reading() as session:
        row = session.execute(
            select(PublicRelease.id, PublicRelease.published_at, PublicRelease.threshold, PublicRelease.tables)
            .order_by(PublicRelease.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    return Release(row.id, row.published_at, row.threshold, _publication(row.tables))


def _previous(session: Session) -> Disclosed | None:
    """What the last release disclosed, for the next one to be suppressed against."""
    cells = session.scalar(select(PublicRelease.cells).order_by(PublicRelease.id.desc()).limit(1))
    return None if cells is None else _disclosed(cells)


def next_release(store: Store, communes: pd.DataFrame, settings: PlacementSettings) -> Aggregation:
    """What a release published now would show: the planner's preview before publishing."""
    with store.reading() as session:
        previous = _previous(session)
    return _aggregate(store, communes, settings, previous)


def _aggregate(
    store: Store, communes: pd.DataFrame, settings: PlacementSettings, previous: Disclosed | None
) -> Aggregation:
    households = store.households(demo=False)
    if households.empty:
        raise NothingToPublishError()
    places = communes[["code", "nom", "departement", "lon", "lat"]]
    return publish(
        households,
        places,
        threshold=settings.suppression_threshold,
        targets=settings.targets.departements,
        previous=previous,
    )


def publish_release(store: Store, communes: pd.DataFrame, settings: PlacementSettings, *, actor: str) -> Release:
    """Publish the real records now, suppressed against the previous release, under the store's write lock (two
    publications cannot both be computed against the same previous one)."""
    with store.writing() as session:
        aggregation = _aggregate(store, communes, settings, _previous(session))
        row = PublicRelease(
            actor=actor,
            threshold=settings.suppression_threshold,
            tables=_tables_json(aggregation.publication),
            cells=_cells_json(aggregation.disclosed),
        )
        session.add(row)
        session.add(AuditEntry(actor=actor, action="publication"))
        session.flush()
        session.refresh(row, ["published_at"])
        return Release(row.id, row.published_at, row.threshold, aggregation.publication)


def main() -> int:
    config = load_config()
    try:
        release = publish_release(open_store(), load_communes(), config.placements, actor="publication programmée")
    except StoreError as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"Publication n° {release.id} du {release.local_time:%d/%m/%Y à %H:%M} enregistrée.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
