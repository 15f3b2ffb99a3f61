"""Ranking exports that carry the full scenario, so a figure quoted in a meeting can be reproduced.

- CSV for French spreadsheets: the ranking table only, ``;`` between columns, decimal comma, UTF-8 with BOM (Excel in
  French opens it in columns and reads the accents). The parameters are in the workbook and in the scenario JSON,
  never above the table, which would break every CSV reader.
- XLSX: one sheet each for the ranking, the parameters (with the scenario JSON to reload it as is), the robustness,
  the territories left out and the territories compared; numbers stored as numbers with a display format, column
  widths set, header row frozen.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) are prefixed
with an apostrophe, as OWASP recommends against CSV/formula injection: territory and scenario names are free text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from emile.formatting import number
from emile.indicators import LEVEL_LABELS, Indicator
from emile.scoring.normalise import NORMALISATION_LABELS
from emile.scoring.ranking import METHOD_LABELS, Ranking
from emile.scoring.scenario import Scenario, to_json
from emile.scoring.weights import percentages

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60


def escape_cell(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would evaluate; numbers and other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def ranking_frame(ranking: Ranking, criteria: Sequence[Indicator]) -> pd.DataFrame:
    """The ranking with French headers; each criterion header carries its unit and vintage."""
    by_id = {c.id: c for c in criteria}
    headers = {i: f"{by_id[i].label} ({by_id[i].unit}, {by_id[i].vintage})" for i in ranking.weights.index}
    table = ranking.table.rename(columns={"nom": "Territoire", "score": "Score", "rang": "Rang", **headers})
    table = table.rename_axis("Code").reset_index()
    return table[["Rang", "Code", "Territoire", "Score", *headers.values()]]


def parameters_frame(scenario: Scenario, ranking: Ranking, criteria: Sequence[Indicator]) -> pd.DataFrame:
    """Two columns (Paramètre, Valeur): human-readable settings, then the scenario JSON to reload it as is."""
    by_id = {c.id: c for c in criteria}
    rows = [
        ("Scénario", scenario.name),
        ("Niveau", LEVEL_LABELS[scenario.level]),
        ("Départements", ", ".join(scenario.departements) or "tous"),
        ("Méthode", METHOD_LABELS[scenario.method]),
        ("Normalisation", NORMALISATION_LABELS[scenario.normalisation]),
    ]
    rows += [(f"Poids : {by_id[i].label}", f"{share} %") for i, share in percentages(ranking.weights).items()]
    rows += [(f"Millésime : {by_id[i].label}", by_id[i].vintage) for i in ranking.weights.index]
    for threshold in scenario.thresholds:
        label = by_id[threshold.indicator_id].label if threshold.indicator_id in by_id else threshold.indicator_id
        bounds = [
            f"minimum {number(threshold.minimum, 2)}" if threshold.minimum is not None else "",
            f"maximum {number(threshold.maximum, 2)}" if threshold.maximum is not None else "",
        ]
        rows.append((f"Seuil : {label}", ", ".join(b for b in bounds if b) or "aucun"))
    rows += [("Territoires classés", str(len(ranking.table))), ("Territoires non classés", str(len(ranking.excluded)))]
    rows.append(("Scénario (JSON)", to_json(scenario)))
    return pd.DataFrame(rows, columns=["Paramètre", "Valeur"])


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells escaped, numbers kept as numbers, missing cells empty."""
    return frame.astype(object).where(frame.notna(), None).map(escape_cell)


def _french_cell(value: object) -> object:
    if isinstance(value, float):
        return f"{value:.6g}".replace(".", ",")
    return "" if value is None else value


def to_csv(ranking_table: pd.DataFrame) -> bytes:
    """The ranking alone, as a French spreadsheet opens it (``;``, decimal comma, UTF-8 with BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(ranking_table.columns)
    writer.writerows([_french_cell(v) for v in row] for row in _escaped(ranking_table).itertuples(index=False))
    return buffer.getvalue().encode("utf-8-sig")


def _number_format(values: pd.Series) -> str | None:
    """An Excel display format (the file's codes are locale-free: a French Excel shows « 1 234,5 »)."""
    numeric = pd.to_numeric(values, errors="coerce").dropna()
    if numeric.empty:
        return None
    if (numeric == numeric.round()).all():
        return "#,##0"
    return "0.000" if numeric.abs().max() <= 1 else "#,##0.0"


def to_xlsx(sheets: Mapping[str, pd.DataFrame]) -> bytes:
    """One sheet per table, in order: numbers stored as numbers with a display format, widths fitted to the
    content (at most ``MAX_COLUMN_WIDTH`` characters), header row frozen."""
    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        sheet = book.create_sheet(name[:31])
        escaped = _escaped(frame)
        sheet.append([str(c) for c in frame.columns])
        for row in escaped.itertuples(index=False):
            sheet.append([value.item() if hasattr(value, "item") else value for value in row])
        for position, column in enumerate(frame.columns, start=1):
            letter = get_column_letter(position)
            texts = [str(column), *(str(v) for v in frame[column].head(500) if pd.notna(v))]
            sheet.column_dimensions[letter].width = min(max(len(t) for t in texts) + 2, MAX_COLUMN_WIDTH)
            display = _number_format(frame[column]) if pd.api.types.is_numeric_dtype(frame[column]) else None
            if display:
                for cell in sheet[letter][1:]:
                    cell.number_format = display
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_sheets(
    ranking: Ranking,
    criteria: Sequence[Indicator],
    scenario: Scenario,
    robustness: pd.DataFrame,
    shortlist: Sequence[str],
) -> dict[str, pd.DataFrame]:
    """The sheets of the XLSX export: ranking, parameters, robustness, territories left out and compared."""
    table = ranking_frame(ranking, criteria)
    draws = (
        robustness.rename(
            columns={
                "nom": "Territoire",
                "rang": "Rang",
                "p_top_k": "Probabilité d'être en tête",
                "rang_p05": "Rang (5 %)",
                "rang_median": "Rang médian",
                "rang_p95": "Rang (95 %)",
            }
        )
        .rename_axis("Code")
        .reset_index()
    )
    excluded = (
        ranking.excluded.rename(columns={"nom": "Territoire", "motif": "Motif"}).rename_axis("Code").reset_index()
    )
    compared = table[table["Code"].isin(list(shortlist))]
    return {
        "Classement": table,
        "Paramètres": parameters_frame(scenario, ranking, criteria),
        "Robustesse": draws,
        "Non classés": excluded,
        "Comparaison": compared,
    }
