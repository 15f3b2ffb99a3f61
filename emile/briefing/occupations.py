"""The occupations with the most recruitment projects in a département (BMO latest survey), with the share judged
difficult and the change since the previous survey that uses the same occupation nomenclature.

BMO 2023 codes occupations in FAP 2009 and BMO 2024-2025 in FAP 2021. No official one-to-one table links the two, so
no occupation-level change is computed across nomenclatures: the sheet says so instead of guessing a mapping.
"""

from __future__ import annotations

import pandas as pd

from emile.briefing.model import Occupation, OccupationTable

TOP = 10


def _optional(value: object) -> float | None:
    return None if pd.isna(value) else float(value)


def _note(latest: int, nomenclature: str, previous: int | None, older: pd.DataFrame) -> str:
    parts = [f"Somme des cellules publiées de l'enquête BMO {latest} ({nomenclature})."]
    if previous is not None:
        parts.append(f"Évolution mesurée depuis BMO {previous}, même nomenclature.")
    for year, other in (
        older.drop_duplicates("annee").sort_values("annee")[["annee", "nomenclature"]].itertuples(index=False)
    ):
        parts.append(
            f"BMO {year} code les métiers en {other} : aucune table officielle de passage métier par métier, "
            "donc pas d'évolution par métier depuis cette année."
        )
    return " ".join(parts)


def top_occupations(bmo: pd.DataFrame, code: str, top: int = TOP, level: str = "departement") -> OccupationTable:
    """``bmo``: the snapshot's ``bmo_metiers`` table (one row per year × level × territory × occupation);
    ``level`` is ``departement`` or ``bassin``."""
    own = bmo[(bmo["niveau"] == level) & (bmo["code"] == code)]
    latest = int(bmo["annee"].max())
    nomenclature = str(bmo.loc[bmo["annee"] == latest, "nomenclature"].iloc[0])
    comparable = bmo.loc[(bmo["nomenclature"] == nomenclature) & (bmo["annee"] < latest), "annee"]
    previous = int(comparable.max()) if not comparable.empty else None
    older = bmo.loc[bmo["nomenclature"] != nomenclature, ["annee", "nomenclature"]]

    current = own[(own["annee"] == latest) & own["met"].notna()]
    current = current.sort_values(["met", "metier_libelle"], ascending=[False, True], kind="stable").head(top)
    before = own[own["annee"] == previous].set_index("metier")["met"] if previous else pd.Series(dtype=float)
    rows = []
    for row in current.itertuples(index=False):
        projects = float(row.met)
        previous_projects = _optional(before.get(row.metier))
        change = (projects / previous_projects - 1) * 100 if previous_projects else None
        rows.append(
            Occupation(
                code=row.metier,
                label=row.metier_libelle,
                projects=projects,
                difficult_share=None if pd.isna(row.xmet) else float(row.xmet) / projects * 100,
                previous_projects=previous_projects,
                change_percent=change,
                secret_cells=int(row.met_secret + row.xmet_secret),
            )
        )
    return OccupationTable(latest, nomenclature, previous, tuple(rows), _note(latest, nomenclature, previous, older))
