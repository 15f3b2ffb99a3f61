"""From household records to the tables the Placements page shows, with every small count suppressed.

All published counts form one system of sums (communes → département → total, origin → destination flows, journey
stages → total, outcomes → total) that ``privacy.suppress`` protects in one pass, so a count hidden in one table cannot
be recovered from another. Anything else shown (people, rates, delays, percentages) is computed only for groups whose
household count is published.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

import pandas as pd

from emile.placements.journey import INSTALLATION_RANK, STEP_LABELS, STEP_RANK, STEPS
from emile.placements.privacy import Constraint, publishable

UNKNOWN = "?"
FUNNEL_STEPS: tuple[str, ...] = tuple(step for step in STEPS if step != "sortie")
OUTCOMES: tuple[tuple[str, str, str], ...] = (
    ("in_work_6m", "6 mois", "En emploi"),
    ("housed_6m", "6 mois", "Toujours logé"),
    ("in_work_12m", "12 mois", "En emploi"),
    ("housed_12m", "12 mois", "Toujours logé"),
)
_ANSWERS = {True: "oui", False: "non"}


@dataclass
class Publication:
    """Everything the page may show for one audience. Hidden counts are ``<NA>``; hidden groups are left out."""

    by_commune: pd.DataFrame
    by_departement: pd.DataFrame
    flows: pd.DataFrame
    funnel: pd.DataFrame
    outcomes: pd.DataFrame
    delays: pd.DataFrame
    installed_households: int | None
    installed_people: int | None
    hidden_cells: int


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


def _cells(frame: pd.DataFrame, communes: pd.DataFrame) -> tuple[dict[Hashable, int], list[Constraint], pd.DataFrame]:
    departement_of = communes.set_index("code")["departement"]
    installed = frame[frame["rank"] >= INSTALLATION_RANK].assign(
        destination=lambda f: f["destination_commune"].map(departement_of).fillna(UNKNOWN),
        origin=lambda f: f["origin_commune"].map(departement_of).fillna(UNKNOWN),
        commune=lambda f: f["destination_commune"].fillna(UNKNOWN),
    )
    counts: dict[Hashable, int] = {("total",): len(installed), ("all",): len(frame)}
    constraints: list[Constraint] = []

    def add_sum(total: Hashable, members: dict[Hashable, int]) -> None:
        counts.update(members)
        constraints.append(Constraint(total, tuple(members)))

    add_sum(("total",), _keyed("dep", installed.groupby("destination").size()))
    add_sum(("total",), _keyed("origin", installed.groupby("origin").size()))
    pairs = installed.groupby(["origin", "destination"]).size()
    for destination, group in pairs.groupby(level="destination"):
        add_sum(("dep", destination), _keyed("flow", group))
    for origin, group in pairs.groupby(level="origin"):
        add_sum(("origin", origin), _keyed("flow", group))
    for destination, group in installed.groupby("destination"):
        add_sum(("dep", destination), _keyed("commune", group.groupby("commune").size()))
    stages = frame.groupby("rank").size()
    add_sum(("all",), _keyed("stage", stages))
    add_sum(("total",), _keyed("stage", stages[stages.index >= INSTALLATION_RANK]))
    for column, _, _ in OUTCOMES:
        answers = installed[column].map(_ANSWERS).fillna(UNKNOWN).value_counts()
        add_sum(("total",), _keyed(f"outcome:{column}", answers))
    return counts, constraints, installed


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
    funnel = pd.DataFrame(rows, columns=["etape", "libelle", "menages"]).astype({"menages": "Int64"})
    return funnel.assign(menages=_mask_small(funnel["menages"], threshold))


def _mask_small(values: pd.Series, threshold: int) -> pd.Series:
    """Hide derived counts below the threshold, zeros included: the public never reads a count under it."""
    return values.mask(values < threshold)


def _outcomes(published: dict[Hashable, int | None], threshold: int) -> pd.DataFrame:
    """Households in work / still housed at 6 and 12 months among those whose outcome is known."""
    rows = []
    for column, horizon, label in OUTCOMES:
        yes, no = (published.get((f"outcome:{column}", answer), 0) for answer in ("oui", "non"))
        yes, no = (None if v is not None and v < threshold else v for v in (yes, no))
        rate = yes / (yes + no) if yes is not None and no is not None and yes + no > 0 else None
        rows.append((horizon, label, yes, no, rate))
    return pd.DataFrame(rows, columns=["horizon", "resultat", "oui", "non", "taux"]).astype(
        {"oui": "Int64", "non": "Int64", "taux": "Float64"}
    )


def _delays(
    installed: pd.DataFrame, visible_departements: set[str], total_visible: bool, threshold: int
) -> pd.DataFrame:
    """Days from candidature to installation (median and quartiles) for published groups of enough households."""
    days = (installed["installation"] - installed["candidature"]).dt.days
    observed = installed.assign(jours=days).dropna(subset=["jours"])
    groups = [("Ensemble", observed)] if total_visible else []
    groups += [(d, g) for d, g in observed.groupby("destination") if d in visible_departements]
    rows = [
        (name, len(g), g["jours"].quantile(0.25), g["jours"].median(), g["jours"].quantile(0.75))
        for name, g in groups
        if len(g) >= threshold
    ]
    return pd.DataFrame(rows, columns=["perimetre", "menages", "q1_jours", "mediane_jours", "q3_jours"])


def _visible(published: dict[Hashable, int | None], kind: str) -> dict[Hashable, int]:
    """Published counts of one kind of cell, keyed by their label (hidden ones left out)."""
    return {key[1]: v for key, v in published.items() if key[0] == kind and v is not None}


def _coordinates(communes: pd.DataFrame) -> pd.DataFrame:
    """A point per département: the mean of its town halls, enough to anchor a flow arc."""
    return communes.groupby("departement")[["lon", "lat"]].mean()


def publish(
    households: pd.DataFrame,
    communes: pd.DataFrame,
    *,
    threshold: int,
    targets: dict[str, int] | None = None,
) -> Publication:
    """The tables of the page for ``households`` (one row per household, a date column per step, from
    ``Store.households``). ``threshold`` 0 gives the planner's unsuppressed view."""
    frame = households.assign(rank=_furthest_step(households))
    counts, constraints, installed = _cells(frame, communes)
    published = publishable(counts, constraints, threshold)

    places = communes.set_index("code")
    commune_counts = pd.Series(_visible(published, "commune"), dtype="Int64", name="menages")
    by_commune = places[["nom", "departement", "lon", "lat"]].join(commune_counts, how="inner")
    by_commune = by_commune.rename_axis("code").reset_index()

    people = installed.groupby("destination")["size"].sum()
    departements = sorted({key[1] for key in counts if key[0] == "dep"} | set(targets or {}))
    rows = []
    for code in departements:
        households_count = published.get(("dep", code))
        persons = int(people.get(code, 0)) if households_count is not None else None
        target = (targets or {}).get(code)
        progress = persons / target if persons is not None and target else None
        rows.append((code, households_count, persons, target, progress))
    by_departement = pd.DataFrame(
        rows, columns=["departement", "menages", "personnes", "objectif_personnes", "progression"]
    ).astype({"menages": "Int64", "personnes": "Int64", "objectif_personnes": "Int64", "progression": "Float64"})

    anchors = _coordinates(communes)
    flows = pd.DataFrame(
        [(key[1], key[2], v) for key, v in published.items() if key[0] == "flow" and v is not None],
        columns=["origine", "destination", "menages"],
    )
    flows = flows[flows["origine"].isin(anchors.index) & flows["destination"].isin(anchors.index)]
    flows = flows.join(anchors.add_prefix("origine_"), on="origine").join(
        anchors.add_prefix("destination_"), on="destination"
    )

    total = published.get(("total",))
    visible_departements = {code for code, v in _visible(published, "dep").items()}
    return Publication(
        by_commune=by_commune,
        by_departement=by_departement,
        flows=flows.reset_index(drop=True),
        funnel=_funnel(published, threshold),
        outcomes=_outcomes(published, threshold),
        delays=_delays(installed, visible_departements, total is not None, threshold),
        installed_households=total,
        installed_people=int(installed["size"].sum()) if total is not None else None,
        hidden_cells=sum(v is None for v in published.values()),
    )
