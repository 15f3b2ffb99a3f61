"""Home page (AppTest): the map of the programme, its legend, and the panel of a selected département."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from emile.config import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def _deck_spec(app: AppTest) -> dict:
    charts = app.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def test_home_shows_the_national_map_without_basemap(app):
    assert not app.exception
    assert app.title[0].value == "EMILE Territoires"
    spec = _deck_spec(app)
    # No basemap provider, and pydeck's sentinel style that tells Streamlit not to fetch one: nothing online.
    assert "mapProvider" not in spec and spec["mapStyle"] == "__MAP_STYLE__"
    assert "http" not in app.get("deck_gl_json_chart")[0].proto.json
    features = spec["layers"][0]["data"]["features"]
    codes = {f["properties"]["code"] for f in features}
    assert len(codes) == 96 and "15" in codes and "971" not in codes  # metropolitan départements only


def test_pilots_are_coloured_as_pilots(app):
    features = _deck_spec(app)["layers"][0]["data"]["features"]
    colour = {f["properties"]["code"]: f["properties"]["fill"][:3] for f in features}
    assert colour["15"] == colour["48"] == [0, 0, 145]
    assert colour["75"] == [225, 0, 15]
    assert colour["01"] == [106, 106, 244]


def test_legend_counts_every_status(app):
    legend = " ".join(m.value for m in app.markdown)
    assert "Pilote 2019 (6)" in legend and "Zone d'origine (exclue) (8)" in legend


def test_selecting_a_departement_opens_its_panel_and_the_link(app):
    app.selectbox[0].select("15").run()
    assert app.subheader[0].value == "Cantal (15)"
    assert "Pilote 2019" in " ".join(m.value for m in app.markdown)
    assert app.metric[0].value == "143\u202f280"  # INSEE estimate at 1 January 2021, the rates' denominator
    figures = " ".join(m.value for m in app.markdown)
    assert "Projets de recrutement pour 1 000 habitants (BMO 2025)" in figures and "BMO 2025" in figures
    assert app.query_params["dep"] == "15"


def test_a_shared_link_reopens_the_departement():
    app = AppTest.from_file(APP, default_timeout=60)
    app.query_params["dep"] = "48"
    app.run()
    assert app.subheader[0].value == "Lozère (48)"


def test_overseas_view_draws_only_that_departement(app):
    app.get("button_group")[0].set_value("974").run()
    features = _deck_spec(app)["layers"][0]["data"]["features"]
    assert [f["properties"]["code"] for f in features] == ["974"]


@pytest.mark.parametrize("query", ["saint flour", "SAINT-FLOUR", "Saint Flour Communauté"])
def test_mon_territoire_finds_the_commune_and_its_epci_without_accents_or_case(app, query):
    app.text_input(key="mon_territoire").input(query).run()
    assert not app.exception
    links = {link.proto.label: link.proto for link in app.get("page_link")}
    communaute = links["Saint-Flour Communauté (EPCI, 200066660, dép. 15)"]
    assert "fiche" in communaute.page and communaute.query_string == "epci=200066660"
    if "communauté" not in query.lower():
        commune = links["Saint-Flour (commune, 15187, dép. 15)"]
        assert commune.query_string == "commune=15187"
        assert list(links)[0] == "Saint-Flour (commune, 15187, dép. 15)"  # the exact name first


def test_mon_territoire_says_when_nothing_matches(app):
    app.text_input(key="mon_territoire").input("Trifouilly-les-Oies").run()
    assert "Aucune commune ni aucun EPCI" in app.warning[0].value
