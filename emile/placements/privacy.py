"""Small-cell suppression for everything the public sees, including secondary suppression.

Published counts are tied together by sums (communes add up to their département, départements to the total…).
Hiding a small cell is not enough when it can be recovered by subtraction, so every sum is a ``Constraint`` and the
rule below is applied to each of them until nothing changes:

- a count ``0 < n < threshold`` is hidden (primary suppression);
- in a sum, a single hidden cell would be recovered from the others: hide the smallest visible member too (or the
  total when no member is left);
- when the total is visible, the hidden members together must also reach the threshold, otherwise the total minus the
  visible members would reveal a small group.

Zero counts are not cells: they are never published, so they can neither reveal nor protect anything.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass


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


def suppress(counts: Mapping[Hashable, int], constraints: Sequence[Constraint], threshold: int) -> set[Hashable]:
    """Keys of ``counts`` that must not be published."""
    hidden = {key for key, value in counts.items() if 0 < value < threshold}
    changed = True
    while changed:
        changed = False
        for constraint in constraints:
            if counts.get(constraint.total, 0) == 0:
                continue
            members = [key for key in constraint.members if counts.get(key, 0) > 0]
            hidden_members = [key for key in members if key in hidden]
            total_hidden = constraint.total in hidden
            exposed_single = len(hidden_members) + total_hidden == 1
            exposed_group = (not total_hidden and hidden_members
                             and sum(counts[key] for key in hidden_members) < threshold)
            if exposed_single or exposed_group:
                visible_members = [key for key in members if key not in hidden]
                key = _complement(visible_members, constraint.total, counts)
                if key not in hidden:
                    hidden.add(key)
                    changed = True
    return hidden


def publishable(counts: Mapping[Hashable, int], constraints: Sequence[Constraint], threshold: int) -> dict[Hashable, int | None]:
    """``counts`` with every suppressed value replaced by None (zero counts are dropped)."""
    hidden = suppress(counts, constraints, threshold)
    return {key: (None if key in hidden else value) for key, value in counts.items() if value > 0}
