"""Small-cell suppression for everything the public sees, including secondary suppression and differences between
two releases.

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

Across releases. The public keeps every release, and most counts do not change from one to the next, so a reader
will take an unchanged count as known and subtract. A new release is therefore suppressed against the previous one
(``Disclosed``): a count the public already knew (shown, or absent hence zero) and that has not changed protects
nothing, even if hidden; a count the public knew and that changed by less than the threshold is hidden, since the
difference would be a small count of households; a count hidden before and unchanged stays hidden, since showing it
would reveal the old one; and the linear audit runs on both releases together, an unchanged hidden count being the
same unknown in both.

``followers`` are cells shown only with another one (the people of a département with its households).

Zero counts are not cells: they are never published, so they can neither reveal nor protect anything.

Some cells are never published at all but tie published tables together (e.g. offers of a bassin d'emploi inside
one département, when bassins cross départements): they are passed as ``unpublished``, count as hidden from the
start, and only matter when they are small, since working out a large one reveals no small count.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Constraint:
    """``total`` equals the sum of ``members`` in the published tables."""

    total: Hashable
    members: tuple[Hashable, ...]


@dataclass(frozen=True)
class Disclosed:
    """What a release made public, kept privately for the next one: every cell's true count, the sums tying them and
    the cells that were hidden."""

    counts: Mapping[Hashable, int]
    constraints: tuple[Constraint, ...]
    hidden: frozenset[Hashable]

    def known(self, key: Hashable) -> bool:
        """Whether the public learnt this cell's value (shown, or absent and hence zero)."""
        return key not in self.hidden


@dataclass
class _Problem:
    """The cells to protect now, and what the public already knows from the previous release."""

    counts: Mapping[Hashable, int]
    constraints: Sequence[Constraint]
    threshold: int
    previous: Disclosed | None
    followers: Mapping[Hashable, Hashable]
    unpublished: Collection[Hashable] = ()
    hidden: set[Hashable] = field(default_factory=set)
    known: set[Hashable] = field(default_factory=set)
    harmless: set[Hashable] = field(default_factory=set)

    def __post_init__(self) -> None:
        positive = {key for key, value in self.counts.items() if value > 0}
        never = {key for key in self.unpublished if key in positive}
        self.harmless = {key for key in never if self.counts[key] >= self.threshold}
        self.hidden = {key for key in positive if self.counts[key] < self.threshold} | never
        if self.previous is not None:
            before = self.previous
            change = {key: self.counts[key] - before.counts.get(key, 0) for key in positive}
            self.known = {key for key in positive if before.known(key) and change[key] == 0}
            self.hidden |= {key for key in positive if before.known(key) and 0 < abs(change[key]) < self.threshold}
            self.hidden |= {key for key in positive if key in before.hidden and change[key] == 0}

    def protects(self, key: Hashable) -> bool:
        """A hidden cell whose value the public does not know already."""
        return key in self.hidden and key not in self.known

    def exposes(self, key: Hashable) -> bool:
        """A protected cell that must not be worked out: every one but the large unpublished ones."""
        return self.protects(key) and key not in self.harmless

    def can_hide(self, key: Hashable) -> bool:
        """A shown cell that hiding would protect something with."""
        return self.counts.get(key, 0) > 0 and key not in self.hidden and key not in self.known


def _apply_local_rules(problem: _Problem) -> None:
    counts, changed = problem.counts, True
    while changed:
        changed = False
        for constraint in problem.constraints:
            if counts.get(constraint.total, 0) == 0:
                continue
            members = [key for key in constraint.members if counts.get(key, 0) > 0]
            hidden_members = [key for key in members if problem.protects(key)]
            total_hidden = problem.protects(constraint.total)
            alone = [*hidden_members, *([constraint.total] if total_hidden else [])]
            exposed_single = len(alone) == 1 and problem.exposes(alone[0])
            exposed_group = (
                not total_hidden and hidden_members and sum(counts[key] for key in hidden_members) < problem.threshold
            )
            if exposed_single or exposed_group:
                # The smallest visible member (least information lost), else the total itself.
                candidates = [key for key in members if problem.can_hide(key)]
                if not candidates and problem.can_hide(constraint.total):
                    candidates = [constraint.total]
                if candidates:
                    problem.hidden.add(min(candidates, key=lambda key: (counts[key], repr(key))))
                    changed = True
        for follower, leader in problem.followers.items():
            if leader in problem.hidden and problem.can_hide(follower):
                problem.hidden.add(follower)
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


