"""Turning the bytes of an uploaded file (CSV or XLSX) into a frame of text cells, or refusing the file as a whole.

Every upload of the project (operator journeys, housing and job offers) goes through ``read_table`` with its own
template's columns. Everything is read as text so that validation sees exactly what was typed. Templates are strict
on purpose: UTF-8, ``;`` separator, one sheet, no formulas (a formula's value depends on the software that computed
it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import PurePath

import pandas as pd
from openpyxl import load_workbook

from emile.uploads.errors import FileRejectedError, RowError

SEPARATOR = ";"

_OTHER_SEPARATORS = {",": "virgule", "\t": "tabulation", "|": "barre verticale"}
_MAX_LISTED = 10


def read_table(
    content: bytes, filename: str, *, max_bytes: int, columns: Sequence[str], required: Sequence[str]
) -> pd.DataFrame:
    """Text frame with the template's ``columns`` (in that order), one row per data line, indexed by spreadsheet
    line; FileRejectedError explains why the file cannot be read (``required`` columns absent, unknown ones…)."""
    if len(content) > max_bytes:
        size = len(content) / 1_000_000
        raise FileRejectedError(
            [RowError(f"fichier trop volumineux ({size:.1f} Mo) : {max_bytes // 1_000_000} Mo au plus")]
        )
    if not content.strip():
        raise FileRejectedError([RowError("le fichier est vide")])
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        frame = _read_csv(content)
    elif suffix == ".xlsx":
        frame = _read_xlsx(content)
    else:
        raise FileRejectedError(
            [RowError(f"format « {suffix or filename} » non pris en charge : .csv ou .xlsx attendu")]
        )
    frame = _conform_columns(frame, columns, required)
    if frame.empty:
        raise FileRejectedError([RowError("le fichier ne contient aucune ligne de données sous l'en-tête")])
    frame = frame.apply(lambda column: column.str.strip()).replace("", pd.NA)
    return frame.dropna(how="all")


def _read_csv(content: bytes) -> pd.DataFrame:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise FileRejectedError(
            [
                RowError(
                    "un fichier encodé en UTF-8 (dans le tableur : « CSV UTF-8 »)",
                    line=line,
                    value=repr(content[exc.start : exc.start + 1]),
                )
            ]
        ) from exc
    header = text.split("\n", 1)[0]
    if SEPARATOR not in header:
        found = next((name for sep, name in _OTHER_SEPARATORS.items() if sep in header), None)
        hint = f" (séparateur trouvé : {found})" if found else ""
        raise FileRejectedError([RowError(f"des colonnes séparées par « {SEPARATOR} »{hint}", line=1)])
    rows = list(csv.reader(io.StringIO(text), delimiter=SEPARATOR))
    width = len(rows[0])
    ragged = [
        RowError(f"{width} champs comme l'en-tête, {len(row)} trouvés", line=number)
        for number, row in enumerate(rows, start=1)
        if row and len(row) != width
    ]
    if ragged:
        raise FileRejectedError(ragged[:_MAX_LISTED])
    body = [row or [""] * width for row in rows[1:]]
    return _numbered_frame(body, rows[0])


def _read_xlsx(content: bytes) -> pd.DataFrame:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise FileRejectedError(
            [RowError("un classeur .xlsx lisible (le fichier est endommagé ou d'un autre format)")]
        ) from exc
    try:
        if len(workbook.sheetnames) != 1:
            names = ", ".join(workbook.sheetnames)
            raise FileRejectedError(
                [
                    RowError(
                        f"une seule feuille de données (le classeur en contient {len(workbook.sheetnames)} : {names})"
                    )
                ]
            )
        rows, formulas = [], []
        for row in workbook.worksheets[0].iter_rows():
            values = []
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(
                        RowError(
                            "une valeur saisie, pas une formule",
                            line=cell.row,
                            column=cell.column_letter,
                            value=str(cell.value),
                        )
                    )
                values.append(_cell_text(cell.value))
            rows.append(values)
    finally:
        workbook.close()
    if formulas:
        raise FileRejectedError(formulas[:_MAX_LISTED])
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise FileRejectedError([RowError("le fichier est vide")])
    header = [name for name in rows[0]]
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows[1:]]
    return _numbered_frame(body, header)


def _numbered_frame(body: list[list[str]], header: list[str]) -> pd.DataFrame:
    """Frame indexed by spreadsheet line number (the header is line 1), so errors point at the operator's line."""
    index = pd.RangeIndex(2, len(body) + 2, name="line")
    return pd.DataFrame(body, columns=[str(name).strip() for name in header], index=index, dtype="string")


def _cell_text(value: object) -> str:
    """Spreadsheet cell as the operator sees it: dates as AAAA-MM-JJ, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _conform_columns(frame: pd.DataFrame, template: Sequence[str], required: Sequence[str]) -> pd.DataFrame:
    """The template's columns in template order (absent optional ones added empty), or FileRejectedError naming the
    gaps."""
    columns = list(frame.columns)
    errors = []
    missing = [name for name in required if name not in columns]
    if missing:
        errors.append(
            RowError("les colonnes du modèle EMILE ; colonnes obligatoires absentes : " + ", ".join(missing), line=1)
        )
    unknown = [name for name in columns if name not in template]
    if unknown:
        errors.append(
            RowError("uniquement les colonnes du modèle EMILE ; colonnes inconnues : " + ", ".join(unknown), line=1)
        )
    repeated = sorted({name for name in columns if columns.count(name) > 1})
    if repeated:
        errors.append(RowError("chaque colonne une seule fois ; en double : " + ", ".join(repeated), line=1))
    if errors:
        raise FileRejectedError(errors)
    return frame.reindex(columns=list(template)).astype("string")
