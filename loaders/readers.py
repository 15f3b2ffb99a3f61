"""Defensive readers for the publishers' CSV and spreadsheet files.

Public files change shape between vintages: encodings (UTF-8 with BOM, cp1252), separators, header offsets, renamed
columns, secrecy markers in numeric columns. Every reader here either returns a frame whose required columns exist,
or raises a SourceError naming the file, the line and the column, so that a bad file never reaches the snapshot.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

from loaders.errors import SourceError

# Markers publishers use for values withheld (statistical secrecy) or not available.
SECRET_MARKERS = frozenset({"*", "s", "secret", "nd", "n.d.", "n.d", "nc", "n.c.", "-", "–", "x", ""})
_ENCODINGS = ("utf-8-sig", "cp1252")
_HEADER_SEARCH_ROWS = 30


def _decode(path: Path, raw: bytes, encoding: str | None) -> str:
    if not raw.strip():
        raise SourceError(path, "le fichier est vide")
    for candidate in (encoding,) if encoding else _ENCODINGS:
        try:
            return raw.decode(candidate)
        except UnicodeDecodeError as exc:
            if encoding:
                line = raw[: exc.start].count(b"\n") + 1
                raise SourceError(path, f"encodage attendu {encoding}, octet invalide", line=line) from exc
    raise SourceError(path, "encodage non reconnu (ni UTF-8 ni Windows-1252)")


def _sniff_separator(path: Path, text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t|").delimiter
    except csv.Error as exc:
        raise SourceError(path, "séparateur de colonnes introuvable (ni « ; », ni « , », ni tabulation)") from exc


def _missing_columns_error(path: Path, missing: Sequence[str], available: Iterable[str]) -> SourceError:
    available = [str(c) for c in available]
    hints = []
    for column in missing:
        close = difflib.get_close_matches(column, available, n=1, cutoff=0.6)
        hints.append(f"« {column} »" + (f" (renommée en « {close[0]} » ?)" if close else ""))
    return SourceError(
        path,
        f"colonnes manquantes : {', '.join(hints)} ; colonnes présentes : {', '.join(available[:40])}",
        column=missing[0],
    )


def _find_header(path: Path, grid: pd.DataFrame, required: Sequence[str]) -> int:
    """Index of the first row of ``grid`` holding every required column name (title rows come before it)."""
    best_row, best_hits = 0, -1
    for index in range(min(_HEADER_SEARCH_ROWS, len(grid))):
        values = {str(v).strip() for v in grid.iloc[index].tolist()}
        hits = sum(column in values for column in required)
        if hits == len(required):
            return index
        if hits > best_hits:
            best_row, best_hits = index, hits
    header = [str(v).strip() for v in grid.iloc[best_row].tolist()] if len(grid) else []
    raise _missing_columns_error(path, [c for c in required if c not in header], header)


def _frame_from_grid(grid: pd.DataFrame, header_index: int) -> pd.DataFrame:
    """Rows below the header, indexed by their 1-based line in the file so that any later error can name it."""
    frame = grid.iloc[header_index + 1 :].copy()
    frame.columns = [str(v).strip() for v in grid.iloc[header_index].tolist()]
    frame = frame.loc[:, [c for c in frame.columns if c and c != "nan"]]
    frame.index = pd.RangeIndex(header_index + 2, header_index + 2 + len(frame), name="ligne")
    return frame.dropna(how="all")


def read_csv(
    path: Path, required: Sequence[str], *, sep: str | None = None, encoding: str | None = None
) -> pd.DataFrame:
    """Read a delimited text file as strings, finding encoding, separator and header line when not given."""
    path = Path(path)
    text = _decode(path, path.read_bytes(), encoding)
    separator = sep or _sniff_separator(path, text)
    try:
        grid = pd.read_csv(
            io.StringIO(text),
            sep=separator,
            dtype=str,
            header=None,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="python",
        )
    except (pd.errors.ParserError, csv.Error) as exc:
        raise SourceError(path, f"fichier mal formé : {exc}") from exc
    header_index = _find_header(path, grid, required)
    return _frame_from_grid(grid.replace("", pd.NA), header_index)


def _stacked_header(grid: pd.DataFrame, start: int, rows: int) -> list[str]:
    """Column names of a header spread over ``rows`` lines from ``start``, as « Ensemble / Total » for a group title
    written once above the sub-headers it spans."""
    block = [["" if pd.isna(v) else str(v).strip() for v in grid.iloc[start + k].tolist()] for k in range(rows)]
    bottom = block[-1]
    names = []
    for position, last in enumerate(bottom):
        parts = []
        for line in block[:-1]:
            own = line[position]
            if not own and last:  # a group title covers the sub-headers to its right
                own = next((line[c] for c in range(position - 1, -1, -1) if line[c]), "")
            parts.append(own)
        names.append(" / ".join(part for part in [*parts, last] if part))
    return names


def _fold_header(path: Path, grid: pd.DataFrame, required: Sequence[str], rows: int) -> tuple[pd.DataFrame, int]:
    """Find a header spread over ``rows`` lines and put its folded names on its last line."""
    candidates = pd.DataFrame(
        [_stacked_header(grid, start, rows) for start in range(min(_HEADER_SEARCH_ROWS, len(grid) - rows + 1))]
    )
    header_index = _find_header(path, candidates, required) + rows - 1
    folded = grid.copy()
    folded.iloc[header_index] = candidates.iloc[header_index - rows + 1].replace("", None).tolist()
    return folded, header_index


def read_excel(path: Path, required: Sequence[str], *, sheet: str | None = None, header_rows: int = 1) -> pd.DataFrame:
    """Read one sheet of an XLSX/XLS workbook as strings, locating the header row below any title rows.
    ``header_rows`` > 1 folds a multi-line header into names such as « Ensemble / Total »."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise SourceError(path, "le fichier est vide")
    try:
        book = pd.ExcelFile(path, engine="calamine")
    except Exception as exc:  # calamine raises its own types for corrupt or non-spreadsheet files
        raise SourceError(path, f"classeur illisible : {exc}") from exc
    sheets = book.sheet_names
    if sheet is not None and sheet not in sheets:
        raise SourceError(path, f"onglet « {sheet} » absent ; onglets présents : {', '.join(sheets)}")
    grid = pd.read_excel(book, sheet_name=sheet if sheet is not None else sheets[0], header=None, dtype=str)
    if grid.empty:
        raise SourceError(path, f"l'onglet « {sheet or sheets[0]} » est vide")
    if header_rows > 1:
        grid, header_index = _fold_header(path, grid, required, header_rows)
    else:
        header_index = _find_header(path, grid, required)
    return _frame_from_grid(grid, header_index)


