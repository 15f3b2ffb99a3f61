"""INSEE localised unemployment rates (taux de chômage localisés, CVS, quarterly averages).

Two workbooks: départements up to 2021-T4 (sheet « Département », columns ``T1_1982`` … ``T4_2021``) and zones
d'emploi 2020 up to 2023-T3 (sheet « txcho_ze », columns ``2003-T1`` … ``2023-T3``). Only the latest quarter is
kept; the workbook says which one it is, and the tidy frame carries it so the vintage is never assumed.
Footnote rows under the table (text in the code column, no figures) are dropped; any other row must have a valid code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders.errors import SourceError
from loaders.readers import read_excel, require_unique, to_number
from loaders.schema import DEPARTEMENT_PATTERN, pad_departement, validate

_DEPARTEMENT_QUARTER = re.compile(r"^T([1-4])_(\d{4})$")
_ZONE_QUARTER = re.compile(r"^(\d{4})-T([1-4])$")


def _schema(code_pattern: str) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "code": pa.Column(str, pa.Check.str_matches(code_pattern)),
            "libelle": pa.Column(str, nullable=True),
            "taux": pa.Column("float64", pa.Check.in_range(0, 100), nullable=True),
        },
        strict=True,
    )


def _latest_quarter(columns: list[str], pattern: re.Pattern[str], year_first: bool, path: Path) -> tuple[str, str]:
    """The newest quarter column and its label ``AAAA-Tn``."""
    quarters = {}
    for column in columns:
        match = pattern.match(column)
        if match:
            year, quarter = match.groups() if year_first else match.groups()[::-1]
            quarters[(int(year), int(quarter))] = column
    if not quarters:
        raise SourceError(path, "aucune colonne trimestrielle (ex. « T4_2021 » ou « 2023-T3 »)")
    year, quarter = max(quarters)
    return quarters[(year, quarter)], f"{year}-T{quarter}"


def _parse(
    path: Path, sheet: str, code: str, label: str, pattern: re.Pattern[str], year_first: bool, code_pattern: str
) -> tuple[pd.DataFrame, str]:
    grid = read_excel(path, [code, label], sheet=sheet)
    column, quarter = _latest_quarter(list(grid.columns), pattern, year_first, path)
    codes = grid[code].astype("string").str.strip()
    if code_pattern == DEPARTEMENT_PATTERN:
        codes = pad_departement(codes)
    quarters = [c for c in grid.columns if pattern.match(c)]
    footnotes = grid[quarters].isna().all(axis=1) & ~codes.str.match(code_pattern).fillna(False)
    rows = grid[~footnotes]
    tidy = pd.DataFrame(
        {
            "code": codes[~footnotes],
            "libelle": rows[label].astype("string").str.strip(),
            "taux": to_number(rows, column, path),
        },
        index=rows.index,
    )
    require_unique(tidy, ["code"], path)
    source_columns = {"code": code, "libelle": label, "taux": column}
    return validate(_schema(code_pattern), tidy, path, source_columns), quarter


def parse_chomage_departements(path: Path) -> tuple[pd.DataFrame, str]:
    """Latest quarterly rate per département (``code``, ``libelle``, ``taux`` in %) and the quarter ``AAAA-Tn``."""
    return _parse(Path(path), "Département", "Code", "Libellé", _DEPARTEMENT_QUARTER, False, DEPARTEMENT_PATTERN)


def parse_chomage_zones(path: Path) -> tuple[pd.DataFrame, str]:
    """Latest quarterly rate per zone d'emploi 2020 (``code``, ``libelle``, ``taux`` in %) and the quarter."""
    return _parse(Path(path), "txcho_ze", "ZE2020", "LIBZE2020", _ZONE_QUARTER, True, r"^\d{4}$")
