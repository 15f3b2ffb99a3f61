"""Choropleth classes: values → classes (mapclassify) → colours → legend, for every map of the dashboard, on screen
and in the PDF briefings.

Classes are computed over the territories shown (the départements of France, or the communes of one département), so
a reader sees contrasts within the view. Territories without a value are never put in a class: they get the palette's
« missing » colour, which none of its steps uses, and the legend counts them.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from emile.formatting import MISSING, number

METHODS: dict[str, str] = {
    "quantiles": "Quantiles",
    "seuils_naturels": "Seuils naturels",
    "intervalles_egaux": "Intervalles égaux",
}
METHOD_HELP = (
    "Quantiles : autant de territoires dans chaque classe. Seuils naturels (Fisher-Jenks) : bornes placées "
    "dans les creux de la distribution. Intervalles égaux : classes de même amplitude."
)
DEFAULT_METHOD = "quantiles"
DEFAULT_CLASSES = 5
# The finest precision any published indicator has: class bounds are never written with more decimals.
MAX_DECIMALS = 4


@dataclass(frozen=True)
class Palette:
    """Sequential colours from light to dark, and the colour of territories without a value."""

    steps: tuple[tuple[int, int, int], ...]
    missing: tuple[int, int, int]


GREY = (189, 189, 189)
# ColorBrewer sequential schemes (Cynthia Brewer, colorbrewer2.org), all marked safe for colour-blind readers; one hue
# family per theme so the three side-by-side maps of the « Carte » are told apart at a glance. « programme » is the
# State's blue from very light to dark (luminance falls at every step, so it stays ordered in black and white); it
# leaves missing values white, which a printed sheet tells from every step.
PALETTES: dict[str, Palette] = {
    "emploi": Palette(((255, 255, 212), (254, 227, 145), (254, 196, 79), (254, 153, 41), (236, 112, 20),
                       (204, 76, 2), (140, 45, 4)), GREY),  # YlOrBr
    "logement": Palette(((255, 255, 204), (217, 240, 163), (173, 221, 142), (120, 198, 121), (65, 171, 93),
                         (35, 132, 67), (0, 90, 50)), GREY),  # YlGn
    "services": Palette(((254, 235, 226), (252, 197, 192), (250, 159, 181), (247, 104, 161), (221, 52, 151),
                         (174, 1, 126), (122, 1, 119)), GREY),  # RdPu
    "programme": Palette(((227, 227, 253), (176, 176, 248), (120, 120, 235), (60, 60, 190), (0, 0, 120)),
                         (255, 255, 255)),
}  # fmt: skip


@dataclass(frozen=True)
class LegendEntry:
    """One colour of a map and what it means: ``label`` with the unit, ``bounds`` without it (for a legend whose
    title gives the unit once), how many territories have it."""

    label: str
    colour: tuple[int, int, int]
    count: int
    bounds: str = ""


@dataclass(frozen=True)
class Classification:
    """Class of every territory (-1: no value), the colour of every territory, and the legend, all in one place so
    that map and legend can never disagree."""

    classes: pd.Series
    colours: pd.Series
    entries: tuple[LegendEntry, ...]
    missing: int
    missing_colour: tuple[int, int, int]

    @property
    def legend(self) -> tuple[LegendEntry, ...]:
        """Class entries followed by the territories without data (when there are any)."""
        if not self.missing:
            return self.entries
        return (*self.entries, LegendEntry(MISSING, self.missing_colour, self.missing, MISSING))


def palette(name: str, classes: int) -> list[tuple[int, int, int]]:
    """``classes`` colours spread over the palette's steps, keeping the lightest and the darkest."""
    steps = PALETTES[name].steps
    if classes == 1:
        return [steps[len(steps) // 2]]
    return [steps[round(i * (len(steps) - 1) / (classes - 1))] for i in range(classes)]


def _decimals(bounds: list[float]) -> int:
    """The fewest decimals (up to ``MAX_DECIMALS``) that keep every class bound distinct once written."""
    distinct = len(set(bounds))
    return next((d for d in range(MAX_DECIMALS) if len({round(b, d) for b in bounds}) == distinct), MAX_DECIMALS)


def _classifier(values: np.ndarray, method: str, classes: int) -> mapclassify.classifiers.MapClassifier:
    with warnings.catch_warnings():
        # mapclassify warns, then lowers k, when ties leave fewer distinct bounds than asked: the legend shows it.
        warnings.simplefilter("ignore", UserWarning)
        if method == "quantiles":
            return mapclassify.Quantiles(values, k=classes)
        if method == "seuils_naturels":
            return mapclassify.FisherJenks(values, k=classes)
        if method == "intervalles_egaux":
            return mapclassify.EqualInterval(values, k=classes)
    raise ValueError(f"Méthode de classement inconnue : {method}")


def _entry(low: float, high: float, decimals: int, unit: str, colour: tuple[int, int, int], count: int) -> LegendEntry:
    if number(low, decimals) == number(high, decimals):
        return LegendEntry(number(low, decimals, unit), colour, count, number(low, decimals))
    bounds = f"{number(low, decimals)} à {number(high, decimals)}"
    return LegendEntry(f"{number(low, decimals)} à {number(high, decimals, unit)}", colour, count, bounds)


def classify(
    values: pd.Series, method: str, palette_name: str, unit: str, classes: int = DEFAULT_CLASSES
) -> Classification:
    """Classes of ``values`` (one per territory, NaN for no data) by ``method``, coloured with the named palette.
    Fewer classes than asked when there are fewer distinct values; empty classes are dropped from the legend."""
    numeric = pd.to_numeric(values, errors="coerce").astype("float64")
    present = numeric.notna()
    result = pd.Series(-1, index=values.index, dtype="int64")
    entries: list[LegendEntry] = []
    observed = numeric[present].to_numpy()
    distinct = np.unique(observed)
    if len(distinct) == 1:
        result[present] = 0
        entries.append(_entry(distinct[0], distinct[0], 1, unit, palette(palette_name, 1)[0], int(present.sum())))
    elif len(distinct) > 1:
        classifier = _classifier(observed, method, min(classes, len(distinct)))
        used = np.unique(classifier.yb)  # EqualInterval can leave classes empty: keep only those with territories
        renumber = {old: new for new, old in enumerate(used)}
        result[present] = [renumber[c] for c in classifier.yb]
        colours = palette(palette_name, len(used))
        members = [observed[classifier.yb == old] for old in used]
        decimals = _decimals([float(v) for m in members for v in (m.min(), m.max())])
        for new, in_class in enumerate(members):
            entries.append(_entry(in_class.min(), in_class.max(), decimals, unit, colours[new], len(in_class)))
    missing_colour = PALETTES[palette_name].missing
    colour_of = [entry.colour for entry in entries]
    colours = result.map(lambda c: list(missing_colour) if c < 0 else list(colour_of[c]))
    return Classification(result, colours, tuple(entries), int((~present).sum()), missing_colour)
