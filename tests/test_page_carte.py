"""« Carte » page (AppTest): each theme and level renders, legends match the drawn classes, the link reproduces the
view, and the search opens a commune's panel."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from emile import commune_profile
from emile.config import PROJECT_ROOT
from emile.formatting import indicator_value, number
from emile.geography import load_communes
from emile.indicators import get
from emile.maps import classes
from emile.maps import state as map_state
from emile.snapshot import load_indicators as indicators_table

APP = str(PROJECT_ROOT / "app.py")


def _open(params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("pages/carte.py")
    for name, value in (params or {}).items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


CANTAL = load_communes().query("departement == '15'")
CANTAL_DRAWABLE = set(CANTAL.loc[CANTAL.geometry.notna(), "code"])


def _layers(app: AppTest) -> list[dict[str, dict]]:
    """For each of the three maps, its layers by id."""
    charts = app.get("deck_gl_json_chart")
    assert len(charts) == 3
    # Clickable layers carry a view counter in their id (« choropleth_emploi_2 »): dropped here.
    return [
        {re.sub(r"_\d+$", "", layer["id"]): layer for layer in json.loads(chart.proto.json)["layers"]}
        for chart in charts
    ]


def _choropleth_codes(layers: dict[str, dict], theme: str) -> set[str]:
    return {f["properties"]["code"] for f in layers[f"choropleth_{theme}"]["data"]["features"]}


def _legends(app: AppTest) -> list[str]:
    return [m.value for m in app.markdown if "Légende" in m.value]


@pytest.fixture(scope="module")
def national() -> AppTest:
    return _open()


@pytest.fixture(scope="module")
def cantal() -> AppTest:
    return _open({"dep": "15"})


def test_national_level_draws_the_three_themes_by_departement(national):
    maps = _layers(national)
    for theme, layers in zip(map_state.THEMES, maps):
        codes = _choropleth_codes(layers, theme)
        assert len(codes) == 96 and "15" in codes and "971" not in codes
        assert {"status_pilote", "halo_pilote", "status_accueil", "status_origine"} <= set(layers)
    assert national.query_params["niveau"] == "departements"
    assert [s.value for s in national.subheader][:3] == ["Emploi", "Logement", "Services"]


def test_commune_level_draws_the_communes_of_the_departement_bassins_and_neighbours(cantal):
    maps = _layers(cantal)
    for theme, layers in zip(map_state.THEMES, maps):
        assert _choropleth_codes(layers, theme) == CANTAL_DRAWABLE
        neighbours = {f["properties"]["code"] for f in layers["neighbours"]["data"]["features"]}
        assert neighbours == {"12", "19", "43", "46", "48", "63"}
        assert layers["bassins"]["data"]["features"]
        # Only the geometry and the properties the colours and tooltip use are sent.
        assert set(layers[f"choropleth_{theme}"]["data"]["features"][0]["properties"]) == {
            "code",
            "nom",
            "detail",
            "fill",
        }
    assert "Cantal (15)" in [b.label for b in cantal.button]


@pytest.mark.parametrize("theme", map_state.THEMES)
@pytest.mark.parametrize("level", [map_state.NATIONAL, map_state.COMMUNES])
def test_every_indicator_of_each_theme_renders(theme, level):
    app = _open({"dep": "15"} if level == map_state.COMMUNES else None)
    key = f"carte_indicateur_{theme}_{level}"
    columns = indicators_table(map_state.LEVEL_OF_VIEW[level]).columns
    for indicator_id in map_state.available_options(level, theme, columns):
        app.selectbox(key=key).select(indicator_id).run()
        assert not app.exception, (indicator_id, app.exception)
        shown = app.query_params.get(theme, map_state.DEFAULT_INDICATORS[level][theme])
        assert shown == indicator_id


@pytest.mark.parametrize("method", list(classes.METHODS))
def test_legends_match_the_classes_and_the_colours_drawn(method):
    app = _open({"dep": "15", "classes": method})
    values = indicators_table("commune")
    values = values[values["departement"] == "15"]
    for layers, legend, theme in zip(_layers(app), _legends(app), map_state.THEMES):
        indicator = get(app.selectbox(key=f"carte_indicateur_{theme}_communes").value)
        expected = classes.classify(values[indicator.id], method, theme, indicator.unit)
        entries = re.findall(r"background:rgb\((\d+), (\d+), (\d+)\)'></span>([^<]*) \(([\d\u202f]+)\)", legend)
        listed = [
            (label, (int(r), int(g), int(b)), int(count.replace("\u202f", ""))) for r, g, b, label, count in entries
        ]
        assert listed == [(e.label, e.colour, e.count) for e in expected.legend], theme
        assert sum(count for _, _, count in listed) == len(values)
        for feature in layers[f"choropleth_{theme}"]["data"]["features"]:
            code = feature["properties"]["code"]
            assert tuple(feature["properties"]["fill"][:3]) == tuple(expected.colours[code]), (theme, code)
        assert classes.METHODS[method].lower() in legend


def test_a_link_reproduces_the_view_and_survives_a_rerun():
    params = {
        "niveau": "communes",
        "dep": "15",
        "commune": "15187",
        "logement": "rpls_taux_vacance",
        "services": "distance_gare_km",
        "classes": "seuils_naturels",
    }
    app = _open(params)
    assert dict(app.query_params) == params
    assert app.selectbox(key="carte_indicateur_services_communes").value == "distance_gare_km"
    assert app.selectbox(key="carte_departement").value == "15"
    assert app.selectbox(key="carte_classes").value == "seuils_naturels"
    assert "Saint-Flour (15187)" in [s.value for s in app.subheader]
    app.run()
    assert dict(app.query_params) == params


def test_widgets_write_the_link():
    app = _open()
    app.selectbox(key="carte_classes").select("intervalles_egaux").run()
    app.selectbox(key="carte_indicateur_logement_departements").select("loyer_m2").run()
    app.selectbox(key="carte_departement").select("48").run()
    assert dict(app.query_params) == {
        "niveau": "communes",
        "dep": "48",
        "logement": "loyer_m2",
        "classes": "intervalles_egaux",
    }
    app.button[0].click().run()  # breadcrumb « France »
    assert dict(app.query_params) == {"niveau": "departements", "logement": "loyer_m2", "classes": "intervalles_egaux"}


@pytest.mark.parametrize("query", ["Saint-Flour", "saint flour", "15187"])
def test_search_opens_the_commune_panel(query):
    app = _open()
    app.text_input(key="carte_recherche").input(query).run()
    assert not app.exception
    assert app.query_params["commune"] == "15187" and app.query_params["dep"] == "15"
    assert "Saint-Flour (15187)" in [s.value for s in app.subheader]
    panel = app.table[0].value
    assert list(panel.index) == ["Emploi", "Logement", "Services"]
    assert set(panel.columns) >= {
        "Commune",
        "Médiane du département (communes)",
        "Médiane nationale (communes)",
        "Millésime",
    }
    # Cantal has 250 communes: every median says how many communes it is taken over.
    assert all(text.endswith(")") for text in panel["Médiane nationale (communes)"])
    layers = _layers(app)[0]
    assert [f["properties"] for f in layers["commune_choisie"]["data"]["features"]] == [{}]


def test_search_with_several_answers_offers_the_others():
    app = _open()
    app.text_input(key="carte_recherche").input("saint flour").run()
    choices = app.selectbox(key="carte_choix")
    # The exact name first, then names starting with it, larger territories first (communes and EPCI alike).
    assert choices.options[:4] == [
        "Saint-Flour (commune, 15187, dép. 15)",
        "Saint-Flour Communauté (EPCI, 200066660, dép. 15)",
        "Saint-Flour-l'Étang (commune, 63343, dép. 63)",
        "Saint-Flour-de-Mercoire (commune, 48150, dép. 48)",
    ]
    choices.select("48150").run()
    assert app.query_params["dep"] == "48" and "Saint-Flour-de-Mercoire (48150)" in [s.value for s in app.subheader]


def test_a_search_without_answer_says_so():
    app = _open()
    app.text_input(key="carte_recherche").input("Trifouilly-les-Oies").run()
    assert "Aucune commune ni aucun EPCI" in app.warning[0].value and app.query_params["niveau"] == "departements"


def test_point_layers_are_optional():
    app = _open({"dep": "15"})
    assert "france_services" not in _layers(app)[0]
    app.checkbox(key="carte_points_france_services").check().run()
    app.checkbox(key="carte_points_mairies").check().run()
    assert app.query_params["points"] == "france_services,mairies"  # kept in the link
    assert any("Site France services" in m.value and "Mairie" in m.value for m in app.markdown)  # and in a legend
    layers = _layers(app)[2]
    assert len(layers["mairies"]["data"]) == CANTAL["lon"].notna().sum()
    assert layers["france_services"]["data"] and all(
        p["code"].startswith("15") for p in layers["france_services"]["data"]
    )


def test_the_sorted_table_lists_the_territories_shown(cantal):
    table = cantal.dataframe[0].value
    assert len(table) == 250 and list(table.columns[:2]) == ["Territoire", "Code"]


def test_legends_say_the_series_break_and_tooltips_the_secrecy_range(national):
    emploi, logement, _ = _legends(national)
    # LOVAC's 2025 millésime is a series break: the housing legend says it is left out.
    assert "Rupture de série en 2025" in logement and "Rupture de série" not in emploi
    app = _open({"emploi": "bmo_part_difficiles"})
    [layers, _, _] = _layers(app)
    details = {
        f["properties"]["code"]: f["properties"]["detail"] for f in layers["choropleth_emploi"]["data"]["features"]
    }
    assert "(secret : entre" in details["15"]  # Cantal's share with the range secrecy leaves


def test_the_commune_panel_shows_its_bassin_recruitment_figures_labelled_as_the_bassins():
    """BMO is published by bassin: Saint-Flour's panel shows the figures of its bassin (8451), said to be the
    bassin's, with the range secrecy leaves and the median of all bassins with their count."""
    app = _open({"niveau": "communes", "dep": "15", "commune": "15187"})
    title = "Recrutements dans le bassin d'emploi de Saint-Flour (valeurs du bassin)"
    assert f"**{title}**" in [m.value for m in app.markdown]
    bassins = indicators_table("bassin")
    panel = app.table[1].value
    assert list(panel.columns) == ["Bassin d'emploi", "Médiane des bassins", "Millésime"]
    assert list(panel.index) == [get(i).label for i in commune_profile.BASSIN_FIGURES]
    projects = get("bmo_projets")
    value = indicator_value(bassins.at["8451", "bmo_projets"], "projets")
    secret = bassins.at["8451", "bmo_projets__secret"] > 0  # published cells only: a lower bound, said so
    assert panel.at[projects.label, "Bassin d'emploi"] == (f"au moins {value}" if secret else value)
    assert panel.at[projects.label, "Millésime"] == "BMO 2025"
    counted = bassins["bmo_projets"].notna().sum()
    assert panel.at[projects.label, "Médiane des bassins"].endswith(f"({number(counted)})")
    difficult = panel.at[get("bmo_part_difficiles").label, "Bassin d'emploi"]
    low, high = bassins.at["8451", "bmo_part_difficiles__min"], bassins.at["8451", "bmo_part_difficiles__max"]
    if round(low, 1) != round(high, 1):
        assert "(secret : entre" in difficult
    assert any("publiée par bassin d'emploi, pas par commune" in c.value for c in app.caption)


def test_a_commune_without_bassin_says_it_has_no_bmo_figure():
    """Neussargues en Pinatelle's re-established communes have no town hall, hence no bassin in the snapshot."""
    app = _open({"niveau": "communes", "dep": "15", "commune": "15031"})
    assert not [m.value for m in app.markdown if "Recrutements dans le bassin" in m.value]
    assert any("aucun bassin d'emploi" in c.value for c in app.caption)


def test_the_sidebar_link_to_the_sheet_keeps_the_departement_of_the_map(tmp_path, monkeypatch):
    """The sidebar's links carry no parameter: the Fiche territoire opens the département last shown on the Carte."""
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'placements.sqlite'}")
    app = _open({"niveau": "communes", "dep": "48"})
    app.query_params.clear()  # what following a sidebar link does
    app.switch_page("pages/fiche.py")
    app.run()
    assert not app.exception, app.exception
    assert app.header[0].value == "Lozère (48)" and app.query_params["dep"] == "48"
