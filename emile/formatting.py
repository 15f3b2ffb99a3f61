"""French number and text formatting, shared by the screens and the PDF briefings so both print the same."""

from __future__ import annotations

import math
import re

NARROW_NBSP = "\u202f"  # thousands separator and space before ; : ! ? in French typography
NBSP = "\u00a0"
MINUS = "\u2212"  # the minus sign, not the hyphen
MISSING = "non disponible"  # no figure: absent from the source, or secret in it
HIDDEN = "masqué"  # a count the app withholds itself (small-count suppression), said the same on every screen

# Units of counts (whole numbers, singular below 2 as French wants: « 1 logement », « 0 projet »).
COUNT_UNITS: dict[str, str] = {
    "habitants": "habitant",
    "projets": "projet",
    "logements": "logement",
    "demandeurs": "demandeur",
    "métiers": "métier",
    "ménages": "ménage",
    "personnes": "personne",
}
# Decimals by unit for other figures; one decimal otherwise.
UNIT_DECIMALS: dict[str, int] = {"% par an": 2, "indice (écart à la moyenne)": 2}
# How tables whose headers name the unit write it after a value (``None``: not repeated).
SHORT_UNITS: dict[str, str | None] = {
    "habitants": "hab.",
    "projets": None,
    "logements": None,
    "pour 1 000 hab.": None,
    "pour 10 000 hab.": None,
    "indice (écart à la moyenne)": None,
}
SIGNED_UNITS = {"% par an"}
_SPACE_IN_NUMBER = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
# A number stays on the line of the word that introduces it (« pour 1 000 ») and of the unit that follows it.
_SPACE_BEFORE_NUMBER = re.compile(r"(?:(?<=\bpour)|(?<=\bsur)|(?<=\bde)|(?<=\bà)) (?=\d)")
_SPACE_BEFORE_UNIT = re.compile(r"(?<=\d) (?=(?:habitants|hab\.|km|%|€|ans|jours|logements|projets)(?!\w))")


def is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("<NA>", "nan")


def number(value: float | int | None, decimals: int = 0, unit: str | None = None) -> str:
    """``12345.6`` → ``12 345,6`` (narrow no-break spaces), with a unit after a no-break space; missing values are
    written out, never shown as 0."""
    if is_missing(value):
        return MISSING
    text = f"{float(value):,.{decimals}f}".replace(",", NARROW_NBSP).replace(".", ",")
    if text.startswith("-"):
        text = text[1:] if float(text[1:].replace(",", ".").replace(NARROW_NBSP, "")) == 0 else MINUS + text[1:]
    return f"{text}{NBSP}{unit}" if unit else text


def unit_decimals(unit: str) -> int:
    """How many decimals a figure in ``unit`` is written with: none for counts, two for annual changes, else one."""
    return 0 if unit in COUNT_UNITS else UNIT_DECIMALS.get(unit, 1)


def indicator_value(value: float | int | None, unit: str, *, signed: bool = False, short: bool = False) -> str:
    """A figure of the catalogue in French with its unit's decimals: counts whole (« 1 logement », « 12 logements »),
    rates with one decimal, annual changes with two. ``short`` writes the unit as a table whose header names it
    (``SHORT_UNITS``); ``signed`` (always for changes in % par an) puts a ``+`` before positive values."""
    if is_missing(value):
        return MISSING
    decimals = unit_decimals(unit)
    shown = SHORT_UNITS.get(unit, unit) if short else unit
    if shown in COUNT_UNITS and abs(float(value)) < 2:
        shown = COUNT_UNITS[shown]
    text = number(value, decimals, shown or None)
    if (signed or unit in SIGNED_UNITS) and round(float(value), decimals) > 0:
        text = "+" + text
    return text


def no_break_in_numbers(text: str) -> str:
    """« pour 1 000 habitants » with a narrow no-break space inside the number and no-break spaces around it, so
    no line ever breaks it (« pour / 1 000 habitants » in a PDF)."""
    text = _SPACE_IN_NUMBER.sub(NARROW_NBSP, text)
    return _SPACE_BEFORE_UNIT.sub(NBSP, _SPACE_BEFORE_NUMBER.sub(NBSP, text))


def percent(value: float | None, decimals: int = 1) -> str:
    """A value already in percent: ``7.25`` → ``7,3 %``."""
    return number(value, decimals, "%")


def french_punctuation(text: str) -> str:
    """Put the narrow no-break space French typography wants before ; : ! ? (and replace plain spaces there), and
    keep the digits of a number together."""
    text = no_break_in_numbers(text)
    for mark in ";:!?":
        text = text.replace(f" {mark}", f"{NARROW_NBSP}{mark}").replace(f"{NBSP}{mark}", f"{NARROW_NBSP}{mark}")
    return text
