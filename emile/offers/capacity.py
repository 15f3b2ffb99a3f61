"""« Capacité structurelle (statistique) »: what public statistics say a bassin d'emploi could offer where nobody has
registered an offer yet — vacant social dwellings (RPLS) and recruitment projects employers judge difficult (BMO) by
métier family.

These figures describe a stock and an intention to hire, not offers anybody made: they are always shown apart from
registered offers and never added to them. BMO 2023 is used because it is the latest survey published in FAP 2009,
the family nomenclature ROME codes map to here (BMO 2024 and 2025 use FAP 2021, with no official correspondence from
ROME in the snapshot). Secret cells (communes whose RPLS counts are withheld, BMO cells marked ``*``) are left out of
the sums and counted, so a sum with secret cells is a lower bound and is shown as one.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd

from emile.formatting import MISSING, number

BMO_YEAR = 2023
BMO_LABEL = "BMO 2023 (enquête fin 2022), familles FAP 2009"
RPLS_LABEL = "RPLS au 1er janvier 2024"
TOP_FAMILIES = 3


def difficult_projects(bmo: pd.DataFrame) -> pd.DataFrame:
    """Hard-to-fill recruitment projects per bassin and FAP 2009 family (BMO 2023): bassin, fap, libelle,
    projets_difficiles (``NaN`` when secret), secret (1 when the cell is withheld)."""
    rows = bmo[(bmo["annee"] == BMO_YEAR) & (bmo["niveau"] == "bassin")]
    return pd.DataFrame(
        {
            "bassin": rows["code"].astype("string"),
            "fap": rows["metier"].astype("string"),
            "libelle": rows["metier_libelle"],
            "projets_difficiles": rows["xmet"],
            "secret": rows["xmet_secret"],
        }
    ).reset_index(drop=True)


def _leading_families(projects: pd.DataFrame) -> pd.Series:
    """Per bassin, its ``TOP_FAMILIES`` families with the most difficult projects (published cells), as text."""
    known = projects.dropna(subset=["projets_difficiles"]).sort_values(
        ["bassin", "projets_difficiles"], ascending=[True, False]
    )
    top = known.groupby("bassin").head(TOP_FAMILIES)
    text = top["libelle"] + " (" + top["projets_difficiles"].astype(int).astype(str) + ")"
    return text.groupby(top["bassin"]).agg(" ; ".join)


def structural_capacity(
    bassins: pd.DataFrame,
    projects: pd.DataFrame,
    *,
    with_housing: Collection[str],
    with_jobs: Collection[str],
) -> pd.DataFrame:
    """Per bassin (``bassins``: the snapshot's bassin indicators, index ``code``): vacant social dwellings and the
    number of communes withheld, difficult projects summed over published cells and the number of secret cells, the
    leading families, and whether any registered offer counts there today (``with_housing``, ``with_jobs``: bassins
    that have some)."""
    by_bassin = projects.groupby("bassin")
    table = pd.DataFrame(
        {
            "nom": bassins["nom"],
            "departement": bassins["departement"],
            "logements_sociaux": bassins["rpls_logements_sociaux"],
            "logements_sociaux_vacants": bassins["rpls_logements_vacants"],
            "communes_non_diffusees": bassins["rpls_logements_vacants__secret"],
        }
    )
    table = table.join(by_bassin["projets_difficiles"].sum(min_count=1).rename("projets_difficiles"))
    table = table.join(by_bassin["secret"].sum().rename("cellules_secretes"))
    table = table.join(_leading_families(projects).rename("familles_principales"))
    table["offres_logement_enregistrees"] = table.index.isin(list(with_housing))
    table["offres_emploi_enregistrees"] = table.index.isin(list(with_jobs))
    table.index.name = "bassin"
    return table.reset_index().astype(
        {"communes_non_diffusees": "Int64", "cellules_secretes": "Int64", "familles_principales": "string"}
    )


def lower_bound_text(value: float | None, secret: int | None) -> str:
    """« 1 234 », « au moins 1 234 » when secret cells were left out of the sum, « secret statistique » when every
    cell was withheld, « non disponible » when there is no figure at all."""
    withheld = secret is not None and not pd.isna(secret) and secret > 0
    if value is None or pd.isna(value):
        return "secret statistique" if withheld else MISSING
    return f"au moins {number(value)}" if withheld else number(value)
