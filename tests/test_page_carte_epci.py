"""« Carte » at the EPCI scale (AppTest): the EPCI of a département drawn and outlined over its communes, an EPCI
found by name or SIREN, its panel with medians and the link to its sheet, and the Classement at the EPCI level."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from emile.config import PROJECT_ROOT
from emile.snapshot import load_geotable, load_indicators

APP = str(PROJECT_ROOT / "app.py")
SAINT_FLOUR_COMMUNAUTE = "200066660"
EPCI = load_geotable("epci")
EPCI_TABLE = load_indicators("epci")
CANTAL_EPCI = set(EPCI.loc[EPCI["departements"].str.split(",").map(lambda codes: "15" in codes), "code"])


def _open(page: str, params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page(page)
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


def _layers(app: AppTest) -> list[dict[str, dict]]:
    return [
        {re.sub(r"_\d+$", "", layer["id"]): layer for layer in json.loads(chart.proto.json)["layers"]}
        for chart in app.get("deck_gl_json_chart")
    ]


def _codes(layer: dict) -> set[str]:
    return {f["properties"]["code"] for f in layer["data"]["features"]}


def test_the_epci_view_draws_the_epci_of_the_departement_and_says_emploi_is_by_bassin():
    app = _open("pages/carte.py", {"niveau": "epci", "dep": "15"})
    assert app.query_params["niveau"] == "epci"
    maps = _layers(app)
    # No emploi figure is published by EPCI: two maps (logement, services) and a sentence in the emploi column.
    assert len(maps) == 2
    assert "bassin d'emploi" in app.info[0].value
    assert _codes(maps[0]["choropleth_logement"]) == CANTAL_EPCI
    assert SAINT_FLOUR_COMMUNAUTE in CANTAL_EPCI and 8 <= len(CANTAL_EPCI) <= 15


def test_the_communes_view_outlines_the_epci():
    app = _open("pages/carte.py", {"dep": "15"})
    layers = _layers(app)[0]
    assert len(layers["epci"]["data"]["features"]) == len(CANTAL_EPCI)  # outlines carry no properties
    assert any("EPCI" in m.value for m in app.markdown if "Contours" in m.value)


@pytest.mark.parametrize("query", ["saint flour communaute", SAINT_FLOUR_COMMUNAUTE])
def test_search_by_name_or_siren_opens_the_epci_panel_and_its_sheet_link(query):
    app = _open("pages/carte.py")
    app.text_input(key="carte_recherche").input(query).run()
    assert not app.exception
    assert dict(app.query_params) == {"niveau": "epci", "dep": "15", "epci": SAINT_FLOUR_COMMUNAUTE}
    assert f"Saint-Flour Communauté ({SAINT_FLOUR_COMMUNAUTE})" in [s.value for s in app.subheader]
    panel = app.table[0].value
    assert list(panel.index) == ["Logement", "Services"]
    assert all(text.endswith(")") for text in panel["Médiane nationale (EPCI)"])  # with the number of EPCI
    secret = int(EPCI_TABLE.at[SAINT_FLOUR_COMMUNAUTE, "lovac_taux_vacance__secret"])
    assert secret > 0 and panel.loc["Logement", "EPCI"].endswith(f"* [{secret}]")  # communes withheld, counted
    link = app.get("page_link")[0]
    assert "fiche" in link.proto.page and f"epci={SAINT_FLOUR_COMMUNAUTE}" in link.proto.query_string
    chosen = _layers(app)[0]["epci_choisi"]
    assert len(chosen["data"]["features"]) == 1


def test_the_commune_panel_links_to_the_commune_sheet():
    app = _open("pages/carte.py", {"commune": "15187"})
    link = app.get("page_link")[0]
    assert "commune=15187" in link.proto.query_string


def test_the_classement_ranks_the_epci_of_a_departement_without_origin_areas():
    app = _open("pages/classement.py", {"niveau": "epci", "dep": "15,69"})
    table = app.dataframe[0].value
    assert SAINT_FLOUR_COMMUNAUTE in table.index
    assert "200046977" not in table.index  # the Métropole de Lyon, an origin area, is never ranked
    excluded = app.dataframe[1].value
    assert excluded.loc["200046977", "Motif"] == "zone d'origine des volontaires"


def test_the_classement_map_of_the_epci_colours_the_epci_of_the_chosen_departement():
    app = _open("pages/classement.py", {"niveau": "epci", "dep": "15"})
    app.get("button_group")[0].set_value("Carte du classement").run()
    assert not app.exception
    maps = _layers(app)
    drawn = {f["properties"]["code"] for layer in maps[0].values() for f in layer.get("data", {}).get("features", [])}
    assert SAINT_FLOUR_COMMUNAUTE in drawn and drawn <= CANTAL_EPCI | {""}
    assert any(f"les {len(CANTAL_EPCI)} EPCI des départements choisis" in m.value for m in app.markdown)
