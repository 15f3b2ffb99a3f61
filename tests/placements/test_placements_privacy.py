"""Small-cell suppression: no published count under the threshold, and no hidden count recoverable from the sums."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from conftest import FIXTURES
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from emile.placements.aggregates import OUTCOMES, publish
from emile.placements.demo import cohort
from emile.placements.privacy import Constraint, suppress

THRESHOLD = 5


def determined(hidden: set, counts: dict, constraints: list[Constraint]) -> set:
    """Hidden cells whose exact value follows from the published cells by linear algebra (what an attacker can do)."""
    unknowns = sorted(hidden, key=repr)
    position = {key: i for i, key in enumerate(unknowns)}
    rows = []
    for constraint in constraints:
        row = np.zeros(len(unknowns))
        for key in constraint.members:
            if key in position:
                row[position[key]] += 1
        if constraint.total in position:
            row[position[constraint.total]] -= 1
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    return {
        key
        for key in unknowns
        if np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(unknowns))[position[key]]])) == rank
    }


def test_primary_suppression_alone_would_leak():
    counts = {"T": 20, "a": 2, "b": 18}
    assert determined({"a"}, counts, [Constraint("T", ("a", "b"))]) == {"a"}


def test_single_small_cell_gets_a_complement():
    counts = {"T": 20, "a": 2, "b": 10, "c": 8}
    assert suppress(counts, [Constraint("T", ("a", "b", "c"))], THRESHOLD) == {"a", "c"}


def test_hidden_group_must_reach_the_threshold_when_the_total_is_shown():
    counts = {"T": 12, "a": 2, "b": 1, "c": 9}
    assert suppress(counts, [Constraint("T", ("a", "b", "c"))], THRESHOLD) == {"a", "b", "c"}


def test_small_total_hides_everything():
    counts = {"T": 3, "a": 2, "b": 1}
    assert suppress(counts, [Constraint("T", ("a", "b"))], THRESHOLD) == {"T", "a", "b"}


cell = st.integers(min_value=0, max_value=30)


@hypothesis_settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cell, min_size=2, max_size=4), min_size=2, max_size=4))
def test_two_way_table_with_margins_is_protected(grid):
    width = min(len(row) for row in grid)
    counts, constraints = {}, []
    for i, row in enumerate(grid):
        for j, value in enumerate(row[:width]):
            counts[("cell", i, j)] = value
    rows_total = {("row", i): sum(counts[("cell", i, j)] for j in range(width)) for i in range(len(grid))}
    cols_total = {("col", j): sum(counts[("cell", i, j)] for i in range(len(grid))) for j in range(width)}
    counts.update(rows_total | cols_total | {("all",): sum(rows_total.values())})
    constraints += [Constraint(("row", i), tuple(("cell", i, j) for j in range(width))) for i in range(len(grid))]
    constraints += [Constraint(("col", j), tuple(("cell", i, j) for i in range(len(grid)))) for j in range(width)]
    constraints += [Constraint(("all",), tuple(rows_total)), Constraint(("all",), tuple(cols_total))]
    hidden = suppress(counts, constraints, THRESHOLD)
    positive_hidden = {key for key in hidden if counts[key] > 0}
    assert all(counts[key] >= THRESHOLD for key in counts if key not in hidden and counts[key] > 0)
    assert not determined(positive_hidden, {k: v for k, v in counts.items() if v > 0}, constraints)
    for constraint in constraints:
        members = [key for key in constraint.members if key in hidden and counts[key] > 0]
        if constraint.total not in hidden and members:
            assert sum(counts[key] for key in members) >= THRESHOLD


@hypothesis_settings(max_examples=25, deadline=None)
@given(st.integers(min_value=1, max_value=120), st.integers(min_value=0, max_value=10_000))
def test_published_tables_never_show_a_count_under_the_threshold(size, seed):
    communes = pd.read_csv(FIXTURES / "communes.csv", dtype={"code": "string", "departement": "string"})
    records = cohort(
        communes,
        hosts=["15", "48", "49", "76", "18", "36"],
        origins=["75", "93", "94", "95"],
        size=size,
        today=dt.date(2025, 6, 30),
        seed=seed,
    )
    wide = records.pivot(index="external_id", columns="step", values="date")
    households = records.drop_duplicates("external_id").set_index("external_id").drop(columns=["step", "date"])
    households = households.join(wide).reset_index()
    for step in (
        "candidature",
        "orientation",
        "immersion",
        "validation",
        "installation",
        "fin_accompagnement",
        "sortie",
    ):
        households[step] = pd.to_datetime(households.get(step))
    publication = publish(households, communes, threshold=THRESHOLD).publication
    shown = [
        publication.by_commune["households"],
        publication.by_departement["households"],
        publication.by_departement["people"],
        publication.flows["households"],
        publication.funnel["households"],
        publication.outcomes["yes"],
        publication.outcomes["no"],
    ]
    for column in shown:
        assert (column.dropna() >= THRESHOLD).all(), column
    if publication.installed_households is not None:
        assert publication.installed_households >= THRESHOLD
    if publication.installed_households is None:
        assert publication.installed_people is None
    by_departement = publication.by_departement
    assert by_departement["people"][by_departement["households"].isna()].isna().all()


COMMUNES = pd.read_csv(FIXTURES / "communes.csv", dtype={"code": "string", "departement": "string"})
STEPS = ("candidature", "orientation", "immersion", "validation", "installation", "fin_accompagnement", "sortie")


def installed(rows: list[tuple[str, str, str | None, int]]) -> pd.DataFrame:
    """Installed households: (destination commune, origin commune, candidature date or None, size) each, installed
    on 1 June 2024."""
    frame = pd.DataFrame(
        [
            {
                "id": number,
                "size": size,
                "origin_commune": origin,
                "destination_commune": destination,
                **{column: None for column, _, _ in OUTCOMES},
                **{step: None for step in STEPS},
                "candidature": candidature,
                "installation": "2024-06-01",
            }
            for number, (destination, origin, candidature, size) in enumerate(rows)
        ]
    )
    for step in STEPS:
        frame[step] = pd.to_datetime(frame[step])
    return frame


def test_delays_publish_no_count_and_only_groups_of_ten():
    """The review's case: 7 households in Cantal, one without a candidature date. A count of 6 beside the 7 of the
    progress table would say one date is missing; quartiles of a handful of households are individual delays."""
    few = [("15014", "75056", f"2024-0{1 + i % 5}-02", 2) for i in range(6)] + [("15014", "75056", None, 2)]
    many = few + [("15187", "93066", "2024-02-03", 1)] * 5
    for rows, quartile_rows in ((few, 0), (many, 2)):  # "Ensemble" and Cantal once there are 11 with both dates
        publication = publish(installed(rows), COMMUNES, threshold=THRESHOLD).publication
        assert list(publication.delays.columns) == ["scope", "q1_days", "median_days", "q3_days"]
        assert len(publication.delays) == quartile_rows
        counts = publication.by_departement.set_index("departement")["households"]
        assert counts["15"] == len(rows)


def test_people_follow_their_households_through_the_suppression():
    rows = [("15014", "75056", "2024-01-02", 3)] * 6 + [("48095", "75056", "2024-01-02", 4)] * 2
    aggregation = publish(installed(rows), COMMUNES, threshold=THRESHOLD)
    departements = aggregation.publication.by_departement.set_index("departement")
    assert pd.isna(departements.loc["48", "households"]) and pd.isna(departements.loc["48", "people"])
    assert ("people", "48") in aggregation.disclosed.hidden  # a cell of the suppression, not a column left empty


def released_counts(aggregation) -> dict:
    """What the public reads in a release: every cell shown, with its value."""
    disclosed = aggregation.disclosed
    return {key: value for key, value in disclosed.counts.items() if value > 0 and key not in disclosed.hidden}


def attack(before, after) -> set:
    """Hidden cells of either release that an attacker with both releases determines exactly, granted the worst case:
    they know which cells did not change between the two. An independent rank test, not the module's own audit."""
    old, new = before.disclosed, after.disclosed

    def unknown(release: str, key) -> tuple | None:
        """The unknown a hidden cell is for the attacker, None for a value they read (or hold from the other
        release, the cell being unchanged)."""
        disclosed = new if release == "after" else old
        unchanged = old.counts.get(key, 0) == new.counts.get(key, 0)
        if key not in disclosed.hidden or disclosed.counts.get(key, 0) == 0:
            return None
        if unchanged and (key not in old.hidden or key not in new.hidden):
            return None  # shown in one release, the same in the other
        return ("after", key) if unchanged else (release, key)

    cells, constraints = set(), []
    for release, disclosed in (("before", old), ("after", new)):
        for constraint in disclosed.constraints:
            if disclosed.counts.get(constraint.total, 0) == 0:
                continue
            names = [unknown(release, key) for key in (constraint.total, *constraint.members)]
            cells |= {name for name in names if name is not None}
            constraints.append(
                Constraint(
                    names[0] or ("known", constraint.total),
                    tuple(n or ("known", m) for n, m in zip(names[1:], constraint.members)),
                )
            )
    return determined(cells, {}, constraints)


