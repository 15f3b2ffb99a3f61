"""Scenario JSON round trip, exports and their protection against formula injection, and the [scoring] settings."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest
from scoring_fixtures import X, Y, three_territories

from emile.config import ConfigError, config_from_mapping, load_config
from emile.scoring.export import escape_cell, parameters_frame, ranking_frame, to_csv, to_xlsx
from emile.scoring.ranking import Threshold, rank_territories
from emile.scoring.scenario import Scenario, ScenarioError, from_json, to_json, vintage_changes

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def scenario(name: str = "Test") -> Scenario:
    return Scenario(
        name=name,
        level="departement",
        theme_weights={"emploi": 3, "logement": 2, "services": 0},
        criteria={"x": 1.0, "y": 1.0},
        method="topsis",
        normalisation="rang_centile",
        thresholds=[Threshold("y", maximum=4.0)],
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
        ('{"name": "x"}', "champ « level »"),
        (to_json(scenario()).replace('"topsis"', '"electre"'), "champ « method »"),
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
    return ranking_frame(ranking, [X, Y]), parameters_frame(scenario("@evil"), ranking, [X, Y])


def test_csv_export_records_parameters_and_is_safe():
    table, parameters = _hostile_ranking()
    rows = list(csv.reader(io.StringIO(to_csv(table, parameters).decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(DANGEROUS) for cell in cells)
    assert '\'=HYPERLINK("http://example.invalid","x")' in cells and "'@evil" in cells
    blank = rows.index([])
    assert rows[blank + 1] == ["Rang", "Code", "Territoire", "Score", "Libellé x (%, 2024)", "Libellé y (%, 2024)"]
    assert [r[1] for r in rows[blank + 2 :]] == ["03", "02", "01"]
    params = dict(rows[1:blank])
    assert params["Méthode"] == "TOPSIS (proximité à l'idéal)" and params["Poids : Libellé x"] == "60 %"
    assert from_json(params["Scénario (JSON)"]).name == "@evil"


def test_xlsx_export_has_two_sheets_and_no_formula():
    table, parameters = _hostile_ranking()
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(table, parameters)))
    assert book.sheetnames == ["Classement", "Paramètres"]
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert book["Classement"]["C4"].value == '\'=HYPERLINK("http://example.invalid","x")'
    assert book["Classement"]["A2"].value == 1


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
