"""Problems found in an uploaded file (operator journeys, offers), worded in French for the person who prepared it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem: where (spreadsheet row number counting the header as row 1, column), the value, what was expected.

    ``line`` and ``column`` are None for problems about the whole file (encoding, missing columns…).
    """

    expected: str
    line: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        value = f" : valeur « {self.value} »" if self.value is not None else ""
        prefix = ", ".join(where).capitalize()
        return f"{prefix}{value} — {self.expected}" if prefix else self.expected


class FileRejectedError(Exception):
    """The file ``filename`` cannot be read at all (encoding, separator, format, size, columns, damaged workbook);
    nothing was written."""

    def __init__(self, filename: str, errors: list[RowError]):
        self.filename = filename
        self.errors = errors
        super().__init__(f"Fichier « {filename} » refusé : " + "\n".join(str(error) for error in errors))
