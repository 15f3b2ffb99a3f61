"""Errors raised while reading a source file, worded in French for the person who runs the build."""

from __future__ import annotations

from pathlib import Path


class SourceError(Exception):
    """A source file cannot be used as it is. Names the file and, where known, the line and the column."""

    def __init__(self, file: Path | str, message: str, *, line: int | None = None, column: str | None = None):
        self.file = Path(file).name
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [f"fichier « {self.file} »"]
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column is not None:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}"


class FetchError(Exception):
    """A download failed after every retry and no earlier copy is cached."""
