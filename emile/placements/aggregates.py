"""From household records to the tables the Placements page shows, with every small count suppressed.

Every published count is a cell of one system of sums (communes → département → total, origin → destination flows,
journey stages → total, outcomes → total, people per département → people in all) that ``privacy.suppress``
protects in one pass, against the previous release when there is one, so that a count hidden in one table cannot be
recovered from another, nor from the difference with the last release. The people of a département are shown only
with its households. Rates and progress are computed from published counts only; delay quartiles only for a
published group of at least ``MIN_QUARTILE_GROUP`` households, and the size of that group is not published (it
would differ from the published count by the households whose dates are missing).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from emile.placements.journey import INSTALLATION_RANK, STEP_LABELS, STEP_RANK, STEPS
from emile.placements.privacy import Constraint, Disclosed, publishable

UNKNOWN = "?"
MIN_QUARTILE_GROUP = 10
FUNNEL_STEPS: tuple[str, ...] = tuple(step for step in STEPS if step != "sortie")
OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("in_work_6m", "6 mois", "En emploi"),
    ("housed_6m", "6 mois", "Toujours logé"),
    ("in_work_12m", "12 mois", "En emploi"),
    ("housed_12m", "12 mois", "Toujours logé"),
)
_ANSWERS = {True: "yes", False: "no"}
_TOTAL, _PEOPLE_TOTAL = ("total",), ("people_total",)


@dataclass
class Publication:
    """Everything the page may show for one audience. Hidden counts are ``<NA>``; hidden groups are left out.
    Column names are English identifiers; the page gives them French labels."""

    by_commune: pd.DataFrame
    by_departement: pd.DataFrame
    flows: pd.DataFrame
    funnel: pd.DataFrame
    outcomes: pd.DataFrame
    delays: pd.DataFrame
    installed_households: int | None
    installed_people: int | None
    hidden_cells: int


@dataclass(frozen=True)
class Aggregation:
    """The public ``publication``, and what it ``disclosed`` (true counts and hidden cells: private, kept for the
    next release)."""

    publication: Publication
    disclosed: Disclosed


def _furthest_step(households: pd.DataFrame) -> pd.Series:
    """Rank of the furthest journey step reached (exit excluded: a household may leave at any stage)."""
    reached = households[list(FUNNEL_STEPS)].notna().to_numpy()
    ranks = pd.Series(-1, index=households.index)
    for step in FUNNEL_STEPS:
        ranks = ranks.where(~reached[:, STEP_RANK[step]], STEP_RANK[step])
    return ranks


def _keyed(kind: str, sizes: pd.Series) -> dict[Hashable, int]:
    """Counts keyed as published cells: ``(kind, label)``, or ``(kind, *labels)`` for a two-level index."""
    return {(kind, *label) if isinstance(label, tuple) else (kind, label): int(n) for label, n in sizes.items()}


def _cells(
    frame: pd.DataFrame, communes: pd.DataFrame
) -> tuple[dict[Hashable, int], list[Constraint], dict[Hashable, Hashable], pd.DataFrame]:
    """Every count the page may publish, the sums tying them, the people cells and the household cell each one
    follows, and the installed households."""
    departement_of = communes.set_index("code")["departement"]
    installed = frame[frame["rank"] >= INSTALLATION_RANK].assign(
        destination=lambda f: f["destination_commune"].map(departement_of).fillna(UNKNOWN),
        origin=lambda f: f["origin_commune"].map(departement_of).fillna(UNKNOWN),
        commune=lambda f: f["destination_commune"].fillna(UNKNOWN),
    )
    counts: dict[Hashable, int] = {_TOTAL: len(installed), ("all",): len(frame)}
    constraints: list[Constraint] = []

    def add_sum(total: Hashable, members: dict[Hashable, int]) -> None:
        counts.update(members)
        constraints.append(Constraint(total, tuple(members)))

    add_sum(_TOTAL, _keyed("dep", installed.groupby("destination").size()))
    add_sum(_TOTAL, _keyed("origin", installed.groupby("origin").size()))
    pairs = installed.groupby(["origin", "destination"]).size()
    for destination, group in pairs.groupby(level="destination"):
        add_sum(("dep", destination), _keyed("flow", group))
    for origin, group in pairs.groupby(level="origin"):
        add_sum(("origin", origin), _keyed("flow", group))
    for destination, group in installed.groupby("destination"):
        add_sum(("dep", destination), _keyed("commune", group.groupby("commune").size()))
    stages = frame.groupby("rank").size()
    add_sum(("all",), _keyed("stage", stages))
    add_sum(_TOTAL, _keyed("stage", stages[stages.index >= INSTALLATION_RANK]))
    for column, _, _ in OUTCOMES:
        answers = installed[column].map(_ANSWERS).fillna(UNKNOWN).value_counts()
        add_sum(_TOTAL, _keyed(f"outcome:{column}", answers))
    counts[_PEOPLE_TOTAL] = int(installed["size"].sum())
    add_sum(_PEOPLE_TOTAL, _keyed("people", installed.groupby("destination")["size"].sum()))
    followers = {key: ("dep", key[1]) for key in counts if key[0] == "people"} | {_PEOPLE_TOTAL: _TOTAL}
    return counts, constraints, followers, installed


def _funnel(published: dict[Hashable, int | None], threshold: int) -> pd.DataFrame:
    """Households having reached at least each step, shown only when it is a sum of published stage counts."""
    stage = {rank: published.get(("stage", rank), 0) for rank in range(len(FUNNEL_STEPS))}
    before_total = published.get(("all",), 0)
    rows = []
    for rank, step in enumerate(FUNNEL_STEPS):
        later = [stage[r] for r in stage if r >= rank]
        earlier = [stage[r] for r in stage if r < rank]
        if None not in later:
            value = sum(later)
        elif None not in earlier and before_total is not None:
            value = before_total - sum(earlier)
        else:
            value = None
        rows.append((step, STEP_LABELS[step], value))
    funnel = pd.DataFrame(rows, columns=["step", "label", "households"]).astype({"households": "Int64"})
    return funnel.assign(households=_mask_small(funnel["households"], threshold))


def _mask_small(values: pd.Series, threshold: int) -> pd.Series:
    """Hide derived counts below the threshold, zeros included: the public never reads a count under it."""
    return values.mask(values < threshold)


def _outcomes(published: dict[Hashable, int | None], threshold: int) -> pd.DataFrame:
    """Households in work / still housed at 6 and 12 months among those whose outcome is known."""
    rows = []
    for column, horizon, label in OUTCOMES:
        yes, no = (published.get((f"outcome:{column}", answer), 0) for answer in ("yes", "no"))
        yes, no = (None if v is not None and v < threshold else v for v in (yes, no))
        rate = yes / (yes + no) if yes is not None and no is not None and yes + no > 0 else None
        rows.append((horizon, label, yes, no, rate))
    return pd.DataFrame(rows, columns=["horizon", "outcome", "yes", "no", "rate"]).astype(
        {"yes": "Int64", "no": "Int64", "rate": "Float64"}
    )


def _delays(
    installed: pd.DataFrame, visible_departements: set[str], total_visible: bool, min_group: int
) -> pd.DataFrame:
    """Days from candidature to installation (median and quartiles) for published groups of at least ``min_group``
    households with both dates."""
    days = (installed["installation"] - installed["candidature"]).dt.days
    observed = installed.assign(days=days).dropna(subset=["days"])
    groups = [("Ensemble", observed)] if total_visible else []
    groups += [(d, g) for d, g in observed.groupby("destination") if d in visible_departements]
    rows = [
        (name, g["days"].quantile(0.25), g["days"].median(), g["days"].quantile(0.75))
        for name, g in groups
        if len(g) >= min_group
    ]
    return pd.DataFrame(rows, columns=["scope", "q1_days", "median_days", "q3_days"]).astype(
        {"q1_days": "Float64", "median_days": "Float64", "q3_days": "Float64"}
    )


def _visible(published: dict[Hashable, int | None], kind: str) -> dict[Hashable, int]:
    """Published counts of one kind of cell, keyed by their label (hidden ones left out)."""
    return {key[1]: v for key, v in published.items() if key[0] == kind and v is not None}


def _coordinates(communes: pd.DataFrame) -> pd.DataFrame:
    """A point per département: the mean of its town halls, enough to anchor a flow arc."""
    return communes.groupby("departement")[["lon", "lat"]].mean()


def _by_departement(
    published: dict[Hashable, int | None], departements: list[str], targets: dict[str, int]
) -> pd.DataFrame:
    rows = []
    for code in departements:
        people = published.get(("people", code))
        target = targets.get(code)
        rows.append(
            (code, published.get(("dep", code)), people, target, people / target if people and target else None)
        )
    return pd.DataFrame(rows, columns=["departement", "households", "people", "target_people", "progress"]).astype(
        {"households": "Int64", "people": "Int64", "target_people": "Int64", "progress": "Float64"}
    )


def _flows(published: dict[Hashable, int | None], communes: pd.DataFrame) -> pd.DataFrame:
    anchors = _coordinates(communes)
    flows = pd.DataFrame(
        [(key[1], key[2], v) for key, v in published.items() if key[0] == "flow" and v is not None],
        columns=["origin", "destination", "households"],
    )
    flows = flows[flows["origin"].isin(anchors.index) & flows["destination"].isin(anchors.index)]
    flows = flows.join(anchors.add_prefix("origin_"), on="origin").join(
        anchors.add_prefix("destination_"), on="destination"
    )
    return flows.reset_index(drop=True)


def publish(
    households: pd.DataFrame,
    communes: pd.DataFrame,
    *,
    threshold: int,
    targets: dict[str, int] | None = None,
    previous: Disclosed | None = None,
) -> Aggregation:
    """The tables of the page for ``households`` (one row per household, a date column per step, from
    ``Store.households``), suppressed against the ``previous`` release if any. ``threshold`` 0 gives the planner's
    unsuppressed view."""
    frame = households.assign(rank=_furthest_step(households))
    counts, constraints, followers, installed = _cells(frame, communes)
    published, disclosed = publishable(counts, constraints, threshold, previous=previous, followers=followers)

    places = communes.set_index("code")
    commune_counts = pd.Series(_visible(published, "commune"), dtype="Int64", name="households")
    by_commune = places[["nom", "departement", "lon", "lat"]].rename(columns={"nom": "name"})
    by_commune = by_commune.join(commune_counts, how="inner").rename_axis("code").reset_index()
    departements = sorted({key[1] for key in counts if key[0] == "dep"} | set(targets or {}))
    total = published.get(_TOTAL)
    publication = Publication(
        by_commune=by_commune,
        by_departement=_by_departement(published, departements, targets or {}),
        flows=_flows(published, communes),
        funnel=_funnel(published, threshold),
        outcomes=_outcomes(published, threshold),
        delays=_delays(
            installed, set(_visible(published, "dep")), total is not None, MIN_QUARTILE_GROUP if threshold else 1
        ),
        installed_households=total,
        installed_people=published.get(_PEOPLE_TOTAL),
        hidden_cells=sum(v is None for v in published.values()),
    )
    return Aggregation(publication, disclosed)
