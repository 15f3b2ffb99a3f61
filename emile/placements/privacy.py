"""Small-cell suppression for everything the public sees, including secondary suppression.

Published counts are tied together by sums (communes add up to their département, départements to the total…).
Hiding a small cell is not enough when it can be recovered by subtraction, so every sum is a ``Constraint`` and the
rule below is applied to each of them until nothing changes:

- a count ``0 < n < threshold`` is hidden (primary suppression);
- in a sum, a single hidden cell would be recovered from the others: hide the smallest visible member too (or the
  total when no member is left);
- when the total is visible, the hidden members together must also reach the threshold, otherwise the total minus the
  visible members would reveal a small group.

In two-way tables (origin × destination with both margins) these local rules can still leave a hidden cell that a
system of equations recovers, so the result is then audited with linear algebra: while some hidden cell is determined
by the published ones, one more cell next to it is hidden.

Zero counts are not cells: they are never published, so they can neither reveal nor protect anything.

Some cells are never published at all but tie published tables together (e.g. offers of a bassin d'emploi inside
one département, when bassins cross départements): they are passed as ``unpublished``, count as hidden from the
start, and only matter when they are small, since working out a large one reveals no small count.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Constraint:
    """``total`` equals the sum of ``members`` in the published tables."""

    total: Hashable
    members: tuple[Hashable, ...]


def _complement(visible_members: list[Hashable], total: Hashable, counts: Mapping[Hashable, int]) -> Hashable:
    """The cell to hide next: the smallest visible member (least information lost), else the total itself."""
    if not visible_members:
        return total
    return min(visible_members, key=lambda key: (counts[key], repr(key)))


def _apply_local_rules(
    counts: Mapping[Hashable, int],
    constraints: Sequence[Constraint],
    threshold: int,
    hidden: set[Hashable],
    harmless: set[Hashable],
) -> None:
    """``harmless`` hidden cells (unpublished and large) may be worked out: alone in a sum, they need no partner."""
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            if counts.get(constraint.total, 0) == 0:
                continue
            members = [key for key in constraint.members if counts.get(key, 0) > 0]
            hidden_members = [key for key in members if key in hidden]
            total_hidden = constraint.total in hidden
            exposed = hidden_members + ([constraint.total] if total_hidden else [])
            exposed_single = len(exposed) == 1 and exposed[0] not in harmless
            exposed_group = (
                not total_hidden and hidden_members and sum(counts[key] for key in hidden_members) < threshold
            )
            if exposed_single or exposed_group:
                visible_members = [key for key in members if key not in hidden]
                key = _complement(visible_members, constraint.total, counts)
                if key not in hidden:
                    hidden.add(key)
                    changed = True


def determined_cells(hidden: set[Hashable], constraints: Sequence[Constraint]) -> list[Hashable]:
    """Hidden cells whose value follows exactly from the published ones through the sums: a cell is determined when
    its unit vector lies in the row space of the constraints restricted to hidden cells (null space is zero there)."""
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
        return []
    _, singular, vh = np.linalg.svd(np.array(rows))
    null_space = vh[int((singular > 1e-9).sum()) :]
    return [key for key in unknowns if np.allclose(null_space[:, position[key]], 0.0)]


def suppress(
    counts: Mapping[Hashable, int],
    constraints: Sequence[Constraint],
    threshold: int,
    unpublished: Collection[Hashable] = (),
) -> set[Hashable]:
    """Keys of ``counts`` that must not be published (``unpublished`` ones included)."""
    never = {key for key in unpublished if counts.get(key, 0) > 0}
    harmless = {key for key in never if counts[key] >= threshold}
    hidden = {key for key, value in counts.items() if 0 < value < threshold} | never
    positive = [c for c in constraints if counts.get(c.total, 0) > 0]
    while True:
        _apply_local_rules(counts, constraints, threshold, hidden, harmless)
        determined = determined_cells({key for key in hidden if counts.get(key, 0) > 0}, positive)
        exposed = [key for key in determined if key not in harmless]
        if not exposed:
            return hidden
        neighbours = {key for c in positive if exposed[0] in (c.total, *c.members) for key in (c.total, *c.members)}
        visible = [key for key in neighbours if key not in hidden and counts.get(key, 0) > 0]
        if not visible:
            visible = [key for key, value in counts.items() if key not in hidden and value > 0]
        hidden.add(min(visible, key=lambda key: (counts[key], repr(key))))


def publishable(
    counts: Mapping[Hashable, int],
    constraints: Sequence[Constraint],
    threshold: int,
    unpublished: Collection[Hashable] = (),
) -> dict[Hashable, int | None]:
    """``counts`` with every suppressed value replaced by None (zero counts and ``unpublished`` cells are dropped)."""
    hidden = suppress(counts, constraints, threshold, unpublished)
    excluded = set(unpublished)
    return {
        key: (None if key in hidden else value) for key, value in counts.items() if value > 0 and key not in excluded
    }
