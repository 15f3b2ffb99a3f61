"""Problems found in an operator file, worded in French for the person who prepared it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RowError:
    """One problem: where (spreadsheet row number counting the header as row 1, column), the value, what was expected.

    ``ligne`` and ``colonne`` are None for problems about the whole file (encoding, missing columns…).
    """

    attendu: str
    ligne: int | None = None
    colonne: str | None = None
    valeur: str | None = None

    def __str__(self) -> str:
        where = []
        if self.ligne is not None:
            where.append(f"ligne {self.ligne}")
        if self.colonne is not None:
            where.append(f"colonne « {self.colonne} »")
        value = f" : valeur « {self.valeur} »" if self.valeur is not None else ""
        prefix = ", ".join(where).capitalize()
        return f"{prefix}{value} — {self.attendu}" if prefix else self.attendu


class FileRejected(Exception):
    """The file cannot be read at all (encoding, separator, format, size, columns); nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))
