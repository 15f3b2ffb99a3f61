"""Turning the bytes of an uploaded file (CSV or XLSX) into a frame of text cells, or refusing the file as a whole.

Every upload of the project (operator journeys, housing and job offers, household projects) goes through
``read_table`` with its own template's columns. Everything is read as text so that validation sees exactly what was
typed. Templates are strict on purpose: UTF-8, ``;`` separator, one sheet, no formulas (a formula's value depends on
the software that computed it).

The file comes from outside, so its size is bounded before anything is parsed: at most ``MAX_ROWS`` data lines and
``MAX_COLUMNS`` columns. A workbook is a zip of XML parts whose declared sizes are checked first (a few kilobytes can
unpack to gigabytes), then every part is streamed once, element by element and without building a tree, to refuse a
sheet that declares or holds more rows or columns than that; only then does openpyxl read the template's columns of
at most ``MAX_ROWS`` lines. Whatever else goes wrong while reading becomes a French rejection naming the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import PurePath
from xml.parsers import expat

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string

from emile.formatting import number as number_text
from emile.uploads.errors import FileRejectedError, RowError

SEPARATOR = ";"
# An operator's file holds one line per household and journey step: a few thousand lines for the largest operator.
MAX_ROWS = 20_000
# The widest template (operator journeys) has 20 columns; room is left for a few empty ones at the right.
MAX_COLUMNS = 40
# Unpacked size of a workbook: the largest accepted sheet written without shared strings is about 20 MB.
MAX_UNPACKED_BYTES = 40_000_000
MAX_PARTS = 200
# XML elements of a workbook part outside the cells (styles, views, merged cells…) and inside one sheet row.
MAX_OTHER_ELEMENTS = 100_000
MAX_ROW_ELEMENTS = 25 * MAX_COLUMNS
_CHUNK = 64 * 1024

_OTHER_SEPARATORS = {",": "virgule", "\t": "tabulation", "|": "barre verticale"}
_MAX_LISTED = 10
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_UNREADABLE_XLSX = "un classeur .xlsx lisible (le fichier est endommagé ou d'un autre format)"


def read_table(
    content: bytes, filename: str, *, max_bytes: int, columns: Sequence[str], required: Sequence[str]
) -> pd.DataFrame:
    """Text frame with the template's ``columns`` (in that order), one row per data line, indexed by spreadsheet
    line; FileRejectedError explains why the file cannot be read (``required`` columns absent, unknown ones…)."""
    if len(content) > max_bytes:
        size = len(content) / 1_000_000
        raise FileRejectedError(
            filename, [RowError(f"fichier trop volumineux ({size:.1f} Mo) : {max_bytes // 1_000_000} Mo au plus")]
        )
    if not content.strip():
        raise FileRejectedError(filename, [RowError("le fichier est vide")])
    suffix = PurePath(filename).suffix.lower()
    try:
        if suffix == ".csv":
            frame = _read_csv(content)
        elif suffix == ".xlsx":
            frame = _read_xlsx(content)
        else:
            raise _UnreadableError(
                [RowError(f"format « {suffix or filename} » non pris en charge : .csv ou .xlsx attendu")]
            )
        frame = _conform_columns(frame, columns, required)
    except _UnreadableError as refused:
        raise FileRejectedError(filename, refused.errors) from refused
    if frame.empty:
        raise FileRejectedError(filename, [RowError("le fichier ne contient aucune ligne de données sous l'en-tête")])
    frame = frame.apply(lambda column: column.str.strip()).replace("", pd.NA)
    return frame.dropna(how="all")


class _UnreadableError(Exception):
    """Raised by the readers below; ``read_table`` adds the file name."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


def _too_many_rows(found: str) -> RowError:
    return RowError(
        f"au plus {number_text(MAX_ROWS)} lignes de données ({found}) : découpez le fichier ou supprimez les lignes "
        "vides sous les données"
    )


def _too_many_columns(found: str) -> RowError:
    return RowError(
        f"au plus {MAX_COLUMNS} colonnes ({found}) : supprimez les colonnes qui ne sont pas dans le modèle EMILE"
    )


def _read_csv(content: bytes) -> pd.DataFrame:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise _UnreadableError(
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
        raise _UnreadableError([RowError(f"des colonnes séparées par « {SEPARATOR} »{hint}", line=1)])
    # Upper bounds on what the parser can build, checked on the raw text: lines, and fields in all.
    lines = max(text.count("\n"), text.count("\r")) + 1
    if lines > MAX_ROWS + 2:  # the header, and the line break ending the last line
        raise _UnreadableError([_too_many_rows(f"le fichier compte {number_text(lines)} lignes")])
    if header.count(SEPARATOR) >= MAX_COLUMNS:
        raise _UnreadableError([_too_many_columns(f"{header.count(SEPARATOR) + 1} dans l'en-tête")])
    if text.count(SEPARATOR) > lines * MAX_COLUMNS:
        raise _UnreadableError([_too_many_columns("certaines lignes en comptent davantage")])
    reader = csv.reader(io.StringIO(text), delimiter=SEPARATOR)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise _UnreadableError(
            [
                RowError(
                    "des champs lisibles : un guillemet « \" » ouvert n'est pas refermé, ou un champ dépasse "
                    f"{number_text(csv.field_size_limit())} caractères",
                    line=reader.line_num,
                )
            ]
        ) from exc
    width = len(rows[0])
    ragged = [
        RowError(f"{width} champs comme l'en-tête, {len(row)} trouvés", line=number)
        for number, row in enumerate(rows, start=1)
        if row and len(row) != width
    ]
    if ragged:
        raise _UnreadableError(ragged[:_MAX_LISTED])
    body = [row or [""] * width for row in rows[1:]]
    return _numbered_frame(body, rows[0])


def _read_xlsx(content: bytes) -> pd.DataFrame:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            _check_archive(archive)
        rows, formulas = _sheet_rows(content)
    except _UnreadableError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise errors of many kinds on a damaged file
        raise _UnreadableError([RowError(_UNREADABLE_XLSX)]) from exc
    if formulas:
        raise _UnreadableError(formulas[:_MAX_LISTED])
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise _UnreadableError([RowError("le fichier est vide")])
    header = list(rows[0])
    while header and not header[-1]:
        header.pop()
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows[1:]]
    return _numbered_frame(body, header)


