"""ROME métiers and their FAP 2009 families, from the snapshot's ``rome_fap`` table (DARES correspondence).

A ROME code may belong to several families (the family also says the level of qualification, the ROME code does
not): an offer then names its family, and a household project that wants the métier matches every family of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from emile.snapshot import load_table

TABLE = "rome_fap"


@dataclass(frozen=True)
class Metiers:
    """Look-ups over ``rome_fap`` (one row per ROME × family: rome, rome_libelle, fap, fap_libelle, domaine,
    domaine_libelle)."""

    table: pd.DataFrame
    _families: dict[str, tuple[str, ...]] = field(init=False, repr=False)
    rome_labels: dict[str, str] = field(init=False, repr=False)
    family_labels: dict[str, str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        families = self.table.groupby("rome")["fap"].agg(lambda codes: tuple(sorted(codes))).to_dict()
        roles = self.table.drop_duplicates("rome").set_index("rome")["rome_libelle"].to_dict()
        titles = self.table.drop_duplicates("fap").set_index("fap")["fap_libelle"].to_dict()
        # A frozen dataclass sets its derived look-ups once, here.
        object.__setattr__(self, "_families", families)
        object.__setattr__(self, "rome_labels", roles)
        object.__setattr__(self, "family_labels", titles)

    @classmethod
    def from_snapshot(cls, root: Path | None = None) -> Metiers:
        return cls(load_table(TABLE, root))

    def is_known(self, rome: str) -> bool:
        return rome in self._families

    def families(self, rome: str) -> tuple[str, ...]:
        """The FAP 2009 families of ``rome`` (empty for an unknown code)."""
        return self._families.get(rome, ())

    def family_of(self, rome: str) -> str | None:
        """The family of a ROME code that has exactly one, else None (the declarer must say which)."""
        families = self.families(rome)
        return families[0] if len(families) == 1 else None

    def rome_choice(self, rome: str) -> str:
        """« A1101 — Conduite d'engins agricoles et forestiers », for lists people pick from."""
        return f"{rome} — {self.rome_labels.get(rome, 'code inconnu')}"

    def family_choice(self, fap: str) -> str:
        return f"{fap} — {self.family_labels.get(fap, 'famille inconnue')}"

    @property
    def romes(self) -> list[str]:
        return sorted(self._families)
