"""Territories shaded by a published count, for the maps of the programme's own records (Placements, Offres).

A published count is one of three things, and each has its own colour, tooltip and legend line: a value (classed
like any indicator), a count withheld because it is under the suppression threshold (« masqué »), or no record at
all. Both maps read the same three cases, so they are told apart in one place.
"""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import pandas as pd

from emile.formatting import HIDDEN
from emile.maps import deck
from emile.maps.classes import GREY, LegendEntry, classify

NONE_COLOUR = (240, 240, 240)
HIDDEN_COLOUR = GREY  # the grey of « no value » on every map: a suppressed count is a value the reader cannot see


def shaded_by_count(
    background: gpd.GeoDataFrame,
    published: pd.Series,
    names: dict[str, str],
    palette: str,
    unit: str,
    describe: Callable[[int], str],
    none_label: str,
) -> tuple[gpd.GeoDataFrame, tuple[LegendEntry, ...]]:
    """``background`` (column ``code``) coloured by ``published`` (counts by code, ``<NA>`` when suppressed; codes
    absent have no record), in quantile classes of ``palette`` counted in ``unit``. Tooltips read
    « name : describe(count) », « name : effectif masqué (…) » or « name : none_label »; the legend leaves out empty
    lines."""
    counts = published.reindex(background["code"]).set_axis(background.index)
    hidden = background["code"].isin(published.index) & counts.isna()
    classification = classify(counts, "quantiles", palette, unit)
    colours, texts = [], []
    for code, value, colour, is_hidden in zip(background["code"], counts, classification.colours, hidden):
        name = names.get(code, code)
        if is_hidden:
            colours.append(deck.rgb_list(HIDDEN_COLOUR))
            texts.append(f"{name} : effectif masqué (inférieur au seuil de diffusion)")
        elif pd.isna(value):
            colours.append(deck.rgb_list(NONE_COLOUR))
            texts.append(f"{name} : {none_label}")
        else:
            colours.append(deck.rgb_list(colour))
            texts.append(f"{name} : {describe(int(value))}")
    legend = (
        *classification.entries,
        LegendEntry(HIDDEN, HIDDEN_COLOUR, int(hidden.sum())),
        LegendEntry(none_label, NONE_COLOUR, int((counts.isna() & ~hidden).sum())),
    )
    return background.assign(fill=colours, text=texts), tuple(e for e in legend if e.count)
