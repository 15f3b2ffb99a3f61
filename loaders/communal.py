"""Shared steps for figures published by commune: bring old codes onto the current map, add up communes merged
since the source's vintage, and roll communes up to départements.

Kept apart from the theme modules because housing, services and population all publish by commune with the same
traps: arrondissements municipaux listed beside (or instead of) Paris, Lyon and Marseille, codes of merged communes,
and counts withheld for secrecy that must stay visible in every sum.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from loaders.errors import SourceError
from loaders.readers import file_line

# Arrondissements municipaux of Paris (75101-75120), Lyon (69381-69389) and Marseille (13201-13216).
ARRONDISSEMENT_PATTERN = r"(751(0[1-9]|1\d|20)|6938[1-9]|132(0[1-9]|1[0-6]))"
# Any commune code a source may use: 5 characters, Corsica 2A/2B, overseas 97x.
COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"


def is_arrondissement(codes: pd.Series) -> pd.Series:
    """True for arrondissement codes, which some sources list beside their city's own row (and would count twice)."""
    return codes.astype("string").str.fullmatch(ARRONDISSEMENT_PATTERN).fillna(False).astype(bool)


def check_codes(frame: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Source commune codes, zero-padded (some files drop the leading zero); a value that cannot be a commune
    code (text, shifted column) raises a SourceError naming its line."""
    codes = frame[column].astype("string").str.strip().str.upper().str.zfill(5)
    bad = ~codes.str.fullmatch(COMMUNE_PATTERN).fillna(False).astype(bool)
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise SourceError(
            path,
            f"code commune « {frame[column].iloc[position]} » invalide",
            line=file_line(frame, position),
            column=column,
        )
    return codes


def sum_by(frame: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    """Sum ``columns`` by ``key``; a group whose cells are all missing stays missing (never 0)."""
    return frame.groupby(key)[columns].sum(min_count=1)


def weighted_mean(frame: pd.DataFrame, key: str, value: str, weight: str) -> pd.Series:
    """Mean of ``value`` by ``key`` weighted by ``weight``, over rows where both are known; NaN for a group with
    no usable row."""
    usable = frame[value].notna() & frame[weight].notna()
    weighted = (frame[value] * frame[weight]).where(usable)
    totals = frame[weight].where(usable)
    grouped = pd.DataFrame({"num": weighted, "den": totals, key: frame[key]}).groupby(key)
    num, den = grouped["num"].sum(min_count=1), grouped["den"].sum(min_count=1)
    return (num / den.where(den > 0)).astype("float64")


def rate(numerator: pd.Series, denominator: pd.Series, per: float = 100.0) -> pd.Series:
    """``per`` × numerator / denominator, NaN where the denominator is missing or zero."""
    return (per * numerator / denominator.where(denominator > 0)).astype("float64")


def secret_counts(secret: pd.Series, keys: pd.Series) -> pd.Series:
    """Number of withheld cells per key, as an int column for ``<indicator>__secret``."""
    return secret.astype("int64").groupby(keys).sum().astype("int64")


def missing_parts(listed: pd.DataFrame, reference: pd.DataFrame) -> pd.Series:
    """Per current commune, how many of its parts (source codes of ``reference``, e.g. the census, that now
    belong to it) a file that lists communes by their codes of the time left out, counted only where the file
    lists at least one other part: the file's sum for that commune is then partial. Both frames have
    ``code_source`` and ``commune``."""
    listed = listed.dropna(subset=["commune"])
    reference = reference.dropna(subset=["commune"])
    expected = reference.groupby("commune")["code_source"].agg(frozenset)
    present = listed.groupby("commune")["code_source"].agg(frozenset)
    both = expected.index.intersection(present.index)
    gaps = pd.Series([len(expected[c] - present[c]) for c in both], index=both, dtype="int64")
    return gaps[gaps > 0]
