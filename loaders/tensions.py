"""DARES / Pôle emploi labour-market tension indicators, 2019, by FAP 2009 métier × territory.

The file holds national, regional and départemental rows, for detailed (« fap 225 ») and aggregated (« fap 87 »)
métiers. The synthetic ``Tension`` value is a standardised score (0 = average tension, positive = harder to
recruit). Some small cells have no published value; they stay missing and are counted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders.readers import drop_exact_duplicates, read_csv, require_unique, to_number
from loaders.schema import DEPARTEMENT_PATTERN, pad_departement, validate

_REQUIRED = ["fap", "Emploi moyen", "Tension", "Catégorie Tension", "niveau_geo", "niveau_fap", "dep"]

TIDY_SCHEMA = pa.DataFrameSchema(
    {
        "departement": pa.Column(str, pa.Check.str_matches(DEPARTEMENT_PATTERN)),
        "fap": pa.Column(str, pa.Check.str_matches(r"^[A-Z]\d[A-Z]\d{2}$")),
        "emploi": pa.Column("float64", pa.Check.ge(0), nullable=True),
        "tension": pa.Column("float64", nullable=True),
        "categorie": pa.Column("float64", pa.Check.isin([1.0, 2.0, 3.0, 4.0, 5.0]), nullable=True),
    },
    strict=True,
)


def parse_dares_tensions(path: Path) -> tuple[pd.DataFrame, int]:
    """Départemental rows for detailed métiers (FAP 225), and the number of rows read from the file."""
    path = Path(path)
    raw = read_csv(path, _REQUIRED)
    rows_read = len(raw)
    raw, _ = drop_exact_duplicates(raw[_REQUIRED])
    selected = raw[(raw["niveau_geo"].str.strip() == "dep") & (raw["niveau_fap"].str.strip() == "fap 225")]
    tidy = pd.DataFrame(
        {
            "departement": pad_departement(selected["dep"]),
            "fap": selected["fap"].str.strip(),
            "emploi": to_number(selected, "Emploi moyen", path),
            "tension": to_number(selected, "Tension", path),
            "categorie": to_number(selected, "Catégorie Tension", path),
        },
        index=selected.index,
    )
    require_unique(tidy, ["departement", "fap"], path)
    source_columns = {
        "departement": "dep",
        "emploi": "Emploi moyen",
        "tension": "Tension",
        "categorie": "Catégorie Tension",
    }
    return validate(TIDY_SCHEMA, tidy, path, source_columns), rows_read


def departement_tension(tidy: pd.DataFrame) -> pd.DataFrame:
    """Employment-weighted mean tension per département over the métiers with a published value.

    Returns ``tension`` and ``sans_valeur`` (métiers of the département without a published tension value).
    """
    known = tidy[tidy["tension"].notna() & tidy["emploi"].notna()]
    weighted = (known["tension"] * known["emploi"]).groupby(known["departement"]).sum()
    weights = known.groupby("departement")["emploi"].sum()
    missing = tidy["tension"].isna().groupby(tidy["departement"]).sum().astype("int64")
    mean = (weighted / weights.where(weights > 0)).reindex(missing.index)
    return pd.DataFrame({"tension": mean, "sans_valeur": missing})
