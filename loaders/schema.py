"""Schema checks for tidy frames, turned into the build's French errors.

pandera describes what a tidy frame must look like; this module runs the check and, on failure, names the file, the
line (the readers index rows by their line in the source file) and the column of the first bad value, so the person
running the build can open the file at the right place.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from loaders.errors import SourceError

# Département codes as INSEE writes them: two digits, Corsica 2A/2B, overseas 971-978.
DEPARTEMENT_PATTERN = r"^(\d{2}|2A|2B|97[1-8])$"


def pad_departement(codes: pd.Series) -> pd.Series:
    """Zero-pad département codes some files write without the leading zero ('3' for Allier)."""
    text = codes.astype("string").str.strip().str.upper()
    return text.where(~text.str.fullmatch(r"\d"), text.str.zfill(2))


def validate(
    schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path, source_columns: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Check ``frame`` against ``schema``; raise a SourceError naming the first failing line and column.

    ``source_columns`` maps tidy column names back to the file's own headers, so the error names what the reader
    of the file sees.
    """
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        index = first.get("index")
        line = int(index) if frame.index.name == "ligne" and pd.notna(index) else None
        column = first.get("column")
        column = (source_columns or {}).get(column, column)
        others = f" ({len(cases)} anomalies en tout)" if len(cases) > 1 else ""
        raise SourceError(
            path,
            f"valeur « {first['failure_case']} » refusée (contrôle {first['check']}){others}",
            line=line,
            column=str(column) if pd.notna(column) else None,
        ) from exc
