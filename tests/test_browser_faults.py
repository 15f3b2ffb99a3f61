"""What a visitor sees (real Chromium) when the placement store is damaged, or when a page fails in a way nobody
foresaw: French words, never a traceback, an exception type or SQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.server import running_app, serving

pytestmark = pytest.mark.browser
TECHNICAL = ("Traceback", "sqlite3", "sqlalchemy", "DatabaseError", "RuntimeError", "SELECT", 'File "')


@pytest.fixture(scope="module")
def broken_store_url(tmp_path_factory) -> Iterator[str]:
    damaged = tmp_path_factory.mktemp("base") / "placements.sqlite"
    damaged.write_bytes(b"ceci n'est pas une base SQLite" * 200)
    with running_app(env={"DATABASE_URL": f"sqlite:///{damaged}"}) as url:
        yield url


def visible_text(page) -> str:
    return page.locator("body").inner_text()


def test_a_damaged_store_is_said_in_french_on_placements_and_fiche(page, broken_store_url):
    page.goto(f"{broken_store_url}/placements")
    page.get_by_text("La base des placements est inaccessible pour le moment").wait_for(timeout=90_000)
    text = visible_text(page)
    assert not [word for word in TECHNICAL if word in text], text
    page.goto(f"{broken_store_url}/fiche?dep=15")
    page.get_by_role("heading", name="Cantal (15)").wait_for(timeout=90_000)
    page.get_by_text("Base des placements indisponible pour le moment").wait_for(timeout=30_000)
    text = visible_text(page)
    assert not [word for word in TECHNICAL if word in text], text


def test_an_unforeseen_error_shows_no_details(page, tmp_path: Path):
    """With the project's .streamlit/config.toml, an exception nobody caught reaches the visitor without its
    message, type or stack (``client.showErrorDetails = "none"``)."""
    script = tmp_path / "fails.py"
    script.write_text(
        'import streamlit as st\nst.title("Page de test")\nraise RuntimeError("SELECT * FROM household")\n',
        encoding="utf-8",
    )
    with serving(script=script) as app:
        page.goto(app.url)
        page.get_by_role("heading", name="Page de test").wait_for(timeout=60_000)
        page.get_by_text("This app has encountered an error").wait_for(timeout=30_000)
        text = visible_text(page)
    assert not [word for word in TECHNICAL if word in text], text
