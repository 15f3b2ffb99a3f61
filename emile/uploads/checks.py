"""Checks every upload shares: the formats people type (dates, commune and ROME codes, oui/non, numbers with a
decimal comma), pandera failures turned into French ``RowError`` naming the original text, conversion of the text
frame to typed columns and of typed values to what the store holds, and duplicate keys.

Validation runs in two pandera passes, as for operator files: first on what was typed (text), then on the values once
converted; a cell reported by one pass is made missing before the next, so it is reported once.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import pandas as pd
import pandera.pandas as pa

from emile.uploads.errors import RowError

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
DATE_HINT = "une date AAAA-MM-JJ ou JJ/MM/AAAA"
YES_NO = ("oui", "non")

COMMUNE_PATTERN = r"^(\d{5}|2[AB]\d{3})$"
COMMUNE_HINT = "un code INSEE de commune à 5 caractères"
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})$"
COUNT_PATTERN = r"^\d{1,3}$"
DECIMAL_PATTERN = r"^\d{1,6}([.,]\d{1,2})?$"
DECIMAL_HINT = "un nombre positif (virgule ou point décimal, deux décimales au plus)"
ROME_PATTERN = r"^[A-N]\d{4}$"
ROME_HINT = "un code ROME (une lettre A à N et 4 chiffres)"
KNOWN_COMMUNE = "un code de commune existant (code officiel géographique en vigueur)"
_BUILTIN_CHECKS = {"not_nullable": "une valeur (colonne obligatoire)"}


def one_of(values: Iterable[str]) -> str:
    return "une de ces valeurs : " + ", ".join(values)


def text_columns(checks: dict[str, list[pa.Check]], required: Collection[str], **options: object) -> pa.DataFrameSchema:
    """The first pass: every column is text, ``required`` ones may not be empty."""
    return pa.DataFrameSchema(
        {
            name: pa.Column("string", checks=column_checks, nullable=name not in required)
            for name, column_checks in checks.items()
        },
        **options,
    )


def schema_errors(schema: pa.DataFrameSchema, frame: pd.DataFrame, source: pd.DataFrame) -> list[RowError]:
    """Run ``schema`` on ``frame`` and report each failure with the original text of the cell from ``source``."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        return [
            RowError(
                _BUILTIN_CHECKS.get(case.check, case.check),
                line=int(case.index),
                column=case.column,
                value=None if pd.isna(source.at[case.index, case.column]) else str(source.at[case.index, case.column]),
            )
            for case in cases.itertuples()
        ]
    return []


def parse_dates(text: pd.Series) -> pd.Series:
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for date_format in DATE_FORMATS:
        parsed = parsed.fillna(pd.to_datetime(text, format=date_format, errors="coerce"))
    return parsed


def convert(
    frame: pd.DataFrame,
    bad: set[tuple[int, str]],
    *,
    integers: Sequence[str] = (),
    decimals: Sequence[str] = (),
    dates: Sequence[str] = (),
    booleans: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[RowError]]:
    """Typed copy of the text frame; cells already reported in ``bad`` become missing. Whole numbers become Int64,
    decimals (comma or point) Float64, dates datetime64, oui/non booleans. Also reports dates that do not exist."""
    typed = frame.copy()
    for line, column in bad:
        typed.at[line, column] = pd.NA
    errors = []
    for column in integers:
        typed[column] = pd.to_numeric(typed[column]).astype("Int64")
    for column in decimals:
        typed[column] = pd.to_numeric(typed[column].str.replace(",", ".", regex=False)).astype("Float64")
    for column in dates:
        parsed = parse_dates(typed[column])
        impossible = typed[column].notna() & parsed.isna()
        errors += [
            RowError(
                "une date qui existe dans le calendrier", line=line, column=column, value=str(frame.at[line, column])
            )
            for line in typed.index[impossible]
        ]
        typed[column] = parsed
    for column in booleans:
        typed[column] = typed[column].map({"oui": True, "non": False}).astype("boolean")
    return typed, errors


def python_value(value: object) -> object:
    """Database-ready scalar from a typed frame's cell: None for missing values, dates as ``datetime.date``, numpy
    numbers as Python ones. Every import writes its rows and compares them with the store's through it, so a value
    read again from the store equals the one imported."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value.item() if hasattr(value, "item") else value


def duplicates(frame: pd.DataFrame, keys: Sequence[str], column: str, what: str) -> list[RowError]:
    """Rows repeating the ``keys`` of an earlier row, reported on ``column``: « une seule ligne par {what} »."""
    keys = list(keys)
    filled = frame[keys].notna().all(axis=1)
    repeated = frame[frame.duplicated(keys, keep=False) & filled]
    first_line = repeated.reset_index().groupby(keys)[repeated.index.name or "index"].transform("min").to_numpy()
    return [
        RowError(
            f"une seule ligne par {what} (doublon de la ligne {first})",
            line=line,
            column=column,
            value=" / ".join(str(value) for value in values),
        )
        for (line, *values), first in zip(repeated[keys].itertuples(name=None), first_line, strict=True)
        if line != first
    ]


def errors_frame(errors: Sequence[RowError]) -> pd.DataFrame:
    """The errors as a table with French headers, for display and download."""
    return pd.DataFrame(
        [(e.line, e.column, e.value, e.expected) for e in errors],
        columns=["Ligne", "Colonne", "Valeur", "Attendu"],
    )
