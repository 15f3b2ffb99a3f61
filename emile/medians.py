"""Medians a reader can trust: always shown with the number of values behind them, and not computed at all from
fewer than ``MIN_VALUES`` values (a « département median » of three communes is nearly one commune's own value)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from emile.formatting import indicator_value, number

MIN_VALUES = 5


@dataclass(frozen=True)
class Median:
    """``value`` is ``None`` when fewer than ``MIN_VALUES`` territories have a value; ``count`` says how many do."""

    value: float | None
    count: int


def median(values: pd.Series) -> Median:
    present = pd.to_numeric(values, errors="coerce").dropna()
    return Median(float(present.median()) if len(present) >= MIN_VALUES else None, len(present))


def median_text(item: Median, unit: str, *, short: bool = False, signed: bool = False) -> str:
    """« 35,1 pour 1 000 hab. (96) », or « non calculée (3 valeurs) » below ``MIN_VALUES``."""
    if item.value is None:
        return f"non calculée ({number(item.count)} valeur{'s' if item.count > 1 else ''})"
    return f"{indicator_value(item.value, unit, short=short, signed=signed)} ({number(item.count)})"


NOT_COMPUTED = "n.c."
CELL_NOTE = (
    f"Entre parenthèses après une médiane : le nombre de territoires qui ont une valeur ; « {NOT_COMPUTED} » : "
    f"non calculée, moins de {MIN_VALUES} valeurs."
)


def median_cell(item: Median, unit: str, *, signed: bool = False) -> str:
    """A median as a table cell whose header names the unit: « 35,1 (96) », or « n.c. (3) » below ``MIN_VALUES``
    (``CELL_NOTE`` says what the parentheses and « n.c. » mean)."""
    if item.value is None:
        return f"{NOT_COMPUTED} ({number(item.count)})"
    return f"{indicator_value(item.value, unit, short=True, signed=signed)} ({number(item.count)})"
