"""What every upload template is made of: its columns, the empty file to download (CSV or XLSX) and the table that
documents it, so that the columns someone fills in and the checks the import applies come from one place."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from emile.uploads.reading import SEPARATOR


@dataclass(frozen=True)
class TemplateColumn:
    """``name`` is the French header in the file, ``field`` the store's attribute it fills."""

    name: str
    field: str
    description: str
    required: bool
    example: str


def column_names(columns: Sequence[TemplateColumn]) -> tuple[str, ...]:
    return tuple(column.name for column in columns)


def required_names(columns: Sequence[TemplateColumn]) -> tuple[str, ...]:
    return tuple(column.name for column in columns if column.required)


def csv_template(columns: Sequence[TemplateColumn]) -> bytes:
    """The empty template (header line only), UTF-8 with BOM so that spreadsheet software reads accents correctly."""
    return (SEPARATOR.join(column_names(columns)) + "\r\n").encode("utf-8-sig")


def xlsx_template(columns: Sequence[TemplateColumn]) -> bytes:
    """The empty template as a one-sheet workbook (the import refuses workbooks of several sheets), header in bold
    and every column formatted as text, so that codes such as « 01004 » keep their leading zero."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Données"
    sheet.append(list(column_names(columns)))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(str(cell.value)) + 4)
        sheet.column_dimensions[cell.column_letter].number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def documentation(columns: Sequence[TemplateColumn]) -> pd.DataFrame:
    """One row per column: name, meaning, whether it is required and an example value."""
    return pd.DataFrame(
        {
            "Colonne": [c.name for c in columns],
            "Contenu": [c.description for c in columns],
            "Obligatoire": ["oui" if c.required else "non" for c in columns],
            "Exemple": [c.example for c in columns],
        }
    )
