"""Fiche territoire page (AppTest): the on-screen sheet shows the same text as the PDF, the link selects the
département, and the batch export prepares a ZIP behind a progress bar."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from emile.briefing import build_briefing, load_context, text
from emile.config import PROJECT_ROOT, load_config
from emile.placements.public import PlacementSource

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def empty_store(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'placements.sqlite'}")


def open_page(dep: str | None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("pages/fiche.py")
    if dep:
        app.query_params["dep"] = dep
    app.run()
    assert not app.exception, app.exception
    return app


def test_link_opens_the_sheet_with_the_same_figures_as_the_pdf(empty_store):
    app = open_page("15")
    assert app.title[0].value == "Fiche territoire"
    assert app.header[0].value == "Cantal (15)"
    assert [b.label for b in app.get("download_button")] == ["Télécharger la fiche (PDF)", "Version modifiable (DOCX)"]
    briefing = build_briefing(load_context(load_config(), PlacementSource(None, False, 5)), "15")
    shown = app.table[0].value
    expected = [text.figure_cells(f) for theme in briefing.themes for f in theme.figures]
    assert shown["Indicateur"].tolist() == [cells[0] for cells in expected]
    assert shown["Département"].tolist() == [cells[1] for cells in expected]
    assert shown["Médiane France"].tolist() == [cells[2] for cells in expected]
    metiers = app.table[1].value
    assert metiers.iloc[:, 0].tolist() == [text.occupation_cells(m)[1] for m in briefing.occupations.rows]
    assert any(text.french(text.score_headline(briefing.score)) in m.value for m in app.markdown)


def test_without_a_departement_the_page_asks_for_one(empty_store):
    app = open_page(None)
    assert "Choisissez un département" in app.info[0].value
    assert not app.get("download_button")


def test_choosing_a_departement_updates_the_link(empty_store):
    app = open_page("15")
    app.selectbox(key="fiche_departement").select("48").run()
    assert app.header[0].value == "Lozère (48)"
    assert app.query_params["dep"] == "48"


def test_batch_export_prepares_a_zip_of_the_chosen_list(empty_store):
    app = open_page("15")
    app.selectbox(key="liste_lot").select("pilotes_2019").run()
    app.button[0].click().run()
    assert not app.exception, app.exception
    labels = [b.label for b in app.get("download_button")]
    assert "Télécharger le ZIP" in labels
    assert any("6 / 6" in p.proto.text for p in app.get("progress"))