def file_line(frame: pd.DataFrame, position: int) -> int | None:
    """The 1-based line (or spreadsheet row) in the source file of the frame's row at ``position``: the readers
    index rows by line; a frame built otherwise has no line to name."""
    label = frame.index[position]
    return int(label) if frame.index.name == "ligne" else None


def to_number(frame: pd.DataFrame, column: str, path: Path, *, decimal: str = ".") -> pd.Series:
    """Convert a text column to floats. Secrecy and 'not available' markers become NaN; any other text raises a
    SourceError naming the line and column, so a shifted column is never silently read as missing."""
    text = frame[column].astype("string").str.strip()
    if decimal != ".":
        text = text.str.replace(" ", "", regex=False).str.replace("\u00a0", "", regex=False)
        text = text.str.replace(decimal, ".", regex=False)
    values = pd.to_numeric(text, errors="coerce")
    is_marker = text.isna() | text.str.lower().isin(SECRET_MARKERS)
    bad = values.isna() & ~is_marker
    if bad.any():
        position = int(bad.to_numpy().nonzero()[0][0])
        raise SourceError(
            path,
            f"valeur « {text.iloc[position]} » : un nombre est attendu",
            line=file_line(frame, position),
            column=column,
        )
    return values.astype("float64")


def secret_mask(frame: pd.DataFrame, column: str) -> pd.Series:
    """True where the publisher withheld the value with a secrecy marker (as opposed to a blank cell)."""
    text = frame[column].astype("string").str.strip().str.lower()
    return text.isin(SECRET_MARKERS - {""}).fillna(False).astype(bool)


def drop_exact_duplicates(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Remove rows repeated verbatim (a common export glitch) and say how many went."""
    deduplicated = frame.drop_duplicates()
    return deduplicated, len(frame) - len(deduplicated)


def require_unique(frame: pd.DataFrame, keys: Sequence[str], path: Path) -> None:
    """Raise when two rows share a key but disagree elsewhere: the file contradicts itself."""
    duplicated = frame.duplicated(subset=list(keys), keep="first")
    if duplicated.any():
        position = int(duplicated.to_numpy().nonzero()[0][0])
        key = ", ".join(f"{k}={frame[k].iloc[position]}" for k in keys)
        raise SourceError(path, f"ligne en double pour la clé {key}", line=file_line(frame, position), column=keys[0])
