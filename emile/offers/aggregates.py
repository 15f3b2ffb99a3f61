"""From offer records to what the « Offres des territoires » page shows, every small count suppressed.

Only offers that count today (open status, not expired) are counted. All published counts form one system of sums
that ``emile.placements.privacy`` protects in one pass: départements and bassins each add up to the total, and to
each other through département × bassin cells (bassins cross départements) that are never published but let the
audit see every difference an attacker could take; typologies (housing) or
contracts and FAP families (jobs) add up to the total and, within each département, to the département. A count
hidden in one table thus cannot be recovered from another. Freshness figures (share expiring within 30 days, median
age) are given only for groups whose count is published, and a share only when the offers expiring and those not
expiring are each none or at least the threshold, so that no count under it can be read back from a share.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from emile.offers.store import open_mask
from emile.offers.vocabulary import HOUSING, JOB_KINDS, TYPOLOGIES
from emile.placements.privacy import Constraint, publishable

SOON_DAYS = 30
UNKNOWN = "?"
CATEGORY = {HOUSING: "typology", "emploi": "contract"}
CATEGORIES = {HOUSING: TYPOLOGIES, "emploi": tuple(JOB_KINDS)}


@dataclass
class OfferPublication:
    """Everything the page may show of one kind of offer for one audience; hidden counts are ``<NA>``.

    ``by_departement`` and ``by_bassin``: ``offres``, ``part_expirant_30j`` (0-1), ``age_median_jours`` and, for
    départements, one count column per category (typology or contract); ``by_family``: (``departement`` or ``"FR"``,
    ``fap``, ``offres``) for jobs."""

    kind: str
    threshold: int
    total: int | None
    by_departement: pd.DataFrame
    by_bassin: pd.DataFrame
    by_category: pd.DataFrame
    by_family: pd.DataFrame
    hidden_cells: int


def _keyed(kind: str, sizes: pd.Series) -> dict[Hashable, int]:
    return {(kind, *label) if isinstance(label, tuple) else (kind, label): int(n) for label, n in sizes.items()}


def _two_way(
    counts: dict[Hashable, int], constraints: list[Constraint], frame: pd.DataFrame, column: str, name: str
) -> None:
    """Cells département × ``column`` adding up to each département and to each national ``name`` cell."""
    national = frame.groupby(column).size()
    counts.update(_keyed(name, national))
    constraints.append(Constraint(("total",), tuple(_keyed(name, national))))
    cells = frame.groupby(["departement", column]).size()
    counts.update(_keyed(f"dep_{name}", cells))
    for departement, group in cells.groupby(level="departement"):
        constraints.append(Constraint(("dep", departement), tuple(_keyed(f"dep_{name}", group))))
    for value, group in cells.groupby(level=column):
        constraints.append(Constraint((name, value), tuple(_keyed(f"dep_{name}", group))))


def _cells(kind: str, frame: pd.DataFrame) -> tuple[dict[Hashable, int], list[Constraint]]:
    counts: dict[Hashable, int] = {("total",): len(frame)}
    constraints: list[Constraint] = []
    for level in ("dep", "bassin"):
        sizes = frame.groupby("departement" if level == "dep" else "bassin").size()
        counts.update(_keyed(level, sizes))
        constraints.append(Constraint(("total",), tuple(_keyed(level, sizes))))
    crossed = frame.groupby(["departement", "bassin"]).size()
    counts.update(_keyed("dep_bassin", crossed))
    for departement, group in crossed.groupby(level="departement"):
        constraints.append(Constraint(("dep", departement), tuple(_keyed("dep_bassin", group))))
    for bassin, group in crossed.groupby(level="bassin"):
        constraints.append(Constraint(("bassin", bassin), tuple(_keyed("dep_bassin", group))))
    _two_way(counts, constraints, frame, CATEGORY[kind], "cat")
    if kind != HOUSING:
        _two_way(counts, constraints, frame, "fap", "fam")
    return counts, constraints


def _freshness(group: pd.DataFrame, today: dt.date, threshold: int) -> tuple[float | None, float | None]:
    """Share expiring within ``SOON_DAYS`` (None when it would reveal a count under the threshold) and median age."""
    soon = int((group["expires_on"] <= pd.Timestamp(today) + pd.Timedelta(days=SOON_DAYS)).sum())
    later = len(group) - soon
    small = any(0 < n < threshold for n in (soon, later))
    share = None if small or not len(group) else soon / len(group)
    age = (pd.Timestamp(today) - group["created_on"]).dt.days.median() if len(group) else None
    return share, age


def _table(
    published: dict[Hashable, int | None], frame: pd.DataFrame, key: str, column: str, today: dt.date, threshold: int
) -> pd.DataFrame:
    rows = []
    groups = dict(tuple(frame.groupby(column)))
    for cell, value in published.items():
        if cell[0] != key:
            continue
        share, age = (None, None) if value is None else _freshness(groups[cell[1]], today, threshold)
        rows.append((cell[1], value, share, age))
    table = pd.DataFrame(rows, columns=[column, "offres", "part_expirant_30j", "age_median_jours"])
    return table.astype({"offres": "Int64", "part_expirant_30j": "Float64", "age_median_jours": "Float64"})


def publish(kind: str, rows: pd.DataFrame, places: pd.DataFrame, *, threshold: int, today: dt.date) -> OfferPublication:
    """The published tables for ``rows`` (``emile.offers.store.publication_rows``) placed with ``places``
    (``emile.offers.places.commune_places``). ``threshold`` 0 gives the planner's unsuppressed view."""
    counted = rows[open_mask(rows, today)]
    where = places.reindex(counted["commune"])
    frame = counted.assign(
        departement=where["departement"].fillna(UNKNOWN).to_numpy(),
        bassin=where["bassin"].fillna(UNKNOWN).to_numpy(),
    )
    counts, constraints = _cells(kind, frame)
    crossed = [key for key in counts if key[0] == "dep_bassin"]
    published, _ = publishable(counts, constraints, threshold, unpublished=crossed)
    by_departement = _table(published, frame, "dep", "departement", today, threshold)
    category = CATEGORY[kind]
    # A category without any offer reads 0 (zero counts are known to all and reveal nothing); a hidden one <NA>.
    for value in CATEGORIES[kind]:
        cells = [published.get(("dep_cat", d, value), 0) for d in by_departement["departement"]]
        by_departement[value] = pd.array(cells, dtype="Int64")
    by_category = pd.DataFrame(
        [(value, published.get(("cat", value), 0)) for value in CATEGORIES[kind]], columns=[category, "offres"]
    ).astype({"offres": "Int64"})
    by_family = pd.DataFrame(
        [("FR", key[1], v) for key, v in published.items() if key[0] == "fam"]
        + [(key[1], key[2], v) for key, v in published.items() if key[0] == "dep_fam"],
        columns=["departement", "fap", "offres"],
    ).astype({"offres": "Int64"})
    return OfferPublication(
        kind=kind,
        threshold=threshold,
        total=published.get(("total",)) if len(frame) else 0,
        by_departement=by_departement.sort_values("departement", ignore_index=True),
        by_bassin=_table(published, frame, "bassin", "bassin", today, threshold).sort_values(
            "bassin", ignore_index=True
        ),
        by_category=by_category,
        by_family=by_family,
        hidden_cells=sum(v is None for v in published.values()),
    )
