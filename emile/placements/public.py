"""What the public may see of the placement store: the aggregates of the real records, or of the fictitious demo
cohort (flagged) while no real record exists, never both, with every small count suppressed."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emile.placements.aggregates import Publication, publish
from emile.placements.store import Store


@dataclass(frozen=True)
class PlacementSource:
    """The published placement tables and what they are: ``publication`` is ``None`` when the store holds no
    household; ``fictitious`` marks the demo cohort; ``threshold`` is the suppression threshold applied."""

    publication: Publication | None
    fictitious: bool
    threshold: int


def shows_records(store: Store) -> bool | None:
    """Which records the pages show: ``True`` the demo cohort (no real record yet), ``False`` the real records,
    ``None`` when the store holds no household at all."""
    if store.has_real_records():
        return False
    return True if store.count_households(demo=True) else None


def placement_source(
    store: Store, communes: pd.DataFrame, threshold: int, targets: dict[str, int] | None = None
) -> PlacementSource:
    """The tables published from ``store`` with ``threshold`` (0 for a planner's unsuppressed view). ``communes``
    needs code, nom, departement, lon and lat."""
    demo = shows_records(store)
    if demo is None:
        return PlacementSource(None, False, threshold)
    places = communes[["code", "nom", "departement", "lon", "lat"]]
    return PlacementSource(
        publish(store.households(demo=demo), places, threshold=threshold, targets=targets), demo, threshold
    )
