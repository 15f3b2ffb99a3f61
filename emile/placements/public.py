"""What the pages may show of the placement store, for the public and for a planner.

The public sees the last dated release of the real records (``releases``), never live figures: the difference
between live figures before and after an import would reveal the households it added. Before the first release, the
fictitious demo cohort is shown instead if there is one, flagged, suppressed like real data but live (it describes
nobody); it cannot sit beside real records, which the first real import removes it for. A planner sees the live
records, unsuppressed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from emile.placements.aggregates import Publication, publish
from emile.placements.releases import latest_release
from emile.placements.store import Store


@dataclass(frozen=True)
class PlacementSource:
    """The placement tables a page shows and what they are. ``publication`` is None when there is nothing to show
    (no household, or real records not yet published); ``fictitious`` marks the demo cohort; ``threshold`` is the
    suppression threshold applied; ``published_at`` the date of the release shown (None for live figures);
    ``unavailable`` says in French why the store could not be read."""

    publication: Publication | None
    fictitious: bool
    threshold: int
    published_at: dt.datetime | None = None
    unavailable: str | None = None


def shows_records(store: Store) -> bool | None:
    """Which records the pages show: ``True`` the demo cohort (no real record yet), ``False`` the real records,
    ``None`` when the store holds no household at all."""
    if store.has_real_records():
        return False
    return True if store.count_households(demo=True) else None


def _places(communes: pd.DataFrame) -> pd.DataFrame:
    return communes[["code", "nom", "departement", "lon", "lat"]]


def public_source(
    store: Store, communes: pd.DataFrame, threshold: int, targets: dict[str, int] | None = None
) -> PlacementSource:
    """What the public sees: the last release, or else the demo cohort suppressed with ``threshold`` (there is no
    real record then: the first real import removes it). ``communes`` needs code, nom, departement, lon and lat."""
    release = latest_release(store)
    if release is not None:
        return PlacementSource(release.publication, False, release.threshold, release.local_time)
    if not store.count_households(demo=True):
        return PlacementSource(None, False, threshold)
    households = store.households(demo=True)
    publication = publish(households, _places(communes), threshold=threshold, targets=targets).publication
    return PlacementSource(publication, True, threshold)


def planner_source(store: Store, communes: pd.DataFrame, targets: dict[str, int] | None = None) -> PlacementSource:
    """What a planner sees: the live records (real, or the demo cohort while there is none), unsuppressed."""
    demo = shows_records(store)
    if demo is None:
        return PlacementSource(None, False, 0)
    publication = publish(store.households(demo=demo), _places(communes), threshold=0, targets=targets).publication
    return PlacementSource(publication, demo, 0)
