"""The Placements page (AppTest) with a demo cohort: public visitors never read a count under the threshold nor a
household-level field; planners see records."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets

import pandas as pd
import pytest
from conftest import FIXTURES
from login_support import auth_section
from streamlit.testing.v1 import AppTest

from emile.config import DEFAULT_CONFIG_PATH, PROJECT_ROOT, load_config
from emile.geography import load_communes
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.login import cookie_secret_problem, example_cookie_secret
from emile.placements.store import open_store

APP = str(PROJECT_ROOT / "app.py")
COUNT_COLUMNS = {"households", "people", "yes", "no"}
HOUSEHOLD_FIELDS = {"external_id", "id", "size", "origin_commune", "destination_commune", "operator_code"}


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return load_communes()[["code", "nom", "departement", "population", "lon", "lat"]]


def demo_store(tmp_path, communes, size: int, seed: int) -> str:
    url = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    records = programme_cohort(load_config(), communes, size=size, today=dt.date.today(), seed=seed)
    create_demo(open_store(url), records)
    return url


def run_page(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page("pages/placements.py")
    app.run()
    assert not app.exception, app.exception
    return app


def deck_specs(app: AppTest) -> list[dict]:
    return [json.loads(element.proto.json) for element in app.get("deck_gl_json_chart")]


def rendered_counts(app: AppTest) -> list[int]:
    """Every household count the page shows: table cells, metrics and the numbers in the map's tooltips."""
    counts = []
    for table in app.dataframe:
        frame = table.value
        for column in COUNT_COLUMNS & set(frame.columns):
            counts += [int(v) for v in frame[column].dropna() if v != "masqué"]
    for metric in app.metric:
        if metric.label.startswith(("Ménages", "Personnes")) and metric.value != "masqué":
            counts.append(int(metric.value))
    for spec in deck_specs(app):
        for layer in spec["layers"]:
            data = layer.get("data") or []
            # Point and arc layers carry a list of rows; polygon layers a GeoJSON FeatureCollection.
            rows = [f["properties"] for f in data["features"]] if isinstance(data, dict) else data
            for datum in rows:
                if isinstance(datum, dict) and "text" in datum:
                    counts += [int(n) for n in re.findall(r"(\d+) ménages?", datum["text"])]
    return counts


@pytest.mark.parametrize(("size", "seed"), [(120, 2019), (35, 7)])
def test_public_view_never_shows_a_count_under_the_threshold(tmp_path, monkeypatch, communes, size, seed):
    url = demo_store(tmp_path, communes, size, seed)
    app = run_page(monkeypatch, url)
    threshold = load_config().placements.suppression_threshold
    assert any("Données fictives" in w.value for w in app.warning)
    counts = rendered_counts(app)
    assert counts, "the page shows some counts"
    assert min(counts) >= threshold, sorted(counts)[:5]
    for table in app.dataframe:
        assert not HOUSEHOLD_FIELDS & set(table.value.columns)
    assert "DEMO-" not in json.dumps(deck_specs(app)) + " ".join(str(t.value) for t in app.dataframe)
    # The small cohort really has cells to hide, so the check above is not vacuous.
    if size == 35:
        hidden = sum(
            int((t.value[c].isna() | (t.value[c] == "masqué")).sum())
            for t in app.dataframe
            for c in COUNT_COLUMNS & set(t.value.columns)
        )
        assert hidden > 0
        progress = next(t.value for t in app.dataframe if "target_people" in t.value.columns)
        assert (progress["households"] == "masqué").any()  # said in words, not shown as an empty None


PLANNER = "agent@dihal.gouv.fr"


def planner_page(tmp_path, monkeypatch, url: str, cookie_secret: str) -> AppTest:
    """The Placements page for a signed-in, verified planner e-mail, the login signed with ``cookie_secret``."""
    planner_config = tmp_path / "config.toml"
    shipped = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    planner_config.write_text(
        shipped.replace("emails_planificateurs = []", f'emails_planificateurs = ["{PLANNER}"]'), encoding="utf-8"
    )
    monkeypatch.setenv("EMILE_CONFIG", str(planner_config))
    monkeypatch.setenv("DATABASE_URL", url)
    app = AppTest.from_file(APP, default_timeout=120)
    app.secrets["auth"] = auth_section(cookie_secret)
    app.user = {"is_logged_in": True, "email": PLANNER, "email_verified": True}
    app.switch_page("pages/placements.py")
    app.run()
    assert not app.exception, app.exception
    return app


