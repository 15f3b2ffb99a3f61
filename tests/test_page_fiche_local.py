"""« Fiche territoire » of a commune or an EPCI (AppTest): opened by link (``?commune=15187``, ``?epci=…``), the
same text as the PDF, the link to the commune's EPCI, the search, and the ZIP of the EPCI of a département behind a
progress bar."""

from __future__ import annotations

import io
import zipfile

import pytest
from streamlit.testing.v1 import AppTest

from emile.briefing import local_text
from emile.briefing.local import build_local_briefing, load_local_context
from emile.config import PROJECT_ROOT, load_config

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(autouse=True)
def empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'store.sqlite'}")


def open_page(**params: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("pages/fiche.py")
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_commune_link_opens_its_sheet_with_the_pdf_text():
    app = open_page(commune="15187")
    assert app.header[0].value == "Saint-Flour (15187)"
    assert [b.label for b in app.get("download_button")] == ["Télécharger la fiche (PDF)"]
    briefing = build_local_briefing(load_local_context(load_config()), "commune", "15187")
    shown = app.table[0].value
    expected = [local_text.figure_cells(f) for theme in briefing.themes for f in theme.figures]
    assert shown["Indicateur"].tolist() == [cells[0] for cells in expected]
    assert shown["Commune"].tolist() == [cells[1] for cells in expected]
    assert shown["Médiane EPCI"].tolist() == [cells[2] for cells in expected]
    links = {link.proto.label: link.proto.query_string for link in app.get("page_link")}
    assert links["Fiche de Saint-Flour Communauté"] == "epci=200066660"
    assert any("communes du département (Cantal) classées" in m.value for m in app.markdown)


def test_the_epci_link_opens_its_sheet_with_its_ranks_in_cantal_and_in_france():
    app = open_page(epci="200066660")
    assert app.header[0].value == "Saint-Flour Communauté (200066660)"
    ranks = next(m.value for m in app.markdown if "EPCI du département (Cantal)" in m.value)
    assert "EPCI de France classés" in ranks
    assert "bassin d'emploi" in app.table[0].value.iloc[0, 0]  # no emploi figure by EPCI, and why


def test_an_unknown_code_says_so_and_falls_back_to_the_departement_sheet():
    app = open_page(commune="99999")
    assert "inconnu" in app.warning[0].value
    assert not app.header or app.header[0].value != "Saint-Flour (15187)"


def test_the_search_lists_the_commune_and_its_epci_as_links():
    app = open_page()
    app.text_input(key="fiche_recherche").input("saint flour").run()
    labels = [link.proto.label for link in app.get("page_link")]
    assert labels[:2] == [
        "Saint-Flour (commune, 15187, dép. 15)",
        "Saint-Flour Communauté (EPCI, 200066660, dép. 15)",
    ]


def test_the_zip_of_the_epci_of_cantal_is_prepared_behind_a_progress_bar():
    app = open_page(epci="200066660")
    app.radio(key="lot_local").set_value("epci").run()
    app.button(key="zip_local_epci_15_preparer").click().run()
    assert not app.exception
    download = next(b for b in app.get("download_button") if b.label == "Télécharger le ZIP")
    assert download.proto.label == "Télécharger le ZIP"
    content = app.session_state["zip_local_epci_15"]
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert len(archive.namelist()) == 9


def test_a_damaged_store_leaves_the_sheet_without_offers_saying_so(tmp_path, monkeypatch):
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"ceci n'est pas une base SQLite" * 200)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{damaged}")
    app = open_page(epci="200066660")
    assert app.header[0].value == "Saint-Flour Communauté (200066660)"
    assert any(local_text.NO_OFFERS in m.value for m in app.markdown)
