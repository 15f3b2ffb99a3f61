"""The Classement page on a small fixture snapshot written in the real format (parquet per level) with a matching
test catalogue, so the page is exercised whatever the real snapshot currently holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scoring_fixtures import indicator
from streamlit.testing.v1 import AppTest

from emile import indicators

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "classement.py")
CATALOGUE = (
    indicator("emploi_tension", "emploi", True),
    indicator("logement_vacance", "logement", True),
    indicator("services_distance", "services", False),
    indicator("contexte_population", "contexte", None),
)
# Fictitious test values. 25 leads on jobs, 48 on housing; 75 is an origin area; 23 has a secret value.
DEPARTEMENTS = pd.DataFrame(
    {
        "nom": [
            "Cantal",
            "Doubs",
            "Lot",
            "Lozère",
            "Maine-et-Loire",
            "Seine-Maritime",
            "Paris",
            "Creuse",
            "Ain",
            "Allier",
        ],
        "emploi_tension": [0.5, 0.9, 0.4, 0.3, 0.6, 0.55, 0.95, 0.2, 0.7, 0.45],
        "logement_vacance": [0.6, 0.2, 0.5, 0.9, 0.4, 0.45, 0.1, np.nan, 0.3, 0.65],
        "services_distance": [12.0, 6.0, 10.0, 15.0, 7.0, 6.5, 1.0, 14.0, 8.0, 9.0],
        "contexte_population": [
            144_000,
            543_000,
            174_000,
            76_000,
            818_000,
            1_255_000,
            2_133_000,
            115_000,
            657_000,
            335_000,
        ],
    },
    index=pd.Index(["15", "25", "46", "48", "49", "76", "75", "23", "01", "03"], name="code"),
)
COMMUNES = pd.DataFrame(
    {
        "nom": ["Aurillac", "Mauriac", "Saint-Flour", "Mende", "Marvejols"],
        "departement": ["15", "15", "15", "48", "48"],
        "emploi_tension": [0.6, 0.3, 0.5, 0.4, 0.2],
        "logement_vacance": [0.3, 0.7, 0.5, 0.6, 0.8],
        "services_distance": [2.0, 9.0, 5.0, 3.0, 7.0],
    },
    index=pd.Index(["15014", "15120", "15187", "48095", "48092"], name="code"),
)


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    DEPARTEMENTS.to_parquet(tmp_path / "indicators_departement.parquet")
    COMMUNES.to_parquet(tmp_path / "indicators_commune.parquet")
    monkeypatch.setenv("EMILE_GEODATA_DIR", str(tmp_path))
    monkeypatch.setattr(indicators, "CATALOGUE", CATALOGUE)
    return AppTest.from_file(PAGE, default_timeout=30).run()


def ranking_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def test_page_ranks_departements_and_explains_exclusions(app):
    assert not app.exception
    table = ranking_table(app)
    assert "75" not in table.index and "23" not in table.index
    assert len(table) == 8
    excluded = app.dataframe[1].value
    assert excluded.loc["75", "Motif"] == "zone d'origine des volontaires"
    assert excluded.loc["23", "Motif"] == "donnée manquante : Libellé logement_vacance"
    # Context figures are shown elsewhere but never offered as a criterion.
    assert "contexte_population" not in app.multiselect(key="criteres").options
    assert app.markdown[0].value == "**En tête** : 1er Doubs · 2e Seine-Maritime · 3e Maine-et-Loire"
    assert app.markdown[1].value.startswith("Doubs est classé 1er sur 8 ; points forts : ")


def test_moving_a_theme_slider_changes_the_ranking(app):
    app.slider(key="theme_emploi").set_value(10).run()
    app.slider(key="theme_logement").set_value(0).run()
    jobs_first = ranking_table(app).index[0]
    app.slider(key="theme_emploi").set_value(0).run()
    app.slider(key="theme_logement").set_value(10).run()
    housing_first = ranking_table(app).index[0]
    assert (jobs_first, housing_first) == ("25", "48")
    assert "Libellé emploi_tension 0 %" in app.caption[1].value


def test_preset_sets_theme_sliders(app):
    app.selectbox(key="preset").set_value("logement").run()
    assert [app.slider(key=f"theme_{t}").value for t in ("emploi", "logement", "services")] == [1, 2, 1]


def test_saved_scenario_reloads_the_same_ranking(app):
    app.selectbox(key="methode").set_value("topsis").run()
    app.selectbox(key="normalisation").set_value("rang_centile").run()
    app.slider(key="poids_services_distance").set_value(2).run()
    app.text_input(key="nom_scenario").set_value("Essai logement").run()
    saved_json = app.code[0].value
    saved_table = ranking_table(app)

    fresh = AppTest.from_file(PAGE, default_timeout=30).run()
    assert fresh.selectbox(key="methode").value == "somme_ponderee"
    fresh.file_uploader(key="scenario_file").upload("essai.json", saved_json.encode(), "application/json").run()
    assert not fresh.exception
    assert fresh.success[0].value == "Scénario « Essai logement » chargé."
    assert fresh.selectbox(key="methode").value == "topsis"
    assert fresh.slider(key="poids_services_distance").value == 2
    pd.testing.assert_frame_equal(ranking_table(fresh), saved_table)
    assert fresh.code[0].value == saved_json


def test_bad_scenario_file_gives_a_french_error(app):
    app.file_uploader(key="scenario_file").upload("faux.json", b'{"name": "x"}', "application/json").run()
    assert "Scénario invalide (champ « level »)" in app.error[0].value
    assert app.selectbox(key="methode").value == "somme_ponderee"


def test_commune_level_within_chosen_departements(app):
    app.radio(key="niveau").set_value("commune").run()
    assert "Choisissez au moins un département" in app.info[0].value
    app.multiselect(key="departements").set_value(["48"]).run()
    assert not app.exception
    assert sorted(ranking_table(app).index) == ["48092", "48095"]