def test_planner_sees_records_and_the_import_form(tmp_path, monkeypatch, communes):
    app = planner_page(tmp_path, monkeypatch, demo_store(tmp_path, communes, 40, 3), secrets.token_hex(32))
    assert any(h.value == "Espace planificateur" for h in app.header)
    records = [t.value for t in app.dataframe if "external_id" in t.value.columns]
    assert len(records) == 1 and len(records[0]) == 40


@pytest.mark.parametrize(
    "cookie_secret",
    [example_cookie_secret(), secrets.token_hex(16), "a" * 64, ""],
    ids=["secret de l'exemple", "16 octets", "peu de caractères distincts", "vide"],
)
def test_a_weak_cookie_secret_turns_the_login_off(tmp_path, monkeypatch, communes, cookie_secret):
    """Whoever knows the secret can sign a cookie naming a planner: such a login must give nothing."""
    app = planner_page(tmp_path, monkeypatch, demo_store(tmp_path, communes, 40, 3), cookie_secret)
    assert not any(h.value == "Espace planificateur" for h in app.header)
    assert not [t for t in app.dataframe if "external_id" in t.value.columns]
    assert any("Vue publique" in info.value for info in app.info)
    warning = next(w.value for w in app.sidebar.warning)
    assert warning.startswith("Connexion des planificateurs désactivée")
    assert 'python -c "import secrets; print(secrets.token_hex(32))"' in warning
    assert not [b for b in app.sidebar.button if b.label == "Connexion planificateur"]


def test_the_example_secret_cannot_be_used_as_is():
    assert example_cookie_secret()
    assert cookie_secret_problem(example_cookie_secret()) is not None
    assert cookie_secret_problem(secrets.token_hex(32)) is None
    assert cookie_secret_problem(secrets.token_urlsafe(32)) is None
    assert cookie_secret_problem(secrets.token_urlsafe(24)) is not None


def test_an_empty_store_says_so_instead_of_showing_hidden_counts(tmp_path, monkeypatch):
    app = run_page(monkeypatch, f"sqlite:///{tmp_path / 'vide.sqlite'}")
    assert any("Aucun chiffre de placement publié" in info.value for info in app.info)
    assert not app.metric  # no "masqué" figures for a store that holds nothing


def test_planner_imports_a_file_read_once_then_confirmed(tmp_path, monkeypatch, communes):
    """Upload, preview, rerun, confirm: the file is read and validated once for its checksum, not on every rerun,
    and the confirmation writes what the preview showed."""
    from ui import planner_space

    reads = []
    real_check = planner_space.check_file

    def counted(*args, **kwargs):
        reads.append(args[1])
        return real_check(*args, **kwargs)

    monkeypatch.setattr(planner_space, "check_file", counted)
    url = f"sqlite:///{tmp_path / 'placements.sqlite'}"
    app = planner_page(tmp_path, monkeypatch, url, secrets.token_hex(32))
    content = (FIXTURES / "valid.csv").read_bytes()
    app.selectbox[0].select("AURORE")
    app.file_uploader[0].set_value(("suivi.csv", content, "text/csv"))
    app.run()
    for _ in range(3):
        app.run()
    assert reads == ["suivi.csv"]
    assert any("Aperçu : 7 ligne(s) nouvelle(s) dont 2 nouveau(x) ménage(s)" in i.value for i in app.info)
    next(b for b in app.button if b.label == "Confirmer l'import").click().run()
    assert not app.exception, app.exception
    assert any("Import de « suivi.csv » enregistré : 7 ligne(s) nouvelle(s)" in s.value for s in app.success)
    assert reads == ["suivi.csv"]
    assert len(open_store(url).households(demo=False)) == 2
    assert any("Aucune publication : le public ne voit encore aucun chiffre réel" in i.value for i in app.info)
    next(b for b in app.button if b.label == "Publier les chiffres à date").click().run()
    assert not app.exception, app.exception
    assert any(s.value.startswith("Publication du ") for s in app.success)
    assert any(i.value.startswith("Dernière publication le ") for i in app.info)
