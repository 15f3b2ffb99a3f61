"""Layers of the « Appariement » map: one arc per proposal from the household's commune of origin to the commune of
the proposed dwelling, over the départements drawn in grey (no basemap, like every map of the project)."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk

from emile.maps import deck
from emile.maps.placements import ARC_SOURCE, ARC_TARGET

TOOLTIP = "{text}"


def proposal_arcs(arcs: pd.DataFrame, names: dict[str, str], selected: int | None = None) -> pdk.Layer:
    """Arcs of ``emile.matching.views.arcs_frame``; the selected household's arc drawn wider."""
    data = [
        {
            **deck.arc_ends(row),
            "width": 5 if row.household_id == selected else 1.5,
            "text": f"Ménage {row.household_id} : {names.get(row.origin, row.origin)} → "
            f"{names.get(row.destination, row.destination)}",
        }
        for row in arcs.itertuples()
    ]
    return deck.arc_layer("propositions", data, ARC_SOURCE, ARC_TARGET)
