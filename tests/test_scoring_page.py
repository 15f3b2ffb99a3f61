"""The Classement page on a small fixture snapshot written in the real format (parquet per level) with a matching
test catalogue, so the page is exercised whatever the real snapshot currently holds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scoring_fixtures import indicator
from streamlit.testing.v1 import AppTest

from emile import indicators
from emile.config import PROJECT_ROOT

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "classement.py")
APP = str(PROJECT_ROOT / "app.py")
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


def fixture_snapshot(root: Path, monkeypatch) -> None:
    """Fictitious indicator tables under a test catalogue; the shapes the ranking map draws are the real ones."""
    DEPARTEMENTS.to_parquet(root / "indicators_departement.parquet")
    COMMUNES.to_parquet(root / "indicators_commune.parquet")
    for shapes in ("departements", "communes", "bassins"):
        (root / f"{shapes}.parquet").symlink_to(PROJECT_ROOT / "geodata" / f"{shapes}.parquet")
    (root / "manifest.json").write_text('{"date_construction": "2026-12-01", "sources": {}, "geographie": {}}')
    monkeypatch.setenv("EMILE_GEODATA_DIR", str(root))
    monkeypatch.setattr(indicators, "CATALOGUE", CATALOGUE)


@pytest.fixture
def app(tmp_path, monkeypatch) -> AppTest:
    fixture_snapshot(tmp_path, monkeypatch)
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
    assert "contexte_population" not in app.multiselect(key="w_criteres").options
    assert app.markdown[0].value == "**En tête** : 1er Doubs · 2e Seine-Maritime · 3e Maine-et-Loire"
    assert app.markdown[1].value.startswith("Doubs est classé 1er sur 8 ; points forts : ")


def test_moving_a_theme_slider_changes_the_ranking(app):
    app.slider(key="w_theme_emploi").set_value(10).run()
    app.slider(key="w_theme_logement").set_value(0).run()
    jobs_first = ranking_table(app).index[0]
    app.slider(key="w_theme_emploi").set_value(0).run()
    app.slider(key="w_theme_logement").set_value(10).run()
    housing_first = ranking_table(app).index[0]
    assert (jobs_first, housing_first) == ("25", "48")
    assert "Libellé emploi_tension 0 %" in app.caption[1].value


def test_preset_sets_theme_sliders_and_a_change_by_hand_says_personnalise(app):
    app.selectbox(key="w_preset").set_value("logement").run()
    assert [app.slider(key=f"w_theme_{t}").value for t in ("emploi", "logement", "services")] == [1, 2, 1]
    assert app.query_params["prereglage"] == "logement"
    app.slider(key="w_poids_services_distance").set_value(2).run()
    assert app.selectbox(key="w_preset").value == "personnalise"
    app.selectbox(key="w_preset").set_value("logement").run()  # the preset again: every criterion back at 5
    assert app.slider(key="w_poids_services_distance").value == 5
    assert app.selectbox(key="w_preset").value == "logement"


def test_saved_scenario_reloads_the_same_ranking(app):
    app.selectbox(key="w_methode").set_value("topsis").run()
    app.selectbox(key="w_normalisation").set_value("rang_centile").run()
    app.slider(key="w_poids_services_distance").set_value(2).run()
    app.text_input(key="w_nom").set_value("Essai logement").run()
    saved_json = app.code[0].value
    saved_table = ranking_table(app)

    fresh = AppTest.from_file(PAGE, default_timeout=30).run()
    assert fresh.selectbox(key="w_methode").value == "somme_ponderee"
    fresh.file_uploader(key="scenario_file").upload("essai.json", saved_json.encode(), "application/json").run()
    assert not fresh.exception
    assert fresh.success[0].value == "Scénario « Essai logement » chargé."
    assert fresh.selectbox(key="w_methode").value == "topsis"
    assert fresh.slider(key="w_poids_services_distance").value == 2
    pd.testing.assert_frame_equal(ranking_table(fresh), saved_table)
    assert fresh.code[0].value == saved_json


def test_the_link_reproduces_the_ranking(app):
    app.selectbox(key="w_methode").set_value("topsis").run()
    app.slider(key="w_poids_services_distance").set_value(2).run()
    link = dict(app.query_params)
    assert link == {"methode": "topsis", "poids": "services_distance.2"}
    shared = AppTest.from_file(PAGE, default_timeout=30)
    for name, value in link.items():
        shared.query_params[name] = value
    shared.run()
    assert shared.selectbox(key="w_methode").value == "topsis"
    assert shared.slider(key="w_poids_services_distance").value == 2
    pd.testing.assert_frame_equal(ranking_table(shared), ranking_table(app))


def test_a_broken_link_falls_back_and_says_so(tmp_path, monkeypatch):
    fixture_snapshot(tmp_path, monkeypatch)
    app = AppTest.from_file(PAGE, default_timeout=30)
    app.query_params["poids"] = "inconnu.3,services_distance.99"
    app.query_params["themes"] = "a-b"
    app.run()
    assert not app.exception
    assert "Lien en partie illisible" in app.warning[0].value
    assert app.slider(key="w_poids_services_distance").value == 5


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"theme_weights": {"emploi": 11, "logement": 1, "services": 1}}, "poids des thèmes › emploi"),
        ({"criteria": {"services_distance": 7.5}}, "un nombre entier est attendu"),
        ({"criteria": {"services_distance": 1e9}}, "inférieur ou égal à 10"),
        ({"data_vintage": {f"x{i}": "2024" for i in range(200_000)}}, "fichier de"),
    ],
)
def test_bad_scenario_files_get_one_french_message_and_the_upload_stays(app, change, expected):
    saved = json.loads(app.code[0].value)
    content = json.dumps({**saved, **change}).encode()
    app.file_uploader(key="scenario_file").upload("faux.json", content, "application/json").run()
    assert not app.exception
    assert len(app.error) == 1 and expected in app.error[0].value
    assert "Traceback" not in app.error[0].value and "criteria" not in app.error[0].value
    assert app.get("file_uploader")  # the upload box is still there for a corrected file
    assert app.selectbox(key="w_methode").value == "somme_ponderee"


def test_an_infinite_weight_is_refused_in_french(app):
    saved = app.code[0].value.replace('"services_distance": 5', '"services_distance": 1e400')
    app.file_uploader(key="scenario_file").upload("infini.json", saved.encode(), "application/json").run()
    assert not app.exception and "Scénario refusé" in app.error[0].value


def test_leaving_the_page_keeps_the_work(tmp_path, monkeypatch):
    fixture_snapshot(tmp_path, monkeypatch)
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page("pages/classement.py")
    app.run()
    app.selectbox(key="w_methode").set_value("topsis").run()
    app.slider(key="w_poids_services_distance").set_value(2).run()
    app.get("button_group")[0].set_value("Comparer").run()
    app.multiselect(key="w_comparer").set_value(["25", "48"]).run()
    app.text_input(key="w_nom").set_value("Appel 2027").run()
    app.switch_page("pages/accueil.py")
    app.run()
    app.switch_page("pages/classement.py")
    app.run()
    assert not app.exception
    assert app.selectbox(key="w_methode").value == "topsis"
    assert app.slider(key="w_poids_services_distance").value == 2
    assert app.multiselect(key="w_comparer").value == ["25", "48"]
    assert app.text_input(key="w_nom").value == "Appel 2027"
    assert app.query_params["nom"] == "Appel 2027"


@pytest.mark.parametrize("view", ["Pourquoi ce rang ?", "Robustesse"])
def test_charts_follow_the_ranking_shown_after_a_change_of_method(app, view):
    app.get("button_group")[0].set_value(view).run()
    app.selectbox(key="w_methode").set_value("topsis").run()
    order = list(ranking_table(app)["Territoire"])
    [chart] = app.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    layers = spec.get("layer", [spec])
    assert layers[0]["encoding"]["y"]["sort"] == order[: len(layers[0]["encoding"]["y"]["sort"])]


def test_all_themes_at_zero_says_which_sliders_to_move(app):
    for theme in ("emploi", "logement", "services"):
        app.slider(key=f"w_theme_{theme}").set_value(0).run()
    assert "Les thèmes des critères retenus sont tous à 0" in app.warning[0].value


def test_a_minimum_above_the_maximum_is_refused_with_its_reason(app):
    app.multiselect(key="w_seuils").set_value(["emploi_tension"]).run()
    app.number_input(key="w_seuil_maximum_emploi_tension").set_value(0.5).run()
    app.number_input(key="w_seuil_minimum_emploi_tension").set_value(0.9).run()
    assert "au-dessus du maximum" in app.error[0].value
    assert app.number_input(key="w_seuil_minimum_emploi_tension").value is None
    assert len(ranking_table(app)) >= 2


def test_commune_level_within_chosen_departements(app):
    app.radio(key="w_niveau").set_value("commune").run()
    assert "Choisissez au moins un département" in app.info[0].value
    app.multiselect(key="w_departements").set_value(["48"]).run()
    assert not app.exception
    assert sorted(ranking_table(app).index) == ["48092", "48095"]
    assert app.query_params["niveau"] == "commune" and app.query_params["dep"] == "48"
    # Two communes only: « being in the first k » says nothing, so it is not shown.
    assert not any(c.startswith("Probabilité") for c in ranking_table(app).columns)


def test_another_weighting_lists_who_enters_and_leaves_the_top(app):
    app.get("button_group")[0].set_value("Autre pondération").run()
    app.selectbox(key="autre_ponderation").set_value("emploi").run()
    app.number_input(key="autre_tete").set_value(3).run()
    assert not app.exception
    moves = next(t.value for t in app.dataframe if "Avec l'autre pondération" in t.value.columns)
    assert set(moves["Avec l'autre pondération"]) <= {"entre dans la tête", "sort de la tête", "reste"}


def test_criterion_labels_say_unit_and_vintage_once():
    from ui.classement_controls import criterion_label

    assert criterion_label(indicators.get("bmo_projets_pour_1000")) == (
        "Projets de recrutement pour 1 000 habitants (BMO 2025) ↑"
    )
    difficult = indicators.get("bmo_part_difficiles")
    assert criterion_label(difficult) == "Part des projets jugés difficiles (BMO 2025) (%) ↑"
    pharmacies = indicators.get("pharmacie_pour_10000_hab")
    assert criterion_label(pharmacies) == f"Pharmacies pour 10 000 habitants ({pharmacies.vintage}) ↑"