def small_differences(before, after) -> dict:
    """Cells shown (or absent, hence zero) in both releases whose difference is a count under the threshold."""
    old, new = released_counts(before), released_counts(after)
    keys = (set(old) | set(new)) - before.disclosed.hidden - after.disclosed.hidden
    changes = {key: new.get(key, 0) - old.get(key, 0) for key in keys}
    return {key: change for key, change in changes.items() if 0 < abs(change) < THRESHOLD}


def test_one_new_household_is_not_revealed_by_the_difference_of_two_releases():
    """The review's case: one household settles in Lozère, which had none. Live figures before and after give it
    exactly (total after − total before); the second release, suppressed against the first, does not."""
    rows = [("15014", "75056", "2024-01-02", 2)] * 8 + [("49007", "93066", "2024-01-02", 2)] * 7
    rows += [("76540", "94028", "2024-01-02", 3)] * 6
    before = publish(installed(rows), COMMUNES, threshold=THRESHOLD)
    after_rows = rows + [("48095", "75056", "2024-03-01", 1)]
    live = publish(installed(after_rows), COMMUNES, threshold=THRESHOLD)
    assert live.publication.installed_households - before.publication.installed_households == 1  # the leak
    assert small_differences(before, live) and attack(before, live)  # both attacks work on live figures
    after = publish(installed(after_rows), COMMUNES, threshold=THRESHOLD, previous=before.disclosed)
    assert after.publication.installed_households is None
    assert not small_differences(before, after)
    assert not attack(before, after)


@hypothesis_settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=5, max_value=80),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=0, max_value=6),
    st.integers(min_value=0, max_value=10_000),
)
def test_no_difference_between_two_releases_reveals_a_hidden_count(size, added, removed, seed):
    records = cohort(
        COMMUNES,
        hosts=["15", "48", "49", "76", "18", "36"],
        origins=["75", "93", "94", "95"],
        size=size + added,
        today=dt.date(2025, 6, 30),
        seed=seed,
    )
    wide = records.pivot(index="external_id", columns="step", values="date")
    households = records.drop_duplicates("external_id").set_index("external_id").drop(columns=["step", "date"])
    households = households.join(wide).reset_index()
    for step in STEPS:
        households[step] = pd.to_datetime(households.get(step))
    first = households.iloc[removed:size]  # the next release adds households and withdraws a few
    before = publish(first, COMMUNES, threshold=THRESHOLD)
    after = publish(households, COMMUNES, threshold=THRESHOLD, previous=before.disclosed)
    shown = released_counts(after)
    assert all(value >= THRESHOLD for value in shown.values())
    assert not small_differences(before, after)
    assert not attack(before, after)
