"""The « Appariement » page (AppTest): only planners reach it; a planner runs the matching on the demo cohort,
reads the fictitious-data banner, the comparison with both greedy methods, a household's reasons, accepts and
declines from the page, switches views without solving again, and exports with text cells escaped."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from login_support import auth_section
from matching_support import PLANNER, config_file, demo_store_url
from streamlit.testing.v1 import AppTest

from emile.config import PROJECT_ROOT, load_config
from emile.matching import store as matching_store
from emile.matching.models import ACCEPTED, DECLINED
from emile.offers.access import Principal
from emile.placements.store import open_store

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    return demo_store_url(tmp_path_factory.mktemp("appariement"))


def page(monkeypatch, tmp_path, url: str, email: str | None) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("EMILE_CONFIG", config_file(tmp_path))
    app = AppTest.from_file(APP, default_timeout=240)
    if email:
        app.secrets["auth"] = auth_section()
        app.user = {"is_logged_in": True, "email": email, "email_verified": True}
    app.switch_page("pages/appariement.py")
    app.run()
    assert not app.exception, app.exception
    return app


def click(app: AppTest, label: str) -> AppTest:
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("email", [None, "cheffe@aurore.asso.fr", "someone@example.org"])
def test_only_planners_reach_the_page(demo_url, monkeypatch, tmp_path, email):
    app = page(monkeypatch, tmp_path, demo_url, email)
    assert any("réservée aux planificateurs" in i.value for i in app.info)
    assert not app.dataframe and not [b for b in app.button if b.label == "Lancer l'appariement"]


def test_a_planner_runs_reads_reasons_accepts_declines_and_exports(demo_url, monkeypatch, tmp_path):
    app = page(monkeypatch, tmp_path, demo_url, PLANNER)
    assert any("Données fictives" in w.value for w in app.warning)
    click(app, "Lancer l'appariement")
    comparison = app.dataframe[0].value
    assert list(comparison.index) == ["Optimisation", "Premier arrivé, premier servi", "Meilleur score d'abord"]
    scores = comparison["Score total"]
    assert scores.iloc[0] >= scores.iloc[1] and scores.iloc[0] >= scores.iloc[2]
    assert any("optimalité prouvée" in c.value for c in app.caption)
    assert any("Aucune situation à 6 ou 12 mois" in i.value for i in app.info)  # no one oriented is installed yet
    proposals = app.dataframe[1].value
    assert len(proposals) > 3 and set(proposals["Décision"]) == {"À décider"}
    public = next(t.value for t in app.dataframe if "Propositions" in t.value.columns)
    shown = [int(v) for v in public["Propositions"] if v != "masqué"]
    assert all(v >= load_config().placements.suppression_threshold for v in shown)

    app.segmented_control(key="appariement_vue").set_value("menage").run()
    first, second, third = proposals["Ménage"].iloc[:3].tolist()
    for household, action, reason in (
        (first, "Accepter", None),
        (second, "Accepter", None),
        (third, "Refuser", "logement_inadapte"),
    ):
        app.selectbox(key="appariement_menage").set_value(household).run()
        reasons = next(t.value for t in app.dataframe if "Raison" in t.value.columns)
        assert "Territoire proposé" in set(reasons["Raison"]) and len(reasons) > 1
        if reason:
            app.selectbox(key=f"appariement_refuser_raison_{household}").set_value(reason).run()
        click(app, f"{action} la proposition")
        assert not app.exception
    decided = matching_store.decisions(open_store(demo_url), Principal("planificateur", actor=PLANNER))
    assert decided["decision"].tolist() == [ACCEPTED, ACCEPTED, DECLINED]
    assert decided["reason"].tolist()[-1] == "logement_inadapte"

    app.segmented_control(key="appariement_vue").set_value("carte").run()
    assert app.get("deck_gl_json_chart")
    app.segmented_control(key="appariement_vue").set_value("tableau").run()
    workbook = next(b for b in app.get("download_button") if "XLSX" in b.proto.label)
    assert workbook  # the files are built on click; the escaping is tested on the export functions below
    click(app, "Rejouer ce calcul depuis ses entrées enregistrées")
    assert any("Même résultat" in s.value for s in app.success)


def test_a_new_run_is_shown_even_when_an_earlier_one_was_on_screen(monkeypatch, tmp_path):
    url = demo_store_url(tmp_path)
    click(page(monkeypatch, tmp_path, url, PLANNER), "Lancer l'appariement")
    app = page(monkeypatch, tmp_path, url, PLANNER)  # a later visit: run n° 1 on screen
    assert app.selectbox(key="appariement_choix").value == 1
    click(app, "Lancer l'appariement")
    assert app.selectbox(key="appariement_choix").value == 2
    assert any(c.value.startswith("Calcul n° 2 ") for c in app.caption)


def test_a_large_run_states_its_proven_gap_and_prices_the_binding_capacities(monkeypatch, tmp_path):
    # Forced on the demo cohort: above combinaisons_max_exact the page solves by Lagrangian relaxation.
    path = Path(config_file(tmp_path))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("combinaisons_max_exact = 60000", "combinaisons_max_exact = 0"), encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", demo_store_url(tmp_path))  # a store of its own: its first run is its own
    monkeypatch.setenv("EMILE_CONFIG", str(path))
    app = AppTest.from_file(APP, default_timeout=240)
    app.secrets["auth"] = auth_section()
    app.user = {"is_logged_in": True, "email": PLANNER, "email_verified": True}
    app.switch_page("pages/appariement.py")
    app.run()
    click(app, "Lancer l'appariement")
    summary = next(c.value for c in app.caption if c.value.startswith("Calcul n°"))
    assert "Relaxation lagrangienne" in summary
    assert "optimalité prouvée" in summary or "% au plus de l'optimum" in summary
    click(app, "Chercher les capacités qui changeraient le résultat")
    found = [t.value for t in app.dataframe if "Gain de score" in t.value.columns]
    if found:
        assert found[0]["Ménages en plus"].isna().all()
        assert any("prix de la capacité" in c.value for c in app.caption)
    else:
        assert any("Aucune capacité" in s.value for s in app.success)


def test_exported_text_cells_are_escaped():
    import pandas as pd

    from emile.scoring import export

    frame = pd.DataFrame({"Commune d'origine": ['=HYPERLINK("x")', "93066"], "Score": [1.5, 2.0]})
    assert b"'=HYPERLINK" in export.to_csv(frame)
    sheet = openpyxl.load_workbook(io.BytesIO(export.to_xlsx({"Propositions": frame}))).active
    assert sheet["A2"].value.startswith("'=")
