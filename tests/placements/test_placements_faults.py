"""A placement store that is damaged or down: the Placements page says so in French (no SQL, no traceback), the Fiche
territoire and the pages that do not need the store keep working, and everything recovers once the store is back,
without restarting the app. Damaged SQLite file and PostgreSQL server alike."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from emile.config import DEFAULT_CONFIG_PATH, PROJECT_ROOT, load_config
from emile.geography import load_communes
from emile.placements.demo import create_demo, programme_cohort
from emile.placements.store import StoreUnavailableError, open_store
from harness.server import free_port

APP = str(PROJECT_ROOT / "app.py")
TECHNICAL = ("Traceback", "sqlite3", "psycopg", "sqlalchemy", "SELECT", "OperationalError", "DatabaseError")


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


@pytest.fixture(params=["sqlite", "postgresql"])
def broken_store(request, tmp_path: Path) -> Iterator[tuple[str, str, Callable[[], None]]]:
    """(DATABASE_URL of a store that cannot be read, the French cause expected, a function that brings it back)."""
    if request.param == "sqlite":
        path = tmp_path / "placements.sqlite"
        path.write_bytes(b"ceci n'est pas une base SQLite" * 200)

        def repair() -> None:
            path.unlink()
            demo(f"sqlite:///{path}")

        yield f"sqlite:///{path}", "le fichier SQLite est endommagé", repair
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"revient_{secrets.token_hex(4)}"  # a database that does not exist yet: the server refuses it
        admin = server.replace("postgresql+psycopg", "postgresql") + "/postgres"

        def create() -> None:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
            demo(f"{server}/{name}")

        yield f"{server}/{name}", "le serveur de base de données ne répond pas", create
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def demo(url: str) -> None:
    store = open_store(url)
    create_demo(store, programme_cohort(load_config(), load_communes(), size=40, today=dt.date.today()))
    store.engine.dispose()


def page(path: str, **query: str) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    app.switch_page(path)
    for key, value in query.items():
        app.query_params[key] = value
    return app


def shown_text(app: AppTest) -> str:
    parts = [e.value for e in (*app.error, *app.warning, *app.info, *app.markdown, *app.caption)]
    return " ".join(str(part) for part in parts)


def assert_french_only(app: AppTest) -> None:
    assert not app.exception, app.exception
    text = shown_text(app)
    assert not [word for word in TECHNICAL if word in text], text


def test_the_placements_page_says_the_store_is_unavailable_and_recovers(broken_store, monkeypatch):
    url, cause, bring_back = broken_store
    monkeypatch.setenv("DATABASE_URL", url)
    app = page("pages/placements.py")
    app.run()
    assert_french_only(app)
    assert len(app.error) == 1 and "La base des placements est inaccessible pour le moment" in app.error[0].value
    assert cause in app.error[0].value and url not in app.error[0].value
    assert not app.metric
    bring_back()
    app.run()  # the same session, the same process: no restart
    assert_french_only(app)
    assert not app.error and [m.label for m in app.metric][:2] == ["Ménages installés", "Personnes installées"]


def test_a_planner_gets_the_same_french_message(broken_store, monkeypatch, tmp_path):
    url, cause, _ = broken_store
    planner_config = tmp_path / "config.toml"
    planner_config.write_text(
        DEFAULT_CONFIG_PATH.read_text(encoding="utf-8").replace(
            "emails_planificateurs = []", 'emails_planificateurs = ["agent@dihal.gouv.fr"]'
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("EMILE_CONFIG", str(planner_config))
    monkeypatch.setenv("DATABASE_URL", url)
    app = page("pages/placements.py")
    app.secrets["auth"] = {"cookie_secret": secrets.token_hex(32), "redirect_uri": "http://127.0.0.1/oauth2callback"}
    app.user = {"is_logged_in": True, "email": "agent@dihal.gouv.fr", "email_verified": True}
    app.run()
    assert_french_only(app)
    assert len(app.error) == 1 and cause in app.error[0].value


def test_the_briefing_is_drawn_without_placements_and_recovers(broken_store, monkeypatch):
    url, _, bring_back = broken_store
    monkeypatch.setenv("DATABASE_URL", url)
    app = page("pages/fiche.py", dep="15")
    app.run()
    assert_french_only(app)
    assert app.header[0].value == "Cantal (15)"
    assert any("Base des placements indisponible pour le moment" in m.value for m in app.markdown)
    assert [b.label for b in app.get("download_button")] == ["Télécharger la fiche (PDF)", "Version modifiable (DOCX)"]
    bring_back()
    app.run()
    assert_french_only(app)
    assert any("DONNÉES FICTIVES" in w.value for w in app.warning)


@pytest.mark.parametrize("path", ["pages/accueil.py", "pages/sources.py", "pages/carte.py"])
def test_pages_without_placements_ignore_a_broken_store(path, tmp_path, monkeypatch):
    broken = tmp_path / "placements.sqlite"
    broken.write_bytes(b"\x00" * 4096)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{broken}")
    app = page(path)
    app.run()
    assert_french_only(app)
    assert not app.error


def test_a_server_that_does_not_listen_is_unavailable_not_an_exception():
    with pytest.raises(StoreUnavailableError, match="le serveur de base de données ne répond pas"):
        open_store(f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/emile", busy_timeout_s=2)
    with pytest.raises(StoreUnavailableError, match="l'adresse DATABASE_URL n'est pas valide"):
        open_store("base-inconnue://nulle-part")
