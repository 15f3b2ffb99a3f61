"""The « Offres des territoires » page (AppTest) as the public, a landlord, an employer, an operator and a planner:
the public reads aggregates only, every count at or above the threshold, no name, reference or household; each
offerer declares and sees its own offers; an operator records a project and sees no offer records."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from demo_support import demo_store
from login_support import auth_section
from offers_support import add_households, config_with_accounts
from streamlit.testing.v1 import AppTest

from emile.config import PROJECT_ROOT, load_config
from emile.offers import projects
from emile.offers import store as offer_store
from emile.offers.access import Principal
from emile.placements.store import open_store

APP = str(PROJECT_ROOT / "app.py")
RECORD_COLUMNS = {"reference", "landlord_name", "employer_name", "siret", "external_id", "household_id", "offerer"}
COUNT_COLUMNS = {"offres", "T1", "T2", "T3", "T4", "T5", "T6", "cdi", "interim", "alternance"}
PEOPLE = {
    "public": None,
    "bailleur": "agent@cantal-habitat.fr",
    "employeur": "drh@ehpad-aurillac.fr",
    "operateur": "cheffe@aurore.asso.fr",
    "planificateur": "agent@dihal.gouv.fr",
}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """A store holding the placements demo cohort and the offers demo set."""
    return demo_store(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'placements.sqlite'}", households=60, offers=120)


def page(monkeypatch, tmp_path, url: str, who: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("EMILE_CONFIG", str(config_with_accounts(tmp_path / "config.toml")))
    app = AppTest.from_file(APP, default_timeout=180)
    if PEOPLE[who]:
        app.secrets["auth"] = auth_section()
        app.user = {"is_logged_in": True, "email": PEOPLE[who], "email_verified": True}
    app.switch_page("pages/offres.py")
    app.run()
    assert not app.exception, app.exception
    return app


def published_counts(app: AppTest) -> list[int]:
    counts = []
    for table in app.dataframe:
        frame = table.value
        for column in COUNT_COLUMNS & set(frame.columns):
            counts += [int(v) for v in frame[column].dropna() if v != "masqué"]
    for element in app.get("deck_gl_json_chart"):
        text = json.dumps(json.loads(element.proto.json))
        counts += [int(n) for n in re.findall(r"(\d+) offres? en cours", text)]
    return [n for n in counts if n > 0]


def click(app: AppTest, label: str) -> AppTest:
    next(b for b in app.button if b.label == label).click().run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("kind", ["logement", "emploi"])
def test_the_public_sees_flagged_fictitious_aggregates_and_nothing_under_the_threshold(
    demo_url, monkeypatch, tmp_path, kind
):
    app = page(monkeypatch, tmp_path, demo_url, "public")
    if kind == "emploi":
        app.segmented_control(key="offres_sorte").set_value("emploi").run()
    assert any("Données fictives" in w.value for w in app.warning)
    assert any(i.value.startswith("Vue publique") for i in app.info)
    counts = published_counts(app)
    assert counts and min(counts) >= load_config().placements.suppression_threshold
    hidden = sum(
        int((t.value[c] == "masqué").sum()) for t in app.dataframe for c in COUNT_COLUMNS & set(t.value.columns)
    )
    assert hidden > 0  # the demo set really has small cells, so the check above is not vacuous
    for table in app.dataframe:
        assert not RECORD_COLUMNS & set(table.value.columns)
    shown = " ".join(str(t.value.to_dict()) for t in app.dataframe) + " ".join(
        e.proto.json for e in app.get("deck_gl_json_chart")
    )
    assert "DEMO-" not in shown and "fictif" not in shown  # no reference, no offerer name
    assert not app.tabs and not [h for h in app.header if h.value in ("Mes offres", "Projets des ménages")]
    assert any("Capacité structurelle" in s.value for s in app.subheader)


def test_the_public_page_says_bassins_too_and_capacity_stays_apart(demo_url, monkeypatch, tmp_path):
    app = page(monkeypatch, tmp_path, demo_url, "public")
    app.segmented_control(key="offres_niveau").set_value("bassin").run()
    assert not app.exception
    capacity = next(t.value for t in app.dataframe if "Logements sociaux vacants" in t.value.columns)
    assert set(capacity["Offres enregistrées en cours"]) == {"aucune"}  # bassins without registered offers only
    written = capacity["Logements sociaux vacants"]
    assert written.str.fullmatch(r"(au moins )?\d[\d\u202f]*|secret statistique|non disponible").all()
    assert written.str.startswith("au moins").any()  # lower bounds are said so, never shown as exact


def _fill_housing(app: AppTest, reference: str, surface: float) -> AppTest:
    next(t for t in app.text_input if t.label == "Référence de l'offre").set_value(reference)
    next(s for s in app.selectbox if s.label == "Commune").set_value("15014")
    next(n for n in app.number_input if n.label == "Surface (m²)").set_value(surface)
    next(n for n in app.number_input if n.label.startswith("Loyer")).set_value(390.0)
    return click(app, "Enregistrer l'offre")


def test_a_landlord_declares_dwellings_by_form_and_sees_them_as_its_own(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'vide.sqlite'}"
    app = page(monkeypatch, tmp_path, url, "bailleur")
    assert any(h.value == "Mes offres" for h in app.header)
    assert not [h for h in app.header if h.value == "Projets des ménages"]
    refused = _fill_housing(app, "LGT-1", 3.0)
    assert any("Refusé" in e.value for e in app.error)
    errors = next(t.value for t in refused.dataframe if "Attendu" in t.value.columns)
    assert errors[["Colonne", "Attendu"]].values.tolist() == [["surface_m2", "entre 9 et 400 m²"]]
    for number in (1, 2, 3):
        _fill_housing(app, f"LGT-{number}", 60.0 + number)
        assert any(s.value == f"Offre LGT-{number} enregistrée." for s in app.success)
    app.run()
    mine = next(t.value for t in app.dataframe if "Référence" in t.value.columns)
    assert sorted(mine["Référence"]) == ["LGT-1", "LGT-2", "LGT-3"] and set(mine["Commune"]) == {"Aurillac"}
    layers = [layer for e in app.get("deck_gl_json_chart") for layer in json.loads(e.proto.json)["layers"]]
    dots = next(layer for layer in layers if layer["id"] == "mes_offres")
    assert [d["text"] for d in dots["data"]] == ["Aurillac : 3 offres de votre compte"]
    assert not any("Données fictives" in w.value for w in app.warning)
    assert next(m for m in app.metric if m.label == "Logements en cours").value == "masqué"  # 3 < threshold


def test_an_employer_declares_jobs_only(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'vide.sqlite'}"
    app = page(monkeypatch, tmp_path, url, "employeur")
    assert "Enregistrer l'offre" in [b.label for b in app.button]
    assert "Typologie" not in [s.label for s in app.selectbox]  # no housing form for an employer
    next(t for t in app.text_input if t.label == "Référence de l'offre").set_value("EMP-1")
    next(t for t in app.text_input if t.label.startswith("SIRET")).set_value("123 456 782 00002")
    next(s for s in app.selectbox if s.label == "Commune").set_value("15014")
    next(s for s in app.selectbox if s.label.startswith("Métier")).set_value("J1501")
    click(app, "Enregistrer l'offre")
    assert any(s.value == "Offre EMP-1 enregistrée." for s in app.success), [e.value for e in app.error]
    jobs = offer_store.offers(open_store(url), Principal("planificateur"), "emploi", today=dt.date.today())
    assert jobs[["reference", "rome", "fap", "offerer"]].values.tolist() == [
        ["EMP-1", "J1501", "V0Z60", "EHPAD_AURILLAC"]
    ]


def test_an_operator_records_a_project_and_reads_no_offer(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'vide.sqlite'}"
    add_households(open_store(url), "AURORE", ["M-0042"])
    app = page(monkeypatch, tmp_path, url, "operateur")
    assert any(h.value == "Projets des ménages" for h in app.header)
    assert not [h for h in app.header if h.value == "Mes offres"]
    next(s for s in app.selectbox if s.label == "Ménage").set_value("M-0042").run()
    next(s for s in app.selectbox if s.label == "Métier recherché 1").set_value("K2204")
    next(s for s in app.selectbox if s.label == "Vœu 1").set_value("15")
    click(app, "Enregistrer le projet")
    assert any("Projet du ménage M-0042 enregistré" in s.value for s in app.success), [e.value for e in app.error]
    stored = projects.projects(open_store(url), Principal("planificateur"))
    assert stored[["operator", "external_id", "rome_1", "wish_1"]].values.tolist() == [
        ["AURORE", "M-0042", "K2204", "15"]
    ]


def test_a_planner_sees_every_space(demo_url, monkeypatch, tmp_path):
    app = page(monkeypatch, tmp_path, demo_url, "planificateur")
    headers = {h.value for h in app.header}
    assert {"Offres des comptes", "Projets des ménages"} <= headers
    assert not any(i.value.startswith("Vue publique") for i in app.info)
