"""Pôle emploi / DARES tension classes by bassin d'emploi BMO × ROME métier, 2021 (file of the « Mobiville » app).

Each row gives, for one ROME v3 métier in one bassin, the tension class ``ind_tension_d`` from 1 (low) to 5 (very
high). The file lists only the métiers Pôle emploi kept for the bassin (1 to 350 per bassin), so a métier absent from
a bassin is unknown, not low-tension. Bassin codes are written on four digits ('0203'); BMO writes the same codes
without the leading zero ('203'), and this module uses the BMO form so that figures join the other bassin indicators.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders.errors import SourceError
from loaders.readers import drop_exact_duplicates, read_csv, require_unique, to_number
from loaders.schema import validate

# Classes 4 (high) and 5 (very high) are « forte tension » in Pôle emploi's own reading of the 1-5 scale.
HIGH_CLASSES = (4.0, 5.0)
_REQUIRED = ["annee", "ROME", "cbassin", "ind_tension_d"]

TIDY_SCHEMA = pa.DataFrameSchema(
    {
        "bassin": pa.Column(str, pa.Check.str_matches(r"^\d{3,4}$")),
        "rome": pa.Column(str, pa.Check.str_matches(r"^[A-N]\d{4}$")),
        "classe": pa.Column("float64", pa.Check.isin([1.0, 2.0, 3.0, 4.0, 5.0]), nullable=True),
    },
    strict=True,
)


def parse_tensions_bassin_rome(path: Path, year: int) -> tuple[pd.DataFrame, int]:
    """Tidy rows (``bassin`` in BMO form, ``rome``, ``classe``) of ``year``, and the number of rows read."""
    path = Path(path)
    raw = read_csv(path, _REQUIRED, sep=";")
    rows_read = len(raw)
    raw, _ = drop_exact_duplicates(raw[_REQUIRED])
    years = to_number(raw, "annee", path)
    other_year = years != year
    if other_year.any():
        first = other_year.to_numpy().nonzero()[0][0]
        raise SourceError(
            path, f"année « {raw['annee'].iloc[first]} » au lieu de {year}", line=int(raw.index[first]), column="annee"
        )
    codes = raw["cbassin"].str.strip()
    tidy = pd.DataFrame(
        {
            "bassin": codes.where(~codes.str.fullmatch(r"0\d{3}"), codes.str[1:]),
            "rome": raw["ROME"].str.strip(),
            "classe": to_number(raw, "ind_tension_d", path),
        },
        index=raw.index,
    )
    require_unique(tidy, ["bassin", "rome"], path)
    source_columns = {"bassin": "cbassin", "rome": "ROME", "classe": "ind_tension_d"}
    return validate(TIDY_SCHEMA, tidy, path, source_columns), rows_read


def bassin_high_tension(tidy: pd.DataFrame) -> pd.DataFrame:
    """Per bassin: ``part_forte`` (% of its listed métiers in class 4 or 5, over the métiers with a class),
    ``metiers`` (métiers with a class) and ``sans_classe`` (listed métiers without one)."""
    known = tidy["classe"].notna()
    metiers = known.groupby(tidy["bassin"]).sum().astype("int64")
    high = tidy["classe"].isin(HIGH_CLASSES).groupby(tidy["bassin"]).sum()
    frame = pd.DataFrame(
        {
            "part_forte": high / metiers.where(metiers > 0) * 100,
            "metiers": metiers.astype("float64"),
            "sans_classe": (~known).groupby(tidy["bassin"]).sum().astype("int64"),
        }
    )
    frame.index.name = "code"
    return frame