def _sheet_rows(content: bytes) -> tuple[list[list[str]], list[RowError]]:
    """The cells of the single sheet as text (at most ``MAX_COLUMNS`` × ``MAX_ROWS`` + 1), and any formula found."""
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    try:
        if len(workbook.sheetnames) != 1:
            names = ", ".join(workbook.sheetnames)
            raise _UnreadableError(
                [
                    RowError(
                        f"une seule feuille de données (le classeur en contient {len(workbook.sheetnames)} : {names})"
                    )
                ]
            )
        rows, formulas = [], []
        for row in workbook.worksheets[0].iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS):
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
    return rows, formulas


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse a workbook too large once unpacked, then stream each part to check its rows and columns."""
    members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    if len(members) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
        raise _UnreadableError(
            [
                RowError(
                    f"un classeur de {MAX_UNPACKED_BYTES // 1_000_000} Mo au plus une fois décompressé, en "
                    f"{MAX_PARTS} parties au plus (celui-ci : {number_text(unpacked / 1_000_000)} Mo en "
                    f"{number_text(len(members))} parties)"
                )
            ]
        )
    for member in members:
        _check_part(archive, member)


def _check_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Stream one part of the workbook through ``_PartScan``; a part that is not XML is left to openpyxl."""
    parser = expat.ParserCreate(namespace_separator="}")
    scan = _PartScan()
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    with archive.open(member) as stream:
        try:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except expat.ExpatError:
            return


class _PartScan:
    """Checks one XML part as expat reads it, keeping no element: a sheet may declare and hold at most
    ``MAX_ROWS`` + 1 rows of at most ``MAX_COLUMNS`` cells (``MAX_ROW_ELEMENTS`` elements), anything else at most
    ``MAX_OTHER_ELEMENTS`` elements."""

    def __init__(self) -> None:
        self.is_sheet: bool | None = None
        self.in_row = False
        self.rows = self.row_cells = self.row_elements = self.other_elements = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if self.is_sheet is None:
            self.is_sheet = tag == _SHEET_NS + "worksheet"
        if self.in_row:
            self._row_element(tag, attributes.get("r"))
        elif self.is_sheet and tag == _SHEET_NS + "row":
            self._row(attributes.get("r"))
        else:
            self.other_elements += 1
            if self.other_elements > MAX_OTHER_ELEMENTS:
                raise _UnreadableError([RowError(f"{_UNREADABLE_XLSX} : une partie du classeur est démesurée")])
            if self.is_sheet and tag == _SHEET_NS + "dimension":
                _check_dimension(attributes.get("ref", ""))

    def end(self, tag: str) -> None:
        if tag == _SHEET_NS + "row":
            self.in_row = False

    def _row(self, number: str | None) -> None:
        self.in_row = True
        self.rows += 1
        self.row_cells = self.row_elements = 0
        if self.rows > MAX_ROWS + 1:
            raise _UnreadableError([_too_many_rows(f"la feuille compte plus de {number_text(MAX_ROWS + 1)} lignes")])
        if number and number.isdigit() and int(number) > MAX_ROWS + 1:
            raise _UnreadableError([_too_many_rows(f"la feuille a une ligne n° {number_text(int(number))}")])

    def _row_element(self, tag: str, reference: str | None) -> None:
        self.row_elements += 1
        if self.row_elements > MAX_ROW_ELEMENTS:
            raise _UnreadableError([RowError(f"{_UNREADABLE_XLSX} : une ligne de la feuille est démesurée")])
        if tag == _SHEET_NS + "c":
            self.row_cells += 1
            column = max(self.row_cells, _column(reference))
            if column > MAX_COLUMNS:
                raise _UnreadableError(
                    [_too_many_columns(f"la feuille a une cellule en colonne {number_text(column)}")]
                )


def _column(reference: str | None) -> int:
    """Column number of a cell reference (``T12`` → 20), 0 when there is none."""
    match = _CELL_REFERENCE.match(reference or "")
    return column_index_from_string(match.group(1).upper()) if match else 0


def _check_dimension(reference: str) -> None:
    """The sheet's own statement of the cells it uses (``A1:T120``), checked before any row is read."""
    match = _CELL_REFERENCE.match(reference.split(":")[-1])
    if not match:
        return
    columns, rows = column_index_from_string(match.group(1).upper()), int(match.group(2))
    if rows > MAX_ROWS + 1:
        raise _UnreadableError([_too_many_rows(f"la feuille déclare {number_text(rows)} lignes : {reference}")])
    if columns > MAX_COLUMNS:
        raise _UnreadableError([_too_many_columns(f"la feuille déclare {number_text(columns)} colonnes : {reference}")])


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
    """The template's columns in template order (absent optional ones added empty), or a refusal naming the gaps."""
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
        raise _UnreadableError(errors)
    return frame.reindex(columns=list(template)).astype("string")