def _joint_system(problem: _Problem) -> tuple[set[Hashable], list[Constraint]]:
    """The unknowns and sums of what the public holds: this release's hidden cells and, when there is one, the
    previous release's, an unchanged hidden cell being one unknown in both. Unknowns are ``("now", key)`` and
    ``("before", key)``; anything else in a sum is a value the public has."""
    now = {key for key in problem.counts if problem.counts[key] > 0 and problem.protects(key)}

    def name_now(key: Hashable) -> Hashable:
        return ("now", key) if key in now else key

    unknowns = {("now", key) for key in now}
    constraints = [
        Constraint(name_now(c.total), tuple(name_now(m) for m in c.members))
        for c in problem.constraints
        if problem.counts.get(c.total, 0) > 0
    ]
    before = problem.previous
    if before is not None:
        hidden_before = {key for key in before.hidden if before.counts.get(key, 0) > 0}

        def name_before(key: Hashable) -> Hashable:
            if key not in hidden_before:
                return key
            return ("now", key) if key in now and problem.counts[key] == before.counts[key] else ("before", key)

        unknowns |= {name_before(key) for key in hidden_before}
        constraints += [
            Constraint(name_before(c.total), tuple(name_before(m) for m in c.members))
            for c in before.constraints
            if before.counts.get(c.total, 0) > 0
        ]
    return unknowns, constraints


def suppress(
    counts: Mapping[Hashable, int],
    constraints: Sequence[Constraint],
    threshold: int,
    *,
    previous: Disclosed | None = None,
    followers: Mapping[Hashable, Hashable] | None = None,
    unpublished: Collection[Hashable] = (),
) -> set[Hashable]:
    """Keys of ``counts`` that must not be published (``unpublished`` ones included), given what ``previous`` (the
    last release) made public."""
    problem = _Problem(counts, constraints, threshold, previous, followers or {}, unpublished)
    positive = [c for c in constraints if counts.get(c.total, 0) > 0]
    while True:
        _apply_local_rules(problem)
        unknowns, joint = _joint_system(problem)
        exposed = [unknown for unknown in determined_cells(unknowns, joint) if unknown[1] not in problem.harmless]
        if not exposed:
            return problem.hidden
        cell = exposed[0][1]
        neighbours = {key for c in positive if cell in (c.total, *c.members) for key in (c.total, *c.members)}
        candidates = [key for key in neighbours if problem.can_hide(key)] or [
            key for key in counts if problem.can_hide(key)
        ]
        if not candidates:
            return problem.hidden  # every cell that could still protect something is hidden
        problem.hidden.add(min(candidates, key=lambda key: (counts[key], repr(key))))


def publishable(
    counts: Mapping[Hashable, int],
    constraints: Sequence[Constraint],
    threshold: int,
    *,
    previous: Disclosed | None = None,
    followers: Mapping[Hashable, Hashable] | None = None,
    unpublished: Collection[Hashable] = (),
) -> tuple[dict[Hashable, int | None], Disclosed]:
    """``counts`` with every suppressed value replaced by None (zero counts and ``unpublished`` cells are dropped),
    and the record of this release for the next one."""
    hidden = suppress(counts, constraints, threshold, previous=previous, followers=followers, unpublished=unpublished)
    excluded = set(unpublished)
    published = {
        key: (None if key in hidden else value) for key, value in counts.items() if value > 0 and key not in excluded
    }
    return published, Disclosed(dict(counts), tuple(constraints), frozenset(hidden))
