"""Two weightings side by side: which territories enter or leave the top of the ranking between scenario A and B."""

from __future__ import annotations

import pandas as pd

from emile.scoring.ranking import Ranking

ENTERS, LEAVES, STAYS = "entre", "sort", "reste"


def top_changes(a: Ranking, b: Ranking, top: int) -> pd.DataFrame:
    """Every territory in the top ``top`` of A or of B (index code): ``nom``, ``rang_a``, ``rang_b`` (missing when
    the territory is not ranked under that scenario) and ``mouvement`` seen from A to B: « entre » in the top under
    B, « sort » of it, « reste » in it. Ordered by rank under B, then under A."""
    ranks = pd.DataFrame({"rang_a": a.table["rang"], "rang_b": b.table["rang"]})
    names = a.table["nom"].combine_first(b.table["nom"])
    in_a, in_b = ranks["rang_a"] <= top, ranks["rang_b"] <= top
    shown = ranks[in_a | in_b].assign(nom=names)
    movement = pd.Series(STAYS, index=shown.index)
    movement[~in_a[shown.index]] = ENTERS
    movement[~in_b[shown.index]] = LEAVES
    shown = shown.assign(mouvement=movement).astype({"rang_a": "Int64", "rang_b": "Int64"})
    return shown.sort_values(["rang_b", "rang_a"], na_position="last")[["nom", "rang_a", "rang_b", "mouvement"]]
