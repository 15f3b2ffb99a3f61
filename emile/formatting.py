"""French number and text formatting, shared by the screens and the PDF briefings so both print the same."""

from __future__ import annotations

import math

NARROW_NBSP = "\u202f"  # thousands separator and space before ; : ! ? in French typography
NBSP = "\u00a0"
MISSING = "non disponible"


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


def number(value: float | int | None, decimals: int = 0, unit: str | None = None) -> str:
    """``12345.6`` → ``12 345,6`` (narrow no-break spaces), with a unit after a no-break space; missing values are
    written out, never shown as 0."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}".replace(",", NARROW_NBSP).replace(".", ",")
    if text.startswith("-0") and float(text.replace(",", ".").replace(NARROW_NBSP, "")) == 0:
        text = text[1:]
    return f"{text}{NBSP}{unit}" if unit else text


def percent(value: float | None, decimals: int = 1) -> str:
    """A value already in percent: ``7.25`` → ``7,3 %``."""
    return number(value, decimals, "%")


def french_punctuation(text: str) -> str:
    """Put the narrow no-break space French typography wants before ; : ! ? (and replace plain spaces there)."""
    for mark in ";:!?":
        text = text.replace(f" {mark}", f"{NARROW_NBSP}{mark}").replace(f"{NBSP}{mark}", f"{NARROW_NBSP}{mark}")
    return text
