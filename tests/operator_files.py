"""Operator files written for tests that need many households (releases, replicas, faults)."""

from __future__ import annotations

from emile.placements.template import COLUMN_NAMES


def many_households(count: int, first: int = 1, operator: str = "AURORE") -> bytes:
    """``count`` installed households of one person, Paris to Aurillac, as an operator file."""
    header = (";".join(COLUMN_NAMES) + "\n").encode()
    lines = [
        f"{operator};H-{n:03d};{step};{date};1;1;0;75056;;15014;;;;;;;;;;\n".encode()
        for n in range(first, first + count)
        for step, date in (("candidature", "2024-01-08"), ("installation", "2024-04-02"))
    ]
    return header + b"".join(lines)
