"""Small-cell suppression: no published count under the threshold, and no hidden count recoverable from the sums."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from conftest import FIXTURES
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from emile.placements.aggregates import publish
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
    publication = publish(households, communes, threshold=THRESHOLD)
    shown = [
        publication.by_commune["menages"],
        publication.by_departement["menages"],
        publication.flows["menages"],
        publication.funnel["menages"],
        publication.outcomes["oui"],
        publication.outcomes["non"],
        publication.delays["menages"],
    ]
    for column in shown:
        assert (column.dropna() >= THRESHOLD).all(), column
    if publication.installed_households is not None:
        assert publication.installed_households >= THRESHOLD
    if publication.installed_households is None:
        assert publication.installed_people is None
    assert publication.by_departement["personnes"].isna().eq(publication.by_departement["menages"].isna()).all()
