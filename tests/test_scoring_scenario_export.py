"""Scenario JSON round trip, exports and their protection against formula injection, and the [scoring] settings."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest
from scoring_fixtures import X, Y, three_territories

from emile.config import ConfigError, config_from_mapping, load_config
from emile.scoring.export import escape_cell, parameters_frame, ranking_frame, to_csv, to_xlsx, workbook_sheets
from emile.scoring.ranking import rank_territories
from emile.scoring.scenario import Scenario, ScenarioError, ThresholdSpec, from_json, to_json, vintage_changes
from emile.scoring.sensitivity import monte_carlo

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def scenario(name: str = "Test") -> Scenario:
    return Scenario(
        name=name,
        level="departement",
        theme_weights={"emploi": 3, "logement": 2, "services": 0},
        criteria={"x": 1, "y": 1},
        method="topsis",
        normalisation="rang_centile",
        thresholds=[ThresholdSpec(indicator_id="y", maximum=4.0)],
        data_vintage={"x": "2024", "y": "2024"},
    )


def test_scenario_round_trip():
    original = scenario()
    assert from_json(to_json(original)) == original
    assert from_json(to_json(original).encode()) == original


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("pas du json", "n'est pas un JSON valide"),
        ('{"name": "x"}', "champ « poids des thèmes » : champ obligatoire absent"),
        (to_json(scenario()).replace('"topsis"', '"electre"'), "champ « méthode » : valeur attendue parmi"),
        (to_json(scenario()).replace('"x": 1,', '"x": 11,'), "critères › x » : un nombre inférieur ou égal à 10"),
        ("x" * 70_000, "fichier de 70 Ko"),
    ],
)
def test_bad_scenario_files_get_a_french_error(text, message):
    with pytest.raises(ScenarioError, match=message):
        from_json(text)


def test_vintage_changes_are_reported():
    newer = [X, Y.__class__(**{**Y.__dict__, "vintage": "2025"})]
    assert vintage_changes(scenario(), newer) == ["Libellé y : millésime 2024 à l'enregistrement, 2025 aujourd'hui"]
    assert vintage_changes(scenario(), [X]) == ["y : critère absent des données actuelles"]


@pytest.mark.parametrize("text", ["=1+1", "+33", "-2", "@SUM(A1)", "\tx", "\r=1"])
def test_escape_cell_neutralises_formulas(text):
    assert escape_cell(text) == "'" + text


def test_escape_cell_leaves_plain_values():
    assert escape_cell("Lozère") == "Lozère"
    assert escape_cell(-2.5) == -2.5


def _hostile_ranking():
    frame = three_territories()
    frame.loc["01", "nom"] = '=HYPERLINK("http://example.invalid","x")'
    ranking = rank_territories(frame, [X, Y], pd.Series({"x": 0.6, "y": 0.4}), "topsis", "rang_centile")
    return ranking, ranking_frame(ranking, [X, Y]), parameters_frame(scenario("@evil"), ranking, [X, Y])


def test_csv_export_is_the_ranking_alone_for_a_french_spreadsheet_and_is_safe():
    _, table, _ = _hostile_ranking()
    text = to_csv(table).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(DANGEROUS) for cell in cells)
    assert '\'=HYPERLINK("http://example.invalid","x")' in cells
    assert rows[0] == ["Rang", "Code", "Territoire", "Score", "Libellé x (%, 2024)", "Libellé y (%, 2024)"]
    assert [r[1] for r in rows[1:]] == ["03", "02", "01"]
    assert "," in rows[1][3] and "." not in rows[1][3]  # decimal comma
    assert len(rows) == 4  # no parameters block above or below the table


def test_xlsx_export_has_every_table_formatted_and_no_formula():
    ranking, table, _ = _hostile_ranking()
    draws = monte_carlo(ranking, top_k=1, draws=20)
    sheets = workbook_sheets(ranking, [X, Y], scenario("@evil"), draws, ["02", "03"])
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(sheets)))
    assert book.sheetnames == ["Classement", "Paramètres", "Robustesse", "Non classés", "Comparaison"]
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    ranked = book["Classement"]
    assert ranked["C4"].value == '\'=HYPERLINK("http://example.invalid","x")'
    assert ranked["A2"].value == 1 and ranked["D2"].number_format == "0.000"
    assert ranked.freeze_panes == "A2" and ranked.column_dimensions["C"].width > 10
    parameters = {row[0].value: row[1].value for row in book["Paramètres"].iter_rows(min_row=2)}
    assert parameters["Méthode"] == "TOPSIS (proximité à l'idéal)" and parameters["Poids : Libellé x"] == "60 %"
    assert from_json(parameters["Scénario (JSON)"].lstrip("'")).name == "@evil"
    assert [row[0].value for row in book["Comparaison"].iter_rows(min_row=2)] == [1, 2]


TERRITORIES = {"territoires": {"pilotes_2019": [], "accueil": [], "origines": {"departements": []}}}


def test_project_config_has_the_four_presets():
    settings = load_config().scoring
    labels = [p.label for p in settings.presets.values()]
    assert labels == ["Équilibré", "Emploi d'abord", "Logement d'abord", "Services d'abord"]
    assert settings.draws == 1000


@pytest.mark.parametrize(
    ("section", "key"),
    [
        ({"presets": {}}, "scoring.presets"),
        ({"presets": {"a": {"libelle": "A", "poids": {"emploi": -1}}}}, "scoring.presets.a.poids.emploi"),
        ({"presets": {"a": {"libelle": "A", "poids": {"culture": 1}}}}, "scoring.presets.a.poids.culture"),
        ({"presets": {"a": {"poids": {"emploi": 1}}}}, "scoring.presets.a.libelle"),
        ({"presets": {"a": {"libelle": "A", "poids": {"emploi": 1}}}, "methode": "electre"}, "scoring.methode"),
        ({"presets": {"a": {"libelle": "A", "poids": {"emploi": 1}}}, "tirage": 5}, "scoring.tirage"),
    ],
)
def test_bad_settings_name_the_key(section, key):
    with pytest.raises(ConfigError, match=f"« {key} »"):
        config_from_mapping({**TERRITORIES, "scoring": section})
