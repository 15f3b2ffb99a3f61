"""Ranking exports (CSV and XLSX) that carry the full scenario, so a figure quoted in a meeting can be reproduced.

Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return) are prefixed
with an apostrophe, as OWASP recommends against CSV/formula injection; territory names and scenario names are free text.
The CSV is plain RFC 4180 (comma, dot decimals, UTF-8 with BOM so Excel detects the encoding): a block of parameters,
an empty line, then the ranking.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import pandas as pd

from emile.indicators import Indicator
from emile.scoring.normalise import NORMALISATION_LABELS
from emile.scoring.ranking import METHOD_LABELS, Ranking
from emile.scoring.scenario import Scenario, to_json
from emile.scoring.weights import percentages

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


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
        ("Niveau", scenario.level),
        ("Départements", ", ".join(scenario.departements) or "tous"),
        ("Méthode", METHOD_LABELS[scenario.method]),
        ("Normalisation", NORMALISATION_LABELS[scenario.normalisation]),
    ]
    rows += [(f"Poids : {by_id[i].label}", f"{share} %") for i, share in percentages(ranking.weights).items()]
    rows += [(f"Millésime : {by_id[i].label}", by_id[i].vintage) for i in ranking.weights.index]
    for threshold in scenario.thresholds:
        bounds = f"min {threshold.minimum}" if threshold.minimum is not None else ""
        bounds += f" max {threshold.maximum}" if threshold.maximum is not None else ""
        rows.append((f"Seuil : {threshold.indicator_id}", bounds.strip()))
    rows += [("Territoires exclus", str(len(ranking.excluded))), ("Scénario (JSON)", to_json(scenario))]
    return pd.DataFrame(rows, columns=["Paramètre", "Valeur"])


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.astype(object)
    return frame.where(frame.notna(), "").map(escape_cell)


def to_csv(ranking_table: pd.DataFrame, parameters: pd.DataFrame) -> bytes:
    """CSV bytes: parameters block, an empty line, then the ranking table."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for frame in (_escaped(parameters), None, _escaped(ranking_table)):
        if frame is None:
            writer.writerow([])
            continue
        writer.writerow(frame.columns)
        writer.writerows(frame.itertuples(index=False))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(ranking_table: pd.DataFrame, parameters: pd.DataFrame) -> bytes:
    """XLSX bytes with two sheets, « Classement » and « Paramètres »."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _escaped(ranking_table).to_excel(writer, sheet_name="Classement", index=False)
        _escaped(parameters).to_excel(writer, sheet_name="Paramètres", index=False)
    return buffer.getvalue()
